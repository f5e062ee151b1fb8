// The runs table as CSV: the rows shown (folded children and group rows left out) with the columns shown, in their
// order. `run_id` comes first; a metric column's header names its mode (`metrics.loss@min`, `metrics.loss@step=10`).
// Times are ISO 8601 (UTC), durations seconds, metrics full precision with MLflow's spellings of NaN and ±inf.
import { csvLines } from '../format/csv';
import type { CellValue } from './cells';
import type { ColumnSpec } from './columns';
import type { RunsTableSession } from './session';
import { type MetricMode, metricModeOf } from './tableQuery';

/** Rows read per window: whole runs are read for each. */
const CHUNK = 500;

export async function tableCsv(session: RunsTableSession, columns: readonly ColumnSpec[]): Promise<string> {
  const query = session.currentQuery;
  const lines: string[][] = [['run_id', ...columns.map((c) => headerOf(c, metricModeOf(query, c)))]];
  const total = session.state().rowCount;
  for (let offset = 0; offset < total; offset += CHUNK) {
    for (const { run, cells } of await session.window(offset, CHUNK)) {
      if (!run || !cells) continue;
      lines.push([run.runId, ...columns.map((c) => fieldOf(c, cells[c.id] ?? null))]);
    }
  }
  return csvLines(lines);
}

function headerOf(column: ColumnSpec, mode: MetricMode): string {
  if (column.group !== 'metrics' || mode.kind === 'latest') return column.id;
  return `${column.id}@${mode.kind === 'step' ? `step=${mode.step}` : mode.kind}`;
}

function fieldOf(column: ColumnSpec, value: CellValue): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (column.kind === 'time') return new Date(value).toISOString();
  if (column.kind === 'duration') return String(value / 1000);
  return String(value);
}
