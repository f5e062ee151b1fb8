// One `.wandb` file read into a WandbRunState, and followed as it grows: each refresh reads only the bytes after the
// last complete record. A damaged chunk is skipped (reading goes on at the next block) and reported once.
import { closeSync, fstatSync, openSync } from 'node:fs';
import { readAt } from './fileBytes';
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
  /** History records not decoded yet: listing runs needs none of them, so they are decoded on first use. */
  private undecodedHistory: Array<{ bytes: Uint8Array; offset: number }> = [];
  /** Damaged data found so far (first occurrence per kind of damage); the caller reports it once. */
  readonly problems: RunFileProblem[] = [];
  private offset = HEADER_LENGTH;
  private base: BlockBase = 0;
  private baseKnown = false;
  private size = 0;
  /** Bytes seen after the last complete record: a record still being written. */
  partialTail = false;
  mtimeMs = 0;

  constructor(readonly path: string) {}

  /** Reads what was appended since the last refresh; returns whether anything new was applied. Throws WandbFormatError for a non-W&B file. */
  refresh(): boolean {
    // One open, fstat and read: a listing refreshes every run's file, so a separate stat would add a system call per run.
    const fd = openSync(this.path, 'r');
    try {
      const { size, mtimeMs } = fstatSync(fd);
      this.mtimeMs = mtimeMs;
      if (size < this.size) this.reset();
      if (size === this.size && this.offset > HEADER_LENGTH) return false;
      this.size = size;
      if (this.offset === HEADER_LENGTH) {
        // First read: header and records in one read.
        const bytes = readAt(fd, 0, size);
        checkHeader(bytes, this.path);
        if (bytes.length > BLOCK_SIZE) this.useBase(detectBlockBase(bytes));
        this.size = bytes.length;
        return this.apply(bytes.subarray(HEADER_LENGTH), HEADER_LENGTH);
      }
      if (!this.baseKnown && size > BLOCK_SIZE && this.useBase(detectBlockBase(readAt(fd, 0, Math.min(size, 2 * BLOCK_SIZE + HEADER_LENGTH))))) {
        this.size = 0;
        return this.refresh();
      }
      return this.apply(readAt(fd, this.offset, size - this.offset), this.offset);
    } finally {
      closeSync(fd);
    }
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

  /** The run as read so far; history included (decoding the history records not decoded yet). */
  get state(): WandbRunState {
    this.decodeHistory();
    return this.current;
  }

  /** The run without its history (config, summary, exit, …): what listing runs needs. */
  get stateWithoutHistory(): Omit<WandbRunState, 'history' | 'historyRows'> {
    return this.current;
  }

  private decodeHistory(): void {
    if (this.undecodedHistory.length === 0) return;
    const pending = this.undecodedHistory;
    this.undecodedHistory = [];
    const rows = new HistoryRowReader(this.current, pending.length);
    for (const record of pending) {
      if (rows.apply(record.bytes)) continue;
      try {
        applyHistoryMessage(this.current, decodeHistoryMessage(record.bytes));
      } catch (error) {
        this.report(record.offset, `history record is not a W&B HistoryRecord (${(error as Error).message})`);
      }
    }
  }

  /** Applies an in-memory file (tests, fuzzing): the same path as refresh() over bytes. */
  static fromBytes(bytes: Uint8Array, name: string): WandbRunFile {
    const file = new WandbRunFile(name);
    checkHeader(bytes, name);
    file.size = bytes.length;
    file.base = bytes.length > BLOCK_SIZE ? detectBlockBase(bytes) : 0;
    file.apply(bytes.subarray(HEADER_LENGTH), HEADER_LENGTH);
    return file;
  }

  private apply(tail: Uint8Array, origin: number): boolean {
    const scan = scanFraming(tail, origin, this.base, origin);
    for (const damage of scan.corrupt) this.report(damage.offset, `${damage.reason}; skipped to the next 32 KiB block`);
    for (const record of scan.records) {
      if (safeField(record.bytes) === RECORD_FIELD.history) this.undecodedHistory.push(record);
      else this.applyBytes(record.bytes, record.offset);
    }
    this.offset = scan.resumeOffset;
    this.partialTail = scan.partialTail;
    return scan.records.length > 0;
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
    this.undecodedHistory = [];
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
