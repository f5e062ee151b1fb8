// The machine-readable report `mlops drift --json` prints and the webview exports: Evidently's DataDriftTable
// fields per column, keyed by column name. Scores that are not numbers (NaN) become null, as JSON has no NaN.
import type { DriftReport } from './datasetDrift';
import type { ColumnType } from './statTestRegistry';

export interface ColumnDriftJson {
  column_type: ColumnType;
  stattest: string;
  threshold: number;
  drift_score: number | null;
  drift_detected: boolean;
  n_reference: number;
  n_current: number;
  missing_share_reference: number;
  missing_share_current: number;
}

export interface DriftReportJson {
  dataset_drift: boolean;
  share_of_drifted_columns: number;
  number_of_drifted_columns: number;
  number_of_columns: number;
  columns: Record<string, ColumnDriftJson>;
  /** Only when some columns could not be tested: column name → what is wrong. */
  errors?: Record<string, string>;
}

export function toReportJson(report: DriftReport): DriftReportJson {
  const columns: Record<string, ColumnDriftJson> = {};
  for (const c of report.columns) {
    columns[c.column_name] = {
      column_type: c.column_type,
      stattest: c.stattest,
      threshold: c.threshold,
      drift_score: Number.isFinite(c.drift_score) ? c.drift_score : null,
      drift_detected: c.drift_detected,
      n_reference: c.n_reference,
      n_current: c.n_current,
      missing_share_reference: c.missing_share_reference,
      missing_share_current: c.missing_share_current,
    };
  }
  const json: DriftReportJson = {
    dataset_drift: report.dataset_drift,
    share_of_drifted_columns: report.share_of_drifted_columns,
    number_of_drifted_columns: report.number_of_drifted_columns,
    number_of_columns: report.number_of_columns,
    columns,
  };
  if (report.errors.length) json.errors = Object.fromEntries(report.errors.map((e) => [e.column_name, e.error]));
  return json;
}
