// One contract, three stores: FileStore over an mlruns tree, SqliteStore over an mlflow.db, and RestStore over a
// real HTTP server speaking MLflow's wire format — all holding the same generated runs. The same request must give
// the same runs, in the same order, with the same data.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FileStore } from '../../../core/tracking/file/fileStore';
import { openUri } from '../../support/locations';
import { SqliteStore } from '../../../core/tracking/sqlite/sqliteStore';
import type { Run, SearchRunsRequest, TrackingStore } from '../../../core/tracking/store';
import { contractData, writeMlflowDb, writeMlruns } from '../../support/generatedStores';
import { type RunningRestServer, startMlflowRestServer } from '../../support/mlflowRestServer';

const data = contractData();
const folder = mkdtempSync(join(tmpdir(), 'mlops-contract-'));
const stores: Record<string, TrackingStore> = {};
let server: RunningRestServer;

before(async () => {
  writeMlruns(join(folder, 'mlruns'), data);
  writeMlflowDb(join(folder, 'mlflow.db'), data);
  stores.file = new FileStore(join(folder, 'mlruns'));
  stores.sqlite = new SqliteStore(join(folder, 'mlflow.db'));
  server = await startMlflowRestServer(new SqliteStore(join(folder, 'mlflow.db')));
  stores.rest = openUri(server.url, { connection: { rest: { maxRetries: 0 } } }).tracking;
});

after(async () => {
  for (const store of Object.values(stores)) await store.close();
  await server.close();
  rmSync(folder, { recursive: true, force: true });
});

const live = ['0', '7'];
const CASES: Array<{ name: string; request: Omit<SearchRunsRequest, 'experimentIds'> & { experimentIds?: string[] } }> = [
  { name: 'default order: start_time DESC, run_id ASC', request: {} },
  { name: 'numeric metric filter', request: { filter: 'metrics.accuracy > 0.3' } },
  { name: 'NaN satisfies != but a missing metric does not', request: { filter: 'metrics.loss != 0.5' } },
  { name: 'metric key with a slash', request: { filter: 'metrics.`eval/f1` >= 0' } },
  { name: 'param equality is case-sensitive', request: { filter: "params.model = 'lr'" } },
  { name: 'LIKE is case-sensitive', request: { filter: "params.model LIKE 'r%'" } },
  { name: 'LIKE underscore matches one character', request: { filter: "params.model LIKE 'rf__'" } },
  { name: 'ILIKE ignores case', request: { filter: "params.model ILIKE 'LR'" } },
  { name: 'tag inequality skips runs without the tag', request: { filter: "tags.team != 'vision'" } },
  { name: 'IS NULL on params', request: { filter: 'params.seed IS NULL' } },
  { name: 'IS NOT NULL on dotted tag keys', request: { filter: 'tags.mlflow.parentRunId IS NOT NULL' } },
  { name: 'status attribute', request: { filter: "attributes.status = 'FINISHED'" } },
  { name: 'run_id IN', request: { filter: "attributes.run_id IN ('run03', 'run05', 'run17')" } },
  { name: 'run_id NOT IN', request: { filter: "run_id NOT IN ('run03', 'run05')" } },
  { name: 'run name LIKE', request: { filter: "attributes.run_name LIKE 'run-amber%'" } },
  { name: 'end_time excludes running runs', request: { filter: 'attributes.end_time > 1700000203000' } },
  { name: 'created is start_time', request: { filter: 'created <= 1700000202000' } },
  { name: 'AND of metric, param and attribute', request: { filter: "metrics.accuracy >= 0.2 and params.model != 'rf' and user_id = 'bo'" } },
  { name: 'dataset name', request: { filter: "datasets.name = 'wine'" } },
  { name: 'dataset digest IN', request: { filter: "datasets.digest IN ('d2')" } },
  { name: 'dataset context', request: { filter: "datasets.context = 'train'" } },
  { name: 'dataset name LIKE and context', request: { filter: "datasets.name LIKE 'wine%' and datasets.context = 'eval'" } },
  { name: 'order by metric DESC: numbers, NaN, missing', request: { orderBy: ['metrics.accuracy DESC'] } },
  { name: 'order by metric ASC', request: { orderBy: ['metrics.accuracy ASC'] } },
  { name: 'order by missing-prone metric then param', request: { orderBy: ['metrics.loss', 'params.model DESC'] } },
  { name: 'order by param with missing values', request: { orderBy: ['params.seed DESC'] } },
  { name: 'order by tag', request: { orderBy: ['tags.team'] } },
  { name: 'order by end_time (null last)', request: { orderBy: ['attributes.end_time DESC'] } },
  { name: 'order by run name', request: { orderBy: ['attributes.run_name'] } },
  { name: 'order by status then start_time ASC', request: { orderBy: ['status', 'start_time ASC'] } },
  { name: 'filter and order', request: { filter: 'metrics.accuracy < 0.9', orderBy: ['metrics.`eval/f1` DESC'] } },
  { name: 'deleted runs only', request: { viewType: 'deleted' } },
  { name: 'all runs in all experiments', request: { viewType: 'all', experimentIds: ['0', '7', '9'] } },
  { name: 'a deleted experiment still lists its runs', request: { experimentIds: ['9'] } },
];

