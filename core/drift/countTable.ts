// Per-category counts of reference and current side by side: what chi-square, the z-test, and the key-based
// Jensen–Shannon and PSI read (Evidently's value_counts over the union of keys, utils.get_binned_data).
import type { RawColumn } from './columns';

export interface CountTable {
  keys: string[];
  /** Present when the keys come from a numeric column: the numbers, for Evidently's sorted(keys) in the z-test. */
  numericKeys?: Float64Array;
  reference: Float64Array;
  current: Float64Array;
  nReference: number;
  nCurrent: number;
}

/** Distinct values of two ascending-sorted samples with their counts (a numeric column tested as categories). */
export function countSortedNumbers(ref: Float64Array, cur: Float64Array): CountTable {
  const keys: number[] = [];
  const refCounts: number[] = [];
  const curCounts: number[] = [];
  let i = 0;
  let j = 0;
  while (i < ref.length || j < cur.length) {
    const value = j >= cur.length || (i < ref.length && ref[i]! <= cur[j]!) ? ref[i]! : cur[j]!;
    let r = 0;
    let c = 0;
    while (i < ref.length && ref[i] === value) {
      i++;
      r++;
    }
    while (j < cur.length && cur[j] === value) {
      j++;
      c++;
    }
    keys.push(value);
    refCounts.push(r);
    curCounts.push(c);
  }
  return {
    keys: keys.map(String),
    numericKeys: Float64Array.from(keys),
    reference: Float64Array.from(refCounts),
    current: Float64Array.from(curCounts),
    nReference: ref.length,
    nCurrent: cur.length,
  };
}

function countCodes(column: Extract<RawColumn, { kind: 'categorical' }>): Float64Array {
  const counts = new Float64Array(column.dictionary.length);
  const codes = column.codes;
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i]!;
    if (code >= 0) counts[code]!++;
  }
  return counts;
}

/** Counts of two dictionary-encoded columns over the union of their keys, reference keys first. */
export function countCategories(
  ref: Extract<RawColumn, { kind: 'categorical' }>,
  cur: Extract<RawColumn, { kind: 'categorical' }>,
): CountTable {
  const refCounts = countCodes(ref);
  const curCounts = countCodes(cur);
  const index = new Map<string, number>();
  const keys: string[] = [];
  const reference: number[] = [];
  const current: number[] = [];
  const add = (key: string, r: number, c: number) => {
    let at = index.get(key);
    if (at === undefined) {
      at = keys.length;
      index.set(key, at);
      keys.push(key);
      reference.push(0);
      current.push(0);
    }
    reference[at]! += r;
    current[at]! += c;
  };
  ref.dictionary.forEach((key, code) => {
    if (refCounts[code]! > 0) add(key, refCounts[code]!, 0);
  });
  cur.dictionary.forEach((key, code) => {
    if (curCounts[code]! > 0) add(key, 0, curCounts[code]!);
  });
  return {
    keys,
    reference: Float64Array.from(reference),
    current: Float64Array.from(current),
    nReference: reference.reduce((a, b) => a + b, 0),
    nCurrent: current.reduce((a, b) => a + b, 0),
  };
}
