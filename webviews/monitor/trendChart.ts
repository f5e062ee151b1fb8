// The share of drifted columns per batch as a line, with drift_share as a dashed line and the first batch at or
// above it marked. Points are clickable (that batch's report); shapes only, text only as text nodes. Drawn at the
// pane's width in px (main.ts redraws on resize), so text keeps its size and date labels are thinned to fit.
import { s } from '../pipeline/svg';
import { labelledIndices, labelWidth } from './axisLabels';
import type { MonitorSeries } from './contract';

const MIN_WIDTH = 360;
const MAX_WIDTH = 1100;
const HEIGHT = 240;
const FONT_PX = 10;
const PAD = { left: 44, right: 40, top: 16, bottom: 40 };
const TICKS = [0, 0.25, 0.5, 0.75, 1];

export function trendChart(series: MonitorSeries, open: (batch: number) => void, paneWidth: number): SVGSVGElement {
  const { batches, threshold, firstCrossing } = series;
  const width = Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, paneWidth)));
  const plotWidth = width - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (batches.length > 1 ? (i * plotWidth) / (batches.length - 1) : plotWidth / 2);
  const y = (share: number) => PAD.top + (1 - share) * plotHeight;
  const svg = s('svg', { class: 'trend', width, height: HEIGHT, viewBox: `0 0 ${width} ${HEIGHT}`, role: 'img', 'aria-label': 'Share of drifted columns per batch' });
  for (const tick of TICKS) {
    svg.append(
      s('line', { class: 'grid', x1: PAD.left, x2: width - PAD.right, y1: y(tick), y2: y(tick) }),
      s('text', { x: PAD.left - 6, y: y(tick) + 3, 'text-anchor': 'end' }, tick.toFixed(2)),
    );
  }
  const widest = Math.max(...batches.map((b) => shortName(b.name).length));
  const spacing = batches.length > 1 ? plotWidth / (batches.length - 1) : plotWidth;
  for (const i of labelledIndices(batches.length, spacing, labelWidth(widest, FONT_PX))) {
    svg.append(s('text', { class: 'batch-label', x: x(i), y: HEIGHT - PAD.bottom + 14, 'text-anchor': 'middle', 'data-batch': i }, shortName(batches[i]!.name)));
  }
  svg.append(
    s('line', { class: 'threshold', x1: PAD.left, x2: width - PAD.right, y1: y(threshold), y2: y(threshold), 'data-threshold': threshold }),
    s('text', { class: 'threshold-label', x: PAD.left + 4, y: y(threshold) - 4 }, `drift_share ${threshold}`),
  );
  if (firstCrossing !== null) {
    const at = x(firstCrossing);
    const label = `first crossing: ${batches[firstCrossing]!.name}`;
    // A label that would run past the chart's right edge reads leftwards from the line instead.
    const left = at + labelWidth(label.length, FONT_PX) > width;
    svg.append(
      s('line', { class: 'crossing-line', x1: at, x2: at, y1: PAD.top, y2: HEIGHT - PAD.bottom }),
      s('text', { class: 'crossing-label', x: left ? at - 4 : at + 4, y: PAD.top + 10, 'text-anchor': left ? 'end' : 'start' }, label),
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
