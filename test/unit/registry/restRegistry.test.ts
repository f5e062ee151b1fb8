import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { restOptionsFromEnv } from '../../../core/rest/client';
import { SqliteRegistry } from '../../../core/registry/sqliteRegistry';
import { startRegistryServer } from '../../support/mlflowRegistryServer';
import { openUri } from '../../support/locations';
import { copyFixture, createHeadStore, createTwoVersionStore, seedModel, TestClock, tempDir } from '../../support/registryStores';
import { registryContract } from './registryContract';

const dir = tempDir('rest-registry');
const cleanups: Array<() => Promise<void> | void> = [];
after(async () => {
  for (const cleanup of cleanups) await cleanup();
  dir.remove();
});

test('nda-zoomcamp through the REST API: aliases and versions as the database holds them', async () => {
  const path = join(copyFixture('nda-zoomcamp-week02', join(dir.path, 'nda')), 'mlflow.db');
  const backing = new SqliteRegistry(path);
  const server = await startRegistryServer(backing);
  cleanups.push(server.close, () => backing.close());
  const registry = openUri(server.url).registry;
  const [model] = await registry.listModels();
  assert.deepEqual(model!.aliases, { 'in-preview': '1', staging: '1' });
  const [v1] = await registry.listVersions('nyc-taxi-model');
  assert.equal(v1!.runId, '92025337761b47258bb509b166789a29');
  assert.deepEqual(v1!.aliases, ['in-preview', 'staging']);
  assert.equal((await registry.getVersionByAlias('nyc-taxi-model', 'in-preview')).version, '1');
  const searches = server.requests.filter((r) => r.path.endsWith('model-versions/search'));
  assert.equal(searches.length, 1);
});

registryContract('RestRegistry', async () => {
  const path = join(dir.path, 'rest.db');
  createTwoVersionStore(path);
  const clock = new TestClock();
  const backing = new SqliteRegistry(path, { now: clock.now });
  const server = await startRegistryServer(backing);
  cleanups.push(server.close, () => backing.close());
  return {
    registry: openUri(server.url).registry,
    fresh: () => openUri(server.url).registry,
    model: 'fraud-detection',
    clock,
    modelBumpsOnAliasAndTag: false,
    metrics: openUri(server.url).runMetrics,
    workDir: dir.path,
  };
});

test('credentials from MLFLOW_TRACKING_TOKEN or USERNAME/PASSWORD go on every request', async () => {
  const path = join(dir.path, 'auth.db');
  const db = createHeadStore(path);
  seedModel(db, 'm', [{ version: 1, runId: 'd'.repeat(32) }]);
  db.close();
  const backing = new SqliteRegistry(path);
  const basic = `Basic ${Buffer.from('alice:s3cret').toString('base64')}`;
  const server = await startRegistryServer(backing, { requireAuthorization: basic });
  cleanups.push(server.close, () => backing.close());

  await assert.rejects(openUri(server.url).registry.listModels(), /401 Unauthorized.*MLFLOW_TRACKING_TOKEN/);
  const rest = restOptionsFromEnv({ MLFLOW_TRACKING_USERNAME: 'alice', MLFLOW_TRACKING_PASSWORD: 's3cret' });
  const registry = openUri(server.url, { connection: { rest } }).registry;
  await registry.setAlias('m', 'champion', '1');
  assert.equal((await registry.getVersionByAlias('m', 'champion')).version, '1');
  assert.deepEqual(restOptionsFromEnv({ MLFLOW_TRACKING_TOKEN: 'tok' }).token, 'tok');
  const write = server.requests.find((r) => r.method === 'POST' && r.path === '/api/2.0/mlflow/registered-models/alias');
  assert.deepEqual(write?.body, { name: 'm', alias: 'champion', version: '1' });
  assert.equal(write?.authorization, basic);
});

test('an unreachable server is an actionable error', async () => {
  const unreachable = openUri('http://127.0.0.1:9', { connection: { rest: { timeoutMs: 2000, maxRetries: 0 } } });
  await assert.rejects(unreachable.registry.listModels(), /Cannot reach the MLflow tracking server at http:\/\/127.0.0.1:9/);
});
