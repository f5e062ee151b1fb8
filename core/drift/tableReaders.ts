// Reads a reference or current file into typed columns: CSV/TSV streamed through csv-parse, Parquet column by
// column through hyparquet (with hyparquet-compressors for snappy, gzip, zstd, brotli, lz4). Errors name the file
// and, for CSV, the line.
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { ColumnBuilder } from './columnBuilder';
import type { RawColumn } from './columns';
import { CsvTokenizer, CsvTokenizerError, type FieldSink } from './csvTokenizer';
import type { ColumnTable } from './datasetDrift';

export interface ReadOptions {
  signal?: AbortSignal | undefined;
  /** Called with the share of the file read so far, 0..1. */
  onProgress?: ((fraction: number) => void) | undefined;
  /** Only these columns are kept (the others are parsed and dropped), to bound memory on wide files. */
  keep?: ReadonlySet<string> | undefined;
}

export class DriftInputError extends Error {
  override name = 'DriftInputError';
}

function delimiterOf(path: string): string {
  return tableFormat(path) === 'tsv' ? '\t' : ',';
}

function keepColumn(options: ReadOptions, name: string): boolean {
  return !options.keep || options.keep.has(name);
}

/** Column names from the header (CSV/TSV) or the schema (Parquet), without reading the data. */
export async function readColumnNames(path: string): Promise<string[]> {
  if (tableFormat(path) === 'parquet') {
    const { parquetSchema } = await import('hyparquet');
    const { metadata } = await openParquet(path);
    return parquetSchema(metadata).children.map((c) => c.element.name);
  }
  const header: string[] = [];
  let done = false;
  const tokenizer = new CsvTokenizer(delimiterOf(path), {
    field(buffer, start, end, _quoted, escaped) {
      if (done) return;
      const text = buffer.toString('utf8', start, end);
      header.push(escaped ? text.replaceAll('""', '"') : text);
    },
    endRecord() {
      done = true;
    },
  });
  const stream = createReadStream(path, { highWaterMark: 1 << 16 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      tokenizer.push(chunk);
      if (done) break;
    }
    if (!done) tokenizer.end();
  } finally {
    stream.destroy();
  }
  return uniqueHeader(path, header);
}

/**
 * Rows of a delimited file from the line length of its first 256 KiB, plus 3%: columns are allocated at that size
 * once, so a 10M-row file does not pass through doubling copies (see ColumnBuilder.finish).
 */
export function estimateRows(path: string): number {
  const size = statSync(path).size;
  const sample = Buffer.alloc(Math.min(size, 256 * 1024));
  const fd = openSync(path, 'r');
  try {
    readSync(fd, sample, 0, sample.length, 0);
  } finally {
    closeSync(fd);
  }
  let lines = 0;
  for (const byte of sample) if (byte === 10) lines++;
  if (lines < 2 || sample.length === size) return Math.max(lines + 1, 16);
  return Math.ceil((size / sample.length) * lines * 1.03) + 1024;
}

export type TableFormat = 'csv' | 'tsv' | 'parquet';

/** The extensions of the data files the readers take: what the pickers and batch folders offer. */
const TABLE_EXTENSIONS = new Set(['.csv', '.tsv', '.tab', '.parquet', '.pq']);

export function isTableFile(path: string): boolean {
  return TABLE_EXTENSIONS.has(extname(path).toLowerCase());
}

export function tableFormat(path: string): TableFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.parquet' || ext === '.pq') return 'parquet';
  if (ext === '.tsv' || ext === '.tab') return 'tsv';
  return 'csv';
}

export async function readTable(path: string, options: ReadOptions = {}): Promise<ColumnTable> {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new DriftInputError(`${path}: file not found; pass a CSV, TSV or Parquet file`);
  }
  options.signal?.throwIfAborted();
  return tableFormat(path) === 'parquet'
    ? readParquet(path, options)
    : readDelimited(path, delimiterOf(path), size, options);
}

