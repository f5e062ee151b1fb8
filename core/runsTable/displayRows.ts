// The table's rows in display order: runs in the search's order with child runs folded under their parent (as
// MLflow's runs table nests them), or — grouped by a param — one row per value followed by its runs, each group with
// its size and the mean and best of the sorted metric. A folded parent or group hides what is under it.
import { nestItems, type Nested } from '../runsView/runPresentation';
import type { RunHeader } from '../tracking/runColumns';

export type DisplayRow =
  | { kind: 'run'; runId: string; depth: number; childCount: number; folded: boolean }
  | { kind: 'group'; key: string; value: string | undefined; count: number; mean?: number; best?: number; folded: boolean };

/** A group's key in the fold set: values are text, so a prefix keeps them apart from run ids. */
export function groupKey(value: string | undefined): string {
  return value === undefined ? 'group:' : `group:=${value}`;
}

export function nestedRows(headers: readonly RunHeader[], folded: ReadonlySet<string>): DisplayRow[] {
  const rows: DisplayRow[] = [];
  const walk = (entries: Nested<RunHeader>[], depth: number) => {
    for (const { item, children } of entries) {
      const isFolded = children.length > 0 && folded.has(item.runId);
      rows.push({ kind: 'run', runId: item.runId, depth, childCount: children.length, folded: isFolded });
      if (!isFolded) walk(children, depth + 1);
    }
  };
  walk(
    nestItems(headers, (h) => h.runId, (h) => h.parentRunId),
    0,
  );
  return rows;
}

/**
 * Groups in the order of their first run, so when the runs are sorted by a metric the groups are too (by their
 * best run). `sortValues` are the sorted metric's values: each group's mean is over its finite ones, its best is the
 * first finite one in the search's order.
 */
export function groupedRows(
  headers: readonly RunHeader[],
  groupValues: ReadonlyMap<string, string>,
  sortValues: ReadonlyMap<string, number> | undefined,
  folded: ReadonlySet<string>,
): DisplayRow[] {
  const groups = new Map<string, { value: string | undefined; runIds: string[] }>();
  for (const { runId } of headers) {
    const value = groupValues.get(runId);
    const key = groupKey(value);
    let group = groups.get(key);
    if (!group) {
      group = { value, runIds: [] };
      groups.set(key, group);
    }
    group.runIds.push(runId);
  }
  const rows: DisplayRow[] = [];
  for (const [key, { value, runIds }] of groups) {
    const isFolded = folded.has(key);
    rows.push({ kind: 'group', key, value, count: runIds.length, ...groupStats(runIds, sortValues), folded: isFolded });
    if (isFolded) continue;
    for (const runId of runIds) rows.push({ kind: 'run', runId, depth: 1, childCount: 0, folded: false });
  }
  return rows;
}

function groupStats(runIds: readonly string[], sortValues: ReadonlyMap<string, number> | undefined): { mean?: number; best?: number } {
  if (!sortValues) return {};
  let sum = 0;
  let count = 0;
  let best: number | undefined;
  for (const id of runIds) {
    const value = sortValues.get(id);
    if (value === undefined || !Number.isFinite(value)) continue;
    best ??= value;
    sum += value;
    count++;
  }
  return count === 0 ? {} : { mean: sum / count, best: best! };
}
