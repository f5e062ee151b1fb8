// The metric plot's CSV export: one row per logged value of every plotted run and metric, full history (not the
// downsampled series the chart draws). Fields follow RFC 4180; values keep MLflow's spellings of NaN and ±inf.
import { csvField } from '../format/csv';
import type { Metric } from '../tracking/store';

export interface MetricHistoryExport {
  runId: string;
  runName: string;
  metric: string;
  history: readonly Metric[];
}

export function metricHistoryCsv(exports: readonly MetricHistoryExport[]): string {
  const rows = ['run_id,run_name,metric,step,timestamp,value'];
  for (const { runId, runName, metric, history } of exports) {
    for (const m of history) rows.push([csvField(runId), csvField(runName), csvField(metric), m.step, m.timestamp, m.value].join(','));
  }
  return `${rows.join('\r\n')}\r\n`;
}
