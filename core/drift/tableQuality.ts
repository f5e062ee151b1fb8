// Dataset-level data quality: duplicated rows and columns of one file (Evidently's TestNumberOfDuplicatedRows,
// TestNumberOfDuplicatedColumns) and the whole quality answer assembled from the per-column figures.
import type { ColumnDriftResult } from './columnDrift';
import type { ColumnQuality } from './columnQuality';
import type { RawColumn } from './columns';
import { sortFloat64 } from './radixSort';
import type { ColumnTable } from './datasetDrift';

export interface Duplicates {
  duplicated_rows: number;
  /** Pairs of columns with the same value in every row, the later one second. */
  duplicated_columns: [string, string][];
}

export interface DataQualityReport {
  rows_reference: number;
  rows_current: number;
  /** (current − reference) / reference rows; 0 for an empty reference. */
  row_count_change: number;
  /** Undefined when the file was read in column groups (too large for one pass), so rows were never whole. */
  duplicated_rows_reference?: number | undefined;
  duplicated_rows_current?: number | undefined;
  duplicated_columns_current?: [string, string][] | undefined;
  constant_columns_current: string[];
  almost_constant_columns_current: string[];
  columns: Record<string, ColumnQuality>;
}

/** Each column's cells as 32-bit words (one element type keeps the hash loop monomorphic): a number's two words
 * (NaN made canonical), or a dictionary code. */
type CellWords = { words: Uint32Array; stride: 1 | 2 };

function cellWords(column: RawColumn): CellWords {
  if (column.kind === 'categorical') {
    return { words: new Uint32Array(column.codes.buffer, column.codes.byteOffset, column.codes.length), stride: 1 };
  }
  const values = column.values.slice();
  for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i]!)) values[i] = Number.NaN;
  return { words: new Uint32Array(values.buffer), stride: 2 };
}

function rowHashes(columns: CellWords[], rows: number): Float64Array {
  const hashes = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let h1 = 0x811c9dc5;
    let h2 = 0x1b873593;
    for (const { words, stride } of columns) {
      const lo = words[r * stride]!;
      const hi = stride === 2 ? words[r * 2 + 1]! : 0x7ff80001;
      h1 = Math.imul(h1 ^ lo, 0x01000193) ^ Math.imul(hi, 0x85ebca6b);
      h2 = Math.imul(h2 ^ hi, 0xc2b2ae35) + lo;
    }
    // 53 bits of two 32-bit hashes: a JS number keys the Map exactly.
    hashes[r] = (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff);
  }
  return hashes;
}

function sameRow(columns: CellWords[], a: number, b: number): boolean {
  for (const { words, stride } of columns) {
    if (words[a * stride] !== words[b * stride]) return false;
    if (stride === 2 && words[a * 2 + 1] !== words[b * 2 + 1]) return false;
  }
  return true;
}

/** Rows equal to an earlier row (pandas' duplicated().sum()), checked cell by cell behind the hash. */
export function countDuplicatedRows(table: ColumnTable): number {
  const columns = [...table.columns.values()].map(cellWords);
  if (!columns.length) return 0;
  const hashes = rowHashes(columns, table.rows);
  // A radix sort finds the hashes held by more than one row; only those rows are compared cell by cell.
  const sorted = sortFloat64(hashes.slice());
  const repeated = new Set<number>();
  for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) repeated.add(sorted[i]!);
  if (!repeated.size) return 0;
  const distinct = new Map<number, number[]>();
  let duplicated = 0;
  for (let r = 0; r < table.rows; r++) {
    const hash = hashes[r]!;
    if (!repeated.has(hash)) continue;
    const rows = distinct.get(hash);
    if (!rows) distinct.set(hash, [r]);
    else if (rows.some((o) => sameRow(columns, o, r))) duplicated++;
    else rows.push(r);
  }
  return duplicated;
}

function sameColumn(a: RawColumn, b: RawColumn, rows: number): boolean {
  if (a.kind === 'numeric' && b.kind === 'numeric') {
    for (let r = 0; r < rows; r++) {
      const x = a.values[r]!;
      const y = b.values[r]!;
      if (x !== y && !(Number.isNaN(x) && Number.isNaN(y))) return false;
    }
    return true;
  }
  if (a.kind === 'categorical' && b.kind === 'categorical') {
    for (let r = 0; r < rows; r++) {
      const x = a.codes[r]!;
      const y = b.codes[r]!;
      if ((x < 0 || y < 0 ? x !== y : a.dictionary[x] !== b.dictionary[y])) return false;
    }
    return true;
  }
  return false;
}

export function findDuplicates(table: ColumnTable): Duplicates {
  const entries = [...table.columns.entries()];
  const pairs: [string, string][] = [];
  for (let i = 0; i < entries.length; i++) {
    for (let j = i + 1; j < entries.length; j++) {
      if (sameColumn(entries[i]![1], entries[j]![1], table.rows)) pairs.push([entries[i]![0], entries[j]![0]]);
    }
  }
  return { duplicated_rows: countDuplicatedRows(table), duplicated_columns: pairs };
}

export function assembleQuality(
  columns: ColumnDriftResult[],
  rows: { reference: number; current: number },
  duplicates: { reference?: Duplicates | undefined; current?: Duplicates | undefined },
): DataQualityReport {
  const perColumn: Record<string, ColumnQuality> = {};
  for (const c of columns) if (c.quality) perColumn[c.column_name] = c.quality;
  const names = Object.keys(perColumn);
  return {
    rows_reference: rows.reference,
    rows_current: rows.current,
    row_count_change: rows.reference ? (rows.current - rows.reference) / rows.reference : 0,
    duplicated_rows_reference: duplicates.reference?.duplicated_rows,
    duplicated_rows_current: duplicates.current?.duplicated_rows,
    duplicated_columns_current: duplicates.current?.duplicated_columns,
    constant_columns_current: names.filter((n) => perColumn[n]!.constant_current),
    almost_constant_columns_current: names.filter((n) => perColumn[n]!.almost_constant_current),
    columns: perColumn,
  };
}
