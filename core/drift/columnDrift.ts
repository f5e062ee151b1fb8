// One column's drift: drop missing values, pick the test (or take the override), run it, decide, and keep the
// shares the report draws. Pure and synchronous so it runs the same in the main thread and in a worker.
import { BINNING_UNIQUE_LIMIT, type Histogram, histogramShares, type Shares, sturgesHistogram, tableShares } from './binning';
import type { ColumnQuality } from './columnQuality';
import { columnLength, missingCount, numericAsCategorical, presentSorted, type RawColumn } from './columns';
import { type CountTable, countCategories, countSortedNumbers } from './countTable';
import { ks2Samp } from './ks';
import { type ColumnType, defaultStatTest, FEW_VALUES_LIMIT, STAT_TESTS, type StatTestName } from './statTestRegistry';
import { chiSquareDrift, jensenShannon, populationStabilityIndex, wassersteinNormed, zTestDrift } from './stattests';

/** What the report draws for a column: shares of each bin (numeric) or of each category. */
export type ColumnChart =
  | { kind: 'histogram'; edges: number[]; reference: number[]; current: number[] }
  | { kind: 'categories'; keys: string[]; reference: number[]; current: number[]; otherKeys: number };

export interface ColumnDriftResult {
  column_name: string;
  column_type: ColumnType;
  stattest: StatTestName;
  stattest_name: string;
  threshold: number;
  drift_score: number;
  drift_detected: boolean;
  n_reference: number;
  n_current: number;
  missing_share_reference: number;
  missing_share_current: number;
  chart: ColumnChart;
  /** Only when quality checks were asked for (`mlops quality`, `monitor`, drift.yaml `tests:`). */
  quality?: ColumnQuality | undefined;
}

export interface ColumnDriftInput {
  name: string;
  columnType: ColumnType;
  reference: RawColumn;
  current: RawColumn;
  stattest?: StatTestName | undefined;
  threshold?: number | undefined;
  /** The reference's present values, ascending, when a caller sorted them once for many current files (monitor). */
  referenceSorted?: Float64Array | undefined;
}

export class ColumnDriftError extends Error {
  override name = 'ColumnDriftError';
}

/** Categories beyond this many are folded into one "other" bar in the chart (the tests use all of them). */
export const CHART_CATEGORY_LIMIT = 40;

/** A column ready for its test (and the quality checks): sorted present numbers, or category counts. */
export type PreparedColumn =
  | { kind: 'sorted'; ref: Float64Array; cur: Float64Array; integer: boolean }
  | { kind: 'table'; table: CountTable };

export function prepareColumn(input: ColumnDriftInput): PreparedColumn {
  const { reference: ref, current: cur } = input;
  if (ref.kind === 'numeric' && cur.kind === 'numeric') {
    const sortedRef = input.referenceSorted ?? presentSorted(ref.values);
    return { kind: 'sorted', ref: sortedRef, cur: presentSorted(cur.values), integer: ref.integer && cur.integer };
  }
  if (input.columnType === 'num') {
    throw new ColumnDriftError(`column '${input.name}' is numerical in the mapping but holds text; map it as categorical`);
  }
  const asCategorical = (c: RawColumn) => (c.kind === 'numeric' ? numericAsCategorical(c.values) : c);
  return { kind: 'table', table: countCategories(asCategorical(ref), asCategorical(cur)) };
}

/** Distinct values of a sorted sample, counting no further than limit + 1 (only comparisons need it). */
function distinctSorted(values: Float64Array, limit: number): number {
  let count = 0;
  for (let i = 0; i < values.length && count <= limit; i++) if (i === 0 || values[i] !== values[i - 1]) count++;
  return count;
}

/** Distinct values of two sorted samples together, counting no further than limit + 1. */
function distinctUnion(a: Float64Array, b: Float64Array, limit: number): number {
  let i = 0;
  let j = 0;
  let count = 0;
  while ((i < a.length || j < b.length) && count <= limit) {
    const value = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i]! : b[j]!;
    while (i < a.length && a[i] === value) i++;
    while (j < b.length && b[j] === value) j++;
    count++;
  }
  return count;
}

function shareArray(values: Float64Array): number[] {
  return Array.from(values);
}

function categoriesChart(table: CountTable): ColumnChart {
  const shares = tableShares(table);
  const order = table.keys.map((_, i) => i);
  if (table.numericKeys) order.sort((a, b) => table.numericKeys![a]! - table.numericKeys![b]!);
  else order.sort((a, b) => shares.reference[b]! + shares.current[b]! - (shares.reference[a]! + shares.current[a]!));
  const shown = order.slice(0, CHART_CATEGORY_LIMIT);
  return {
    kind: 'categories',
    keys: shown.map((i) => table.keys[i]!),
    reference: shown.map((i) => shares.reference[i]!),
    current: shown.map((i) => shares.current[i]!),
    otherKeys: order.length - shown.length,
  };
}

