// One run's cells: the value each column shows, as plain JSON (a webview message, a CSV field). Non-finite metric
// values travel as MLflow's spellings ('NaN', 'Infinity', '-Infinity'), which JSON cannot carry as numbers.
import { formatMetricValue, runLabel } from '../runsView/runPresentation';
import type { MetricSummary } from '../tracking/runColumns';
import { PARENT_RUN_TAG, type Run } from '../tracking/store';
import { type ColumnSpec, SOURCE_TAG } from './columns';
import type { MetricMode } from './tableQuery';

export type CellValue = string | number | null;

/** What a row knows of its run besides its cells: the table links, nests and colours by these. */
export interface RowRun {
  runId: string;
  experimentId: string;
  label: string;
  status: string;
  parentRunId?: string;
}

export function rowRun(run: Run): RowRun {
  const parentRunId = run.data.tags.find((t) => t.key === PARENT_RUN_TAG)?.value;
  const row: RowRun = { runId: run.info.runId, experimentId: run.info.experimentId, label: runLabel(run), status: run.info.status };
  if (parentRunId !== undefined) row.parentRunId = parentRunId;
  return row;
}

export function durationOf(run: Run): number | undefined {
  return run.info.endTime === null ? undefined : run.info.endTime - run.info.startTime;
}

/** A metric's shown value under a mode: latest from the run, the rest from its history's summary. */
export function metricShown(run: Run, key: string, mode: MetricMode, summary: MetricSummary | undefined): number | undefined {
  switch (mode.kind) {
    case 'latest':
      return run.data.metrics.find((m) => m.key === key)?.value;
    case 'min':
      return summary?.min;
    case 'max':
      return summary?.max;
    case 'step':
      return summary?.atStep;
  }
}

export function cellValue(run: Run, column: ColumnSpec, mode: MetricMode, summary: MetricSummary | undefined): CellValue {
  switch (column.group) {
    case 'params':
      return run.data.params.find((p) => p.key === column.key)?.value ?? null;
    case 'tags':
      return run.data.tags.find((t) => t.key === column.key)?.value ?? null;
    case 'metrics':
      return numberCell(metricShown(run, column.key, mode, summary));
    case 'attributes':
      return attributeCell(run, column.key);
  }
}

function attributeCell(run: Run, key: string): CellValue {
  switch (key) {
    case 'run_name':
      return runLabel(run);
    case 'status':
      return run.info.status;
    case 'start_time':
      return run.info.startTime;
    case 'duration':
      return durationOf(run) ?? null;
    case 'user_id':
      return run.info.userId;
    case 'source':
      return run.data.tags.find((t) => t.key === SOURCE_TAG)?.value ?? null;
    default:
      return null;
  }
}

function numberCell(value: number | undefined): CellValue {
  if (value === undefined) return null;
  return Number.isFinite(value) ? value : formatMetricValue(value);
}
