// How one column of one file is held in memory: numbers in a Float64Array (NaN and ±inf mean missing, as
// Evidently replaces ±inf by NaN and drops both before testing), anything else dictionary-encoded in an Int32Array.
import { sortFloat64 } from './radixSort';

/** pandas' dtype family for the column as read, which drives Evidently's type inference. */
export type ReadDtype = 'int' | 'float' | 'object';

export type RawColumn =
  | {
      kind: 'numeric';
      values: Float64Array;
      /** Every cell an integer literal and none missing: pandas reads it as int64. */
      integer: boolean;
    }
  | {
      kind: 'categorical';
      /** Index into `dictionary`; -1 for a missing cell. */
      codes: Int32Array;
      dictionary: string[];
    };

export function readDtype(column: RawColumn): ReadDtype {
  if (column.kind === 'categorical') return 'object';
  return column.integer ? 'int' : 'float';
}

export function columnLength(column: RawColumn): number {
  return column.kind === 'numeric' ? column.values.length : column.codes.length;
}

/** The non-missing values, ascending. */
export function presentSorted(values: Float64Array): Float64Array {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!)) count++;
  const out = new Float64Array(count);
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) out[k++] = v;
  }
  return sortFloat64(out);
}

export function missingCount(column: RawColumn): number {
  let missing = 0;
  if (column.kind === 'numeric') {
    for (let i = 0; i < column.values.length; i++) if (!Number.isFinite(column.values[i]!)) missing++;
  } else {
    for (let i = 0; i < column.codes.length; i++) if (column.codes[i]! < 0) missing++;
  }
  return missing;
}

/** Distinct non-missing values (pandas nunique), counting no further than `limit` + 1. */
export function distinctCount(column: RawColumn, limit = Number.POSITIVE_INFINITY): number {
  const seen = new Set<number>();
  if (column.kind === 'numeric') {
    for (let i = 0; i < column.values.length && seen.size <= limit; i++) {
      const v = column.values[i]!;
      if (Number.isFinite(v)) seen.add(v);
    }
  } else {
    for (let i = 0; i < column.codes.length && seen.size <= limit; i++) if (column.codes[i]! >= 0) seen.add(column.codes[i]!);
  }
  return seen.size;
}

/** A numeric column read as text, when the other file or the mapping makes it categorical. */
export function numericAsCategorical(values: Float64Array): Extract<RawColumn, { kind: 'categorical' }> {
  const index = new Map<number, number>();
  const dictionary: string[] = [];
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) {
      codes[i] = -1;
      continue;
    }
    let code = index.get(v);
    if (code === undefined) {
      code = dictionary.length;
      index.set(v, code);
      dictionary.push(String(v));
    }
    codes[i] = code;
  }
  return { kind: 'categorical', codes, dictionary };
}
