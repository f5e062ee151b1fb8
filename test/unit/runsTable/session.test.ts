// The runs table model on real stores from test/fixtures/mlflow: air-quality (mlflow.db, 156 runs of 4 models ×
// 10 thresholds), nda-zoomcamp-week02 (mlflow.db; a metric logged twice per step) and fastapi-wine (mlruns/, a sweep
// parent with 15 children). Expected values are computed here from the runs as the store's plain search returns them.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { RunsTableSession } from '../../../core/runsTable/session';
import { tableCsv } from '../../../core/runsTable/tableCsv';
import { EMPTY_QUERY, QueryError, type TableQuery } from '../../../core/runsTable/tableQuery';
import { FileStore } from '../../../core/tracking/file/fileStore';
import { collectRuns } from '../../../core/tracking/query';
import { SqliteStore } from '../../../core/tracking/sqlite/sqliteStore';
import type { Run } from '../../../core/tracking/store';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'mlflow');
const airQuality = new SqliteStore(join(FIXTURES, 'air-quality', 'mlflow.db'));
const zoomcamp = new SqliteStore(join(FIXTURES, 'nda-zoomcamp-week02', 'mlflow.db'));
const wine = new FileStore(join(FIXTURES, 'fastapi-wine', 'mlruns'));
const WINE_EXPERIMENT = '895387645806649699';

after(async () => {
  for (const store of [airQuality, zoomcamp, wine]) await store.close();
});

const query = (changes: Partial<TableQuery>): TableQuery => ({ ...EMPTY_QUERY, ...changes });
const param = (run: Run, key: string) => run.data.params.find((p) => p.key === key)?.value;
const metric = (run: Run, key: string) => run.data.metrics.find((m) => m.key === key)?.value;

async function allRows(session: RunsTableSession) {
  return session.window(0, session.state().rowCount);
}

