// The share of drifted columns per batch as a line, with drift_share as a dashed line and the first batch at or
// above it marked. Points are clickable (that batch's report); shapes only, text only as text nodes.
import { s } from '../pipeline/svg';
import type { MonitorSeries } from './contract';

const WIDTH = 860;
const HEIGHT = 240;
const PAD = { left: 44, right: 40, top: 16, bottom: 40 };
const TICKS = [0, 0.25, 0.5, 0.75, 1];

export function trendChart(series: MonitorSeries, open: (batch: number) => void): SVGSVGElement {
  const { batches, threshold, firstCrossing } = series;
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (batches.length > 1 ? (i * plotWidth) / (batches.length - 1) : plotWidth / 2);
  const y = (share: number) => PAD.top + (1 - share) * plotHeight;
  const svg = s('svg', { class: 'trend', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': 'Share of drifted columns per batch' });
  for (const tick of TICKS) {
    svg.append(
      s('line', { class: 'grid', x1: PAD.left, x2: WIDTH - PAD.right, y1: y(tick), y2: y(tick) }),
      s('text', { x: PAD.left - 6, y: y(tick) + 3, 'text-anchor': 'end' }, tick.toFixed(2)),
    );
  }
  const labelEvery = Math.max(1, Math.ceil(batches.length / 10));
  batches.forEach((batch, i) => {
    if (i % labelEvery === 0 || i === batches.length - 1) {
      svg.append(s('text', { x: x(i), y: HEIGHT - PAD.bottom + 14, 'text-anchor': 'middle' }, shortName(batch.name)));
    }
  });
  svg.append(
    s('line', { class: 'threshold', x1: PAD.left, x2: WIDTH - PAD.right, y1: y(threshold), y2: y(threshold), 'data-threshold': threshold }),
    s('text', { class: 'threshold-label', x: PAD.left + 4, y: y(threshold) - 4 }, `drift_share ${threshold}`),
  );
  if (firstCrossing !== null) {
    const at = x(firstCrossing);
    svg.append(
      s('line', { class: 'crossing-line', x1: at, x2: at, y1: PAD.top, y2: HEIGHT - PAD.bottom }),
      s('text', { class: 'crossing-label', x: at + 4, y: PAD.top + 10 }, `first crossing: ${batches[firstCrossing]!.name}`),
    );
  }
  svg.append(s('polyline', { class: 'share-line', points: batches.map((b, i) => `${x(i)},${y(b.share)}`).join(' ') }));
  batches.forEach((batch, i) => {
    const classes = ['point', batch.datasetDrift ? 'drifted' : '', i === firstCrossing ? 'crossing' : ''].filter(Boolean).join(' ');
    const point = s(
      'circle',
      { class: classes, cx: x(i), cy: y(batch.share), r: i === firstCrossing ? 6 : 4, 'data-batch': i, 'data-name': batch.name, 'data-share': batch.share, onclick: () => open(i) },
      s('title', {}, `${batch.name}: ${batch.driftedColumns.length} column(s) drifted, share ${batch.share.toFixed(3)}${batch.driftedColumns.length ? ` (${batch.driftedColumns.join(', ')})` : ''}`),
    );
    svg.append(point);
  });
  return svg;
}

/** 2026-11-20.csv → 2026-11-20; other names as they are, without the extension. */
export function shortName(name: string): string {
  return name.replace(/\.(csv|tsv|tab|parquet|pq)$/i, '');
}
