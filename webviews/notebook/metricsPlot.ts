// Metric series drawn with uPlot over the step axis: one line per run × metric, hover shows every value at a step
// (uPlot's cursor legend), smoothing is TensorBoard's debiased exponential moving average, log y uses uPlot's log
// scale (offered only when every value is positive).
import uPlot from 'uplot';
import { h } from '../shared/dom';
import type { MetricsPayload } from './contract';
import { alignSeries, smooth } from './series';

const PALETTE = ['blue', 'orange', 'green', 'red', 'purple', 'yellow'];
const FALLBACK = ['#3794ff', '#d18616', '#89d185', '#f14c4c', '#b180d7', '#cca700'];

function color(index: number): string {
  const name = PALETTE[index % PALETTE.length]!;
  const themed = getComputedStyle(document.body).getPropertyValue(`--vscode-charts-${name}`).trim();
  return themed || FALLBACK[index % FALLBACK.length]!;
}

export function renderMetrics(payload: MetricsPayload, element: HTMLElement): () => void {
  const { steps, columns } = alignSeries(payload);
  const positive = columns.every((c) => c.every((v) => v === null || v > 0));
  let weight = 0;
  let logY = false;
  let plot: uPlot | undefined;
  const chart = h('div', { class: 'mlops-plot' });
  const width = (): number => Math.max(320, (element.clientWidth || 720) - 8);
  const draw = (): void => {
    plot?.destroy();
    const options: uPlot.Options = {
      width: width(),
      height: 280,
      scales: { x: { time: false }, y: { distr: logY ? 3 : 1 } },
      axes: [
        { label: 'step', stroke: 'currentColor', grid: { stroke: 'rgba(128,128,128,0.2)' }, ticks: { stroke: 'rgba(128,128,128,0.3)' } },
        { stroke: 'currentColor', grid: { stroke: 'rgba(128,128,128,0.2)' }, ticks: { stroke: 'rgba(128,128,128,0.3)' } },
      ],
      series: [{ label: 'step' }, ...payload.series.map((s, i) => ({ label: `${s.run_id.slice(0, 8)} ${s.key}`, stroke: color(i), width: 1.5, spanGaps: true }))],
    };
    plot = new uPlot(options, [steps, ...columns.map((c) => smooth(c, weight))] as uPlot.AlignedData, chart);
  };
  const smoothing = h('input', {
    type: 'range', min: 0, max: 0.99, step: 0.01, value: 0, 'aria-label': 'Smoothing',
    oninput: (event: Event) => {
      weight = Number((event.target as HTMLInputElement).value);
      smoothingValue.textContent = weight.toFixed(2);
      draw();
    },
  });
  const smoothingValue = h('span', { class: 'mlops-muted' }, '0.00');
  const log = h('input', {
    type: 'checkbox', disabled: !positive, title: positive ? 'Logarithmic y axis' : 'Log scale needs every value > 0',
    onchange: (event: Event) => {
      logY = (event.target as HTMLInputElement).checked;
      draw();
    },
  });
  element.replaceChildren(
    h('div', { class: 'mlops-controls' }, h('label', {}, 'Smoothing ', smoothing, ' ', smoothingValue), h('label', {}, log, ' Log y')),
    chart,
  );
  draw();
  const resize = new ResizeObserver(() => plot?.setSize({ width: width(), height: 280 }));
  resize.observe(element);
  return () => {
    resize.disconnect();
    plot?.destroy();
  };
}
