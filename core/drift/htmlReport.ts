// The report as ONE self-contained HTML file: the drift UI bundle and its CSS inline, the report data as an inline
// JSON block, no network access at all. A strict CSP admits only this page's script and style, by a fresh nonce;
// the JSON is escaped so no data string can close its script element, and the UI writes data only as text.
import { randomBytes } from 'node:crypto';
import { escapeHtml } from '../format/html';
import type { DriftReport } from './datasetDrift';
import { type DriftReportPayload, type DriftSources, REPORT_DATA_ELEMENT_ID } from './reportPayload';

/** JSON that is still valid JSON but cannot end a <script> element or open a comment inside it. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Inline script text can hold "</script" inside string literals; "<\/script" means the same to JavaScript. */
function scriptForInline(script: string): string {
  return script.replace(/<\/(script)/gi, '<\\/$1');
}

export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function renderHtmlReport(
  report: DriftReport,
  sources: DriftSources,
  uiScript: string,
  generatedAt = new Date().toISOString(),
): string {
  const nonce = randomBytes(18).toString('base64');
  const payload: DriftReportPayload = { report, sources, generatedAt };
  const title = `Data drift: ${report.number_of_drifted_columns} of ${report.number_of_columns} columns drifted`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
</head>
<body>
<div id="root"></div>
<script type="application/json" id="${REPORT_DATA_ELEMENT_ID}">${jsonForScript(payload)}</script>
<script nonce="${nonce}">${scriptForInline(uiScript)}</script>
</body>
</html>
`;
}
