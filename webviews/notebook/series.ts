// Series maths for the metrics plot, kept apart from uPlot so it can be tested without a DOM.
import type { MetricsPayload } from './contract';

/** TensorBoard's smoothing: EMA with weight w, divided by (1 - w^n) so the first points are not pulled to zero. */
export function smooth(values: Array<number | null>, weight: number): Array<number | null> {
  if (weight <= 0) return values;
  let last = 0;
  let count = 0;
  return values.map((v) => {
    if (v === null || !Number.isFinite(v)) return v;
    last = last * weight + (1 - weight) * v;
    count += 1;
    return last / (1 - weight ** count);
  });
}

/** Aligns every series on the union of their steps (uPlot needs one shared x array); gaps are null. */
export function alignSeries(payload: MetricsPayload): { steps: number[]; columns: Array<Array<number | null>> } {
  const steps = [...new Set(payload.series.flatMap((s) => s.points.map((p) => p.step)))].sort((a, b) => a - b);
  const index = new Map(steps.map((step, i) => [step, i]));
  const columns = payload.series.map((s) => {
    const column: Array<number | null> = steps.map(() => null);
    for (const p of s.points) column[index.get(p.step)!] = p.value;
    return column;
  });
  return { steps, columns };
}
