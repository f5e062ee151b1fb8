// Reading a run's files with as few system calls as this allows: listing a folder of runs reads two small files per
// run, and on a virtual machine each open, stat, read and close costs about as much as the work done with the bytes.
// Small files are read without a stat (read until a short read says the file ended); only a file larger than the
// scratch buffer is stat'ed, to size its buffer once.
import { fstatSync, openSync, readSync, closeSync } from 'node:fs';

const SCRATCH_BYTES = 64 * 1024;
const scratch = Buffer.allocUnsafe(SCRATCH_BYTES);

/** `length` bytes of an open file from `position` (fewer when the file ends first). */
export function readAt(fd: number, position: number, length: number): Buffer {
  return fill(fd, Buffer.allocUnsafe(Math.max(0, length)), 0, position);
}

/**
 * One buffer reused for read after read (the parts of a large file, one after another): fresh memory for each would
 * be faulted in page by page, which on a virtual machine costs more than reading into it. What a read returns is
 * valid until the next read.
 */
export class ReuseBuffer {
  private memory = Buffer.alloc(0);

  read(fd: number, position: number, length: number): Buffer {
    if (this.memory.length < length) this.memory = Buffer.allocUnsafe(length);
    return fill(fd, this.memory.subarray(0, Math.max(0, length)), 0, position);
  }
}

/**
 * Up to 64 KiB of an open file from `position`, `whole` when the file ended within them: a view of this module's
 * scratch buffer, valid until the next readStart or readToEnd (listing a folder reads a thousand small files, and a
 * copy of each would be garbage collected soon after).
 */
export function readStart(fd: number, position: number): { bytes: Buffer; whole: boolean } {
  const read = readSync(fd, scratch, 0, SCRATCH_BYTES, position);
  return { bytes: scratch.subarray(0, read), whole: read < SCRATCH_BYTES };
}

/**
 * The rest of an open file whose first bytes from `position`, `start`, were read already: one buffer of `size` (the
 * file's size, or a stat's) holding them all. A file still growing is read up to that size; the next read goes on.
 */
export function readRest(fd: number, position: number, start: Buffer, size = fstatSync(fd).size): Buffer {
  const bytes = Buffer.allocUnsafe(Math.max(start.length, size - position));
  start.copy(bytes);
  return fill(fd, bytes, start.length, position);
}

/** An open file's bytes from `position` to its end: a view of the scratch buffer (see readStart) when they fit in it. */
export function readToEnd(fd: number, position: number): Buffer {
  const start = readStart(fd, position);
  return start.whole ? start.bytes : readRest(fd, position, start.bytes);
}

/** Reads into `buffer` from index `from` (file offset `position + from`) until it is full or the file ends. */
function fill(fd: number, buffer: Buffer, from: number, position: number): Buffer {
  let read = from;
  while (read < buffer.length) {
    const n = readSync(fd, buffer, read, buffer.length - read, position + read);
    if (n === 0) break;
    read += n;
  }
  return buffer.subarray(0, read);
}

/** A file's text; undefined when the file cannot be opened (it does not exist). Throws when an opened file cannot be read. */
export function readText(path: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    return readToEnd(fd, 0).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
