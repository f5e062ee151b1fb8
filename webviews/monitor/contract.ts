// The one message contract of the monitoring dashboard (extension/monitor/dashboardPanel.ts ↔ main.ts): the host
// sends the series core/monitor computed from a drift.yaml's batches (again whenever they change on disk); the UI
// asks to open one batch's drift report and says what it drew.
import type { MonitorSeries } from '../../core/monitor/monitorSeries';

export type { BatchPoint, ColumnSeries, HeatCell, MonitorSeries } from '../../core/monitor/monitorSeries';

export interface DashboardPayload {
  series: MonitorSeries;
  /** The drift.yaml and reference, relative to the workspace, for the heading. */
  config: string;
  reference: string;
}

/** What the user picked, by name: after an update it stays picked wherever that batch (and column) still is. */
export interface DashboardSelection {
  batch: string;
  column?: string;
}

export type HostToDashboard =
  | { type: 'setSeries'; payload: DashboardPayload }
  | { type: 'setProgress'; done: number; total: number }
  /** Shown over the last series drawn, if any, until the next series arrives. */
  | { type: 'setError'; message: string };

export type DashboardToHost =
  /** The UI has loaded and listens; the host answers with what it has. */
  | { type: 'ready' }
  /** Open batch `batch`'s (an index into series.batches) full drift report; `column` is the heat-map cell's column. */
  | { type: 'openBatch'; batch: number; column?: string }
  | { type: 'rerun' }
  /** The UI drew a series: its batch count, first crossing batch's name and the selection it kept. */
  | { type: 'painted'; batches: number; firstCrossing: string | null; selected?: DashboardSelection };
