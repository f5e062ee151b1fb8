// Monitoring dashboard UI: the trend of the share of drifted columns against drift_share, then the heat map of
// columns × batches with quality under it. State arrives as messages (contract.ts), again whenever the watched batches
// change; the batch (and column) the user picked stays picked across updates while it still exists. Clicks ask the
// host to open a batch's drift report. Both charts follow the pane's width.
import { h, injectStyles } from '../shared/dom';
import type { DashboardPayload, DashboardSelection, DashboardToHost, HostToDashboard } from './contract';
import { fitHeatMap, heatMap } from './heatMap';
import css from './style.css';
import { trendChart } from './trendChart';

declare function acquireVsCodeApi(): { postMessage(message: DashboardToHost): void };

const vscode = acquireVsCodeApi();
const post = (message: DashboardToHost) => vscode.postMessage(message);
const root = document.getElementById('root')!;
injectStyles(css);

let shown: DashboardPayload | undefined;
let selected: DashboardSelection | undefined;

function open(batch: number, column?: string): void {
  const name = shown?.series.batches[batch]?.name;
  if (name === undefined) return;
  selected = column === undefined ? { batch: name } : { batch: name, column };
  markSelection();
  post(column === undefined ? { type: 'openBatch', batch } : { type: 'openBatch', batch, column });
}

function show(payload: DashboardPayload, error?: string): void {
  shown = payload;
  const { series, config, reference } = payload;
  const scrolled = root.querySelector('.heatmap-scroll')?.scrollLeft ?? 0;
  const crossing = series.firstCrossing;
  const verdict =
    crossing === null
      ? h('div', { class: 'verdict stable' }, `No batch reached drift_share ${series.threshold}.`)
      : h(
          'div',
          { class: 'verdict drift', 'data-batch': crossing, 'data-name': series.batches[crossing]!.name },
          `First batch at or above drift_share ${series.threshold}: `,
          h('strong', {}, series.batches[crossing]!.name),
          ` (batch ${crossing + 1} of ${series.batches.length}).`,
        );
  if (selected && !series.batches.some((b) => b.name === selected!.batch)) selected = undefined;
  const table = heatMap(series, open);
  const scroll = h('div', { class: 'heatmap-scroll' }, table);
  root.replaceChildren(
    h('div', { class: 'header' }, h('h1', {}, 'Drift monitoring'), h('button', { type: 'button', onclick: () => post({ type: 'rerun' }) }, 'Refresh')),
    h('div', { class: 'sources' }, `${config} · reference: ${reference} · ${series.batches.length} batches`),
    ...(error ? [h('div', { class: 'error', role: 'alert' }, error)] : []),
    verdict,
    h('h2', {}, 'Share of drifted columns'),
    h('div', { class: 'trend-holder' }),
    h('h2', {}, 'Drift score per column'),
    h('div', { class: 'legend' }, 'Cell colour: score relative to the column’s threshold (red: drifted). Click a cell or a point to open that batch’s drift report.'),
    scroll,
  );
  fitToPane();
  scroll.scrollLeft = scrolled;
  const first = crossing === null ? null : series.batches[crossing]!.name;
  post(selected ? { type: 'painted', batches: series.batches.length, firstCrossing: first, selected } : { type: 'painted', batches: series.batches.length, firstCrossing: first });
}

/** Draws the trend at the pane's width and shares it among the heat map's batch columns. */
function fitToPane(): void {
  const holder = root.querySelector<HTMLElement>('.trend-holder');
  const table = root.querySelector<HTMLTableElement>('table.heatmap');
  if (!shown || !holder || !table) return;
  holder.replaceChildren(trendChart(shown.series, open, root.clientWidth));
  fitHeatMap(table, root.clientWidth);
  markSelection();
}

function markSelection(): void {
  for (const marked of root.querySelectorAll('.selected')) marked.classList.remove('selected');
  const batch = selected && shown?.series.batches.findIndex((b) => b.name === selected!.batch);
  if (batch === undefined || batch < 0) return;
  const cell = selected!.column === undefined ? '' : `, td.cell[data-batch="${batch}"][data-column="${CSS.escape(selected!.column)}"]`;
  for (const element of root.querySelectorAll(`circle.point[data-batch="${batch}"], th.batch[data-batch="${batch}"]${cell}`)) element.classList.add('selected');
}

function status(text: string): void {
  shown = undefined;
  root.replaceChildren(h('div', { class: 'status' }, text));
}

let width = 0;
new ResizeObserver(() => {
  // A hidden tab keeps its page (retainContextWhenHidden) at width 0: keep the layout it will be shown with again.
  if (root.clientWidth === width || root.clientWidth === 0) return;
  width = root.clientWidth;
  fitToPane();
}).observe(root);

window.addEventListener('message', (event: MessageEvent<HostToDashboard>) => {
  const message = event.data;
  if (message.type === 'setSeries') show(message.payload);
  else if (message.type === 'setProgress') {
    if (!shown) status(`Comparing batch ${message.done} of ${message.total} with the reference…`);
  } else if (shown) show(shown, message.message);
  else status(message.message);
});

status('Reading the reference and the batches…');
post({ type: 'ready' });
