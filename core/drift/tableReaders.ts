// Reads a reference or current file into typed columns: CSV/TSV streamed through csv-parse, Parquet column by
// column through hyparquet (with hyparquet-compressors for snappy, gzip, zstd, brotli, lz4). Errors name the file
// and, for CSV, the line.
import { createReadStream, statSync } from 'node:fs';
import { extname } from 'node:path';
import { parse } from 'csv-parse';
import { ColumnBuilder } from './columnBuilder';
import type { RawColumn } from './columns';
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

/** Files written on Windows (CRLF), Unix (LF) and old Macs (CR) all read alike. */
const RECORD_DELIMITERS = ['\r\n', '\n', '\r'];

function delimiterOf(path: string): string {
  return tableFormat(path) === 'tsv' ? '\t' : ',';
}

function keepColumn(options: ReadOptions, name: string): boolean {
  return !options.keep || options.keep.has(name);
}

/** Column names from the header (CSV/TSV) or the schema (Parquet), without reading the data. */
export async function readColumnNames(path: string): Promise<string[]> {
  if (tableFormat(path) === 'parquet') {
    const { asyncBufferFromFile, parquetMetadataAsync, parquetSchema } = await import('hyparquet');
    const metadata = await parquetMetadataAsync(await asyncBufferFromFile(path));
    return parquetSchema(metadata).children.map((c) => c.element.name);
  }
  const parser = createReadStream(path, { end: 1 << 20 }).pipe(
    parse({ delimiter: delimiterOf(path), record_delimiter: RECORD_DELIMITERS, bom: true, to_line: 1, relax_quotes: true }),
  );
  for await (const record of parser as AsyncIterable<string[]>) return uniqueHeader(path, record);
  return [];
}

export type TableFormat = 'csv' | 'tsv' | 'parquet';

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
  const parser = stream.pipe(parse({ delimiter, record_delimiter: RECORD_DELIMITERS, bom: true, skip_empty_lines: true, relax_quotes: true }));
  const abort = () => stream.destroy(new DriftInputError(`${path}: reading cancelled`));
  options.signal?.addEventListener('abort', abort, { once: true });
  let names: string[] | undefined;
  let builders: (ColumnBuilder | undefined)[] = [];
  const estimatedRows = Math.max(1024, Math.ceil(size / 64));
  let rows = 0;
  let nextReport = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (!names) {
        names = uniqueHeader(path, record);
        builders = names.map((n) => (keepColumn(options, n) ? new ColumnBuilder(Math.min(estimatedRows, 1 << 20)) : undefined));
        continue;
      }
      if (record.length !== names.length) {
        const line = parser.info.lines;
        throw new DriftInputError(
          `${path}:${line}: ${record.length} fields where the header has ${names.length}; fix the row or its quoting`,
        );
      }
      for (let c = 0; c < record.length; c++) builders[c]?.pushText(record[c]!);
      rows++;
      if (options.onProgress && stream.bytesRead >= nextReport) {
        options.onProgress(Math.min(1, stream.bytesRead / Math.max(size, 1)));
        nextReport = stream.bytesRead + (size >> 6);
      }
    }
  } catch (error) {
    if (error instanceof DriftInputError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    const line = (error as { lines?: number }).lines ?? parser.info.lines;
    throw new DriftInputError(`${path}:${line}: cannot parse ${delimiter === '\t' ? 'TSV' : 'CSV'}: ${message}`);
  } finally {
    options.signal?.removeEventListener('abort', abort);
  }
  if (!names) throw new DriftInputError(`${path}: the file is empty; it needs a header row and data rows`);
  options.onProgress?.(1);
  const columns = new Map<string, RawColumn>();
  names.forEach((name, i) => {
    const builder = builders[i];
    if (builder) columns.set(name, builder.finish());
  });
  return { rows, columns };
}

async function readParquet(path: string, options: ReadOptions): Promise<ColumnTable> {
  const { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema } = await import('hyparquet');
  const { compressors } = await import('hyparquet-compressors');
  let file: Awaited<ReturnType<typeof asyncBufferFromFile>>;
  let metadata: Awaited<ReturnType<typeof parquetMetadataAsync>>;
  try {
    file = await asyncBufferFromFile(path);
    metadata = await parquetMetadataAsync(file);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new DriftInputError(`${path}: not a readable Parquet file (${message})`);
  }
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
