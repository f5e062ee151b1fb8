// The parallel-coordinates UI: the metric picker, the chart (brush an axis, click a line), the params' importance
// for the metric (W&B's sweep-page table: importance and correlation), and a scatter of any metric against any param.
import { formatMetricValue } from '../../core/runsView/runPresentation';
import { h, injectStyles } from '../shared/dom';
import { ParallelChart } from './chart';
import type { HostToParallel, ImportanceResult, ParallelState, ParallelToHost, ScatterData } from './contract';
import { scatterCanvas } from './scatter';
import css from './style.css';

declare function acquireVsCodeApi(): { postMessage(message: ParallelToHost): void };

const vscode = acquireVsCodeApi();
const post = (message: ParallelToHost) => vscode.postMessage(message);
injectStyles(css);

let state: ParallelState | undefined;
const metricSelect = h('select', { 'aria-label': 'Metric' });
const clearButton = h('button', { type: 'button', disabled: true }, 'Clear brushes');
const status = h('div', { class: 'status', role: 'status' });
const importance = h('table', { class: 'importance', 'aria-label': 'Param importance' });
const scatterMetric = h('select', { 'aria-label': 'Scatter metric' });
const scatterParam = h('select', { 'aria-label': 'Scatter param' });
const scatterBox = h('div', { class: 'scatter' });

const chart = new ParallelChart({
  brushed: (runIds, kept) => {
    clearButton.disabled = runIds === null;
    showStatus(kept, runIds === null ? undefined : 'brushed');
    post({ type: 'brushed', runIds });
  },
  reveal: (runId, label) => {
    status.textContent = `Showing ${label} in the Runs view`;
    post({ type: 'reveal', runId });
  },
  painted: (lines, kept, drawMs) => {
    const sinceReadyMs = performance.now() - readyAt;
    // The first paint's time, where the benchmark in code-server can read it without the host.
    if (lines > 0) document.body.dataset.firstPaintMs ??= sinceReadyMs.toFixed(0);
    post({ type: 'painted', lines, kept, drawMs, sinceReadyMs });
  },
});

document.getElementById('root')!.append(
  h('div', { class: 'toolbar' }, h('label', {}, 'Metric ', metricSelect), clearButton, status),
  chart.element,
  h(
    'div',
    { class: 'panels' },
    h('section', {}, h('h2', {}, 'Param importance'), importance),
    h('section', {}, h('h2', {}, 'Scatter'), h('div', { class: 'toolbar' }, h('label', {}, 'y ', scatterMetric), h('label', {}, 'x ', scatterParam)), scatterBox),
  ),
);

metricSelect.addEventListener('change', () => post({ type: 'setMetric', metric: metricSelect.value }));
clearButton.addEventListener('click', () => chart.clearBrushes());
const askScatter = () => {
  if (scatterMetric.value && scatterParam.value) post({ type: 'scatter', metric: scatterMetric.value, param: scatterParam.value });
};
scatterMetric.addEventListener('change', askScatter);
scatterParam.addEventListener('change', askScatter);

window.addEventListener('message', (event: MessageEvent<HostToParallel>) => {
  const message = event.data;
  switch (message.type) {
    case 'setState':
      state = message.state;
      show(message.state);
      return;
    case 'importance':
      if (state?.metric === message.metric) showImportance(message.metric, message.importance);
      return;
    case 'scatter':
      showScatter(message.scatter);
      return;
    case 'error':
      status.textContent = message.message;
      status.classList.add('error');
      return;
  }
});
const readyAt = performance.now();
post({ type: 'ready' });

function show(current: ParallelState): void {
  status.classList.remove('error');
  fill(metricSelect, current.metrics, current.metric);
  fill(scatterMetric, current.metrics, scatterMetric.value || current.metric);
  fill(scatterParam, current.params, scatterParam.value || (current.data.axes[0]?.label ?? current.params[0] ?? ''));
  chart.brushing = current.complete;
  chart.setData(current.data);
  showStatus(current.data.runIds.length);
  importance.replaceChildren(h('caption', {}, `ranking the params for ${current.metric}…`));
  askScatter();
}

function showStatus(kept: number, why?: string): void {
  if (!state) return;
  if (!state.complete) {
    status.textContent = `a first drawing of ${state.data.runIds.length} of ${state.totalRuns} runs (reading the rest…)`;
    return;
  }
  const total = state.data.runIds.length;
  const link = why && state.linkedToTable ? ' (the runs table shows them)' : '';
  status.textContent = why ? `${kept} of ${total} runs inside the brushes${link}` : `${total} runs · ${state.data.axes.length - 1} varying params · coloured by ${state.metric} (${state.data.better} is better, bright)`;
}

function fill(select: HTMLSelectElement, values: string[], chosen: string): void {
  select.replaceChildren(...values.map((v) => h('option', { value: v }, v)));
  select.value = values.includes(chosen) ? chosen : (values[0] ?? '');
}

function showImportance(metric: string, result: ImportanceResult): void {
  const rows = [...result.params].sort((a, b) => b.importance - a.importance);
  const over = result.runs === result.runsWithMetric ? `${result.runs} runs with a value` : `a sample of ${result.runs} of the ${result.runsWithMetric} runs with a value`;
  importance.replaceChildren(
    h('caption', {}, `for ${metric}, over ${over}`),
    h('tr', {}, h('th', {}, 'Param'), h('th', {}, 'Importance'), h('th', {}, 'Correlation')),
    ...rows.map((p) => {
      const bar = h('div', { class: 'bar' });
      bar.style.width = `${Math.round(p.importance * 100)}%`;
      const corr = h('div', { class: `bar ${p.correlation !== null && p.correlation < 0 ? 'negative' : 'positive'}` });
      corr.style.width = `${Math.round(Math.abs(p.correlation ?? 0) * 100)}%`;
      const corrTitle = p.kind === 'categorical' ? 'correlation ratio η of the categories (unsigned)' : 'Pearson correlation';
      return h(
        'tr',
        { 'data-param': p.key },
        h('td', {}, p.key),
        h('td', { title: `${(p.importance * 100).toFixed(1)}% of the forest's error reduction` }, h('div', { class: 'bar-box' }, bar), formatMetricValue(p.importance)),
        h('td', { title: corrTitle }, h('div', { class: 'bar-box' }, corr), p.correlation === null ? '–' : `${formatMetricValue(p.correlation)}${p.kind === 'categorical' ? ' (η)' : ''}`),
      );
    }),
  );
}

function showScatter(scatter: ScatterData): void {
  scatterBox.replaceChildren(scatterCanvas(scatter, Math.max(280, scatterBox.clientWidth || 420)));
}
