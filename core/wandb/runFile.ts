// One `.wandb` file read into a WandbRunState, and followed as it grows: each refresh reads only the bytes after the
// last complete record. A damaged chunk is skipped (reading goes on at the next block) and reported once.
//
// A read goes only as deep as its caller needs (ReadDepth). History is nearly all of a `.wandb`, and listing runs
// needs none of it: history records are passed over, not kept, until a run's history is asked for. A large file is
// only skimmed for a listing — its first 64 KiB (the run record) and its last two blocks (exit, final, footer) — as
// wandb keeps the config and summary its middle updates in files/config.yaml and files/wandb-summary.json. Asking for
// more than the last read gave reads the file again to that depth; from then on refreshes apply what it needs.
import { closeSync, fstatSync, openSync } from 'node:fs';
import { readAt, readRest, readStart, readToEnd } from './fileBytes';
import { BLOCK_SIZE, type BlockBase, checkHeader, detectBlockBase, HEADER_LENGTH, scanFraming } from './framing';
import { HistoryRowReader } from './historyRows';
import { readListingRecord } from './listingRecords';
import { decodeHistoryMessage, decodeRecord, RECORD_FIELD, recordField } from './records';
import { applyHistoryMessage, applyRecord, emptyRunState, type WandbRunState } from './runState';

export interface RunFileProblem {
  offset: number;
  message: string;
}

/** A listing's skim, every record but history (console output, system metrics), or everything. */
export type ReadDepth = 'skim' | 'records' | 'history';

/** Files larger than this are skimmed for a listing (a real run logging for an hour is several MB). */
export const SKIM_ABOVE = 1024 * 1024;

export type RunStateWithoutHistory = Omit<WandbRunState, 'history' | 'historyRows'>;

export class WandbRunFile {
  private current: WandbRunState = emptyRunState();
  private depth: ReadDepth;
  /** What the reads so far passed over: the middle of a large file, history records. */
  private skimmedMiddle = false;
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

  /** `depth`: what reads apply from the first one on ('history' for a caller that wants the history anyway). */
  constructor(
    readonly path: string,
    options: { depth?: ReadDepth } = {},
  ) {
    this.depth = options.depth ?? 'skim';
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

  /** The run as read so far, history included. */
  get state(): WandbRunState {
    return this.readTo('history');
  }

  /** Every record but history: console output, system metrics, every config and summary update. */
  readRecords(): RunStateWithoutHistory {
    return this.readTo('records');
  }

  /** What the reads so far gave, without reading more: enough to list the run. */
  get stateWithoutHistory(): RunStateWithoutHistory {
    return this.current;
  }

  /** True when the file was skimmed: the config and summary updates in its middle were not read. */
  get skimmed(): boolean {
    return this.skimmedMiddle;
  }

  /** Applies an in-memory file (tests, fuzzing): the same path as refresh() over bytes. */
  static fromBytes(bytes: Uint8Array, name: string): WandbRunFile {
    const file = new WandbRunFile(name, { depth: 'history' });
    checkHeader(bytes, name);
    file.size = bytes.length;
    file.base = bytes.length > BLOCK_SIZE ? detectBlockBase(bytes) : 0;
    file.apply(bytes.subarray(HEADER_LENGTH), HEADER_LENGTH);
    return file;
  }

  private readTo(depth: ReadDepth): WandbRunState {
    const missing = (depth !== 'skim' && this.skimmedMiddle) || (depth === 'history' && this.historySkipped);
    if (missing) {
      this.depth = depth;
      this.reset();
      this.refresh();
    }
    return this.current;
  }

  /** First read: header and records in one read, or a skim of both ends of a large file. */
  private readWhole(fd: number): boolean {
    let bytes: Buffer;
    if (this.depth === 'skim') {
      const start = readStart(fd, 0);
      const size = start.whole ? start.bytes.length : fstatSync(fd).size;
      if (size > SKIM_ABOVE) return this.skim(fd, start.bytes, size);
      bytes = start.whole ? start.bytes : readRest(fd, 0, start.bytes, size);
    } else bytes = readToEnd(fd, 0);
    checkHeader(bytes, this.path);
    if (bytes.length > BLOCK_SIZE) this.useBase(detectBlockBase(bytes));
    this.size = bytes.length;
    const applied = this.apply(bytes.subarray(HEADER_LENGTH), HEADER_LENGTH);
    this.stampUnfinished(fd);
    return applied;
  }

  /** The records of the first 64 KiB and of the last two blocks (a short record crossing their boundary stays whole). */
  private skim(fd: number, head: Buffer, size: number): boolean {
    checkHeader(head, this.path);
    this.useBase(detectBlockBase(head));
    this.apply(head.subarray(HEADER_LENGTH), HEADER_LENGTH);
    const lastBlock = this.base + Math.floor((size - 1 - this.base) / BLOCK_SIZE) * BLOCK_SIZE;
    const tailStart = Math.max(lastBlock - BLOCK_SIZE, this.base + BLOCK_SIZE * Math.ceil((head.length - this.base) / BLOCK_SIZE));
    this.apply(readAt(fd, tailStart, size - tailStart), tailStart, true);
    this.skimmedMiddle = true;
    this.size = size;
    this.stampUnfinished(fd);
    return true;
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

  private apply(tail: Uint8Array, origin: number, midRecord = false): boolean {
    const scan = scanFraming(tail, origin, this.base, origin, midRecord);
    for (const damage of scan.corrupt) this.report(damage.offset, `${damage.reason}; skipped to the next 32 KiB block`);
    let rows: HistoryRowReader | undefined;
    for (const record of scan.records) {
      if (safeField(record.bytes) !== RECORD_FIELD.history) this.applyBytes(record.bytes, record.offset);
      else if (this.depth !== 'history') this.historySkipped = true;
      else {
        rows ??= new HistoryRowReader(this.current, scan.records.length);
        this.applyHistory(rows, record.bytes, record.offset);
      }
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

  /** A record through the listing's fast path (listingRecords.ts), else protobufjs' full decoder (same results and errors). */
  private applyBytes(bytes: Uint8Array, offset: number): void {
    try {
      applyRecord(this.current, readListingRecord(bytes) ?? decodeRecord(bytes));
    } catch (error) {
      this.report(offset, `record is not a W&B Record (${(error as Error).message})`);
    }
  }

  private report(offset: number, message: string): void {
    if (this.problems.length < 20) this.problems.push({ offset, message });
  }

  private reset(): void {
    this.current = emptyRunState();
    this.skimmedMiddle = false;
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
