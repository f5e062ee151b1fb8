// Column reads: mlflow.db answers them in SQL (SqliteStore.runColumns); the file and REST stores through searchRuns
// (loadedRunColumns). All hold the same generated runs, so every read must give the same answer — and the SQL one
// must match the reads through searchRuns of the very same database.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FileStore } from '../../../core/tracking/file/fileStore';
import { loadedRunColumns, type RunColumnReads, type RunSelection, runColumnsOf, summarizeHistory } from '../../../core/tracking/runColumns';
import { SqliteStore } from '../../../core/tracking/sqlite/sqliteStore';
import type { TrackingStore } from '../../../core/tracking/store';
import { benchData, contractData, writeMlflowDb, writeMlruns } from '../../support/generatedStores';
import { type RunningRestServer, startMlflowRestServer } from '../../support/mlflowRestServer';
import { openUri } from '../../support/locations';

const data = contractData();
const folder = mkdtempSync(join(tmpdir(), 'mlops-run-columns-'));
const stores: TrackingStore[] = [];
const reads: Record<string, RunColumnReads> = {};
let server: RunningRestServer;

before(async () => {
  writeMlruns(join(folder, 'mlruns'), data);
  writeMlflowDb(join(folder, 'mlflow.db'), data);
  const file = new FileStore(join(folder, 'mlruns'));
  const sqlite = new SqliteStore(join(folder, 'mlflow.db'));
  server = await startMlflowRestServer(new SqliteStore(join(folder, 'mlflow.db')));
  const rest = openUri(server.url, { connection: { rest: { maxRetries: 0 } } }).tracking;
  stores.push(file, sqlite, rest);
  reads.sql = runColumnsOf(sqlite);
  reads.sqliteThroughSearch = loadedRunColumns(sqlite);
  reads.file = runColumnsOf(file);
  reads.rest = runColumnsOf(rest);
});

after(async () => {
  for (const store of stores) await store.close();
  await server.close();
  rmSync(folder, { recursive: true, force: true });
});

const SELECTIONS: Array<{ name: string; selection: RunSelection }> = [
  { name: 'default order', selection: { experimentIds: ['0', '7'] } },
  { name: 'filter and metric order', selection: { experimentIds: ['7'], filter: 'metrics.accuracy < 0.9', orderBy: ['metrics.accuracy DESC'] } },
  { name: 'param order with missing values', selection: { experimentIds: ['7'], orderBy: ['params.seed DESC'] } },
  { name: 'all view types', selection: { experimentIds: ['0', '7', '9'], viewType: 'all' } },
];

