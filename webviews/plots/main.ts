// The metric-plot UI: one uPlot chart per metric, one series per run. The host sends downsampled series; this side
// only smooths (EMA), switches the y scale and draws. uPlot's legend gives the hover readout and the series toggles.
import uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css';
import type { HostToPlot, PlotSeriesData, PlotState, PlotToHost, PlotXAxis } from './contract';
import { h, injectStyles } from '../shared/dom';
import { smoothEma } from './smoothing';
import plotCss from './plots.css';

declare function acquireVsCodeApi(): { postMessage(message: PlotToHost): void };

const vscode = acquireVsCodeApi();
const post = (message: PlotToHost) => vscode.postMessage(message);
// Distinguishable on dark and light themes; the nth run gets the nth colour.
const PALETTE = ['#3794ff', '#f14c4c', '#89d185', '#cca700', '#b180d7', '#4ec9b0', '#ce9178', '#d7ba7d'];
const CHART_HEIGHT = 260;
const X_LABELS: Record<PlotXAxis, string> = { step: 'step', time: 'wall time', relative: 'seconds' };

injectStyles(uplotCss);
injectStyles(plotCss);

let state: PlotState | undefined;
const chartByMetric = new Map<string, uPlot>();
let drawnLayout = '';
let smoothing = 0;
let logScale = false;
/** Series a user hid by clicking the legend, by label; kept across redraws. */
const hidden = new Set<string>();

const metricList = h('div', { class: 'metrics', role: 'group', 'aria-label': 'Metrics' });
const xAxisSelect = h(
  'select',
  { 'aria-label': 'X axis' },
  h('option', { value: 'step' }, 'Step'),
  h('option', { value: 'time' }, 'Wall time'),
  h('option', { value: 'relative' }, 'Relative time (s)'),
);
const smoothingInput = h('input', { type: 'range', min: '0', max: '0.99', step: '0.01', value: '0', 'aria-label': 'Smoothing' });
const smoothingValue = h('span', { class: 'smoothing-value' }, '0');
const logInput = h('input', { type: 'checkbox', 'aria-label': 'Log scale' });
const pngButton = h('button', { type: 'button' }, 'Export PNG');
const csvButton = h('button', { type: 'button' }, 'Export CSV');
const status = h('div', { class: 'status', role: 'status' });
const chartsBox = h('div', { class: 'charts' });

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
  metricList,
  status,
  chartsBox,
);

xAxisSelect.addEventListener('change', () => post({ type: 'setXAxis', xAxis: xAxisSelect.value as PlotXAxis }));
smoothingInput.addEventListener('input', () => {
  smoothing = Number(smoothingInput.value);
  smoothingValue.textContent = smoothingInput.value;
  draw();
});
logInput.addEventListener('change', () => {
  logScale = logInput.checked;
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
  renderMetricList(state);
  xAxisSelect.value = state.xAxis;
  draw();
});

let resizeTimer: ReturnType<typeof setTimeout> | undefined;
new ResizeObserver(() => {
  for (const chart of chartByMetric.values()) chart.setSize({ width: chartWidth(), height: CHART_HEIGHT });
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => post({ type: 'resize', width: chartWidth() }), 200);
}).observe(chartsBox);
post({ type: 'ready', width: chartWidth() });

function chartWidth(): number {
  return Math.max(200, chartsBox.clientWidth || document.body.clientWidth - 24);
}

function renderMetricList(current: PlotState): void {
  metricList.replaceChildren(
    ...current.availableMetrics.map((key) => {
      const box = h('input', { type: 'checkbox', value: key, checked: current.metrics.includes(key) });
      box.addEventListener('change', () => {
        const chosen = [...metricList.querySelectorAll('input')].filter((i) => i.checked).map((i) => i.value);
        post({ type: 'setMetrics', metrics: chosen });
      });
      return h('label', { class: 'metric' }, box, ` ${key}`);
    }),
  );
}

/**
 * What decides the charts' shape. When only values change (a live run logging, the smoothing slider), the charts
 * take the new data in place and keep cursor, zoom and legend state.
 */