/** A run without its artifact URI (each layout writes its own) and with data in key order. */
function comparable(run: Run) {
  const byKey = <T extends { key: string }>(items: T[]) => [...items].sort((a, b) => (a.key < b.key ? -1 : 1));
  const { artifactUri: _ignored, ...info } = run.info;
  const datasets = [...(run.inputs?.datasetInputs ?? [])].sort((a, b) => (a.name < b.name ? -1 : 1));
  return { info, metrics: byKey(run.data.metrics), params: byKey(run.data.params), tags: byKey(run.data.tags), datasets };
}

describe('the same query gives the same runs from every store', () => {
  for (const { name, request } of CASES) {
    test(name, async () => {
      const full = { experimentIds: live, ...request };
      const results: Record<string, Run[]> = {};
      for (const [kind, store] of Object.entries(stores)) results[kind] = (await store.searchRuns(full)).items;
      const ids = Object.fromEntries(Object.entries(results).map(([k, runs]) => [k, runs.map((r) => r.info.runId)]));
      assert.ok(ids.file!.length > 0, `${name}: the case should match some runs`);
      assert.deepEqual(ids.sqlite, ids.file, `${name}: sqlite vs file`);
      assert.deepEqual(ids.rest, ids.file, `${name}: rest vs file`);
      assert.deepEqual(results.sqlite!.map(comparable), results.file!.map(comparable));
      assert.deepEqual(results.rest!.map(comparable), results.file!.map(comparable));
    });
  }
});

test('expected matches, checked against the generated data', async () => {
  const ids = async (filter: string) =>
    (await stores.file!.searchRuns({ experimentIds: live, filter, orderBy: ['attributes.run_id'] })).items.map((r) => r.info.runId);
  const active = data.runs.filter((r) => live.includes(r.experimentId) && r.lifecycleStage === 'active');
  const withoutSeed = active.filter((r) => r.params.seed === undefined).map((r) => r.runId).sort();
  assert.deepEqual(await ids('params.seed IS NULL'), withoutSeed);
  const lossNot = active
    .filter((r) => r.metrics.loss && r.metrics.loss.at(-1)!.value !== 0.5)
    .map((r) => r.runId)
    .sort();
  assert.deepEqual(await ids('metrics.loss != 0.5'), lossNot);
});

test('paging with page_token walks the same sequence in every store', async () => {
  const expected = (await stores.file!.searchRuns({ experimentIds: live, orderBy: ['metrics.accuracy DESC'] })).items.map(
    (r) => r.info.runId,
  );
  for (const [kind, store] of Object.entries(stores)) {
    const seen: string[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const page = await store.searchRuns({ experimentIds: live, orderBy: ['metrics.accuracy DESC'], maxResults: 5, pageToken });
      seen.push(...page.items.map((r) => r.info.runId));
      pageToken = page.nextPageToken;
      pages++;
    } while (pageToken);
    assert.deepEqual(seen, expected, kind);
    assert.equal(pages, Math.ceil(expected.length / 5), kind);
  }
});

test('experiments, their order and view types agree', async () => {
  for (const viewType of ['active', 'deleted', 'all'] as const) {
    const lists = await Promise.all(
      Object.values(stores).map(async (s) => (await s.searchExperiments({ viewType })).items.map((e) => [e.experimentId, e.name, e.lifecycleStage])),
    );
    assert.deepEqual(lists[1], lists[0], viewType);
    assert.deepEqual(lists[2], lists[0], viewType);
  }
  const all = (await stores.file!.searchExperiments({ viewType: 'all' })).items.map((e) => e.experimentId);
  assert.deepEqual(all, ['7', '9', '0']);
});

test('metric histories agree, NaN and infinities included', async () => {
  for (const run of data.runs.filter((r) => r.experimentId !== '9')) {
    for (const key of Object.keys(run.metrics)) {
      const histories = await Promise.all(Object.values(stores).map((s) => s.getMetricHistory(run.runId, key)));
      const expected = run.metrics[key]!.map((m) => ({ key, ...m }));
      for (const history of histories) assert.deepEqual(history, expected, `${run.runId} ${key}`);
    }
  }
});

test('getRun agrees and an unknown run is NOT_FOUND everywhere', async () => {
  const runs = await Promise.all(Object.values(stores).map((s) => s.getRun('run05')));
  assert.deepEqual(comparable(runs[1]!), comparable(runs[0]!));
  assert.deepEqual(comparable(runs[2]!), comparable(runs[0]!));
  for (const store of Object.values(stores)) {
    await assert.rejects(store.getRun('nope'), (error: Error & { code?: string }) => error.code === 'NOT_FOUND');
  }
});

test('an invalid filter is refused with MLflow\'s message by every store', async () => {
  for (const store of Object.values(stores)) {
    await assert.rejects(
      store.searchRuns({ experimentIds: live, filter: "metrics.a > 1 OR params.b = 'c'" }),
      /Invalid clause\(s\) in filter string/,
    );
  }
});
