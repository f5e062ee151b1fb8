// Every real store under test/fixtures/mlflow loads, and what the stores report matches what this test reads from
// the files itself: raw SQL for mlflow.db, plain fs and line splitting for mlruns/.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openSqlite } from '../../../core/sqlite/driver';
import { FileStore } from '../../../core/tracking/file/fileStore';
import { SqliteStore } from '../../../core/tracking/sqlite/sqliteStore';
import type { Run, TrackingStore } from '../../../core/tracking/store';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'mlflow');

interface Expected {
  name: string;
  status: string;
  latest: Record<string, number>;
}

async function allRuns(store: TrackingStore): Promise<Run[]> {
  const experiments = (await store.searchExperiments({ viewType: 'all' })).items.map((e) => e.experimentId);
  return (await store.searchRuns({ experimentIds: experiments, viewType: 'all', maxResults: 50000 })).items;
}

function assertMatches(runs: Run[], expected: Map<string, Expected>): void {
  assert.equal(runs.length, expected.size);
  for (const run of runs) {
    const want = expected.get(run.info.runId);
    assert.ok(want, `unexpected run ${run.info.runId}`);
    assert.equal(run.info.runName, want.name);
    assert.equal(run.info.status, want.status);
    const latest = Object.fromEntries(run.data.metrics.map((m) => [m.key, m.value]));
    assert.deepEqual(latest, want.latest, run.info.runId);
  }
}

/** Reads runs straight from mlflow.db with SQL written here, independent of SqliteStore. */
function readDb(path: string): Map<string, Expected> {
  const db = openSqlite(path, { readonly: true });
  try {
    const expected = new Map<string, Expected>();
    for (const row of db.prepare('SELECT run_uuid, name, status FROM runs').all()) {
      expected.set(String(row.run_uuid), { name: String(row.name ?? ''), status: String(row.status), latest: {} });
    }
    for (const row of db.prepare('SELECT run_uuid, key, value, is_nan FROM latest_metrics').all()) {
      expected.get(String(row.run_uuid))!.latest[String(row.key)] = row.is_nan ? Number.NaN : Number(row.value);
    }
    return expected;
  } finally {
    db.close();
  }
}

const STATUS = ['', 'RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'];

/** Reads runs from an mlruns tree with fs and string splitting, independent of FileStore. */
function readMlruns(root: string): Map<string, Expected> {
  const expected = new Map<string, Expected>();
  const dirs = (p: string) => readdirSync(p).filter((n) => statSync(join(p, n)).isDirectory());
  for (const experiment of dirs(root).filter((n) => /^\d+$/.test(n))) {
    for (const run of dirs(join(root, experiment))) {
      const metaPath = join(root, experiment, run, 'meta.yaml');
      if (!existsSync(metaPath)) continue;
      const meta = readFileSync(metaPath, 'utf8');
      const field = (name: string) => new RegExp(`^${name}: (.*)$`, 'm').exec(meta)?.[1]?.trim();
      const tagFile = join(root, experiment, run, 'tags', 'mlflow.runName');
      const name = field('run_name') ?? (existsSync(tagFile) ? readFileSync(tagFile, 'utf8') : '');
      const latest: Record<string, number> = {};
      const metricsDir = join(root, experiment, run, 'metrics');
      for (const key of existsSync(metricsDir) ? readdirSync(metricsDir) : []) {
        const rows = readFileSync(join(metricsDir, key), 'utf8')
          .trim()
          .split('\n')
          .map((line) => line.split(' ').map(Number));
        rows.sort((a, b) => (a[2] ?? 0) - (b[2] ?? 0) || a[0]! - b[0]! || a[1]! - b[1]!);
        latest[key] = rows.at(-1)![1]!;
      }
      expected.set(field('run_id') ?? run, { name, status: STATUS[Number(field('status'))]!, latest });
    }
  }
  return expected;
}

for (const fixture of ['fastapi-wine', 'iris-mlflow', 'deepcnn-classifier']) {
  test(`${fixture}: FileStore matches the files`, async () => {
    const root = join(FIXTURES, fixture, 'mlruns');
    const store = new FileStore(root);
    assertMatches(await allRuns(store), readMlruns(root));
    assert.deepEqual(store.warnings, []);
  });
}

for (const fixture of ['nda-zoomcamp-week02', 'air-quality']) {
  test(`${fixture}: SqliteStore matches raw SQL`, async () => {
    const path = join(FIXTURES, fixture, 'mlflow.db');
    const store = new SqliteStore(path);
    try {
      assertMatches(await allRuns(store), readDb(path));
    } finally {
      await store.close();
    }
  });
}

test('the facts SOURCES.md records about each store', async () => {
  const wine = await allRuns(new FileStore(join(FIXTURES, 'fastapi-wine', 'mlruns')));
  assert.equal(wine.length, 16);
  assert.equal(wine.filter((r) => r.data.tags.some((t) => t.key === 'mlflow.parentRunId')).length, 15);
  const iris = await allRuns(new FileStore(join(FIXTURES, 'iris-mlflow', 'mlruns')));
  assert.equal(iris.length, 13);
  assert.ok(iris.every((r) => r.info.status === 'FINISHED'));
  const [legacy, ...none] = await allRuns(new FileStore(join(FIXTURES, 'deepcnn-classifier', 'mlruns')));
  assert.equal(none.length, 0);
  assert.deepEqual(
    { id: legacy!.info.runId, name: legacy!.info.runName, status: legacy!.info.status, end: legacy!.info.endTime },
    { id: 'cb0096518b0e4c66a94428555f05420b', name: '', status: 'RUNNING', end: null },
  );
  const air = new SqliteStore(join(FIXTURES, 'air-quality', 'mlflow.db'));
  const airRuns = await allRuns(air);
  assert.equal(airRuns.length, 156);
  assert.equal(airRuns.flatMap((r) => r.data.metrics).filter((m) => Number.isNaN(m.value)).length, 1);
  const nda = new SqliteStore(join(FIXTURES, 'nda-zoomcamp-week02', 'mlflow.db'));
  assert.equal((await allRuns(nda)).length, 17);
  assert.deepEqual(new Set((await allRuns(nda)).map((r) => r.info.status)), new Set(['FINISHED', 'FAILED', 'RUNNING']));
  assert.deepEqual(
    (await nda.searchExperiments()).items.map((e) => e.name),
    ['my-experiment-1', 'nyc-taxi-experiment', 'Default'],
  );
  await air.close();
  await nda.close();
});

test('metric history from a real store equals the metric rows', async () => {
  const path = join(FIXTURES, 'nda-zoomcamp-week02', 'mlflow.db');
  const db = openSqlite(path, { readonly: true });
  const row = db.prepare('SELECT run_uuid, key, COUNT(*) AS n FROM metrics GROUP BY run_uuid, key ORDER BY n DESC LIMIT 1').get()!;
  const values = db
    .prepare('SELECT value FROM metrics WHERE run_uuid = ? AND key = ? ORDER BY rowid')
    .all(row.run_uuid!, row.key!)
    .map((r) => Number(r.value));
  db.close();
  const store = new SqliteStore(path);
  const history = await store.getMetricHistory(String(row.run_uuid), String(row.key));
  await store.close();
  assert.equal(history.length, Number(row.n));
  assert.deepEqual(
    history.map((m) => m.value),
    values,
  );
});
