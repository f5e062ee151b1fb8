// What a drift input holds, checked from its first bytes before anything is parsed: a CSV parser reads any bytes as
// some table, so an empty, binary, compressed or misnamed file would otherwise become a report about nothing (two
// empty files were "no dataset drift") or a puzzling field-count error deep inside the file.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { DriftInputError, tableFormat } from './tableReaders';

/** Enough to tell text from binary the way git does (a NUL in the first 8000 bytes), with room for long headers. */
const SNIFF_BYTES = 64 * 1024;

type Content =
  | { kind: 'text' }
  | { kind: 'parquet' }
  | { kind: 'gzip' }
  | { kind: 'zip' }
  | { kind: 'utf16' }
  | { kind: 'binary'; nulAt: number };

/** Throws DriftInputError naming the file and what to do, unless it exists, is not empty and matches its extension. */
export function checkInputFile(path: string): void {
  const size = fileSize(path);
  if (size === 0) throw new DriftInputError(`${path}: the file is empty (0 bytes); it needs a header row and data rows`);
  const head = readHead(path, Math.min(size, SNIFF_BYTES));
  const content = sniff(head);
  const format = tableFormat(path);
  if (format === 'parquet') {
    if (content.kind === 'parquet') return;
    if (content.kind === 'text') {
      const firstLine = head.toString('utf8', 0, Math.max(0, head.indexOf(10)) || head.length);
      const text = firstLine.includes('\t') && !firstLine.includes(',') ? 'tsv' : 'csv';
      throw new DriftInputError(
        `${path}: named .parquet but holds text (it looks like ${text.toUpperCase()}); rename it to .${text}, or write it as Parquet (pandas: DataFrame.to_parquet)`,
      );
    }
    const { what, fix } = problem(content);
    throw new DriftInputError(`${path}: ${what}, not a Parquet file; ${fix}`);
  }
  if (content.kind === 'text') return;
  const { what, fix } = problem(content);
  throw new DriftInputError(`${path}: ${what}, not ${format.toUpperCase()} text; ${fix}`);
}

function fileSize(path: string): number {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(path);
  } catch {
    throw new DriftInputError(`${path}: file not found; pass a CSV, TSV or Parquet file`);
  }
  if (!stat.isFile()) throw new DriftInputError(`${path}: is a directory; pass a CSV, TSV or Parquet file`);
  return stat.size;
}

function readHead(path: string, length: number): Buffer {
  const head = Buffer.alloc(length);
  const fd = openSync(path, 'r');
  try {
    return head.subarray(0, readSync(fd, head, 0, length, 0));
  } finally {
    closeSync(fd);
  }
}

function sniff(head: Buffer): Content {
  if (head.toString('latin1', 0, 4) === 'PAR1') return { kind: 'parquet' };
  if (head[0] === 0x1f && head[1] === 0x8b) return { kind: 'gzip' };
  if (head.toString('latin1', 0, 4) === 'PK\x03\x04') return { kind: 'zip' };
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return { kind: 'utf16' };
  const nulAt = head.indexOf(0);
  return nulAt < 0 ? { kind: 'text' } : { kind: 'binary', nulAt };
}

/** What the bytes are, and what to do about them. */
function problem(content: Exclude<Content, { kind: 'text' }>): { what: string; fix: string } {
  switch (content.kind) {
    case 'parquet':
      return { what: 'a Parquet file', fix: 'rename it to .parquet' };
    case 'gzip':
      return { what: 'gzip-compressed data', fix: 'decompress it first (gunzip)' };
    case 'zip':
      return { what: 'a ZIP archive (an Excel .xlsx workbook or a zipped file)', fix: 'export or unzip it to CSV first' };
    case 'utf16':
      return { what: 'UTF-16 text', fix: 'save it as UTF-8 (Excel: "CSV UTF-8")' };
    case 'binary':
      return { what: `binary data (a NUL byte at offset ${content.nulAt})`, fix: 'pass a CSV, TSV or Parquet file' };
  }
}