function uniqueHeader(path: string, header: string[]): string[] {
  const seen = new Set<string>();
  return header.map((name, i) => {
    const label = name === '' ? `Unnamed: ${i}` : name;
    if (seen.has(label)) throw new DriftInputError(`${path}:1: column '${label}' appears twice in the header; rename one`);
    seen.add(label);
    return label;
  });
}

async function readDelimited(path: string, delimiter: string, size: number, options: ReadOptions): Promise<ColumnTable> {
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  let header: string[] | undefined = [];
  let names: string[] = [];
  let builders: (ColumnBuilder | undefined)[] = [];
  const estimatedRows = estimateRows(path);
  let column = 0;
  let rows = 0;
  const sink: FieldSink = {
    field(buffer, start, end, quoted, escaped, value, integer) {
      if (header) {
        const text = buffer.toString('utf8', start, end);
        header.push(escaped ? text.replaceAll('""', '"') : text);
        return;
      }
      builders[column++]?.pushBytes(buffer, start, end, quoted, escaped, value, integer);
    },
    endRecord(line) {
      if (header) {
        names = uniqueHeader(path, header);
        header = undefined;
        builders = names.map((n) => (keepColumn(options, n) ? new ColumnBuilder(estimatedRows) : undefined));
        return;
      }
      if (column !== names.length) {
        throw new DriftInputError(`${path}:${line}: ${column} fields where the header has ${names.length}; fix the row or its quoting`);
      }
      column = 0;
      rows++;
    },
  };
  const tokenizer = new CsvTokenizer(delimiter, sink);
  let nextReport = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      options.signal?.throwIfAborted();
      tokenizer.push(chunk);
      if (options.onProgress && stream.bytesRead >= nextReport) {
        options.onProgress(Math.min(1, stream.bytesRead / Math.max(size, 1)));
        nextReport = stream.bytesRead + (size >> 6);
      }
    }
    tokenizer.end();
  } catch (error) {
    if (error instanceof CsvTokenizerError) {
      throw new DriftInputError(`${path}:${error.line}: cannot parse ${delimiter === '\t' ? 'TSV' : 'CSV'}: ${error.message}`);
    }
    throw error;
  } finally {
    stream.destroy();
  }
  if (header) throw new DriftInputError(`${path}: the file is empty; it needs a header row and data rows`);
  options.onProgress?.(1);
  const columns = new Map<string, RawColumn>();
  names.forEach((name, i) => {
    const builder = builders[i];
    if (builder) columns.set(name, builder.finish());
  });
  return { rows, columns };
}

async function readParquet(path: string, options: ReadOptions): Promise<ColumnTable> {
  const { parquetRead, parquetSchema } = await import('hyparquet');
  const { compressors } = await import('hyparquet-compressors');
  const { file, metadata } = await openParquet(path);
  const rows = Number(metadata.num_rows);
  const fields = parquetSchema(metadata).children;
  const columns = new Map<string, RawColumn>();
  for (const [i, field] of fields.entries()) {
    options.signal?.throwIfAborted();
    const name = field.element.name;
    if (!keepColumn(options, name)) continue;
    const type = field.element.type;
    const integerType = (type === 'INT32' || type === 'INT64') && field.element.converted_type !== 'DECIMAL';
    const builder = new ColumnBuilder(rows);
    await parquetRead({
      file,
      metadata,
      columns: [name],
      compressors,
      onChunk: (chunk) => {
        const data = chunk.columnData as ArrayLike<unknown>;
        for (let r = 0; r < data.length; r++) builder.pushValue(data[r], integerType);
      },
    });
    columns.set(name, builder.finish());
    options.onProgress?.((i + 1) / fields.length);
  }
  return { rows, columns };
}

/** The file and its footer metadata; a truncated or foreign file is an input error naming it. */
async function openParquet(path: string) {
  const { asyncBufferFromFile, parquetMetadataAsync } = await import('hyparquet');
  try {
    const file = await asyncBufferFromFile(path);
    return { file, metadata: await parquetMetadataAsync(file) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new DriftInputError(`${path}: not a readable Parquet file (${message})`);
  }
}
