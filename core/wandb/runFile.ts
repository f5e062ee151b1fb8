// One `.wandb` file read into a WandbRunState, and followed as it grows: each refresh reads only the bytes after the
// last complete record. A damaged chunk is skipped (reading goes on at the next block) and reported once.
// History is nearly all of a `.wandb`, and listing runs needs none of it: until a run's history is asked for, its
// history records are passed over, not kept (a folder of runs would otherwise hold every file's bytes in memory);
// the first ask reads the file again with them, and from then on each refresh applies them as they come.
import { closeSync, fstatSync, openSync } from 'node:fs';
import { readAt, readToEnd } from './fileBytes';
import { BLOCK_SIZE, type BlockBase, checkHeader, detectBlockBase, HEADER_LENGTH, scanFraming } from './framing';
import { HistoryRowReader } from './historyRows';
import { decodeHistoryMessage, decodeRecord, RECORD_FIELD, recordField } from './records';
import { applyHistoryMessage, applyRecord, emptyRunState, type WandbRunState } from './runState';

export interface RunFileProblem {
  offset: number;
  message: string;
}

export class WandbRunFile {
  private current: WandbRunState = emptyRunState();
  /** Whether history records are applied as they are read (else passed over, and `historySkipped` says so). */
  private withHistory: boolean;
  private historySkipped = false;
  /** Damaged data found so far (first occurrence per kind of damage); the caller reports it once. */
  readonly problems: RunFileProblem[] = [];
  private offset = HEADER_LENGTH;
  private base: BlockBase = 0;
  private baseKnown = false;
  private size = 0;
  /** Bytes seen after the last complete record: a record still being written. */
  partialTail = false;
  mtimeMs = 0;

  /** `history`: apply history records from the first read on (for a caller that wants the history anyway). */
  constructor(
    readonly path: string,
    options: { history?: boolean } = {},
  ) {
    this.withHistory = options.history ?? false;
  }

  /** Reads what was appended since the last refresh; returns whether anything new was applied. Throws WandbFormatError for a non-W&B file. */
  refresh(): boolean {
    const fd = openSync(this.path, 'r');
    try {
      return this.offset === HEADER_LENGTH ? this.readWhole(fd) : this.readAppended(fd);
    } finally {
      closeSync(fd);
    }
  }

  /** First read: header and records in one read. */
  private readWhole(fd: number): boolean {
    const bytes = readToEnd(fd, 0);
    checkHeader(bytes, this.path);
    if (bytes.length > BLOCK_SIZE) this.useBase(detectBlockBase(bytes));
    this.size = bytes.length;
    const applied = this.apply(bytes.subarray(HEADER_LENGTH), HEADER_LENGTH);
    this.stampUnfinished(fd);
    return applied;
  }

  /**
   * A `.wandb` only grows, so what lies past the bytes seen so far is what changed: no stat is needed to tell (a stat
   * per run would be a quarter of a listing's system calls). A file found shorter was replaced, and is read again.
   */
  private readAppended(fd: number): boolean {
    const tail = readToEnd(fd, this.offset);
    const size = this.offset + tail.length;
    if (this.stampUnfinished(fd) < this.size) {
      this.reset();
      return this.readWhole(fd);
    }
    if (size === this.size) return false;
    this.size = size;
    if (!this.baseKnown && size > BLOCK_SIZE && this.useBase(detectBlockBase(readAt(fd, 0, Math.min(size, 2 * BLOCK_SIZE + HEADER_LENGTH))))) {
      return this.readWhole(fd);
    }
    return this.apply(tail, this.offset);
  }

  /**
   * The modification time of a run without an exit record, which tells one still logging from one that stopped; a
   * finished run needs none. Returns the file's size when it was stat'ed (else +Infinity).
   */
  private stampUnfinished(fd: number): number {
    if (this.current.exit) return Number.POSITIVE_INFINITY;
    const { size, mtimeMs } = fstatSync(fd);
    this.mtimeMs = mtimeMs;
    return size;
  }

  /** Fixes the block layout; true when it differs from the one read so far (which is then dropped, to re-read). */
  private useBase(base: BlockBase): boolean {
    this.baseKnown = true;
    if (base === this.base) return false;
    this.reset();
    this.base = base;
    this.baseKnown = true;
    return true;
  }

  /** The run as read so far, history included (reading the file again when its history records were passed over). */
  get state(): WandbRunState {
    if (this.historySkipped) {
      this.withHistory = true;
      this.reset();
      this.refresh();
    }
    return this.current;
  }

  /** The run without its history (config, summary, exit, …): what listing runs needs. */
  get stateWithoutHistory(): Omit<WandbRunState, 'history' | 'historyRows'> {
    return this.current;
  }

  /** Applies an in-memory file (tests, fuzzing): the same path as refresh() over bytes. */
  static fromBytes(bytes: Uint8Array, name: string): WandbRunFile {
    const file = new WandbRunFile(name, { history: true });
    checkHeader(bytes, name);
    file.size = bytes.length;
    file.base = bytes.length > BLOCK_SIZE ? detectBlockBase(bytes) : 0;
    file.apply(bytes.subarray(HEADER_LENGTH), HEADER_LENGTH);
    return file;
  }

  private apply(tail: Uint8Array, origin: number): boolean {
    const scan = scanFraming(tail, origin, this.base, origin);
    for (const damage of scan.corrupt) this.report(damage.offset, `${damage.reason}; skipped to the next 32 KiB block`);
    let rows: HistoryRowReader | undefined;
    for (const record of scan.records) {
      if (safeField(record.bytes) !== RECORD_FIELD.history) this.applyBytes(record.bytes, record.offset);
      else if (!this.withHistory) this.historySkipped = true;
      else this.applyHistory((rows ??= new HistoryRowReader(this.current, scan.records.length)), record.bytes, record.offset);
    }
    this.offset = scan.resumeOffset;
    this.partialTail = scan.partialTail;
    return scan.records.length > 0;
  }

  /** A history row through the row reader's fast path, else protobufjs' full decoder (same results and errors). */
  private applyHistory(rows: HistoryRowReader, bytes: Uint8Array, offset: number): void {
    if (rows.apply(bytes)) return;
    try {
      applyHistoryMessage(this.current, decodeHistoryMessage(bytes));
    } catch (error) {
      this.report(offset, `history record is not a W&B HistoryRecord (${(error as Error).message})`);
    }
  }

  private applyBytes(bytes: Uint8Array, offset: number): void {
    try {
      applyRecord(this.current, decodeRecord(bytes));
    } catch (error) {
      this.report(offset, `record is not a W&B Record (${(error as Error).message})`);
    }
  }

  private report(offset: number, message: string): void {
    if (this.problems.length < 20) this.problems.push({ offset, message });
  }

  private reset(): void {
    this.current = emptyRunState();
    this.historySkipped = false;
    this.problems.length = 0;
    this.offset = HEADER_LENGTH;
    this.size = 0;
    this.baseKnown = false;
    this.base = 0;
  }
}

function safeField(bytes: Uint8Array): number {
  try {
    return recordField(bytes);
  } catch {
    return 0;
  }
}