describe('every store gives the same column reads', () => {
  for (const { name, selection } of SELECTIONS) {
    test(`headers: ${name}`, async () => {
      const expected = await reads.sql!.headers(selection);
      assert.ok(expected.length > 0);
      assert.ok(expected.some((h) => h.parentRunId !== undefined), 'some runs are children');
      for (const [store, read] of Object.entries(reads)) assert.deepEqual(await read.headers(selection), expected, store);
    });
  }

  test('headers with a limit are the first runs of the whole order', async () => {
    const selection = SELECTIONS[1]!.selection;
    const all = await reads.sql!.headers(selection);
    for (const [store, read] of Object.entries(reads)) assert.deepEqual(await read.headers(selection, 3), all.slice(0, 3), store);
  });

  test('keys of live experiments', async () => {
    const expected = { params: ['model', 'seed'], metrics: ['accuracy', 'eval/f1', 'loss'], tags: ['mlflow.parentRunId', 'mlflow.runName', 'team'] };
    for (const [store, read] of Object.entries(reads)) assert.deepEqual(await read.keys(['0', '7']), expected, store);
  });

  const columns = [
    ['param', 'seed'],
    ['tag', 'team'],
    ['metric', 'accuracy'],
    ['metric', 'loss'],
    ['attribute', 'run_name'],
    ['attribute', 'status'],
    ['attribute', 'start_time'],
    ['attribute', 'end_time'],
    ['attribute', 'user_id'],
  ] as const;
  for (const [entity, key] of columns) {
    test(`values of ${entity} ${key}, for a few runs and for all`, async () => {
      const ids = (await reads.sql!.headers({ experimentIds: ['0', '7', '9'], viewType: 'all' })).map((h) => h.runId);
      for (const wanted of [ids.slice(2, 7), ids]) {
        const expected = await reads.sql!.values(entity, key, wanted);
        assert.ok(expected.size > 0);
        for (const [store, read] of Object.entries(reads)) {
          await read.headers({ experimentIds: ['0', '7', '9'], viewType: 'all' });
          assert.deepEqual(await read.values(entity, key, wanted), expected, `${store} ${entity} ${key}`);
        }
      }
    });
  }

  test('metric summaries over full histories, with the value at a step', async () => {
    const ids = (await reads.sql!.headers({ experimentIds: ['0', '7'] })).map((h) => h.runId);
    for (const step of [undefined, 1, 3]) {
      const expected = await reads.sql!.metricSummaries('accuracy', ids, step);
      assert.equal(expected.size, ids.length);
      for (const [store, read] of Object.entries(reads)) {
        await read.headers({ experimentIds: ['0', '7'] });
        assert.deepEqual(await read.metricSummaries('accuracy', ids, step), expected, `${store} step ${step}`);
      }
    }
  });

  test('metric summaries equal the summaries of each history', async () => {
    const sqlite = stores[1]!;
    const ids = (await reads.sql!.headers({ experimentIds: ['7', '9'], viewType: 'all' })).map((h) => h.runId);
    const summaries = await reads.sql!.metricSummaries('accuracy', ids, 2);
    for (const id of ids) {
      assert.deepEqual(summaries.get(id), summarizeHistory(await sqlite.getMetricHistory(id, 'accuracy'), 2), id);
    }
    // NaN and ±inf are stored as MLflow stores them (is_nan, clamped floats) and read back as themselves.
    assert.deepEqual(summaries.get('run05'), { min: Number.NEGATIVE_INFINITY, max: Number.NEGATIVE_INFINITY, atStep: Number.NEGATIVE_INFINITY });
    assert.deepEqual(summaries.get('run13'), { min: Number.POSITIVE_INFINITY, max: Number.POSITIVE_INFINITY, atStep: Number.POSITIVE_INFINITY });
    assert.deepEqual(summaries.get('run21'), { min: Number.NaN, max: Number.NaN, atStep: Number.NaN });
  });

  test('runs come back whole, in the order asked, without ids the store does not have', async () => {
    const ids = ['run10', 'run03', 'no-such-run', 'run07'];
    const expected = (await reads.sql!.runs(ids)).map((r) => r.info.runId);
    assert.deepEqual(expected, ['run10', 'run03', 'run07']);
    for (const [store, read] of Object.entries(reads)) {
      assert.deepEqual((await read.runs(ids)).map((r) => r.info.runId), expected, store);
    }
  });
});

describe('summarizeHistory', () => {
  test('min and max skip NaN, keep infinities; the step value is the latest logged at that step', () => {
    const history = [
      { key: 'm', value: 2, timestamp: 1, step: 0 },
      { key: 'm', value: Number.NaN, timestamp: 2, step: 1 },
      { key: 'm', value: Number.NEGATIVE_INFINITY, timestamp: 3, step: 1 },
      { key: 'm', value: 5, timestamp: 5, step: 1 },
      { key: 'm', value: 4, timestamp: 4, step: 1 },
    ];
    assert.deepEqual(summarizeHistory(history, 1), { min: Number.NEGATIVE_INFINITY, max: 5, atStep: 5 });
    assert.deepEqual(summarizeHistory(history, 9), { min: Number.NEGATIVE_INFINITY, max: 5 });
    const allNan = summarizeHistory([{ key: 'm', value: Number.NaN, timestamp: 1, step: 0 }]);
    assert.ok(allNan && Number.isNaN(allNan.min) && Number.isNaN(allNan.max));
    assert.equal(summarizeHistory([]), undefined);
  });
});

describe('SQL column reads over more runs than fit an IN list', () => {
  test('a key’s whole index range, filtered to the runs asked for, equals the reads through searchRuns', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlops-run-columns-many-'));
    try {
      const path = join(dir, 'mlflow.db');
      writeMlflowDb(
        path,
        benchData(1800, (i) => ({
          metrics: { m: [{ value: (i * 7) % 13, timestamp: 1, step: 0 }] },
          params: i % 10 === 0 ? ({} as Record<string, string>) : { p: String(i % 4) },
        })),
      );
      const store = new SqliteStore(path);
      const sql = runColumnsOf(store);
      const throughSearch = loadedRunColumns(store);
      const ids = (await throughSearch.headers({ experimentIds: ['0'] })).map((h) => h.runId);
      const wanted = ids.filter((_, i) => i % 3 !== 0);
      assert.ok(wanted.length > 1000);
      for (const [entity, key] of [['param', 'p'], ['metric', 'm'], ['attribute', 'start_time']] as const) {
        assert.deepEqual(await sql.values(entity, key, wanted), await throughSearch.values(entity, key, wanted), `${entity} ${key}`);
      }
      assert.deepEqual(await sql.metricSummaries('m', wanted), await throughSearch.metricSummaries('m', wanted));
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
