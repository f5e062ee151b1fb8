// The `.wandb` run file's framing: a 7-byte header (`:W&B`, magic 0xBEE1 little-endian, version 0) followed by
// LevelDB's log format (github.com/google/leveldb doc/log_format.md) as W&B writes it (wandb/sdk/internal/datastore.py,
// core/pkg/leveldb/record.go): 32 KiB blocks, the header counting in block 0; each chunk a 7-byte header (CRC-32 IEEE
// — zlib's, not LevelDB's masked CRC-32C — over the type byte and payload, uint16 LE length, type FULL=1 FIRST=2
// MIDDLE=3 LAST=4) and its payload; a block tail shorter than a chunk header is zero padding.
//
// wandb-core before 0.17.6 wrote the header and then started its LevelDB writer at offset 7, so its blocks are
// 32 KiB long from offset 7 on ("misaligned"): block boundaries at 7 + k·32768 instead of k·32768. Such a file shows
// itself at the first block boundary, where the aligned reading finds padding or a chunk running past the boundary.
import { crc32 as zlibCrc32 } from 'node:zlib';

export const HEADER_LENGTH = 7;
export const BLOCK_SIZE = 32 * 1024;
const CHUNK_HEADER = 7;
export const CHUNK_FULL = 1;
export const CHUNK_FIRST = 2;
export const CHUNK_MIDDLE = 3;
export const CHUNK_LAST = 4;
const IDENT = ':W&B';
const MAGIC = 0xbee1;
const VERSION = 0;

/** Where blocks start: 0 for every writer since wandb-core 0.17.6 and the Python writer, 7 for older wandb-core. */
export type BlockBase = 0 | 7;

export class WandbFormatError extends Error {
  override name = 'WandbFormatError';
}

/** Throws WandbFormatError naming the file unless it starts with W&B's header. */
export function checkHeader(bytes: Uint8Array, file: string): void {
  if (bytes.length < HEADER_LENGTH) {
    throw new WandbFormatError(`${file} is not a W&B run file: it has ${bytes.length} bytes, fewer than the 7-byte ':W&B' header. If wandb is still starting, wait; otherwise the file is damaged.`);
  }
  const ident = String.fromCharCode(bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!);
  const magic = bytes[4]! | (bytes[5]! << 8);
  if (ident !== IDENT || magic !== MAGIC) {
    throw new WandbFormatError(`${file} is not a W&B run file: it does not start with ':W&B' and magic 0xBEE1. Point at a wandb/ folder or a run-<id>.wandb file written by wandb.`);
  }
  if (bytes[6] !== VERSION) {
    throw new WandbFormatError(`${file} has W&B log format version ${bytes[6]}; this reader knows version 0. A newer wandb wrote it: open an issue with the wandb version.`);
  }
}

/** CRC-32 (IEEE 802.3, as zlib computes it) of `bytes`, continuing from `seed`. */
export const crc32: (bytes: Uint8Array, seed?: number) => number = (bytes, seed = 0) => zlibCrc32(bytes, seed);

/** CRC of each chunk type byte, the seed its payload's CRC continues from (as datastore.py precomputes them). */
const TYPE_CRC = [0, 1, 2, 3, 4].map((type) => crc32(Uint8Array.of(type)));

/**
 * Below this many bytes a chunk's CRC is computed here, byte by byte, rather than by zlib: a call into zlib (and the
 * view it needs) costs more than ~100 bytes of table lookups, and a run logging a metric or two writes rows this small.
 */
const SMALL_CHUNK = 96;
const CRC_TABLE = Int32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});

