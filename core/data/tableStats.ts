// Row count and header of a CSV/TSV file, streamed so large tables never sit in memory.
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';

export interface TableStats {
  rows: number;
  columns: string[];
}

export function isTablePath(path: string): boolean {
  return /\.(csv|tsv)$/i.test(path);
}

export async function readTableStats(file: string, logicalPath: string): Promise<TableStats> {
  const parser = createReadStream(file).pipe(
    parse({ delimiter: /\.tsv$/i.test(logicalPath) ? '\t' : ',', relax_column_count: true, relax_quotes: true, bom: true, skip_empty_lines: true }),
  );
  let columns: string[] | undefined;
  let rows = 0;
  for await (const record of parser as AsyncIterable<string[]>) {
    if (columns === undefined) columns = record;
    else rows++;
  }
  return { rows, columns: columns ?? [] };
}
