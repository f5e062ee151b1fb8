// How one run reads in a tree row: its key metric, its start time relative to now, its nesting under a parent run.
// Pure functions over core/tracking's Run, shared by the Runs view and its tests.
import { type Metric, PARENT_RUN_TAG, type Run } from '../tracking/store';
import { MLFLOW_SYSTEM_PREFIX } from '../tracking/systemMetrics';
export const PREFERRED_KEY_METRICS = ['accuracy', 'val_loss', 'loss'];

/**
 * The configured metric when the run has it; else the first of accuracy/val_loss/loss present; else the first key
 * the run's code logged (a `system/` metric only when there is nothing else).
 */
export function keyMetric(run: Run, configured?: string): Metric | undefined {
  const metrics = run.data.metrics;
  if (configured) return metrics.find((m) => m.key === configured);
  for (const key of PREFERRED_KEY_METRICS) {
    const found = metrics.find((m) => m.key === key);
    if (found) return found;
  }
  const sorted = [...metrics].sort((a, b) => a.key.localeCompare(b.key));
  return sorted.find((m) => !m.key.startsWith(MLFLOW_SYSTEM_PREFIX)) ?? sorted[0];
}

/**
 * The metric to plot first for several runs, perhaps from different stores (an MLflow and a W&B run): the first run's
 * key metric when every run logged it, else another run's key metric that every run logged, else accuracy, val_loss
 * or loss when every run logged it, else the first run's key metric.
 */
export function sharedKeyMetric(runs: readonly Run[]): string | undefined {
  const keys = runs.map((run) => keyMetric(run)?.key);
  const everyRunHas = (key: string | undefined) => key !== undefined && runs.every((run) => run.data.metrics.some((m) => m.key === key));
  return keys.find(everyRunHas) ?? PREFERRED_KEY_METRICS.find(everyRunHas) ?? keys[0];
}

/** The run's name, or the start of its id when it has none (MLflow 1.x). */
export function runLabel(run: Run): string {
  return run.info.runName || run.info.runId.slice(0, 8);
}

/** 4 significant digits, and MLflow's spellings of the non-finite values. */
export function formatMetricValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (Number.isInteger(value)) return String(value);
  return Number(value.toPrecision(4)).toString();
}

const UNITS: Array<[string, number]> = [
  ['y', 365 * 24 * 3600_000],
  ['mo', 30 * 24 * 3600_000],
  ['d', 24 * 3600_000],
  ['h', 3600_000],
  ['m', 60_000],
  ['s', 1000],
];

/** "3h ago", "just now"; a start time in the future (clock skew) reads as "just now". */
export function relativeTime(ms: number, now: number): string {
  const elapsed = now - ms;
  for (const [unit, size] of UNITS) {
    if (elapsed >= size) return `${Math.floor(elapsed / size)}${unit} ago`;
  }
  return 'just now';
}

export interface RunTreeEntry {
  run: Run;
  children: RunTreeEntry[];
}

export function nestRuns(runs: readonly Run[]): RunTreeEntry[] {
  const toEntry = (nested: Nested<Run>): RunTreeEntry => ({ run: nested.item, children: nested.children.map(toEntry) });
  return nestItems(runs, (run) => run.info.runId, (run) => run.data.tags.find((t) => t.key === PARENT_RUN_TAG)?.value).map(toEntry);
}

export interface Nested<T> {
  item: T;
  children: Nested<T>[];
}

/**
 * Children under their parent when the parent is among `items`; a child whose parent is not loaded (filtered out, on
 * a later page) stays at the top level so it is never hidden. Order is kept; cycles cannot hide items.
 */
export function nestItems<T>(items: readonly T[], idOf: (item: T) => string, parentIdOf: (item: T) => string | undefined): Nested<T>[] {
  const entries = new Map(items.map((item) => [idOf(item), { item, children: [] as Nested<T>[] }]));
  const top: Nested<T>[] = [];
  for (const item of items) {
    const entry = entries.get(idOf(item))!;
    const parentId = parentIdOf(item);
    const parent = parentId !== undefined && parentId !== idOf(item) ? entries.get(parentId) : undefined;
    if (parent && !isAncestor(entry, parent)) parent.children.push(entry);
    else top.push(entry);
  }
  return top;
}

function isAncestor<T>(candidate: Nested<T>, of: Nested<T>): boolean {
  return candidate === of || candidate.children.some((child) => isAncestor(child, of));
}
