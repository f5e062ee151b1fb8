import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareMetrics, compareParams, metricDirection } from '../../../core/registry/versionComparison';

test('metrics: higher is better unless the name is a loss or error, or the policy says lower', () => {
  assert.equal(metricDirection('accuracy'), 'higher');
  assert.equal(metricDirection('val_loss'), 'lower');
  assert.equal(metricDirection('rmse'), 'lower');
  assert.equal(metricDirection('latency_ms', []), 'lower');
  assert.equal(metricDirection('accuracy', [{ metric: 'accuracy', direction: 'lower' }]), 'lower');
});

test('metrics: better, worse, equal and one-sided, sorted by name', () => {
  const rows = compareMetrics({ accuracy: 0.962, val_loss: 0.2, f1_score: 0.95, auc: Number.NaN, extra: 1 }, { accuracy: 0.951, val_loss: 0.1, f1_score: 0.95, auc: 0.9, old: 2 });
  assert.deepEqual(
    rows.map((r) => [r.key, r.verdict]),
    [
      ['accuracy', 'better'],
      ['auc', 'equal'],
      ['extra', 'candidate-only'],
      ['f1_score', 'equal'],
      ['old', 'current-only'],
      ['val_loss', 'worse'],
    ],
  );
  assert.equal(rows[0]!.candidate, 0.962);
  assert.equal(rows[0]!.current, 0.951);
  assert.equal('current' in rows[2]!, false);
});

test('params: changed when values differ or one side lacks the key', () => {
  assert.deepEqual(compareParams({ lr: '0.05', depth: '6', seed: '1' }, { lr: '0.1', depth: '6', batch: '32' }), [
    { key: 'batch', current: '32', changed: true },
    { key: 'depth', candidate: '6', current: '6', changed: false },
    { key: 'lr', candidate: '0.05', current: '0.1', changed: true },
    { key: 'seed', candidate: '1', changed: true },
  ]);
});
