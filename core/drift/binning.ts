// Evidently's get_binned_data (legacy/calculations/stattests/utils.py): numeric columns whose reference holds more
// than 20 distinct values are histogrammed on numpy's Sturges edges over reference ∪ current; everything else is
// counted by key. Shares are counts over the sample size; PSI then replaces zero shares (feel_zeroes), JS does not.
import type { CountTable } from './countTable';
import { firstIndexNotBefore } from '../arrays/sortedSearch';

/** Evidently bins a numeric column when the reference has more distinct values than this. */
export const BINNING_UNIQUE_LIMIT = 20;

export interface Shares {
  reference: Float64Array;
  current: Float64Array;
}

/**
 * numpy.histogram_bin_edges(concat(ref, cur), bins='sturges'): width ptp/(log2(n)+1) (at least 1 for integer
 * dtypes), ceil(ptp/width) equal bins from linspace; a constant sample gets the range ±0.5.
 */
export function sturgesEdges(min: number, max: number, size: number, integer: boolean): Float64Array {
  let first = min;
  let last = max;
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  let width = size > 0 ? (max - min) / (Math.log2(size) + 1) : 0;
  if (width && integer && width < 1) width = 1;
  const bins = width ? Math.ceil((last - first) / width) : 1;
  const edges = new Float64Array(bins + 1);
  const step = (last - first) / bins;
  for (let i = 0; i < bins; i++) edges[i] = i * step + first;
  edges[bins] = last;
  return edges;
}

/** First index in ascending `values` whose value is ≥ x (`right`: > x), as numpy.searchsorted. */
function searchSorted(values: Float64Array, x: number, right: boolean): number {
  return firstIndexNotBefore(values.length, right ? (i) => values[i]! <= x : (i) => values[i]! < x);
}

/**
 * numpy.histogram counts of ascending-sorted values for explicit edges, by numpy's own method for them
 * (_search_sorted_inclusive): [e_i, e_i+1) except the last bin, which includes its right edge.
 */
export function histogramCounts(sorted: Float64Array, edges: Float64Array): Float64Array {
  const bins = edges.length - 1;
  const cumulative = new Float64Array(bins + 1);
  for (let i = 0; i < bins; i++) cumulative[i] = searchSorted(sorted, edges[i]!, false);
  cumulative[bins] = searchSorted(sorted, edges[bins]!, true);
  const counts = new Float64Array(bins);
  for (let i = 0; i < bins; i++) counts[i] = cumulative[i + 1]! - cumulative[i]!;
  return counts;
}

function divide(counts: Float64Array, total: number): Float64Array {
  const out = new Float64Array(counts.length);
  for (let i = 0; i < counts.length; i++) out[i] = counts[i]! / total;
  return out;
}

export interface Histogram {
  edges: Float64Array;
  reference: Float64Array;
  current: Float64Array;
}

/** Sturges histogram of two ascending-sorted samples over their union. */
export function sturgesHistogram(ref: Float64Array, cur: Float64Array, integer: boolean): Histogram {
  const min = Math.min(ref[0]!, cur[0]!);
  const max = Math.max(ref[ref.length - 1]!, cur[cur.length - 1]!);
  const edges = sturgesEdges(min, max, ref.length + cur.length, integer);
  return { edges, reference: histogramCounts(ref, edges), current: histogramCounts(cur, edges) };
}

export function histogramShares(histogram: Histogram, nReference: number, nCurrent: number): Shares {
  return { reference: divide(histogram.reference, nReference), current: divide(histogram.current, nCurrent) };
}

export function tableShares(table: CountTable): Shares {
  return { reference: divide(table.reference, table.nReference), current: divide(table.current, table.nCurrent) };
}

/** Evidently's feel_zeroes: zero shares become min(non-zero)/1e6 when that minimum is ≤ 1e-4, else 1e-4. */
export function fillZeroShares(shares: Float64Array): Float64Array {
  let min = Number.POSITIVE_INFINITY;
  for (const s of shares) if (s !== 0 && s < min) min = s;
  const fill = min <= 0.0001 ? min / 1e6 : 0.0001;
  return shares.map((s) => (s === 0 ? fill : s));
}
