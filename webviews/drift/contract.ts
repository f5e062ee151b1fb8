// The one message contract between the drift report UI and whoever hosts it: the VS Code webview host
// (extension/) or the standalone HTML file from core/drift/htmlReport.ts. Host → UI sends state; UI → host sends
// intents. Both sides import these types, so a renamed field fails the build. The payload itself is defined in
// core/drift/reportPayload.ts, since core writes the standalone file.
import type { DriftReportPayload } from '../../core/drift/reportPayload';

export { type DriftReportPayload, type DriftSources, REPORT_DATA_ELEMENT_ID } from '../../core/drift/reportPayload';

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
