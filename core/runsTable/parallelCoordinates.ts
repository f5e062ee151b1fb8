// Parallel coordinates over runs: one axis per param that varies among them, then the metric. An axis is numeric
// when every value it has is a finite number — logarithmic when all are positive, span two decades or more and
// crowd the bottom of a linear axis (a learning rate searched log-uniformly), else linear — and categorical
// otherwise; the panel lets a user switch a numeric axis between linear and log. Positions are 0 (bottom) to 1 (top); the panel draws
// and brushes with the same functions, so a brush keeps exactly the runs these say. Pure: the webview imports it.

export type AxisScale = 'linear' | 'log' | 'categorical';

export interface Axis {
  /** The table column id (`params.lr`, `metrics.loss`). */
  id: string;
  label: string;
  scale: AxisScale;
  /** Numeric axes: the range of the values. */
  min: number;
  max: number;
  /** Categorical axes: the values, bottom to top. */
  categories: string[];
  /** Per run, in the runs' order: the number, the category's index, or null when the run has no value. */
  values: Array<number | null>;
}

export interface ParallelData {
  runIds: string[];
  labels: string[];
  axes: Axis[];
  /** Which end of the metric (the last axis) is better: the lines there get the brightest colour. */
  better: MetricDirection;
}

export type MetricDirection = 'higher' | 'lower';

/** A loss, an error or a distance is better low, as MLflow's and W&B's own examples name them. */
const LOWER_IS_BETTER = /loss|error|err$|mse|mae|rmse|perplexity|wer|cer|distance|latency/i;

/**
 * Which end of a metric is better: the order the runs are sorted by when they are sorted by it (a sweep opens
 * sorted by its own goal: minimize is ascending), else what its name says.
 */
export function betterEnd(metric: string, sort: { column: string; descending: boolean } | undefined): MetricDirection {
  if (sort?.column === `metrics.${metric}`) return sort.descending ? 'higher' : 'lower';
  return LOWER_IS_BETTER.test(metric) ? 'lower' : 'higher';
}

export interface AxisInput {
  id: string;
  label: string;
  /** By run id: a param's text or a metric's value. */
  values: ReadonlyMap<string, string | number>;
}

/** Two decades or more between the smallest and largest positive value may make an axis logarithmic… */
const LOG_SPAN = 100;
/** …when the median sits in the bottom tenth of a linear axis. */
const LOG_CROWDED = 0.1;

/** The params that vary among the runs, each as an axis, then the metric's axis (always kept). */
export function parallelAxes(runIds: readonly string[], params: readonly AxisInput[], metric: AxisInput): Axis[] {
  const axes = params.map((param) => axisOf(runIds, param)).filter((axis) => varies(axis));
  return [...axes, axisOf(runIds, metric)];
}

export function axisOf(runIds: readonly string[], input: AxisInput): Axis {
  // A metric's NaN or infinity has no place on an axis: it reads as missing.
  const raw = runIds.map((id) => {
    const value = input.values.get(id);
    return typeof value === 'number' && !Number.isFinite(value) ? undefined : value;
  });
  const present = raw.filter((v): v is string | number => v !== undefined);
  const numbers = present.map(toNumber);
  if (present.length > 0 && numbers.every(Number.isFinite)) {
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const n of numbers) {
      if (n < min) min = n;
      if (n > max) max = n;
    }
    const median = [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)]!;
    const crowded = (median - min) / (max - min) < LOG_CROWDED;
    const scale: AxisScale = min > 0 && max / min >= LOG_SPAN && crowded ? 'log' : 'linear';
    return { id: input.id, label: input.label, scale, min, max, categories: [], values: raw.map((v) => (v === undefined ? null : toNumber(v))) };
  }
  const categories = [...new Set(present.map(String))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const index = new Map(categories.map((c, i) => [c, i]));
  return { id: input.id, label: input.label, scale: 'categorical', min: 0, max: Math.max(0, categories.length - 1), categories, values: raw.map((v) => (v === undefined ? null : index.get(String(v))!)) };
}

/** Where a value sits on its axis, 0 (bottom) to 1 (top); a lone value sits in the middle. */
export function axisPosition(axis: Axis, value: number): number {
  if (axis.scale === 'categorical') return axis.categories.length <= 1 ? 0.5 : value / (axis.categories.length - 1);
  if (axis.max === axis.min) return 0.5;
  if (axis.scale === 'log') return (Math.log10(value) - Math.log10(axis.min)) / (Math.log10(axis.max) - Math.log10(axis.min));
  return (value - axis.min) / (axis.max - axis.min);
}

/** The value at a position (the inverse of axisPosition), for axis ticks and brush labels. */
export function axisValue(axis: Axis, position: number): number {
  if (axis.scale === 'categorical') return Math.round(position * Math.max(0, axis.categories.length - 1));
  if (axis.scale === 'log') return 10 ** (Math.log10(axis.min) + position * (Math.log10(axis.max) - Math.log10(axis.min)));
  return axis.min + position * (axis.max - axis.min);
}

/** A brush on an axis: the positions [low, high] it covers. */
export interface Brush {
  axis: string;
  low: number;
  high: number;
}

/** The indices of the runs inside every brush; a run without a value on a brushed axis is outside it. */
export function brushedRuns(data: ParallelData, brushes: readonly Brush[]): number[] {
  const active = brushes.flatMap((brush) => {
    const axis = data.axes.find((a) => a.id === brush.axis);
    return axis ? [{ axis, low: Math.min(brush.low, brush.high), high: Math.max(brush.low, brush.high) }] : [];
  });
  const kept: number[] = [];
  for (let run = 0; run < data.runIds.length; run++) {
    const inside = active.every(({ axis, low, high }) => {
      const value = axis.values[run];
      if (value === null || value === undefined || Number.isNaN(value)) return false;
      const position = axisPosition(axis, value);
      return position >= low - 1e-9 && position <= high + 1e-9;
    });
    if (inside) kept.push(run);
  }
  return kept;
}

function varies(axis: Axis): boolean {
  const distinct = new Set(axis.values.map((v) => (v === null ? 'missing' : v)));
  return distinct.size > 1;
}

function toNumber(value: string | number): number {
  if (typeof value === 'number') return value;
  return value.trim() === '' ? Number.NaN : Number(value);
}
