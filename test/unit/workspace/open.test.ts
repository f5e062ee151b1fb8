// The one factory: a location opens into its tracking store, its registry and the run metrics a gate reads, as MLflow
// maps a URI to its stores; a server location's services share one client (one set of credentials, one transport).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { FileLoggedModelStore } from '../../../core/loggedModels/fileLoggedModels';
import { RestLoggedModelStore } from '../../../core/loggedModels/restLoggedModels';
import { SqliteLoggedModelStore } from '../../../core/loggedModels/sqliteLoggedModels';
import { FileRegistry } from '../../../core/registry/fileRegistry';
import { RestRegistry } from '../../../core/registry/restRegistry';
import { SqliteRegistry } from '../../../core/registry/sqliteRegistry';
import { restOptionsFromEnv } from '../../../core/rest/client';
import { FileStore } from '../../../core/tracking/file/fileStore';
import { RestStore } from '../../../core/tracking/rest/restStore';
import { SqliteStore } from '../../../core/tracking/sqlite/sqliteStore';
import { canonicalTrackingUri, parseTrackingUri } from '../../../core/tracking/uri';
import { FileTraceStore } from '../../../core/traces/file/fileTraceStore';
import { RestTraceStore } from '../../../core/traces/rest/restTraceStore';
import { SqliteTraceStore } from '../../../core/traces/sqlite/sqliteTraceStore';
import { openUri } from '../../support/locations';
import { startRegistryServer } from '../../support/mlflowRegistryServer';
import { createHeadStore, GATE_VERSIONS, REGISTRY_FIXTURES, seedModel, tempDir } from '../../support/registryStores';

const dir = tempDir('open-location');
after(() => dir.remove());

test('an mlruns folder, a sqlite file and a server open into the stores MLflow would use for them', async () => {
  const mlruns = openUri(join(REGISTRY_FIXTURES, 'iris-mlflow', 'mlruns'));
  assert.ok(mlruns.tracking instanceof FileStore);
  assert.ok(mlruns.registry instanceof FileRegistry);
  assert.deepEqual((await mlruns.registry.listModels()).map((m) => m.name), ['SVMClassifier']);

  const sqlite = openUri(`sqlite:///${join(REGISTRY_FIXTURES, 'nda-zoomcamp-week02', 'mlflow.db')}`);
  assert.ok(sqlite.tracking instanceof SqliteStore);
  assert.ok(sqlite.registry instanceof SqliteRegistry);
  assert.deepEqual((await sqlite.registry.listModels()).map((m) => m.name), ['nyc-taxi-model']);
  await Promise.all([mlruns.close(), sqlite.close()]);

  const server = openUri('http://127.0.0.1:5000/');
  assert.ok(server.tracking instanceof RestStore);
  assert.ok(server.registry instanceof RestRegistry);
  assert.equal(server.tracking.location, 'http://127.0.0.1:5000');
});

test('opening does no I/O: a database that does not exist yet fails only when read, naming the file', async () => {
  const missing = join(dir.path, 'not-yet', 'mlflow.db');
  const services = openUri(`sqlite:///${missing}`);
  assert.equal(services.location.key, `sqlite:///${missing}`);
  await assert.rejects(services.tracking.searchExperiments(), (error: Error) => error.message.includes(missing));
});

test('run metrics come from the tracking store: the latest value per key, {} for a run that is gone', async () => {
  const root = join(REGISTRY_FIXTURES, 'iris-mlflow', 'mlruns');
  const services = openUri(root);
  const metrics = await services.runMetrics.latestMetrics('8595f7931d3943f4a7ee038c1728c2c3');
  assert.deepEqual(Object.keys(metrics).sort(), ['metric_0', 'metric_1', 'metric_2', 'metric_3']);
  assert.deepEqual(await services.runMetrics.latestMetrics('0'.repeat(32)), {});
});

test("a server's registry and run metrics go through one client with the location's credentials", async () => {
  const path = join(dir.path, 'served.db');
  const db = createHeadStore(path);
  seedModel(db, 'fraud-detection', GATE_VERSIONS);
  db.close();
  const backing = new SqliteRegistry(path);
  const basic = `Basic ${Buffer.from('alice:s3cret').toString('base64')}`;
  const server = await startRegistryServer(backing, { requireAuthorization: basic });
  try {
    const rest = restOptionsFromEnv({ MLFLOW_TRACKING_USERNAME: 'alice', MLFLOW_TRACKING_PASSWORD: 's3cret' });
    const services = openUri(server.url, { connection: { rest } });
    const [version] = await services.registry.listVersions('fraud-detection');
    assert.ok(version?.runId);
    assert.ok(Object.keys(await services.runMetrics.latestMetrics(version.runId)).includes('accuracy'));
    assert.deepEqual(new Set(server.requests.map((r) => r.authorization)), new Set([basic]));
    assert.deepEqual(await services.runMetrics.latestMetrics('f'.repeat(32)), {}, 'a run the server does not know has no metrics');
  } finally {
    await server.close();
    backing.close();
  }
});

test('canonicalTrackingUri spells a store one way however its URI was typed', () => {
  assert.equal(canonicalTrackingUri(parseTrackingUri('sqlite:///mlflow.db', '/ws')), canonicalTrackingUri(parseTrackingUri('sqlite:////ws/mlflow.db', '/elsewhere')));
  assert.equal(canonicalTrackingUri(parseTrackingUri('./mlruns', '/ws')), canonicalTrackingUri(parseTrackingUri('file:///ws/mlruns', '/')));
  assert.equal(canonicalTrackingUri(parseTrackingUri('http://host:5000/', '/')), 'http://host:5000');
});

test('traces and logged models are services of the same location, on the same client for a server', async () => {
  const traces = join(__dirname, '../../fixtures/mlflow3');
  const mlruns = openUri(join(traces, 'agentic-business-ops', 'mlruns'));
  assert.ok(mlruns.traces instanceof FileTraceStore);
  assert.ok(mlruns.loggedModels instanceof FileLoggedModelStore);
  assert.equal((await mlruns.traces.searchTraces({ experimentIds: ['565662728625871820'] })).items.length, 4);
  const sqlite = openUri(`sqlite:///${join(traces, 'heart-disease-2024ab05143', 'mlflow.db')}`);
  assert.ok(sqlite.traces instanceof SqliteTraceStore);
  assert.ok(sqlite.loggedModels instanceof SqliteLoggedModelStore);
  assert.equal((await sqlite.loggedModels.searchLoggedModels({ experimentIds: ['0'] })).items.length, 3);
  await Promise.all([mlruns.close(), sqlite.close()]);
  const server = openUri('http://127.0.0.1:5000/');
  assert.ok(server.traces instanceof RestTraceStore);
  assert.ok(server.loggedModels instanceof RestLoggedModelStore);
  assert.equal(server.traces.location, server.tracking.location);
});
