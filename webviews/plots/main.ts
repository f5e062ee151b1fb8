// The metric-plot UI: the metrics the runs logged, then a System group (CPU, memory, GPU) when the runs have system
// metrics; each group one uPlot chart per metric, one series per run (chartGroup.ts). The host sends downsampled
// series; this side only smooths (EMA), switches the y scale and draws. uPlot's legend gives the hover readout and
// the series toggles.
import uplotCss from 'uplot/dist/uPlot.min.css';
import { h, injectStyles } from '../shared/dom';
import { type ChartSettings, ChartGroup } from './chartGroup';
import type { HostToPlot, PlotState, PlotToHost, PlotXAxis, SystemXAxis } from './contract';
import plotCss from './plots.css';

declare function acquireVsCodeApi(): { postMessage(message: PlotToHost): void };

const vscode = acquireVsCodeApi();
const post = (message: PlotToHost) => vscode.postMessage(message);

injectStyles(uplotCss);
injectStyles(plotCss);

let state: PlotState | undefined;
const settings: ChartSettings = { smoothing: 0, logScale: false, hidden: new Set() };
const metrics = new ChartGroup('Metrics', settings, (chosen) => post({ type: 'setMetrics', metrics: chosen }));
const system = new ChartGroup('System metrics', settings, (chosen) => post({ type: 'setSystemMetrics', metrics: chosen }));

const xAxisSelect = h(
  'select',
  { 'aria-label': 'X axis' },
  h('option', { value: 'step' }, 'Step'),
  h('option', { value: 'time' }, 'Wall time'),
  h('option', { value: 'relative' }, 'Relative time (s)'),
);
const systemXAxisSelect = h('select', { 'aria-label': 'System x axis' }, h('option', { value: 'relative' }, 'Runtime (s)'), h('option', { value: 'time' }, 'Wall time'));
const smoothingInput = h('input', { type: 'range', min: '0', max: '0.99', step: '0.01', value: '0', 'aria-label': 'Smoothing' });
const smoothingValue = h('span', { class: 'smoothing-value' }, '0');
const logInput = h('input', { type: 'checkbox', 'aria-label': 'Log scale' });
const pngButton = h('button', { type: 'button' }, 'Export PNG');
const csvButton = h('button', { type: 'button' }, 'Export CSV');
const status = h('div', { class: 'status', role: 'status' });
system.metricList.classList.add('system-metrics');
const systemSection = h(
  'section',
  { class: 'system', 'aria-label': 'System', hidden: true },
  h('div', { class: 'group-heading' }, h('h2', {}, 'System'), h('label', {}, 'X axis ', systemXAxisSelect)),
  system.metricList,
  system.chartsBox,
);

document.getElementById('root')!.append(
  h(
    'div',
    { class: 'toolbar' },
    h('label', {}, 'X axis ', xAxisSelect),
    h('label', {}, 'Smoothing ', smoothingInput, smoothingValue),
    h('label', {}, logInput, ' Log y'),
    pngButton,
    csvButton,
  ),
  metrics.metricList,
  status,
  metrics.chartsBox,
  systemSection,
);

xAxisSelect.addEventListener('change', () => post({ type: 'setXAxis', xAxis: xAxisSelect.value as PlotXAxis }));
systemXAxisSelect.addEventListener('change', () => post({ type: 'setSystemXAxis', xAxis: systemXAxisSelect.value as SystemXAxis }));
smoothingInput.addEventListener('input', () => {
  settings.smoothing = Number(smoothingInput.value);
  smoothingValue.textContent = smoothingInput.value;
  draw();
});
logInput.addEventListener('change', () => {
  settings.logScale = logInput.checked;
  draw();
});
csvButton.addEventListener('click', () => post({ type: 'exportCsv' }));
pngButton.addEventListener('click', () => post({ type: 'exportPng', dataUrl: chartsPng() }));

window.addEventListener('message', (event: MessageEvent<HostToPlot>) => {
  const message = event.data;
  if (message.type === 'error') {
    status.textContent = message.message;
    status.classList.add('error');
    return;
  }
  state = message.state;
  status.classList.remove('error');
  metrics.show({ runs: state.runs, available: state.availableMetrics, metrics: state.metrics, xAxis: state.xAxis, series: state.series });
  xAxisSelect.value = state.xAxis;
  systemSection.hidden = !state.system;
  if (state.system) {
    system.show({ runs: state.runs, ...state.system });
    systemXAxisSelect.value = state.system.xAxis;
  }
  draw();
});

let resizeTimer: ReturnType<typeof setTimeout> | undefined;
new ResizeObserver(() => {
  metrics.resize();
  system.resize();
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => post({ type: 'resize', width: metrics.width() }), 200);
}).observe(metrics.chartsBox);
post({ type: 'ready', width: metrics.width() });

function draw(): void {
  if (!state) return;
  const drawn = metrics.draw();
  const systemDrawn = state.system ? system.draw() : { series: 0, points: 0 };
  const total = state.series.reduce((n, s) => n + s.totalPoints, 0);
  const systemText = state.system ? ` · system: ${systemDrawn.series} series` : '';
  status.textContent = `${state.runs.length} run(s), ${drawn.series} series, ${drawn.points} of ${total} points drawn${systemText}${state.live ? ' · live' : ''}`;
  post({ type: 'rendered', series: drawn.series, points: drawn.points, systemSeries: systemDrawn.series, systemPoints: systemDrawn.points });
}

/** The chart canvases of both groups stacked into one PNG (what the user sees, without the controls). */
function chartsPng(): string {
  const canvases = [...metrics.canvases(), ...(systemSection.hidden ? [] : system.canvases())];
  const out = document.createElement('canvas');
  out.width = Math.max(1, ...canvases.map((c) => c.width));
  out.height = Math.max(1, canvases.reduce((n, c) => n + c.height, 0));
  const ctx = out.getContext('2d')!;
  ctx.fillStyle = getComputedStyle(document.body).getPropertyValue('--vscode-editor-background').trim() || '#1e1e1e';
  ctx.fillRect(0, 0, out.width, out.height);
  let y = 0;
  for (const canvas of canvases) {
    ctx.drawImage(canvas, 0, y);
    y += canvas.height;
  }
  return out.toDataURL('image/png');
}
