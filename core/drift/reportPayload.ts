// What a drift report page shows, shared by everything that hosts the report UI (webviews/drift): the VS Code panel
// sends it in a message, the standalone HTML file (htmlReport.ts) embeds it as JSON. It lives in core because core
// writes the HTML file and core never imports webviews/; webviews/drift/contract.ts re-exports it.
import type { DriftReport } from './datasetDrift';

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

/** In the standalone HTML file the payload sits in `<script type="application/json" id=…>`, not in a message. */
export const REPORT_DATA_ELEMENT_ID = 'drift-report-data';
