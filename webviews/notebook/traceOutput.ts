// Traces in notebook outputs. A trace (MLflow's own `application/databricks.mlflow.trace`, or `%mlops trace`) opens
// the trace explorer inline; the host reads and holds it (extension/notebook/traceOutputs.ts) and the explorer's
// messages travel over the renderer's messaging, tagged with the output's id. `%mlops traces` is a table whose rows
// open the explorer panel.
import { summarizeTrace } from '../../core/traces/tracePresentation';
import { traceInfoFromWire } from '../../core/traces/traceWire';
import { h } from '../shared/dom';
import type { HostToExplorer } from '../traceExplorer/contract';
import { TraceExplorer } from '../traceExplorer/explorer';
import type { RendererToHost } from './contract';
import { formatTime } from './format';

export interface TraceOutput {
  receive(message: HostToExplorer): void;
  dispose(): void;
}

/** The explorer for one output; without messaging (no extension host) it says where the trace can be explored. */
export function renderTraceOutput(outputId: string, text: string, element: HTMLElement, send: ((message: RendererToHost) => void) | undefined): TraceOutput | undefined {
  if (!send) {
    element.replaceChildren(h('div', { class: 'mlops-muted' }, 'Open this notebook in VS Code with MLOps Workbench to explore the trace.'));
    return undefined;
  }
  const explorer = new TraceExplorer((message) => send({ type: 'explorer', outputId, message }), { embedded: true });
  element.replaceChildren(explorer.element);
  send({ type: 'traceOutput', outputId, text });
  return {
    receive: (message) => explorer.receive(message),
    dispose: () => send({ type: 'traceOutputDisposed', outputId }),
  };
}

interface TracesPayload {
  traces: Array<Record<string, unknown>>;
  next_page_token: string | null;
}

/** `%mlops traces`: one row per trace, newest first as the CLI returned them; a click opens it in the explorer. */
export function renderTracesTable(payload: TracesPayload, element: HTMLElement, send: ((message: RendererToHost) => void) | undefined): void {
  const summaries = payload.traces.flatMap((raw) => {
    const info = traceInfoFromWire(raw);
    return info ? [summarizeTrace(info, 80)] : [];
  });
  const rows = summaries.map((t) =>
    h(
      'tr',
      { class: send ? 'clickable' : '', 'data-trace-id': t.traceId, title: send ? `Open ${t.traceId} in the trace explorer` : t.traceId, onclick: () => send?.({ type: 'openTrace', traceId: t.traceId }) },
      h('td', {}, t.name),
      h('td', { class: t.state === 'ERROR' ? 'bad' : t.state === 'OK' ? 'good' : '' }, t.state),
      h('td', { class: 'num' }, t.latency || 'running'),
      h('td', { class: 'num' }, t.totalTokens === null ? '' : t.totalTokens.toLocaleString('en-US')),
      h('td', {}, formatTime(t.requestTime)),
      h('td', { class: 'request' }, t.request),
    ),
  );
  const more = payload.next_page_token ? ' (more with --max-results)' : '';
  element.replaceChildren(
    h('div', { class: 'mlops-caption' }, `${summaries.length} MLflow trace(s)${more}`),
    h('table', { class: 'mlops-table mlops-traces' }, h('thead', {}, h('tr', {}, ...['Trace', 'State', 'Latency', 'Tokens', 'Started', 'Request'].map((label) => h('th', {}, label)))), h('tbody', {}, ...rows)),
  );
}