describe('air-quality: 156 runs in mlflow.db', () => {
  const session = new RunsTableSession(airQuality, ['1']);
  let runs: Run[];

  test('columns are the run fields, then every param, metric and tag key, grouped', async () => {
    runs = await collectRuns(airQuality, { experimentIds: ['1'] });
    const state = await session.apply(EMPTY_QUERY);
    assert.ok(state);
    assert.equal(state.runCount, 156);
    assert.equal(state.rowCount, 156);
    const ids = state.columns.map((c) => c.id);
    assert.deepEqual(ids.slice(0, 6), ['attributes.run_name', 'attributes.status', 'attributes.start_time', 'attributes.duration', 'attributes.user_id', 'attributes.source']);
    assert.deepEqual(
      ids.filter((id) => /^(params|metrics)\./.test(id)),
      ['params.model', 'params.threshold', 'metrics.validation_f1', 'metrics.validation_recall', 'metrics.validation_roc_auc'],
    );
    assert.ok(ids.includes('tags.mlflow.source.git.commit'));
    // The store's default order: start_time DESC, then run id.
    const expected = [...runs].sort((a, b) => b.info.startTime - a.info.startTime || (a.info.runId < b.info.runId ? -1 : 1));
    assert.deepEqual(session.shownRunIds(), expected.map((r) => r.info.runId));
  });

  test('sorted by a metric, descending: numbers, then NaN, then runs without it', async () => {
    await session.apply(query({ sort: { column: 'metrics.validation_roc_auc', descending: true } }));
    const rank = (v: number | undefined) => (v === undefined ? 2 : Number.isNaN(v) ? 1 : 0);
    const expected = [...runs].sort((a, b) => {
      const va = metric(a, 'validation_roc_auc');
      const vb = metric(b, 'validation_roc_auc');
      return rank(va) - rank(vb) || (rank(va) === 0 ? vb! - va! : 0) || b.info.startTime - a.info.startTime || (a.info.runId < b.info.runId ? -1 : 1);
    });
    assert.deepEqual(session.shownRunIds(), expected.map((r) => r.info.runId));
    assert.ok(runs.some((r) => Number.isNaN(metric(r, 'validation_roc_auc') ?? 0)), 'the fixture has one NaN roc_auc');
    assert.ok(Number.isNaN(metric(expected.at(-1)!, 'validation_roc_auc')!), 'NaN sorts after every number');
    const [first] = await session.window(0, 1);
    assert.equal(first?.cells?.['metrics.validation_roc_auc'], metric(expected[0]!, 'validation_roc_auc'));
    assert.equal(first?.cells?.['params.model'], param(expected[0]!, 'model'));
  });

  test('the MLflow filter and a quick filter narrow the runs together', async () => {
    const state = await session.apply(
      query({ filter: 'metrics.validation_roc_auc > 0.9', columnFilters: { 'params.model': 'FOREST' }, sort: { column: 'metrics.validation_roc_auc', descending: false } }),
    );
    const expected = runs.filter((r) => (metric(r, 'validation_roc_auc') ?? 0) > 0.9 && param(r, 'model')!.toLowerCase().includes('forest'));
    assert.ok(expected.length > 0);
    assert.equal(state?.runCount, expected.length);
    const shown = await allRows(session);
    const aucs = shown.map((row) => row.cells?.['metrics.validation_roc_auc'] as number);
    assert.deepEqual(aucs, [...aucs].sort((a, b) => a - b));
  });

  test('a quick filter on a number column compares; one that is not a comparison names its column', async () => {
    const state = await session.apply(query({ columnFilters: { 'metrics.validation_recall': '>= 0.85' } }));
    assert.equal(state?.runCount, runs.filter((r) => (metric(r, 'validation_recall') ?? -1) >= 0.85).length);
    await assert.rejects(session.apply(query({ columnFilters: { 'metrics.validation_recall': 'big' } })), (error: Error) => {
      assert.ok(error instanceof QueryError);
      assert.equal(error.column, 'metrics.validation_recall');
      return true;
    });
    await assert.rejects(session.apply(query({ filter: 'metrics.x >' })), QueryError);
  });

  test('only differences hides the params that are the same in every shown run', async () => {
    assert.deepEqual((await session.apply(query({ onlyDifferences: true })))?.sameParams, []);
    const state = await session.apply(query({ onlyDifferences: true, filter: "params.threshold = '0.6'" }));
    assert.deepEqual(state?.sameParams, ['threshold']);
    assert.ok((state?.runCount ?? 0) > 4);
  });

  test('group by a param: one row per value with its count, and the mean and best of the sorted metric', async () => {
    const state = await session.apply(query({ groupBy: 'model', sort: { column: 'metrics.validation_f1', descending: true } }));
    const rows = await allRows(session);
    const groups = rows.filter((r) => r.row.kind === 'group').map((r) => r.row as Extract<typeof r.row, { kind: 'group' }>);
    assert.deepEqual(groups.map((g) => [g.value, g.count]).sort(), [
      ['decision_tree', 39],
      ['knn', 23],
      ['logistic_regression', 49],
      ['random_forest', 45],
    ]);
    assert.equal(state?.rowCount, 156 + 4);
    for (const group of groups) {
      const members = runs.filter((r) => param(r, 'model') === group.value).map((r) => metric(r, 'validation_f1')!);
      const finite = members.filter(Number.isFinite);
      assert.ok(Math.abs(group.mean! - finite.reduce((a, b) => a + b, 0) / finite.length) < 1e-12, group.value);
      assert.equal(group.best, Math.max(...finite), group.value);
    }
    // Groups come in the order of their best run: the best group first.
    assert.deepEqual(groups.map((g) => g.best), [...groups.map((g) => g.best)].sort((a, b) => b! - a!));
    const folded = session.toggleFold(groups[0]!.key);
    assert.equal(folded.rowCount, 156 + 4 - groups[0]!.count);
  });

  test('a preview shows the first page of the store’s order before the whole order is read', async () => {
    const q = query({ sort: { column: 'metrics.validation_recall', descending: true } });
    const preview = await session.preview(q, 10);
    assert.equal(preview?.complete, false);
    assert.equal(preview?.runCount, 10);
    const firstPage = session.shownRunIds();
    const full = await session.apply(q);
    assert.equal(full?.complete, true);
    assert.deepEqual(session.shownRunIds().slice(0, 10), firstPage);
    assert.equal(await session.preview(query({ groupBy: 'model' }), 10), undefined, 'grouping needs every run');
  });

  test('a newer query supersedes one still running', async () => {
    const older = session.apply(query({ sort: { column: 'metrics.validation_f1', descending: true } }));
    const newer = session.apply(query({ filter: "params.model = 'knn'" }));
    assert.equal(await older, undefined);
    assert.equal((await newer)?.runCount, 23);
  });
});

describe('nda-zoomcamp: metric cells as min, max and value at a step', () => {
  const session = new RunsTableSession(zoomcamp, ['1']);

  test('cells follow the column’s mode over the full history', async () => {
    const modes: TableQuery['metricModes'][] = [{ 'validation-rmse': { kind: 'min' } }, { 'validation-rmse': { kind: 'max' } }, { 'validation-rmse': { kind: 'step', step: 40 } }];
    for (const metricModes of modes) {
      await session.apply(query({ metricModes }));
      const mode = metricModes['validation-rmse']!;
      for (const row of await allRows(session)) {
        const history = await zoomcamp.getMetricHistory(row.run!.runId, 'validation-rmse');
        const values = history.map((m) => m.value);
        const atStep = history.filter((m) => m.step === 40).sort((a, b) => a.timestamp - b.timestamp || a.value - b.value).at(-1)?.value;
        const expected = history.length === 0 ? null : mode.kind === 'min' ? Math.min(...values) : mode.kind === 'max' ? Math.max(...values) : (atStep ?? null);
        assert.equal(row.cells?.['metrics.validation-rmse'], expected, `${row.run!.runId} ${mode.kind}`);
      }
    }
  });

  test('sorting and quick-filtering by min are done in core over the summaries', async () => {
    const state = await session.apply(
      query({ metricModes: { 'validation-rmse': { kind: 'min' } }, sort: { column: 'metrics.validation-rmse', descending: false } }),
    );
    const rows = await allRows(session);
    const mins = rows.map((r) => r.cells?.['metrics.validation-rmse']);
    assert.equal(mins.filter((v) => v !== null).length, 2, 'two runs logged validation-rmse');
    assert.ok((mins[0] as number) <= (mins[1] as number));
    assert.ok(mins.slice(2).every((v) => v === null), 'runs without the metric come last');
    assert.equal(state?.runCount, 15);
    const filtered = await session.apply(query({ metricModes: { 'validation-rmse': { kind: 'max' } }, columnFilters: { 'metrics.validation-rmse': '> 0' } }));
    assert.equal(filtered?.runCount, 2);
  });

  test('only differences: a param missing from some runs differs, one value everywhere does not', async () => {
    const state = await session.apply(query({ onlyDifferences: true, filter: "params.objective = 'reg:linear'" }));
    assert.deepEqual(state?.sameParams, ['mode', 'objective', 'seed', 'train_data_path', 'val_data_path']);
  });
});

