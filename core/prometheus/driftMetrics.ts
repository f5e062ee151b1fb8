// A drift report (and its quality figures) as Prometheus gauges, for node_exporter's textfile collector or a
// Pushgateway. `mlops monitor` adds a `batch` label to every sample through `base`.
import type { DriftReport } from '../drift/datasetDrift';
import type { Labels, MetricSet } from './exposition';

const bool = (b: boolean) => (b ? 1 : 0);

export function addDriftMetrics(metrics: MetricSet, report: DriftReport, base: Labels = {}): void {
  for (const c of report.columns) {
    metrics.add(
      'mlops_drift_score',
      'Drift score of a column (p-value for ks, chisquare and z; distance for the others)',
      { ...base, column: c.column_name, stattest: c.stattest },
      c.drift_score,
    );
  }
  for (const c of report.columns) {
    metrics.add('mlops_column_drift_detected', 'Whether the column drifted (1) or not (0)', { ...base, column: c.column_name }, bool(c.drift_detected));
  }
  metrics.add('mlops_dataset_drift', 'Whether the data set drifted (1) or not (0)', base, bool(report.dataset_drift));
  metrics.add('mlops_drifted_columns_share', 'Share of tested columns that drifted', base, report.share_of_drifted_columns);
  metrics.add('mlops_drifted_columns', 'Number of tested columns that drifted', base, report.number_of_drifted_columns);
  metrics.add('mlops_rows', 'Rows in the data set', { ...base, data: 'reference' }, report.rows_reference);
  metrics.add('mlops_rows', 'Rows in the data set', { ...base, data: 'current' }, report.rows_current);
  if (report.quality) addQualityMetrics(metrics, report, base);
}

function addQualityMetrics(metrics: MetricSet, report: DriftReport, base: Labels): void {
  const quality = report.quality!;
  const columns = Object.entries(quality.columns);
  for (const [column, q] of columns) {
    metrics.add('mlops_quality_missing_share', 'Share of missing cells in the current data', { ...base, column }, q.missing_share_current);
  }
  for (const [column, q] of columns) {
    metrics.add('mlops_quality_type_mismatch_share', 'Share of current cells of another kind than the reference (text vs numbers)', { ...base, column }, q.type_mismatch_share_current);
  }
  for (const [column, q] of columns) {
    if (q.out_of_range_share_current === undefined) continue;
    metrics.add('mlops_quality_out_of_range_share', "Share of current values outside the reference's min and max", { ...base, column }, q.out_of_range_share_current);
  }
  for (const [column, q] of columns) {
    if (q.number_of_new_categories === undefined) continue;
    metrics.add('mlops_quality_new_categories', 'Categories in the current data that the reference does not hold', { ...base, column }, q.number_of_new_categories);
  }
  for (const [column, q] of columns) {
    metrics.add('mlops_quality_most_common_share', 'Share of the most common value among present current cells', { ...base, column }, q.most_common_share_current);
  }
  metrics.add('mlops_quality_row_count_change', '(current - reference) / reference rows', base, quality.row_count_change);
  if (quality.duplicated_rows_current !== undefined) {
    metrics.add('mlops_quality_duplicated_rows', 'Rows of the current data equal to an earlier row', base, quality.duplicated_rows_current);
  }
  if (quality.duplicated_columns_current !== undefined) {
    metrics.add('mlops_quality_duplicated_columns', 'Pairs of identical columns in the current data', base, quality.duplicated_columns_current.length);
  }
  metrics.add('mlops_quality_constant_columns', 'Columns holding a single value in the current data', base, quality.constant_columns_current.length);
}
