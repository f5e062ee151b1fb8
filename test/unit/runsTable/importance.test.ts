// Param importance against the reference test/fixtures/runsTable/importance_reference.json, computed with numpy and
// scipy by importance_reference.py when the algorithm was written (it reads the fixture stores itself). Store cases
// go through the runs table model, as the parallel-coordinates panel does; the synthetic case uses the JSON's data.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { SeededRandom } from '../../../core/demo/random';
import { IMPORTANCE_MAX_RUNS, type ImportanceResult, type ParamValues, paramImportance } from '../../../core/runsTable/importance';
import { RunsTableSession } from '../../../core/runsTable/session';
import { EMPTY_QUERY } from '../../../core/runsTable/tableQuery';
import { FileStore } from '../../../core/tracking/file/fileStore';
import { SqliteStore } from '../../../core/tracking/sqlite/sqliteStore';
import type { TrackingStore } from '../../../core/tracking/store';

interface ReferenceCase {
  params?: Record<string, Record<string, string>>;
  metric?: Record<string, number | 'NaN'>;
  expected: Expected;
}

const FIXTURES = join(__dirname, '..', '..', 'fixtures');
const reference = JSON.parse(readFileSync(join(FIXTURES, 'runsTable', 'importance_reference.json'), 'utf8')) as {
  mulberry32_seed7_first5: number[];
  cases: Record<string, ReferenceCase>;
};
type Expected = Omit<ImportanceResult, 'runsWithMetric'>;
const stores: TrackingStore[] = [];
after(async () => {
  for (const store of stores) await store.close();
});

function assertMatches(actual: ImportanceResult, expected: Expected, name: string): void {
  assert.equal(actual.runs, expected.runs, `${name}: runs used`);
  assert.equal(actual.runsWithMetric, expected.runs, `${name}: no sample below ${IMPORTANCE_MAX_RUNS} runs`);
  const byKey = new Map(actual.params.map((p) => [p.key, p]));
  assert.deepEqual([...byKey.keys()].sort(), expected.params.map((p) => p.key).sort(), `${name}: params kept`);
  for (const want of expected.params) {
    const got = byKey.get(want.key)!;
    assert.equal(got.kind, want.kind, `${name} ${want.key} kind`);
    assert.ok(Math.abs(got.correlation! - want.correlation!) < 1e-12, `${name} ${want.key} correlation ${got.correlation} vs ${want.correlation}`);
    assert.ok(Math.abs(got.importance - want.importance) < 1e-9, `${name} ${want.key} importance ${got.importance} vs ${want.importance}`);
  }
}

async function storeCase(store: TrackingStore, experimentId: string, metricKey: string): Promise<ImportanceResult> {
  stores.push(store);
  const session = new RunsTableSession(store, [experimentId]);
  const state = await session.apply(EMPTY_QUERY);
  const ids = session.shownRunIds();
  const params: ParamValues[] = [];
  for (const column of state!.columns.filter((c) => c.group === 'params')) {
    params.push({ key: column.key, values: (await session.values(column.id, ids)) as Map<string, string> });
  }
  return paramImportance(params, (await session.values(`metrics.${metricKey}`, ids)) as Map<string, number>);
}

test('the reference uses the same random numbers (mulberry32, seed 7)', () => {
  const random = new SeededRandom(7);
  assert.deepEqual(
    reference.mulberry32_seed7_first5.map(() => random.next()),
    reference.mulberry32_seed7_first5,
  );
});

test('air-quality (mlflow.db): the model matters far more than the threshold', async () => {
  const store = new SqliteStore(join(FIXTURES, 'mlflow', 'air-quality', 'mlflow.db'));
  for (const metric of ['validation_f1', 'validation_roc_auc']) {
    const result = await storeCase(store, '1', metric);
    assertMatches(result, reference.cases[`air-quality ${metric}`]!.expected, metric);
    assert.ok(result.params.find((p) => p.key === 'model')!.importance > 0.8);
  }
});

test('fastapi-wine (mlruns/): the sweep’s learning rate and momentum; constant and parent-only params left out', async () => {
  const result = await storeCase(new FileStore(join(FIXTURES, 'mlflow', 'fastapi-wine', 'mlruns')), '895387645806649699', 'val_rmse');
  assertMatches(result, reference.cases['fastapi-wine val_rmse']!.expected, 'fastapi-wine');
});

test('synthetic: a quadratic effect the correlation misses, the forest finds; ids are left out', () => {
  const { params, metric, expected } = reference.cases.synthetic!;
  const result = paramImportance(
    Object.entries(params!).map(([key, values]) => ({ key, values: new Map(Object.entries(values)) })),
    new Map(Object.entries(metric!).map(([id, v]) => [id, v === 'NaN' ? Number.NaN : v])),
  );
  assertMatches(result, expected, 'synthetic');
  const learningRate = result.params.find((p) => p.key === 'learning_rate')!;
  assert.ok(Math.abs(learningRate.correlation!) < 0.2 && learningRate.importance > 0.5);
  assert.equal(result.params.find((p) => p.key === 'checkpoint'), undefined);
  assert.equal(result.params.find((p) => p.key === 'seed'), undefined);
});

test('beyond 2,000 runs the forest reads every k-th run by id, and says so', () => {
  const ids = Array.from({ length: 5000 }, (_, i) => `run${String(i).padStart(5, '0')}`);
  const random = new SeededRandom(3);
  const lr = new Map(ids.map((id) => [id, String(10 ** (-4 + 3 * random.next()))]));
  const metric = new Map(ids.map((id) => [id, Math.log10(Number(lr.get(id))) + random.normal(0, 0.1)]));
  const result = paramImportance([{ key: 'lr', values: lr }], metric);
  assert.equal(result.runsWithMetric, 5000);
  assert.equal(result.runs, 1667);
  const sample = ids.filter((_, i) => i % 3 === 0);
  const direct = paramImportance([{ key: 'lr', values: lr }], new Map(sample.map((id) => [id, metric.get(id)!])));
  assert.deepEqual(result.params, direct.params);
  assert.equal(result.params[0]!.importance, 1);
  assert.ok(result.params[0]!.correlation! > 0.5, 'linear in log10(lr): a clear positive Pearson r on lr itself');
});
