// The runs table's columns: the run's own fields first (as MLflow's runs table shows them), then one column per
// param, metric and tag key the runs have, in four groups. A column's id is its MLflow search identifier
// (`params.lr`, `metrics.val/loss`), so sorting and filtering on it can be handed to the store as written.
import type { ColumnEntity, RunAttribute, RunKeys } from '../tracking/runColumns';

export type ColumnGroup = 'attributes' | 'params' | 'metrics' | 'tags';
/** How a column's values read and compare: text, numbers, epoch milliseconds, milliseconds of duration, run status. */
export type ColumnKind = 'text' | 'number' | 'time' | 'duration' | 'status';

export interface ColumnSpec {
  /** `<group>.<key>`; keys may hold dots and slashes. */
  id: string;
  group: ColumnGroup;
  key: string;
  label: string;
  kind: ColumnKind;
}

/** MLflow's source tag (mlflow/utils/mlflow_tags.py): the script or notebook that started the run. */
export const SOURCE_TAG = 'mlflow.source.name';

/** The run's own columns; `key` is MLflow's attribute name, except duration (ours) and source (a tag). */
export const ATTRIBUTE_COLUMNS: readonly ColumnSpec[] = [
  { id: 'attributes.run_name', group: 'attributes', key: 'run_name', label: 'Name', kind: 'text' },
  { id: 'attributes.status', group: 'attributes', key: 'status', label: 'Status', kind: 'status' },
  { id: 'attributes.start_time', group: 'attributes', key: 'start_time', label: 'Start', kind: 'time' },
  { id: 'attributes.duration', group: 'attributes', key: 'duration', label: 'Duration', kind: 'duration' },
  { id: 'attributes.user_id', group: 'attributes', key: 'user_id', label: 'User', kind: 'text' },
  { id: 'attributes.source', group: 'attributes', key: 'source', label: 'Source', kind: 'text' },
];

const GROUP_OF: Record<keyof RunKeys, ColumnGroup> = { params: 'params', metrics: 'metrics', tags: 'tags' };

export function columnsFor(keys: RunKeys): ColumnSpec[] {
  const keyed = (Object.keys(GROUP_OF) as Array<keyof RunKeys>).flatMap((field) =>
    keys[field].map(
      (key): ColumnSpec => ({ id: `${GROUP_OF[field]}.${key}`, group: GROUP_OF[field], key, label: key, kind: field === 'metrics' ? 'number' : 'text' }),
    ),
  );
  return [...ATTRIBUTE_COLUMNS, ...keyed];
}

export function findColumn(columns: readonly ColumnSpec[], id: string): ColumnSpec | undefined {
  return columns.find((c) => c.id === id);
}

/** Where a column's values come from in the store's column reads; undefined for duration, which is computed. */
export function columnSource(column: ColumnSpec): { entity: ColumnEntity; key: string } | undefined {
  switch (column.group) {
    case 'params':
      return { entity: 'param', key: column.key };
    case 'metrics':
      return { entity: 'metric', key: column.key };
    case 'tags':
      return { entity: 'tag', key: column.key };
    case 'attributes':
      if (column.key === 'duration') return undefined;
      if (column.key === 'source') return { entity: 'tag', key: SOURCE_TAG };
      return { entity: 'attribute', key: column.key as RunAttribute };
  }
}

/**
 * The column as an MLflow search identifier, backquoted so any key parses (`params.\`learning rate\``); undefined for
 * duration, which MLflow cannot search or order by.
 */
export function searchIdentifier(column: ColumnSpec): string | undefined {
  const source = columnSource(column);
  if (!source) return undefined;
  if (source.entity === 'attribute') return `attributes.${source.key}`;
  return `${source.entity === 'param' ? 'params' : source.entity === 'metric' ? 'metrics' : 'tags'}.\`${source.key}\``;
}
