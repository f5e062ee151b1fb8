// Bad input gives one clear error naming the file or URL: a locked, half-written or corrupt mlflow.db, and a
// tracking server that is unreachable, refuses credentials, is not MLflow, or is briefly overloaded.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { openSqlite } from '../../../core/sqlite/driver';
import { MlflowRestClient, type RestOptions, restOptionsFromEnv } from '../../../core/rest/client';
import { RestStore } from '../../../core/tracking/rest/restStore';
import { SqliteStore } from '../../../core/tracking/sqlite/sqliteStore';
import { contractData, writeMlflowDb } from '../../support/generatedStores';
import { startMlflowRestServer } from '../../support/mlflowRestServer';

const restStore = (url: string, options: RestOptions) => new RestStore(new MlflowRestClient(url, options));
const folder = mkdtempSync(join(tmpdir(), 'mlops-errors-'));
after(() => rmSync(folder, { recursive: true, force: true }));
const REAL_DB = join(__dirname, '..', '..', 'fixtures', 'mlflow', 'nda-zoomcamp-week02', 'mlflow.db');

test('a locked mlflow.db names the file and says to retry', async () => {
  const path = join(folder, 'locked.db');
  copyFileSync(REAL_DB, path);
  const writer = openSqlite(path);
  writer.exec('BEGIN EXCLUSIVE');
  writer.exec("UPDATE runs SET status = 'KILLED'");
  const store = new SqliteStore(path, { busyTimeoutMs: 50 });
  try {
    await assert.rejects(store.searchExperiments(), (error: Error) => {
      assert.match(error.message, new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} stayed locked`));
      assert.match(error.message, /refresh when it is done/);
      return true;
    });
  } finally {
    writer.exec('ROLLBACK');
    writer.close();
    await store.close();
  }
  const after = new SqliteStore(path);
  assert.equal((await after.searchExperiments()).items.length, 3, 'readable once the writer is gone');
  await after.close();
});

test('a half-written mlflow.db (no MLflow tables yet) says so', async () => {
  const path = join(folder, 'half.db');
  const db = openSqlite(path);
  db.exec('CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)');
  db.close();
  const store = new SqliteStore(path);
  await assert.rejects(store.searchExperiments(), /half\.db has no MLflow tables \(experiments, runs, metrics, latest_metrics, params, tags missing\)/);
});

test('a truncated or garbage mlflow.db is reported as unreadable, naming it', async () => {
  const truncated = join(folder, 'truncated.db');
  writeFileSync(truncated, readFileSync(REAL_DB).subarray(0, 8192));
  const garbage = join(folder, 'garbage.db');
  writeFileSync(garbage, 'this is not sqlite at all, just text that someone saved as mlflow.db'.repeat(100));
  for (const path of [truncated, garbage]) {
    const store = new SqliteStore(path);
    await assert.rejects(
      (async () => {
        const experiments = (await store.searchExperiments({ viewType: 'all' })).items.map((e) => e.experimentId);
        await store.searchRuns({ experimentIds: experiments });
      })(),
      (error: Error) => error.message.startsWith(path) && /(not a readable SQLite database|no MLflow tables)/.test(error.message),
    );
  }
});

test('an unreachable server names the URL', async () => {
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
  const store = restStore(`http://127.0.0.1:${port}`, { maxRetries: 1, backoffFactorMs: 1, backoffJitterMs: 0 });
  await assert.rejects(
    store.searchExperiments(),
    new RegExp(`Cannot reach the MLflow tracking server at http://127\\.0\\.0\\.1:${port}/api/2\\.0/mlflow/experiments/search \\(ECONNREFUSED, 2 attempts\\)`),
  );
});

const data = contractData();
const dbPath = join(folder, 'served.db');
writeMlflowDb(dbPath, data);

test('Bearer token from MLFLOW_TRACKING_TOKEN; 401 without it names the URL and the variables', async () => {
  const server = await startMlflowRestServer(new SqliteStore(dbPath), { token: 's3cret' });
  try {
    const withToken = restStore(server.url, restOptionsFromEnv({ MLFLOW_TRACKING_TOKEN: 's3cret' }));
    assert.equal((await withToken.searchExperiments()).items.length, 2);
    const without = restStore(server.url, { maxRetries: 0 });
    await assert.rejects(without.searchExperiments(), /experiments\/search answered 401 Unauthorized: credentials required\. Set MLFLOW_TRACKING_TOKEN/);
  } finally {
    await server.close();
  }
});

test('Basic auth from MLFLOW_TRACKING_USERNAME/PASSWORD', async () => {
  const server = await startMlflowRestServer(new SqliteStore(dbPath), { basic: { username: 'ana', password: 'pw' } });
  try {
    const env = { MLFLOW_TRACKING_USERNAME: 'ana', MLFLOW_TRACKING_PASSWORD: 'pw' };
    assert.equal((await restStore(server.url, restOptionsFromEnv(env)).getRun('run05')).info.runId, 'run05');
    const wrong = restStore(server.url, { username: 'ana', password: 'nope', maxRetries: 0 });
    await assert.rejects(wrong.getRun('run05'), /401/);
  } finally {
    await server.close();
  }
});

test('429 and 5xx are retried with backoff, then the answer is used', async () => {
  const server = await startMlflowRestServer(new SqliteStore(dbPath), { failFirst: [503, 429, 500] });
  try {
    const store = restStore(server.url, { maxRetries: 3, backoffFactorMs: 1, backoffJitterMs: 0 });
    assert.equal((await store.searchExperiments()).items.length, 2);
    assert.equal(server.requests.length, 4);
    const server2 = await startMlflowRestServer(new SqliteStore(dbPath), { failFirst: [503, 503] });
    const giveUp = restStore(server2.url, { maxRetries: 1, backoffFactorMs: 1, backoffJitterMs: 0 });
    await assert.rejects(giveUp.searchExperiments(), /answered HTTP 503: try again/);
    await server2.close();
  } finally {
    await server.close();
  }
});

test('a slow server times out with a message naming the URL', async () => {
  const server = await startMlflowRestServer(new SqliteStore(dbPath), { delayMs: 400 });
  try {
    const store = restStore(server.url, { timeoutMs: 50, maxRetries: 0 });
    await assert.rejects(store.searchExperiments(), /http:\/\/127\.0\.0\.1:\d+\/api\/2\.0\/mlflow\/experiments\/search sent no complete answer within 50 ms \(1 attempt\)\. .*MLFLOW_HTTP_REQUEST_TIMEOUT/);
  } finally {
    await server.close();
  }
});

test('a URL that is not an MLflow server gives a 404 naming it', async () => {
  const server = await startMlflowRestServer(new SqliteStore(dbPath));
  try {
    const store = restStore(`${server.url}/not-mlflow`, { maxRetries: 0 });
    await assert.rejects(store.searchExperiments(), /answered 404 Not Found\. Is http:\/\/127\.0\.0\.1:\d+\/not-mlflow an MLflow tracking server/);
  } finally {
    await server.close();
  }
});

test('MLFLOW_TRACKING_INSECURE_TLS and timeouts are read from the environment', () => {
  assert.deepEqual(restOptionsFromEnv({ MLFLOW_TRACKING_INSECURE_TLS: 'true', MLFLOW_HTTP_REQUEST_TIMEOUT: '7' }), {
    insecureTls: true,
    timeoutMs: 7000,
  });
  assert.deepEqual(restOptionsFromEnv({ MLFLOW_TRACKING_INSECURE_TLS: 'false' }), {});
});