function layoutOf(current: PlotState): string {
  const perMetric = current.metrics.map((m) => [m, current.series.filter((s) => s.metric === m).map((s) => s.run)]);
  return JSON.stringify([current.xAxis, logScale, perMetric]);
}

function draw(): void {
  if (!state) return;
  const current = state;
  const layout = layoutOf(current);
  if (layout !== drawnLayout) rebuild(current);
  else for (const [metric, chart] of chartByMetric) chart.setData(chartData(current, seriesOf(current, metric)));
  drawnLayout = layout;
  const drawn = current.series.filter((s) => chartByMetric.has(s.metric));
  const drawnPoints = drawn.reduce((n, s) => n + s.x.length, 0);
  const total = current.series.reduce((n, s) => n + s.totalPoints, 0);
  status.textContent = `${current.runs.length} run(s), ${drawn.length} series, ${drawnPoints} of ${total} points drawn${current.live ? ' · live' : ''}`;
  post({ type: 'rendered', series: drawn.length, points: drawnPoints });
}

function rebuild(current: PlotState): void {
  for (const chart of chartByMetric.values()) chart.destroy();
  chartByMetric.clear();
  chartsBox.replaceChildren();
  for (const metric of current.metrics) {
    const series = seriesOf(current, metric);
    const box = h('section', { class: 'chart', 'data-metric': metric }, h('h2', {}, metric));
    chartsBox.append(box);
    if (series.length === 0) box.append(h('p', { class: 'empty' }, `No values logged for ${metric}.`));
    else chartByMetric.set(metric, chartFor(current, series, box));
  }
}

function seriesOf(current: PlotState, metric: string): PlotSeriesData[] {
  return current.series.filter((s) => s.metric === metric);
}

/** One x column shared by every run (uPlot.join fills the gaps), y smoothed and fitted to the scale. */
function chartData(current: PlotState, series: PlotSeriesData[]): uPlot.AlignedData {
  const data = uPlot.join(series.map((s) => [s.x, yValues(s.y)]));
  // uPlot's time scale counts seconds; the host sends wall time in milliseconds.
  if (current.xAxis === 'time') data[0] = (data[0] as number[]).map((ms) => ms / 1000);
  return data;
}

function chartFor(current: PlotState, series: PlotSeriesData[], box: HTMLElement): uPlot {
  const labels = series.map((s) => current.runs.find((r) => r.id === s.run)?.label ?? s.run);
  const options: uPlot.Options = {
    width: chartWidth(),
    height: CHART_HEIGHT,
    scales: { x: { time: current.xAxis === 'time' }, y: { distr: logScale ? 3 : 1 } },
    axes: [axis(X_LABELS[current.xAxis]), axis('')],
    series: [
      { label: X_LABELS[current.xAxis] },
      ...labels.map((label, i) => ({
        label,
        stroke: PALETTE[i % PALETTE.length]!,
        width: 1.5,
        spanGaps: true,
        show: !hidden.has(label),
        points: { show: false },
      })),
    ],
    legend: { live: true },
    hooks: {
      setSeries: [
        (u: uPlot, index: number | null) => {
          if (index === null || index === 0) return;
          const s = u.series[index]!;
          const label = String(s.label);
          if (s.show) hidden.delete(label);
          else hidden.add(label);
        },
      ],
    },
  };
  return new uPlot(options, chartData(current, series), box);
}

function yValues(values: Array<number | null>): Array<number | null> {
  const smoothed = smoothEma(values, smoothing);
  // A log scale has no place for zero or negative values: leave gaps rather than break the axis.
  return logScale ? smoothed.map((v) => (v !== null && v > 0 ? v : null)) : smoothed;
}

function axis(label: string): uPlot.Axis {
  const color = getComputedStyle(document.body).getPropertyValue('--vscode-foreground').trim() || '#ccc';
  const grid = getComputedStyle(document.body).getPropertyValue('--vscode-editorWidget-border').trim() || '#444';
  return { label, stroke: color, grid: { stroke: grid, width: 0.5 }, ticks: { stroke: grid, width: 0.5 } };
}

/** The chart canvases stacked into one PNG (what the user sees, without the controls). */
function chartsPng(): string {
  const canvases = [...chartByMetric.values()].map((c) => c.ctx.canvas);
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
