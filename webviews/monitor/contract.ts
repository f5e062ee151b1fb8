// The one message contract of the monitoring dashboard (extension/monitor/dashboardPanel.ts ↔ main.ts): the host
// sends the series core/monitor computed from a drift.yaml's batches; the UI asks to open one batch's drift report.
import type { MonitorSeries } from '../../core/monitor/monitorSeries';

export type { BatchPoint, ColumnSeries, HeatCell, MonitorSeries } from '../../core/monitor/monitorSeries';

export interface DashboardPayload {
  series: MonitorSeries;
  /** The drift.yaml and reference, relative to the workspace, for the heading. */
  config: string;
  reference: string;
}

export type HostToDashboard =
  | { type: 'setSeries'; payload: DashboardPayload }
  | { type: 'setProgress'; done: number; total: number }
  | { type: 'setError'; message: string };

export type DashboardToHost =
  /** The UI has loaded and listens; the host answers with what it has. */
  | { type: 'ready' }
  /** Open batch `batch`'s (an index into series.batches) full drift report; `column` is the heat-map cell's column. */
  | { type: 'openBatch'; batch: number; column?: string }
  | { type: 'rerun' };
