// Monitoring dashboard UI: the trend of the share of drifted columns against drift_share, then the heat map of
// columns × batches with quality under it. State arrives as messages (contract.ts); clicks ask the host to open a
// batch's drift report.
import { h, injectStyles } from '../shared/dom';
import type { DashboardPayload, DashboardToHost, HostToDashboard } from './contract';
import { heatMap } from './heatMap';
import css from './style.css';
import { trendChart } from './trendChart';

declare function acquireVsCodeApi(): { postMessage(message: DashboardToHost): void };

const vscode = acquireVsCodeApi();
const post = (message: DashboardToHost) => vscode.postMessage(message);
const root = document.getElementById('root')!;
injectStyles(css);

const open = (batch: number, column?: string) => post(column === undefined ? { type: 'openBatch', batch } : { type: 'openBatch', batch, column });

function show({ series, config, reference }: DashboardPayload): void {
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
  root.replaceChildren(
    h('div', { class: 'header' }, h('h1', {}, 'Drift monitoring'), h('button', { type: 'button', onclick: () => post({ type: 'rerun' }) }, 'Refresh')),
    h('div', { class: 'sources' }, `${config} · reference: ${reference} · ${series.batches.length} batches`),
    verdict,
    h('h2', {}, 'Share of drifted columns'),
    trendChart(series, open),
    h('h2', {}, 'Drift score per column'),
    h('div', { class: 'legend' }, 'Cell colour: score relative to the column’s threshold (red: drifted). Click a cell or a point to open that batch’s drift report.'),
    h('div', { class: 'heatmap-scroll' }, heatMap(series, open)),
  );
}

function status(text: string): void {
  root.replaceChildren(h('div', { class: 'status' }, text));
}

window.addEventListener('message', (event: MessageEvent<HostToDashboard>) => {
  const message = event.data;
  if (message.type === 'setSeries') show(message.payload);
  else if (message.type === 'setProgress') status(`Comparing batch ${message.done} of ${message.total} with the reference…`);
  else status(message.message);
});

status('Reading the reference and the batches…');
post({ type: 'ready' });
