// A large `.wandb` read in parts, one per thread: each part is a run of 32 KiB blocks, read, CRC-checked and decoded
// on its own, then the parts' results are joined in file order. A record belongs to the part its first chunk is in:
// a part starting inside a record passes over its remaining chunks (LevelDB's framing makes a block boundary a place
// to start reading), and the part before reads on past its end until that record is complete.
//
// A part read in another thread sends back its history as typed arrays (transferred, not copied) and every other
// record as bytes, which this thread applies in order: config and summary updates must meet in file order, and they
// are few next to history rows.
import { openSync, closeSync } from 'node:fs';
import { ReuseBuffer } from './fileBytes';
import { BLOCK_SIZE, type BlockBase, type FramingEnd, HEADER_LENGTH, type RecordVisitor, scanRecords } from './framing';
import type { ColumnParts, StampParts } from './historyColumns';
import { RecordApplier, type RunFileProblem } from './recordApplier';
import { emptyRunState, historyColumn, type WandbRunState } from './runState';

/** Bytes [start, to) of a file whose records starting in that range one part reads. */
export interface SegmentRange {
  start: number;
  to: number;
  /** `start` is a block boundary inside the file: the chunks of a record begun before it are not this part's. */
  midRecord: boolean;
}

export interface SegmentRequest {
  path: string;
  /** The file's size when the read began: a file still growing is read to it, the next refresh reads on. */
  size: number;
  base: BlockBase;
  range: SegmentRange;
}

/** A part's records: history as column parts, the other records as bytes to apply in order. */
export interface SegmentResult {
  end: FramingEnd;
  problems: RunFileProblem[];
  others: Array<{ bytes: Uint8Array; offset: number }>;
  stamps: StampParts;
  columns: Array<[string, ColumnParts]>;
}

/** The parts of a file of `size` bytes: `count` runs of whole blocks, the first starting after the header. */
export function segmentRanges(size: number, base: BlockBase, count: number): SegmentRange[] {
  const blocks = Math.ceil((size - base) / BLOCK_SIZE);
  const bounds = Array.from({ length: count - 1 }, (_, i) => base + Math.round((blocks * (i + 1)) / count) * BLOCK_SIZE);
  const starts = [HEADER_LENGTH, ...bounds];
  return starts.map((start, i) => ({ start, to: i + 1 < starts.length ? starts[i + 1]! : size, midRecord: i > 0 }));
}

/**
 * Scans one part of an open file, handing its records to `visit`, and reads on past the part's end until a record
 * begun in it is complete (or the file ends).
 */
export function scanSegment(
  fd: number,
  size: number,
  base: BlockBase,
  range: SegmentRange,
  visit: RecordVisitor,
  buffer = new ReuseBuffer(),
): FramingEnd {
  // Every record is applied, copied or decoded before the next read reuses the buffer.
  let end = scanRecords(buffer.read(fd, range.start, range.to - range.start), range.start, base, visit, range.start, range.midRecord, range.to);
  const corrupt = [...end.corrupt];
  for (let extra = 4 * BLOCK_SIZE; end.resumeOffset < range.to && range.to < size; extra *= 2) {
    const from = end.resumeOffset;
    const upTo = Math.min(size, range.to + extra);
    end = scanRecords(buffer.read(fd, from, upTo - from), from, base, visit, from, false, range.to);
    corrupt.push(...end.corrupt);
    if (upTo === size) break;
  }
  return { ...end, corrupt };
}

/** What a thread reading one part does: its history decoded into columns, its other records kept as bytes. */
export function readSegment(request: SegmentRequest, buffer = new ReuseBuffer()): SegmentResult {
  const state = emptyRunState();
  const others: SegmentResult['others'] = [];
  // A record of one chunk is a view of the part's buffer, which the next part reuses (and which, sent along with
  // the record, would be transferred whole): each is copied (Buffer's slice would give a view).
  const other = (bytes: Uint8Array, offset: number) => others.push({ bytes: new Uint8Array(bytes), offset });
  const applier = new RecordApplier(state, { history: true, endOffset: request.range.to, other });
  const fd = openSync(request.path, 'r');
  let end: FramingEnd;
  try {
    end = scanSegment(fd, request.size, request.base, request.range, applier.visit, buffer);
  } finally {
    closeSync(fd);
  }
  return { end, problems: applier.report(end), others, stamps: state.historyStamps.parts(), columns: [...state.history].map(([key, column]) => [key, column.parts()]) };
}

/** The buffers a result transfers to the thread that joins it. */
export function segmentBuffers(result: SegmentResult): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>([result.stamps.steps.buffer as ArrayBuffer, result.stamps.timestamps.buffer as ArrayBuffer]);
  for (const [, column] of result.columns) {
    buffers.add(column.values.buffer as ArrayBuffer);
    if (column.rows) buffers.add(column.rows.buffer as ArrayBuffer);
  }
  for (const record of result.others) buffers.add(record.bytes.buffer as ArrayBuffer);
  return [...buffers];
}

/** Appends a later part's records to `state` (which holds every part before it); `applier` decodes its other records. */
export function joinSegment(state: WandbRunState, result: SegmentResult, applier: RecordApplier): void {
  for (const record of result.others) applier.applyRecordBytes(record.bytes, record.offset);
  const rowOffset = state.historyStamps.count;
  state.historyStamps.append(result.stamps);
  for (const [key, parts] of result.columns) historyColumn(state, key).append(parts, rowOffset);
}
