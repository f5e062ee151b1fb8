import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { parsePolicy } from '../../../core/registry/policy';
import { buildVersionCard } from '../../../core/registry/versionCard';
import { alignSeries, smooth } from '../../../webviews/notebook/series';
import { freshDemoWorkspace } from '../../e2e/harness/demoWorkspace';
import { DEMO_POLICY } from '../../support/notebookMagics';
import { openUri } from '../../support/locations';

test('alignSeries: one x array over the union of steps, gaps as null', () => {
  const aligned = alignSeries({
    series: [
      { run_id: 'a', key: 'loss', points: [{ step: 0, value: 1, timestamp: 0 }, { step: 2, value: 0.5, timestamp: 0 }] },
      { run_id: 'b', key: 'loss', points: [{ step: 1, value: 0.9, timestamp: 0 }, { step: 2, value: 0.4, timestamp: 0 }] },
    ],
  });
  assert.deepEqual(aligned, { steps: [0, 1, 2], columns: [[1, null, 0.5], [null, 0.9, 0.4]] });
});

test('smooth: debiased EMA (the first point is kept), gaps skipped, weight 0 is identity', () => {
  const values = [1, null, 3, 5];
  assert.equal(smooth(values, 0), values);
  const smoothed = smooth(values, 0.5);
  assert.equal(smoothed[0], 1);
  assert.equal(smoothed[1], null);
  // (0.5·0.5·1 + 0.5·3) / (1 − 0.25) = 2.333…
  assert.ok(Math.abs((smoothed[2] as number) - 7 / 3) < 1e-12);
});

const demo = freshDemoWorkspace();
after(() => demo.remove());

test('buildVersionCard: stage, aliases, latest metrics and the next stage\'s gate from the demo store', async () => {
  const services = openUri(`sqlite:///${demo.folder}/mlflow.db`);
  const registry = services.registry;
  try {
    const card = await buildVersionCard(registry, services.runMetrics, parsePolicy(DEMO_POLICY, '.mlops/promotion.yaml'), 'fraud-detection', '2');
    assert.equal(card.stage, 'Staging');
    assert.deepEqual(card.aliases, ['challenger']);
    assert.equal(card.metrics.accuracy, 0.962);
    assert.equal(card.next_stage, 'Production');
    assert.equal(card.gate?.passed, true);
    assert.equal(card.gate?.current_version, '1');
    assert.deepEqual(card.gate?.checks.map((c) => c.detail.split(' ')[0]), ['accuracy', 'f1_score', 'accuracy']);
    const production = await buildVersionCard(registry, services.runMetrics, undefined, 'fraud-detection', '1');
    assert.equal(production.next_stage, null);
    assert.equal(production.gate, null);
  } finally {
    await services.close();
  }
});