function histogramChart(histogram: Histogram, shares: Shares): ColumnChart {
  return {
    kind: 'histogram',
    edges: Array.from(histogram.edges),
    reference: shareArray(shares.reference),
    current: shareArray(shares.current),
  };
}

interface Scored {
  score: number;
  chart: ColumnChart;
}

function runOnSorted(
  test: StatTestName,
  columnType: ColumnType,
  ref: Float64Array,
  cur: Float64Array,
  integer: boolean,
): Scored {
  const binned = columnType === 'num' && distinctSorted(ref, BINNING_UNIQUE_LIMIT) > BINNING_UNIQUE_LIMIT;
  const histogram = binned ? sturgesHistogram(ref, cur, integer) : undefined;
  const table = binned ? undefined : countSortedNumbers(ref, cur);
  const chart = histogram
    ? histogramChart(histogram, histogramShares(histogram, ref.length, cur.length))
    : categoriesChart(table!);
  const shares = () => (histogram ? histogramShares(histogram, ref.length, cur.length) : tableShares(table!));
  const counts = () => table ?? countSortedNumbers(ref, cur);
  switch (test) {
    case 'ks':
      return { score: ks2Samp(ref, cur).pValue, chart };
    case 'wasserstein':
      return { score: wassersteinNormed(ref, cur), chart };
    case 'chisquare':
      return { score: chiSquareDrift(counts()), chart };
    case 'z':
      return { score: zTestDrift(counts()), chart };
    case 'jensenshannon': {
      const s = shares();
      return { score: jensenShannon(s.reference, s.current), chart };
    }
    case 'psi':
      return { score: populationStabilityIndex(shares()), chart };
  }
}

function runOnTable(name: string, test: StatTestName, table: CountTable): Scored {
  const chart = categoriesChart(table);
  switch (test) {
    case 'chisquare':
      return { score: chiSquareDrift(table), chart };
    case 'z':
      return { score: zTestDrift(table), chart };
    case 'jensenshannon': {
      const s = tableShares(table);
      return { score: jensenShannon(s.reference, s.current), chart };
    }
    case 'psi':
      return { score: populationStabilityIndex(tableShares(table)), chart };
    default:
      throw new ColumnDriftError(`column '${name}': ${test} needs numbers; use chisquare, z, jensenshannon or psi`);
  }
}

export function computeColumnDrift(input: ColumnDriftInput, prepared = prepareColumn(input)): ColumnDriftResult {
  const rows = { reference: columnLength(input.reference), current: columnLength(input.current) };
  const missing = {
    reference:
      input.referenceSorted && input.reference.kind === 'numeric'
        ? rows.reference - input.referenceSorted.length
        : missingCount(input.reference),
    current: missingCount(input.current),
  };
  const nRef = prepared.kind === 'sorted' ? prepared.ref.length : prepared.table.nReference;
  const nCur = prepared.kind === 'sorted' ? prepared.cur.length : prepared.table.nCurrent;
  if (nRef === 0 || nCur === 0) {
    const which = nRef === 0 ? 'reference' : 'current';
    throw new ColumnDriftError(`column '${input.name}' has no values in the ${which} data (all cells empty or NaN)`);
  }
  const nUnique =
    prepared.kind === 'sorted' ? distinctUnion(prepared.ref, prepared.cur, FEW_VALUES_LIMIT) : prepared.table.keys.length;
  const test = input.stattest ?? defaultStatTest(input.columnType, nRef, nUnique);
  const info = STAT_TESTS[test];
  if (!info.columnTypes.includes(input.columnType)) {
    throw new ColumnDriftError(`column '${input.name}' is categorical; ${test} applies to numerical columns only`);
  }
  const threshold = input.threshold ?? info.defaultThreshold;
  const { score, chart } =
    prepared.kind === 'sorted'
      ? runOnSorted(test, input.columnType, prepared.ref, prepared.cur, prepared.integer)
      : runOnTable(input.name, test, prepared.table);
  return {
    column_name: input.name,
    column_type: input.columnType,
    stattest: test,
    stattest_name: info.displayName,
    threshold,
    drift_score: score,
    drift_detected: info.drifted(score, threshold),
    n_reference: nRef,
    n_current: nCur,
    missing_share_reference: rows.reference ? missing.reference / rows.reference : 0,
    missing_share_current: rows.current ? missing.current / rows.current : 0,
    chart,
  };
}
