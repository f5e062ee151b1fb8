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
import { BLOCK_SIZE, type BlockBase, checkHeader, detectBlockBase, type FramingEnd, HEADER_LENGTH, scanRecords } from './framing';
import { MAX_PROBLEMS, RecordApplier, type RunFileProblem } from './recordApplier';
import { SegmentPool } from './segmentPool';
import { joinSegment, scanSegment, segmentRanges } from './segments';
import { emptyRunState, type WandbRunState } from './runState';

export type { RunFileProblem } from './recordApplier';

/** A listing's skim, every record but history (console output, system metrics), or everything. */
export type ReadDepth = 'skim' | 'records' | 'history';

/** Files larger than this have their history read in parts, in parallel: a part is then several MB. */
export const PARALLEL_ABOVE = 16 * 1024 * 1024;
/** A part's size: small enough that threads finishing at different times leave little for one to do alone. */
const PART_BYTES = 8 * 1024 * 1024;
const MAX_PARTS = 64;

/** Files larger than this are skimmed for a listing (a real run logging for an hour is several MB). */
export const SKIM_ABOVE = 1024 * 1024;

export type RunStateWithoutHistory = Omit<WandbRunState, 'history' | 'historyStamps'>;

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

  private readonly parallelAbove: number;
  private readonly partBytes: number;

  /**
   * `depth`: what reads apply from the first one on ('history' for a caller that wants the history anyway).
   * `parallelAbove`: the size from which a file's history is read in parts by several threads, `partBytes` the size
   * of a part (tests lower both).
   */
  constructor(
    readonly path: string,
    options: { depth?: ReadDepth; parallelAbove?: number; partBytes?: number } = {},
  ) {
    this.depth = options.depth ?? 'skim';
    this.parallelAbove = options.parallelAbove ?? PARALLEL_ABOVE;
    this.partBytes = options.partBytes ?? PART_BYTES;
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

  /** First read: header and records in one read, a skim of both ends of a large file, or a large file's history in parts. */
  private readWhole(fd: number): boolean {
    const start = readStart(fd, 0);
    const size = start.whole ? start.bytes.length : fstatSync(fd).size;
    if (this.depth === 'skim' && size > SKIM_ABOVE) return this.skim(fd, start.bytes, size);
    const pool = this.depth === 'history' && size > this.parallelAbove ? SegmentPool.shared() : undefined;
    if (pool) return this.readInParts(fd, start.bytes, size, pool);
    const bytes = start.whole ? start.bytes : readRest(fd, 0, start.bytes, size);
    checkHeader(bytes, this.path);
    if (bytes.length > BLOCK_SIZE) this.useBase(detectBlockBase(bytes));
    this.size = bytes.length;
    const applied = this.apply(bytes.subarray(HEADER_LENGTH), HEADER_LENGTH);
    this.stampUnfinished(fd);
    return applied;
  }

  /**
   * A large file's records, read in parts by this thread and the pool's (segments.ts), joined in file order. The
   * parts' damage and undecodable records are reported in file order too.
   */
  private readInParts(fd: number, head: Buffer, size: number, pool: SegmentPool): boolean {
    checkHeader(head, this.path);
    this.useBase(detectBlockBase(head));
    const count = Math.max(pool.size + 1, Math.min(MAX_PARTS, Math.ceil(size / this.partBytes)));
    const requests = segmentRanges(size, this.base, count).map((range) => ({ path: this.path, size, base: this.base, range }));
    // Columns sized for the whole file from the first part's rows: the other parts' points are copied in, not regrown.
    const applier = new RecordApplier(this.current, { history: true, endOffset: size });
    let first: FramingEnd | undefined;
    const later = pool.read(requests, (buffer) => {
      first = scanSegment(fd, size, this.base, requests[0]!.range, applier.visit, buffer);
    });
    const ends = [first!];
    const problems = applier.report(first!);
    for (const result of later) {
      const decoded = applier.problems.length;
      joinSegment(this.current, result, applier);
      problems.push(...result.problems, ...applier.problems.slice(decoded));
      ends.push(result.end);
    }
    // Damage right at a part's start is met by both parts around it (the one before reads on into it): reported once.
    const seen = new Set<string>();
    this.report(problems.filter((p) => !seen.has(`${p.offset} ${p.message}`) && seen.add(`${p.offset} ${p.message}`)));
    // The file ends where the first part whose record runs to the end of the file stops, else where the last part does.
    const end = ends.find((e) => e.partialTail) ?? ends[ends.length - 1]!;
    this.offset = end.resumeOffset;
    this.partialTail = end.partialTail;
    this.size = size;
    this.stampUnfinished(fd);
    return true;
  }

  /** The records of the first 64 KiB and of the last two blocks (a short record crossing their boundary stays whole). */
  private skim(fd: number, head: Buffer, size: number): boolean {
    checkHeader(head, this.path);
    // Its history, when asked for, is read in parts: the threads start now, while the listing goes on.
    if (size > this.parallelAbove) void SegmentPool.shared()?.warm();
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
    const applier = new RecordApplier(this.current, { history: this.depth === 'history', endOffset: origin + tail.length });
    const end = scanRecords(tail, origin, this.base, applier.visit, origin, midRecord);
    if (applier.historySkipped) this.historySkipped = true;
    this.report(applier.report(end));
    this.offset = end.resumeOffset;
    this.partialTail = end.partialTail;
    return applier.applied > 0;
  }

  private report(problems: RunFileProblem[]): void {
    this.problems.push(...problems.slice(0, MAX_PROBLEMS - this.problems.length));
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
