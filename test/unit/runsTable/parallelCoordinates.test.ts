// Parallel coordinates on fastapi-wine's sweep (mlruns/): axes from the varying params (a log axis for the learning
// rate), a brush keeps exactly the runs whose values fall inside it, and categorical axes from air-quality's models.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { axisPosition, axisValue, betterEnd, brushedRuns, type ParallelData, parallelAxes } from '../../../core/runsTable/parallelCoordinates';
import { RunsTableSession } from '../../../core/runsTable/session';
import { EMPTY_QUERY } from '../../../core/runsTable/tableQuery';
import { FileStore } from '../../../core/tracking/file/fileStore';
import { collectRuns } from '../../../core/tracking/query';
import { SqliteStore } from '../../../core/tracking/sqlite/sqliteStore';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'mlflow');
const wine = new FileStore(join(FIXTURES, 'fastapi-wine', 'mlruns'));
const airQuality = new SqliteStore(join(FIXTURES, 'air-quality', 'mlflow.db'));
after(async () => {
  await wine.close();
  await airQuality.close();
});

/** The axes for the runs the session shows (its query applied). */
async function parallelData(session: RunsTableSession, metric: string): Promise<ParallelData> {
  const runIds = session.shownRunIds();
  const params = [];
  for (const column of session.state().columns.filter((c) => c.group === 'params')) {
    params.push({ id: column.id, label: column.key, values: await session.values(column.id, runIds) });
  }
  const axes = parallelAxes(runIds, params, { id: `metrics.${metric}`, label: metric, values: await session.values(`metrics.${metric}`, runIds) });
  return { runIds, labels: runIds, axes, better: 'higher' };
}

test('the sweep’s children: learning rate on a log axis, momentum linear, constant params left out', async () => {
  const session = new RunsTableSession(wine, ['895387645806649699']);
  await session.apply({ ...EMPTY_QUERY, filter: "params.optimizer = 'SGD'" });
  const data = await parallelData(session, 'val_rmse');
  assert.deepEqual(data.axes.map((a) => [a.id, a.scale]), [
    ['params.learning_rate', 'log'],
    ['params.momentum', 'linear'],
    ['metrics.val_rmse', 'linear'],
  ]);
  const lr = data.axes[0]!;
  assert.ok(lr.min < 2e-5 && lr.max > 0.06);
  for (const axis of data.axes) {
    for (const value of axis.values) {
      const position = axisPosition(axis, value!);
      assert.ok(position >= 0 && position <= 1);
      assert.ok(Math.abs(axisValue(axis, position) - value!) <= 1e-9 * Math.max(1, Math.abs(value!)));
    }
  }
});

test('a brush on the metric and one on the learning rate keep exactly the runs inside both', async () => {
  const session = new RunsTableSession(wine, ['895387645806649699']);
  await session.apply({ ...EMPTY_QUERY, filter: "params.optimizer = 'SGD'" });
  const data = await parallelData(session, 'val_rmse');
  const runs = await collectRuns(wine, { experimentIds: ['895387645806649699'], filter: "params.optimizer = 'SGD'" });
  const value = (id: string, key: string) => {
    const run = runs.find((r) => r.info.runId === id)!;
    return Number(run.data.params.find((p) => p.key === key)?.value ?? run.data.metrics.find((m) => m.key === key)?.value);
  };
  const rmse = runs.map((r) => value(r.info.runId, 'val_rmse'));
  const [lo, hi] = [Math.min(...rmse), Math.max(...rmse)];
  // Lower half of the metric axis, and learning rates from 1e-4 up (log positions).
  const lrAxis = data.axes[0]!;
  const lrLow = (Math.log10(1e-4) - Math.log10(lrAxis.min)) / (Math.log10(lrAxis.max) - Math.log10(lrAxis.min));
  const kept = brushedRuns(data, [
    { axis: 'metrics.val_rmse', low: 0, high: 0.5 },
    { axis: 'params.learning_rate', low: 1, high: lrLow },
  ]).map((i) => data.runIds[i]);
  const expected = runs
    .filter((r) => value(r.info.runId, 'val_rmse') <= (lo + hi) / 2 && value(r.info.runId, 'learning_rate') >= 1e-4)
    .map((r) => r.info.runId);
  assert.ok(expected.length > 0 && expected.length < runs.length);
  assert.deepEqual([...kept].sort(), [...expected].sort());
  assert.deepEqual(brushedRuns(data, []).length, runs.length, 'no brush keeps every run');
});

test('air-quality: models on a categorical axis; the parent-less NaN roc_auc reads as missing', async () => {
  const session = new RunsTableSession(airQuality, ['1']);
  await session.apply(EMPTY_QUERY);
  const data = await parallelData(session, 'validation_roc_auc');
  const model = data.axes.find((a) => a.id === 'params.model')!;
  assert.equal(model.scale, 'categorical');
  assert.deepEqual(model.categories, ['decision_tree', 'knn', 'logistic_regression', 'random_forest']);
  const metric = data.axes.at(-1)!;
  assert.equal(metric.scale, 'linear');
  assert.equal(metric.values.filter((v) => v === null).length, 1);
  const knn = brushedRuns(data, [{ axis: 'params.model', low: 0.3, high: 0.36 }]);
  assert.equal(knn.length, 23);
});

test('the better end of the metric: the sort by it (a sweep’s goal) first, else its name', () => {
  assert.equal(betterEnd('val/loss', { column: 'metrics.val/loss', descending: false }), 'lower');
  assert.equal(betterEnd('score', { column: 'metrics.score', descending: false }), 'lower', 'a sweep minimizing a score');
  assert.equal(betterEnd('val/loss', { column: 'metrics.val/loss', descending: true }), 'higher', 'the sort decides over the name');
  assert.equal(betterEnd('val_loss', { column: 'metrics.accuracy', descending: true }), 'lower', 'sorted by another metric: the name decides');
  assert.equal(betterEnd('rmse', undefined), 'lower');
  assert.equal(betterEnd('accuracy', undefined), 'higher');
});
