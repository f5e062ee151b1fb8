// File hashes the way DVC computes them. DVC 3 (`hash: md5`): md5 of the bytes. DVC 2 (no `hash:` field, DVC 3's
// "md5-dos2unix"): if the first 512 bytes look like text (dvc/istextfile.py: no NUL and at most 30% bytes outside
// printable ASCII + \n\r\t\f\b), every 1 MiB read chunk has CRLF turned into LF before hashing — per chunk, so a
// CRLF split across a chunk boundary stays, exactly as DVC 2 hashed it.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import type { HashKind } from '../dvc/outEntry';

const CHUNK = 1 << 20;
const TEXT_PROBE = 512;
let buffer: Buffer | undefined;

export function hashFile(path: string, kind: HashKind): string {
  buffer ??= Buffer.allocUnsafe(CHUNK);
  const hash = createHash('md5');
  const fd = openSync(path, 'r');
  try {
    let text: boolean | undefined;
    for (;;) {
      const read = readSync(fd, buffer, 0, CHUNK, null);
      if (read === 0) break;
      const chunk = buffer.subarray(0, read);
      if (kind === 'md5-dos2unix') {
        text ??= isTextBlock(chunk.subarray(0, TEXT_PROBE));
        hash.update(text ? dos2unix(chunk) : chunk);
      } else hash.update(chunk);
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

export function isTextBlock(block: Buffer): boolean {
  // An empty file counts as text (istextblock).
  if (block.length === 0) return true;
  let nontext = 0;
  for (const byte of block) {
    if (byte === 0) return false;
    const printable = (byte >= 32 && byte < 127) || byte === 10 || byte === 13 || byte === 9 || byte === 12 || byte === 8;
    if (!printable) nontext++;
  }
  return nontext / block.length <= 0.3;
}

function dos2unix(chunk: Buffer): Buffer {
  let at = chunk.indexOf('\r\n');
  if (at < 0) return chunk;
  const out = Buffer.allocUnsafe(chunk.length);
  let written = 0;
  let from = 0;
  while (at >= 0) {
    written += chunk.copy(out, written, from, at);
    from = at + 1;
    at = chunk.indexOf('\r\n', from);
  }
  written += chunk.copy(out, written, from);
  return out.subarray(0, written);
}
