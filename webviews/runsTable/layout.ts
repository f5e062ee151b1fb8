// Which columns the table draws, where, and how wide: groups in MLflow's order (run fields, params, metrics, tags),
// the user's order within each, pinned columns first, hidden ones and (with "only differences") unvarying params
// left out, and a folded group drawn as one narrow column. Pure, so it can be tested without a browser.
import type { ColumnGroup, ColumnSpec } from '../../core/runsTable/columns';
import type { TableLayout } from './contract';

export const GROUPS: readonly ColumnGroup[] = ['attributes', 'params', 'metrics', 'tags'];
export const GROUP_TITLES: Record<ColumnGroup, string> = { attributes: 'Run', params: 'Params', metrics: 'Metrics', tags: 'Tags' };
const FOLDED_WIDTH = 28;

export type PlacedColumn =
  | { kind: 'column'; column: ColumnSpec; left: number; width: number; pinned: boolean }
  | { kind: 'folded'; group: ColumnGroup; count: number; left: number; width: number; pinned: false };

export interface Placement {
  columns: PlacedColumn[];
  /** Width of the pinned columns at the left. */
  pinnedWidth: number;
  totalWidth: number;
}

export function defaultWidth(column: ColumnSpec): number {
  if (column.id === 'attributes.run_name') return 190;
  switch (column.kind) {
    case 'time':
      return 140;
    case 'duration':
    case 'status':
      return 86;
    case 'number':
      // Room for the label beside the last/min/max/@step picker.
      return column.group === 'metrics' ? 156 : 104;
    case 'text':
      return column.group === 'attributes' ? 110 : 124;
  }
}

export function placeColumns(columns: readonly ColumnSpec[], layout: TableLayout, hiddenParams: ReadonlySet<string>): Placement {
  const shown = columns.filter((c) => !layout.hidden.includes(c.id) && !(c.group === 'params' && hiddenParams.has(c.key)));
  const rank = new Map(layout.order.map((id, i) => [id, i]));
  const ordered = [...shown].sort(
    (a, b) =>
      GROUPS.indexOf(a.group) - GROUPS.indexOf(b.group) ||
      (rank.get(a.id) ?? Number.MAX_SAFE_INTEGER) - (rank.get(b.id) ?? Number.MAX_SAFE_INTEGER) ||
      columns.indexOf(a) - columns.indexOf(b),
  );
  const pinned = ordered.filter((c) => layout.pinned.includes(c.id));
  const placed: PlacedColumn[] = [];
  let left = 0;
  const width = (c: ColumnSpec) => layout.widths[c.id] ?? defaultWidth(c);
  for (const column of pinned) {
    placed.push({ kind: 'column', column, left, width: width(column), pinned: true });
    left += width(column);
  }
  const pinnedWidth = left;
  for (const group of GROUPS) {
    const members = ordered.filter((c) => c.group === group && !layout.pinned.includes(c.id));
    if (members.length === 0) continue;
    if (layout.foldedGroups.includes(group)) {
      placed.push({ kind: 'folded', group, count: members.length, left, width: FOLDED_WIDTH, pinned: false });
      left += FOLDED_WIDTH;
      continue;
    }
    for (const column of members) {
      placed.push({ kind: 'column', column, left, width: width(column), pinned: false });
      left += width(column);
    }
  }
  return { columns: placed, pinnedWidth, totalWidth: left };
}

/** The layout with `moved` placed just before `target` (both in one group), every other column keeping its place. */
export function moveColumn(layout: TableLayout, columns: readonly ColumnSpec[], moved: string, target: string): TableLayout {
  const placement = placeColumns(columns, { ...layout, hidden: [], foldedGroups: [] }, new Set());
  const order = placement.columns.flatMap((p) => (p.kind === 'column' ? [p.column.id] : [])).filter((id) => id !== moved);
  order.splice(Math.max(0, order.indexOf(target)), 0, moved);
  return { ...layout, order };
}

export function toggle(list: readonly string[], item: string): string[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}
