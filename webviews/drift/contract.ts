// The one message contract between the drift report UI and whoever hosts it: the VS Code webview host
// (extension/) or the standalone HTML file from core/drift/htmlReport.ts. Host → UI sends state; UI → host sends
// intents. Both sides import these types, so a renamed field fails the build.
import type { DriftReport } from '../../core/drift/datasetDrift';

export interface DriftSources {
  reference: string;
  current: string;
}

/** Everything the UI draws: the report (with per-column chart shares), where it came from, and when. */
export interface DriftReportPayload {
  report: DriftReport;
  sources: DriftSources;
  generatedAt: string;
}

export type HostToUi =
  | { type: 'setReport'; report: DriftReportPayload }
  | { type: 'setProgress'; phase: string; fraction: number }
  | { type: 'setError'; message: string };

export type UiToHost =
  /** The UI has loaded and listens; the host answers with setReport. */
  | { type: 'ready' }
  | { type: 'exportHtml' }
  | { type: 'exportJson' }
  | { type: 'rerun' };

/** In the standalone HTML file the payload sits in `<script type="application/json" id=…>`, not in a message. */
export const REPORT_DATA_ELEMENT_ID = 'drift-report-data';
