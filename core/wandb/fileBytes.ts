// Reading a run's files with one open, fstat and read each: listing a folder of runs reads two or three small files
// per run, and a stat before each read would add a system call per file (half again the cost of a bare read).
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** `length` bytes of an open file from `position` (fewer when the file ends first). */
export function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.allocUnsafe(Math.max(0, length));
  let read = 0;
  while (read < length) {
    const n = readSync(fd, buffer, read, length - read, position + read);
    if (n === 0) break;
    read += n;
  }
  return buffer.subarray(0, read);
}

/** A file's size and modification time as one string, to tell whether it changed since it was read. */
export type FileStamp = string;

/**
 * The file's text unless its stamp is still `known` (then `text` is undefined); undefined when the file cannot be
 * opened (it does not exist). Throws when an opened file cannot be read.
 */
export function readChangedText(path: string, known: FileStamp | undefined): { stamp: FileStamp; text?: string } | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const { size, mtimeMs } = fstatSync(fd);
    const stamp = `${size}:${mtimeMs}`;
    if (stamp === known) return { stamp };
    return { stamp, text: readAt(fd, 0, size).toString('utf8') };
  } finally {
    closeSync(fd);
  }
}
