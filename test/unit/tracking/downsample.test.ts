import assert from 'node:assert/strict';
import { test } from 'node:test';
import { downsampleMinMax, metricSeries } from '../../../core/tracking/downsample';
import type { Metric } from '../../../core/tracking/store';

function history(n: number, value: (i: number) => number): Metric[] {
  return Array.from({ length: n }, (_, i) => ({ key: 'loss', value: value(i), timestamp: 1000 + i * 10, step: i }));
}

test('a long series shrinks to at most four points per pixel and keeps every spike', () => {
  const spikes = new Map([
    [12_345, 50],
    [500_001, -40],
    [999_998, 77],
  ]);
  const series = metricSeries(history(1_000_000, (i) => spikes.get(i) ?? Math.sin(i / 1000)));
  const small = downsampleMinMax(series, 800);
  assert.ok(small.x.length <= 800 * 4, `${small.x.length} points`);
  const ys = [...small.y];
  for (const value of spikes.values()) assert.ok(ys.includes(value), `spike ${value} kept`);
  assert.equal(small.x[0], 0);
  assert.equal(small.x.at(-1), 999_999);
  for (let i = 1; i < small.x.length; i++) assert.ok(small.x[i]! > small.x[i - 1]!, 'x stays increasing');
});

test('each pixel column keeps its real minimum and maximum', () => {
  const values = Array.from({ length: 4000 }, (_, i) => ((i * 7919) % 1000) / 10);
  const series = metricSeries(history(4000, (i) => values[i]!));
  const small = downsampleMinMax(series, 100);
  for (let column = 0; column < 100; column++) {
    const inColumn = values.filter((_, i) => Math.min(99, Math.floor((i / 3999) * 100)) === column);
    const kept = [...small.y].filter((_, k) => Math.min(99, Math.floor((small.x[k]! / 3999) * 100)) === column);
    assert.equal(Math.max(...kept), Math.max(...inColumn), `column ${column} max`);
    assert.equal(Math.min(...kept), Math.min(...inColumn), `column ${column} min`);
  }
});

test('short series are unchanged; NaN points survive as gaps; x can be time or relative seconds', () => {
  const short = metricSeries(history(10, (i) => i));
  assert.equal(downsampleMinMax(short, 100), short);
  const withNan = downsampleMinMax(metricSeries(history(10_000, (i) => (i === 5000 ? Number.NaN : 1))), 10);
  assert.ok([...withNan.y].some(Number.isNaN));
  assert.deepEqual([...metricSeries(history(3, (i) => i), 'relative').x], [0, 0.01, 0.02]);
  assert.deepEqual([...metricSeries(history(3, (i) => i), 'time').x], [1000, 1010, 1020]);
});

test('histories logged out of step order are sorted by x', () => {
  const logged: Metric[] = [3, 1, 2].map((step) => ({ key: 'k', value: step * 10, timestamp: step, step }));
  assert.deepEqual([...metricSeries(logged).y], [10, 20, 30]);
});