describe('fastapi-wine: a sweep in mlruns/', () => {
  const session = new RunsTableSession(wine, [WINE_EXPERIMENT]);

  test('child runs sit under their parent and fold away', async () => {
    const state = await session.apply(EMPTY_QUERY);
    assert.equal(state?.runCount, 16);
    const rows = await allRows(session);
    const parent = rows.find((r) => r.row.kind === 'run' && r.row.depth === 0);
    assert.equal(parent?.run?.label, 'hyperparameter-sweep');
    assert.equal(parent?.row.kind === 'run' && parent.row.childCount, 15);
    assert.equal(rows.filter((r) => r.row.kind === 'run' && r.row.depth === 1).length, 15);
    assert.equal(session.toggleFold(parent!.run!.runId).rowCount, 1);
    assert.equal(session.toggleFold(parent!.run!.runId).rowCount, 16);
  });

  test('sorted by duration (not in MLflow’s grammar): done in core', async () => {
    await session.apply(query({ sort: { column: 'attributes.duration', descending: true } }));
    const rows = await allRows(session);
    const durations = rows.map((r) => r.cells?.['attributes.duration'] as number);
    const parentDuration = durations[0]!;
    const children = durations.slice(1);
    assert.deepEqual(children, [...children].sort((a, b) => b - a));
    assert.ok(parentDuration > 0);
  });

  test('only differences among the children: the fixed architecture and optimizer go, the parent’s own params too', async () => {
    const state = await session.apply(query({ onlyDifferences: true, filter: "params.optimizer = 'SGD'" }));
    assert.equal(state?.runCount, 15);
    assert.deepEqual(state?.sameParams, [
      'architecture',
      'best_learning_rate',
      'best_momentum',
      'dataset',
      'max_evaluations',
      'model_type',
      'objective_metric',
      'optimization_method',
      'optimizer',
    ]);
  });
});

describe('CSV export of the shown table', () => {
  test('the shown runs and columns, in order, with metric modes named and RFC 4180 quoting', async () => {
    const session = new RunsTableSession(wine, [WINE_EXPERIMENT]);
    await session.apply(query({ filter: "params.optimizer = 'SGD'", sort: { column: 'metrics.val_rmse', descending: false }, metricModes: { val_loss: { kind: 'min' } } }));
    const shown = ['attributes.run_name', 'attributes.start_time', 'params.learning_rate', 'metrics.val_rmse', 'metrics.val_loss', 'tags.mlflow.source.name'];
    const columns = shown.map((id) => session.state().columns.find((c) => c.id === id)!);
    const csv = await tableCsv(session, columns);
    const lines = csv.split('\r\n');
    assert.equal(lines.at(-1), '', 'every line ends with CRLF');
    assert.equal(lines[0], 'run_id,attributes.run_name,attributes.start_time,params.learning_rate,metrics.val_rmse,metrics.val_loss@min,tags.mlflow.source.name');
    assert.equal(lines.length, 1 + 15 + 1);
    const runs = await collectRuns(wine, { experimentIds: [WINE_EXPERIMENT], filter: "params.optimizer = 'SGD'", orderBy: ['metrics.val_rmse ASC'] });
    for (const [index, run] of runs.entries()) {
      const history = await wine.getMetricHistory(run.info.runId, 'val_loss');
      const fields = [
        run.info.runId,
        run.info.runName,
        new Date(run.info.startTime).toISOString(),
        param(run, 'learning_rate')!,
        String(metric(run, 'val_rmse')),
        String(Math.min(...history.map((m) => m.value))),
        run.data.tags.find((t) => t.key === 'mlflow.source.name')?.value ?? '',
      ].map((f) => (/[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f));
      assert.equal(lines[index + 1], fields.join(','));
    }
  });
});
