// Plot-ready metric series. A history of a million points is reduced to at most four points per horizontal pixel —
// the first, lowest, highest and last value in each pixel column, in their original order — so the drawn line looks
// the same as the full one, spikes included (the min/max-per-pixel idea behind M4 aggregation).
import type { Metric } from './store';

export type XAxis = 'step' | 'time' | 'relative';

export interface PlotSeries {
  x: Float64Array;
  y: Float64Array;
}

/**
 * x from step, wall time (ms) or seconds since `originMs` (the first point when not given: a run's start is the
 * origin of system metrics, sampled from some seconds in); y the value. Sorted by x when logged out of order.
 */
export function metricSeries(history: readonly Metric[], axis: XAxis = 'step', originMs?: number): PlotSeries {
  const n = history.length;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const t0 = originMs ?? (n > 0 ? history[0]!.timestamp : 0);
  let sorted = true;
  for (let i = 0; i < n; i++) {
    const m = history[i]!;
    x[i] = axis === 'step' ? m.step : axis === 'time' ? m.timestamp : (m.timestamp - t0) / 1000;
    y[i] = m.value;
    if (i > 0 && x[i]! < x[i - 1]!) sorted = false;
  }
  if (sorted) return { x, y };
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a]! - x[b]! || a - b);
  return { x: Float64Array.from(order, (i) => x[i]!), y: Float64Array.from(order, (i) => y[i]!) };
}

/**
 * Keeps first, min, max and last per pixel column of the x range. NaN points are kept where they fall (the chart
 * draws a gap); series short enough to draw whole are returned unchanged.
 */
export function downsampleMinMax(series: PlotSeries, pixels: number): PlotSeries {
  const { x, y } = series;
  const n = x.length;
  if (n <= pixels * 4 || pixels < 1) return series;
  const x0 = x[0]!;
  const span = x[n - 1]! - x0;
  const outX = new Float64Array(pixels * 4 + 4);
  const outY = new Float64Array(pixels * 4 + 4);
  let out = 0;
  let start = 0;
  while (start < n) {
    const column = span > 0 ? Math.min(pixels - 1, Math.floor(((x[start]! - x0) / span) * pixels)) : 0;
    let end = start + 1;
    let min = start;
    let max = start;
    let nan = -1;
    while (end < n && (span > 0 ? Math.min(pixels - 1, Math.floor(((x[end]! - x0) / span) * pixels)) : 0) === column) {
      const v = y[end]!;
      if (Number.isNaN(v)) {
        nan = end;
      } else {
        if (v < y[min]! || Number.isNaN(y[min]!)) min = end;
        if (v > y[max]! || Number.isNaN(y[max]!)) max = end;
      }
      end++;
    }
    const keep = [start, min, max, end - 1];
    if (nan >= 0) keep.push(nan);
    keep.sort((a, b) => a - b);
    let previous = -1;
    for (const i of keep) {
      if (i === previous) continue;
      previous = i;
      outX[out] = x[i]!;
      outY[out] = y[i]!;
      out++;
    }
    start = end;
  }
  return { x: outX.slice(0, out), y: outY.slice(0, out) };
}
