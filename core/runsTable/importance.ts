// Which params matter for a metric, as W&B's sweep page answers it: a correlation per param and a random-forest
// importance (regressionForest.ts). Runs without a finite value of the metric are left out. A param is numeric when
// every value it has in those runs is a finite number: its correlation is over the runs that have it, and for the
// trees a missing value sits below every present one. Otherwise it is categorical, a missing value a category of
// its own. Params with one value tell nothing, and categorical ones with a distinct value in most runs (ids, paths)
// would only let the trees memorise runs: both are left out.
import { FOREST_DEFAULTS, type ForestOptions, forestImportances } from './regressionForest';

export interface ParamValues {
  key: string;
  /** By run id. */
  values: ReadonlyMap<string, string>;
}

export interface ParamImportance {
  key: string;
  kind: 'numeric' | 'categorical';
  /**
   * Numeric: Pearson's r with the metric, over the runs that have the param. Categorical: the correlation ratio η (0..1, unsigned), how much of the
   * metric's variance the categories explain. null when the param or the metric does not vary.
   */
  correlation: number | null;
  /** Share of the forest's error reduction, 0..1; the params' importances sum to 1. */
  importance: number;
}

export interface ImportanceResult {
  /** Runs the numbers come from (a sample when there were more than IMPORTANCE_MAX_RUNS). */
  runs: number;
  /** Runs with a finite value of the metric. */
  runsWithMetric: number;
  params: ParamImportance[];
}

/**
 * Beyond this many runs the forest reads every k-th run by id (a deterministic sample): a tree's cost grows with
 * n log n per node, and 2,000 runs already rank a sweep's params steadily.
 */
export const IMPORTANCE_MAX_RUNS = 2000;

/** A param as the forest reads it: one number per run. */
interface EncodedParam extends Omit<ParamImportance, 'importance'> {
  x: Float64Array;
}

const MISSING = '\u0000';
/** Categorical params with at most this many values are kept however few runs there are. */
const MAX_CATEGORIES_ALWAYS_KEPT = 10;

export function paramImportance(params: readonly ParamValues[], metric: ReadonlyMap<string, number>, options: ForestOptions = FOREST_DEFAULTS): ImportanceResult {
  const withMetric = [...metric.keys()].filter((id) => Number.isFinite(metric.get(id))).sort();
  const stride = Math.ceil(withMetric.length / IMPORTANCE_MAX_RUNS);
  const runIds = stride > 1 ? withMetric.filter((_, i) => i % stride === 0) : withMetric;
  const y = Float64Array.from(runIds, (id) => metric.get(id)!);
  const encoded = params.flatMap((param): EncodedParam[] => {
    const raw = runIds.map((id) => param.values.get(id) ?? MISSING);
    const distinct = new Set(raw).size;
    if (distinct < 2) return [];
    const present = raw.flatMap((v, i) => (v === MISSING ? [] : [i]));
    const numbers = present.map((i) => (raw[i]!.trim() === '' ? Number.NaN : Number(raw[i])));
    if (numbers.every(Number.isFinite)) {
      const correlation = pearson(Float64Array.from(numbers), Float64Array.from(present, (i) => y[i]!));
      return [{ key: param.key, kind: 'numeric', x: withMissingBelow(raw, numbers, present), correlation }];
    }
    if (distinct > Math.max(MAX_CATEGORIES_ALWAYS_KEPT, runIds.length / 2)) return [];
    const { codes, ratio } = categorical(raw, y);
    return [{ key: param.key, kind: 'categorical', x: codes, correlation: ratio }];
  });
  const importances = forestImportances(
    encoded.map((e) => e.x),
    y,
    options,
  );
  return {
    runs: runIds.length,
    runsWithMetric: withMetric.length,
    params: encoded.map((e, i) => ({ key: e.key, kind: e.kind, correlation: e.correlation, importance: importances[i]! })),
  };
}

/** The numbers in run order, a missing value one span below the smallest present one (a bin of its own for a tree). */
function withMissingBelow(raw: readonly string[], numbers: readonly number[], present: readonly number[]): Float64Array {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of numbers) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const x = new Float64Array(raw.length).fill(min - (max - min) - 1);
  present.forEach((row, k) => {
    x[row] = numbers[k]!;
  });
  return x;
}

/** Pearson's r (two-pass, sequential sums), null when either side is constant. */
export function pearson(x: Float64Array, y: Float64Array): number | null {
  const n = x.length;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sx += x[i]!;
    sy += y[i]!;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : null;
}

/**
 * Categories coded by their mean metric (ascending, ties by name): ordered so, a regression tree's best split over
 * the codes is its best split over the categories (Breiman et al. 1984, §9.4). Plus the correlation ratio η.
 */
function categorical(raw: readonly string[], y: Float64Array): { codes: Float64Array; ratio: number | null } {
  const groups = new Map<string, { sum: number; count: number }>();
  let total = 0;
  raw.forEach((value, i) => {
    const group = groups.get(value) ?? { sum: 0, count: 0 };
    group.sum += y[i]!;
    group.count++;
    groups.set(value, group);
    total += y[i]!;
  });
  const mean = total / y.length;
  const ordered = [...groups].sort(([a, ga], [b, gb]) => ga.sum / ga.count - gb.sum / gb.count || (a < b ? -1 : a > b ? 1 : 0));
  const code = new Map(ordered.map(([value], index) => [value, index]));
  let between = 0;
  for (const [, group] of ordered) between += group.count * (group.sum / group.count - mean) ** 2;
  let within = 0;
  for (const v of y) within += (v - mean) ** 2;
  return { codes: Float64Array.from(raw, (value) => code.get(value)!), ratio: within > 0 ? Math.sqrt(between / within) : null };
}
