// What the monitoring dashboard draws from `mlops monitor`'s per-batch reports: the share of drifted columns over
// time against drift_share (a batch at or above it is dataset drift, as Evidently decides), the first batch that
// crossed it, a heat map of batches × columns, the first batch where each column drifted, and quality over time.
import { basename } from 'node:path';
import type { ColumnDriftResult } from '../drift/columnDrift';
import type { DriftReport } from '../drift/datasetDrift';
import { STAT_TESTS, type StatTestName } from '../drift/statTestRegistry';
import type { BatchResult } from './monitorRunner';

/** Heat values are capped here: ten times past the threshold reads the same as a hundred. */
export const HEAT_CAP = 4;

export interface BatchPoint {
  /** The file name, as `mlops monitor` names batches. */
  name: string;
  path: string;
  rows: number;
  share: number;
  datasetDrift: boolean;
  driftedColumns: string[];
  /** Mean of the columns' missing shares in this batch. */
  missingShare: number;
  /** Undefined when the batch was too large to hash whole rows. */
  duplicatedRows?: number | undefined;
}

export interface HeatCell {
  score: number;
  stattest: StatTestName;
  threshold: number;
  detected: boolean;
  /**
   * How far the score is towards drift, on one scale for every test: 1 is the threshold, above 1 drifted. Distances
   * are score / threshold; p-values (drift when small) threshold / score. Capped at HEAT_CAP.
   */
  heat: number;
}

export interface ColumnSeries {
  name: string;
  /** One entry per batch; null where the column could not be tested in that batch. */
  cells: (HeatCell | null)[];
  /** Index of the first batch where the column drifted, or null. */
  firstDrift: number | null;
}

export interface MonitorSeries {
  /** drift_share of the reports: the threshold line. */
  threshold: number;
  batches: BatchPoint[];
  /** Columns in the order of their first drift (earliest first), then the never-drifted by name. */
  columns: ColumnSeries[];
  /** Index of the first batch whose share reached the threshold, or null. */
  firstCrossing: number | null;
}

export function heatOf(column: Pick<ColumnDriftResult, 'drift_score' | 'stattest' | 'threshold'>): number {
  const { drift_score: score, threshold } = column;
  const ratio = STAT_TESTS[column.stattest].scoreKind === 'distance' ? score / threshold : score > 0 ? threshold / score : HEAT_CAP;
  return Number.isFinite(ratio) ? Math.min(HEAT_CAP, Math.max(0, ratio)) : HEAT_CAP;
}

export function buildMonitorSeries(results: BatchResult[]): MonitorSeries {
  const batches = results.map(({ path, report }) => batchPoint(path, report));
  const names = [...new Set(results.flatMap(({ report }) => report.columns.map((c) => c.column_name)))];
  const columns = names.map((name): ColumnSeries => {
    const cells = results.map(({ report }) => {
      const column = report.columns.find((c) => c.column_name === name);
      return column ? { score: column.drift_score, stattest: column.stattest, threshold: column.threshold, detected: column.drift_detected, heat: heatOf(column) } : null;
    });
    const first = cells.findIndex((c) => c?.detected);
    return { name, cells, firstDrift: first < 0 ? null : first };
  });
  columns.sort((a, b) => (a.firstDrift ?? Number.POSITIVE_INFINITY) - (b.firstDrift ?? Number.POSITIVE_INFINITY) || a.name.localeCompare(b.name));
  const crossing = batches.findIndex((b) => b.datasetDrift);
  return {
    threshold: results[0]?.report.drift_share ?? 0.5,
    batches,
    columns,
    firstCrossing: crossing < 0 ? null : crossing,
  };
}

function batchPoint(path: string, report: DriftReport): BatchPoint {
  const missing = report.columns.map((c) => c.missing_share_current);
  return {
    name: basename(path),
    path,
    rows: report.rows_current,
    share: report.share_of_drifted_columns,
    datasetDrift: report.dataset_drift,
    driftedColumns: report.columns.filter((c) => c.drift_detected).map((c) => c.column_name),
    missingShare: missing.length ? missing.reduce((a, b) => a + b, 0) / missing.length : 0,
    duplicatedRows: report.quality?.duplicated_rows_current,
  };
}
