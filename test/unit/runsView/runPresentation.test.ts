import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatMetricValue, keyMetric, nestRuns, relativeTime, sharedKeyMetric } from '../../../core/runsView/runPresentation';
import type { Metric, Run } from '../../../core/tracking/store';

function run(id: string, metrics: Array<[string, number]>, parent?: string): Run {
  return {
    info: {
      runId: id,
      runName: `name-${id}`,
      experimentId: '1',
      userId: 'u',
      status: 'FINISHED',
      startTime: 0,
      endTime: 1,
      artifactUri: '',
      lifecycleStage: 'active',
    },
    data: {
      metrics: metrics.map(([key, value]): Metric => ({ key, value, timestamp: 0, step: 0 })),
      params: [],
      tags: parent ? [{ key: 'mlflow.parentRunId', value: parent }] : [],
    },
  };
}

test('key metric: the setting when present, else accuracy, val_loss, loss in that order, else the first key', () => {
  assert.equal(keyMetric(run('a', [['loss', 1], ['val_loss', 2], ['accuracy', 0.9]]))?.key, 'accuracy');
  assert.equal(keyMetric(run('a', [['loss', 1], ['val_loss', 2]]))?.key, 'val_loss');
  assert.equal(keyMetric(run('a', [['zeta', 1], ['loss', 2]]))?.key, 'loss');
  assert.equal(keyMetric(run('a', [['zeta', 1], ['beta', 2]]))?.key, 'beta');
  assert.equal(keyMetric(run('a', [['system/cpu_utilization_percentage', 9], ['val_auc', 2]]))?.key, 'val_auc', 'system metrics are not the key metric');
  assert.equal(keyMetric(run('a', [['system/cpu_utilization_percentage', 9]]))?.key, 'system/cpu_utilization_percentage');
  assert.equal(keyMetric(run('a', [['f1', 0.5], ['accuracy', 0.9]]), 'f1')?.value, 0.5);
  assert.equal(keyMetric(run('a', [['accuracy', 0.9]]), 'f1'), undefined);
  assert.equal(keyMetric(run('a', [])), undefined);
});

test('metric values: 4 significant digits and MLflow spellings of NaN and infinities', () => {
  assert.equal(formatMetricValue(0.912345), '0.9123');
  assert.equal(formatMetricValue(12), '12');
  assert.equal(formatMetricValue(Number.NaN), 'NaN');
  assert.equal(formatMetricValue(Number.NEGATIVE_INFINITY), '-Infinity');
});

test('relative start times', () => {
  const now = 1_000_000_000_000;
  assert.equal(relativeTime(now - 500, now), 'just now');
  assert.equal(relativeTime(now + 10_000, now), 'just now');
  assert.equal(relativeTime(now - 90_000, now), '1m ago');
  assert.equal(relativeTime(now - 3 * 3600_000, now), '3h ago');
  assert.equal(relativeTime(now - 2 * 24 * 3600_000, now), '2d ago');
});

test('nested runs sit under their parent; orphans and cycles stay visible at the top level', () => {
  const runs = [run('p', []), run('c1', [], 'p'), run('c2', [], 'p'), run('g', [], 'c1'), run('orphan', [], 'missing'), run('x', [], 'y'), run('y', [], 'x')];
  const top = nestRuns(runs);
  const ids = (entries: ReturnType<typeof nestRuns>) => entries.map((e) => e.run.info.runId);
  assert.deepEqual(ids(top), ['p', 'orphan', 'y']);
  assert.deepEqual(ids(top[0]!.children), ['c1', 'c2']);
  assert.deepEqual(ids(top[0]!.children[0]!.children), ['g']);
  assert.deepEqual(ids(top[2]!.children), ['x']);
  const count = (entries: ReturnType<typeof nestRuns>): number => entries.reduce((n, e) => n + 1 + count(e.children), 0);
  assert.equal(count(top), runs.length);
});

test('plotting several runs starts with a metric every run logged, whichever run was selected first', () => {
  const wandb = run('w', [['train/loss', 0.2], ['val/loss', 0.3], ['accuracy', 0.8]]);
  const wandbOnly = run('x', [['train/loss', 0.2], ['val/auc', 0.9]]);
  const mlflow = run('m', [['loss', 0.1], ['accuracy', 0.9], ['f1_score', 0.88]]);
  assert.equal(sharedKeyMetric([wandbOnly, wandb]), 'train/loss');
  assert.equal(sharedKeyMetric([wandbOnly, mlflow]), 'train/loss', 'nothing in common: the first run\'s key metric');
  assert.equal(sharedKeyMetric([run('a', [['zeta', 1], ['loss', 2]]), run('b', [['alpha', 1], ['loss', 3]])]), 'loss');
  assert.equal(sharedKeyMetric([run('a', [['f1', 1], ['recall', 2]]), run('b', [['recall', 1], ['f1', 3], ['accuracy', 1]])]), 'f1');
  assert.equal(sharedKeyMetric([mlflow, wandb]), 'accuracy');
  assert.equal(sharedKeyMetric([run('a', [['b', 1], ['a', 2]]), run('c', [['a', 1], ['b', 1]])]), 'a');
  assert.equal(sharedKeyMetric([run('e', [])]), undefined);
});
