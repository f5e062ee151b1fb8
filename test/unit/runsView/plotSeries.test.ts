import assert from 'node:assert/strict';
import { test } from 'node:test';
import { plotPoints } from '../../../core/runsView/plotSeries';
import type { Metric } from '../../../core/tracking/store';

test('a 1M-point history reaches the chart as at most ~4 points per pixel with its spikes and gaps kept', () => {
  const n = 1_000_000;
  const history: Metric[] = new Array(n);
  for (let i = 0; i < n; i++) history[i] = { key: 'loss', value: 1 + Math.sin(i / 1000) * 0.1, timestamp: 1_700_000_000_000 + i, step: i };
  history[123_457] = { ...history[123_457]!, value: 50 };
  history[876_543] = { ...history[876_543]!, value: -40 };
  history[500_000] = { ...history[500_000]!, value: Number.NaN };
  const width = 800;
  const points = plotPoints(history, 'step', width);
  assert.ok(points.x.length <= width * 5, `${points.x.length} points for ${width} pixels`);
  const finite = points.y.filter((v): v is number => v !== null);
  assert.equal(Math.max(...finite), 50);
  assert.equal(Math.min(...finite), -40);
  assert.ok(points.x.includes(123_457) && points.x.includes(876_543));
  assert.equal(points.y[points.x.indexOf(500_000)], null, 'NaN is sent as a gap');
  assert.equal(points.x[0], 0);
  assert.equal(points.x.at(-1), n - 1);
});

test('short histories are sent whole; relative time counts seconds from the first point; ±inf become gaps', () => {
  const history: Metric[] = [
    { key: 'acc', value: 0.5, timestamp: 10_000, step: 0 },
    { key: 'acc', value: Number.POSITIVE_INFINITY, timestamp: 12_000, step: 1 },
    { key: 'acc', value: 0.7, timestamp: 13_500, step: 2 },
  ];
  assert.deepEqual(plotPoints(history, 'relative', 300), { x: [0, 2, 3.5], y: [0.5, null, 0.7] });
  assert.deepEqual(plotPoints(history, 'time', 300).x, [10_000, 12_000, 13_500]);
  assert.deepEqual(plotPoints(history, 'relative', 300, 4_000).x, [6, 8, 9.5], 'system metrics count runtime from the run start');
});