/** crc32 of bytes[start, end), continuing from `seed`. */
function rangeCrc32(bytes: Uint8Array, start: number, end: number, seed: number): number {
  if (end - start > SMALL_CHUNK) return crc32(bytes.subarray(start, end), seed);
  let c = ~seed;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/**
 * Receives each record: bytes[start, end) (a view of the scanned bytes for a record of one chunk, a buffer of its own
 * for one of several) and the file offset of its first chunk. Records are handed over as ranges, so that one a reader
 * passes over costs no view.
 */
export type RecordVisitor = (bytes: Uint8Array, start: number, end: number, offset: number) => void;

export interface FramedRecord {
  /** The record's protobuf bytes (a view of the file's buffer when the record is one chunk). */
  bytes: Uint8Array;
  /** File offset of the record's first chunk header. */
  offset: number;
}

/** Where a scan ended and what it met besides records. */
export interface FramingEnd {
  /** Where the next scan of a growing file starts: the first chunk of the first record not complete yet. */
  resumeOffset: number;
  /** True when bytes after resumeOffset were seen: a record still being written (or a cut file). */
  partialTail: boolean;
  /** Corrupt chunks skipped, each with its offset; the reader went on at the next block. */
  corrupt: Array<{ offset: number; reason: string }>;
  base: BlockBase;
}

export interface FramingScan extends FramingEnd {
  records: FramedRecord[];
}

/** scanRecords collecting the records in a list. */
export function scanFraming(bytes: Uint8Array, start: number, base: BlockBase, origin = 0, midRecord = false): FramingScan {
  const records: FramedRecord[] = [];
  const end = scanRecords(bytes, start, base, (record, from, to, offset) => records.push({ bytes: record.subarray(from, to), offset }), origin, midRecord);
  return { records, ...end };
}

/**
 * Hands every complete record of `bytes` from `start` (HEADER_LENGTH, or a previous scan's resumeOffset) to `visit`,
 * in file order, with the file offset of its first chunk; a record of one chunk is a view of `bytes`. Never throws on
 * damaged data: a chunk with a wrong CRC, an impossible length or an out-of-order type is reported in `corrupt` and
 * reading resumes at the next block, as LevelDB's reader recovers. `bytes` may be a file's tail: `origin` is the file
 * offset of its first byte, and every offset in and out is a file offset. `midRecord`: `start` is a block boundary
 * that may fall inside a record, whose remaining chunks are not damage. `stopAt`: no record starting at or after this
 * offset is read (a file read in parts: the part after it reads them).
 */
export function scanRecords(
  bytes: Uint8Array,
  start: number,
  base: BlockBase,
  visit: RecordVisitor,
  origin = 0,
  midRecord = false,
  stopAt = Number.POSITIVE_INFINITY,
): FramingEnd {
  const corrupt: FramingEnd['corrupt'] = [];
  const end = origin + bytes.length;
  let pos = start;
  let pending: Uint8Array[] | undefined;
  let pendingOffset = start;
  let resumeOffset = start;
  // After damage, the rest of a broken record (its MIDDLE and LAST chunks in the next blocks) is skipped silently,
  // as LevelDB's reader does while recovering: one damage, one report. A scan that starts at a block boundary in the
  // middle of a file (`midRecord`) skips the end of the record before it the same way.
  let recovering = midRecord;
  while (pos < end) {
    if (pos >= stopAt && !pending) return { resumeOffset: pos, partialTail: false, corrupt, base };
    const blockEnd = nextBlockEnd(pos, base);
    if (blockEnd - pos < CHUNK_HEADER) {
      if (blockEnd > end) break;
      pos = blockEnd;
      continue;
    }
    if (pos + CHUNK_HEADER > end) break;
    const length = bytes[pos - origin + 4]! | (bytes[pos - origin + 5]! << 8);
    const type = bytes[pos - origin + 6]!;
    const payloadEnd = pos + CHUNK_HEADER + length;
    if (type === 0 && length === 0 && readUint32(bytes, pos - origin) === 0) {
      // Zero padding (a preallocated or zero-filled tail): nothing more in this block.
      if (blockEnd > end) break;
      pos = blockEnd;
      continue;
    }
    if (payloadEnd > blockEnd || type < CHUNK_FULL || type > CHUNK_LAST) {
      corrupt.push({ offset: pos, reason: type < CHUNK_FULL || type > CHUNK_LAST ? `unknown chunk type ${type}` : 'chunk runs past its block' });
      pending = undefined;
      recovering = true;
      pos = blockEnd;
      resumeOffset = Math.min(pos, end);
      continue;
    }
    if (payloadEnd > end) break;
    const payloadStart = pos - origin + CHUNK_HEADER;
    if (rangeCrc32(bytes, payloadStart, payloadEnd - origin, TYPE_CRC[type]!) !== readUint32(bytes, pos - origin)) {
      corrupt.push({ offset: pos, reason: 'CRC mismatch' });
      pending = undefined;
      recovering = true;
      pos = blockEnd;
      resumeOffset = Math.min(pos, end);
      continue;
    }
    if (type === CHUNK_FULL || type === CHUNK_FIRST) {
      recovering = false;
      if (pending) corrupt.push({ offset: pendingOffset, reason: 'record without its LAST chunk' });
      pendingOffset = pos;
      pending = type === CHUNK_FIRST ? [bytes.subarray(payloadStart, payloadEnd - origin)] : undefined;
      if (type === CHUNK_FULL) visit(bytes, payloadStart, payloadEnd - origin, pos);
    } else if (!pending) {
      if (!recovering) corrupt.push({ offset: pos, reason: 'MIDDLE or LAST chunk without a FIRST' });
    } else {
      pending.push(bytes.subarray(payloadStart, payloadEnd - origin));
      if (type === CHUNK_LAST) {
        const record = concat(pending);
        visit(record, 0, record.length, pendingOffset);
        pending = undefined;
      }
    }
    pos = payloadEnd;
    if (!pending) resumeOffset = pos;
  }
  return { resumeOffset, partialTail: resumeOffset < end && !onlyPadding(bytes, resumeOffset, base, origin), corrupt, base };
}

/** The block layout of a file: the aligned one unless the aligned reading breaks at the first boundary and the old one does not. */
export function detectBlockBase(bytes: Uint8Array): BlockBase {
  if (bytes.length <= BLOCK_SIZE - CHUNK_HEADER) return 0;
  const limit = bytes.subarray(0, Math.min(bytes.length, 2 * BLOCK_SIZE + 7));
  const aligned = scanFraming(limit, HEADER_LENGTH, 0);
  if (aligned.corrupt.length === 0) return 0;
  const old = scanFraming(limit, HEADER_LENGTH, 7);
  return old.corrupt.length === 0 || old.corrupt[0]!.offset > aligned.corrupt[0]!.offset ? 7 : 0;
}

function nextBlockEnd(pos: number, base: BlockBase): number {
  return pos - ((pos - base) % BLOCK_SIZE) + BLOCK_SIZE;
}

function onlyPadding(bytes: Uint8Array, from: number, base: BlockBase, origin: number): boolean {
  const blockEnd = nextBlockEnd(from, base);
  if (blockEnd - from >= CHUNK_HEADER) return false;
  for (let i = from; i < origin + bytes.length && i < blockEnd; i++) if (bytes[i - origin] !== 0) return false;
  return origin + bytes.length <= blockEnd;
}

function readUint32(bytes: Uint8Array, pos: number): number {
  return (bytes[pos]! | (bytes[pos + 1]! << 8) | (bytes[pos + 2]! << 16) | (bytes[pos + 3]! << 24)) >>> 0;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
