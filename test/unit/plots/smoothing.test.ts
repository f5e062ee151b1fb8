import assert from 'node:assert/strict';
import { test } from 'node:test';
import { smoothEma } from '../../../webviews/plots/smoothing';

test('EMA smoothing is debiased, keeps gaps, and weight 0 is the identity', () => {
  assert.deepEqual(smoothEma([1, 2, null, 3], 0), [1, 2, null, 3]);
  const smoothed = smoothEma([10, 10, 10], 0.9);
  for (const v of smoothed) assert.ok(Math.abs((v ?? 0) - 10) < 1e-9, 'a constant series stays constant');
  const stepped = smoothEma([0, 0, 1, null, 1], 0.5);
  assert.equal(stepped[3], null);
  assert.ok((stepped[2] ?? 0) > 0 && (stepped[2] ?? 1) < 1, 'a step is smoothed');
  assert.ok((stepped[4] ?? 0) > (stepped[2] ?? 0), 'the average keeps moving across the gap');
});
