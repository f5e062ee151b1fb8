// One run's metric history as the plot webview receives it: x by the chosen axis, min/max-per-pixel downsampled to
// the chart's width (so a 1M-point history crosses the webview boundary as a few thousand points, spikes kept), and
// non-finite values as null, which JSON can carry and the chart draws as a gap.
import { downsampleMinMax, metricSeries, type XAxis } from '../tracking/downsample';
import type { Metric } from '../tracking/store';

export interface PlotPoints {
  x: number[];
  y: Array<number | null>;
}

/** `originMs`: where relative time starts (metricSeries); the first point when not given. */
export function plotPoints(history: readonly Metric[], axis: XAxis, widthPixels: number, originMs?: number): PlotPoints {
  const series = downsampleMinMax(metricSeries(history, axis, originMs), Math.max(1, Math.round(widthPixels)));
  return { x: Array.from(series.x), y: Array.from(series.y, (v) => (Number.isFinite(v) ? v : null)) };
}
