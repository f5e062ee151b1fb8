// Drift report UI entry. Runs inside the VS Code webview (acquireVsCodeApi present: state arrives as setReport
// messages, exports go to the host) or inside the standalone HTML export (payload embedded as JSON, exports are
// downloads made here). No network, no framework; the progress indicator is an @vscode-elements web component.
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import { toReportJson } from '../../core/drift/reportJson';
import { type DriftReportPayload, type HostToUi, REPORT_DATA_ELEMENT_ID, type UiToHost } from './contract';
import { renderReport, type ViewState } from './reportView';
import css from './style.css';

declare function acquireVsCodeApi(): { postMessage(message: UiToHost): void };

const vscode = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;
const state: ViewState = { search: '', filter: 'all', expanded: new Set() };
let payload: DriftReportPayload | undefined;

function injectStyle(): void {
  const style = document.createElement('style');
  // The page's CSP admits styles by nonce; reuse the one this script was admitted with.
  const nonce = (document.currentScript as HTMLScriptElement | null)?.nonce;
  if (nonce) style.nonce = nonce;
  style.textContent = css;
  document.head.appendChild(style);
}

const root = document.getElementById('root') ?? document.body.appendChild(document.createElement('div'));

function download(name: string, type: string, content: string): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([content], { type }));
  link.download = name;
  link.click();
  URL.revokeObjectURL(link.href);
}

function post(message: UiToHost): void {
  if (vscode) {
    vscode.postMessage(message);
    return;
  }
  if (!payload) return;
  if (message.type === 'exportJson') download('drift-report.json', 'application/json', JSON.stringify(toReportJson(payload.report), null, 2));
  if (message.type === 'exportHtml') download('drift-report.html', 'text/html', `<!DOCTYPE html>\n${document.documentElement.outerHTML}`);
}

function show(next: DriftReportPayload): void {
  payload = next;
  renderReport(root, next, state, post);
}

function status(text: string, busy = false): void {
  const line = document.createElement('div');
  line.className = 'status';
  if (busy) line.append(document.createElement('vscode-progress-ring'));
  line.append(document.createTextNode(text));
  root.replaceChildren(line);
}

window.addEventListener('message', (event: MessageEvent<HostToUi>) => {
  const message = event.data;
  if (message.type === 'setReport') show(message.report);
  else if (message.type === 'setProgress') status(`${message.phase}… ${Math.round(message.fraction * 100)}%`, true);
  else if (message.type === 'setError') status(message.message);
});

injectStyle();
const embedded = document.getElementById(REPORT_DATA_ELEMENT_ID);
if (embedded?.textContent) show(JSON.parse(embedded.textContent) as DriftReportPayload);
else status('Waiting for the drift report…');
vscode?.postMessage({ type: 'ready' });
