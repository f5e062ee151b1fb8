import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { FileStore, openResolvedStore, openTrackingUri, RestStore, SqliteStore } from '../../../core/tracking/index';
import { contractData, writeMlruns } from '../../support/generatedStores';

const folder = mkdtempSync(join(tmpdir(), 'mlops-open-'));
after(() => rmSync(folder, { recursive: true, force: true }));

test('a URI opens the store MLflow would: paths and file: → FileStore, sqlite:/// → SqliteStore, http(s) → RestStore', () => {
  const file = openTrackingUri('./mlruns', '/w', {});
  assert.ok(file instanceof FileStore);
  assert.equal(file.location, '/w/mlruns');
  assert.ok(openTrackingUri('file:///data/mlruns', '/w', {}) instanceof FileStore);
  const sqlite = openTrackingUri('sqlite:///mlflow.db', '/w', {});
  assert.ok(sqlite instanceof SqliteStore);
  assert.equal(sqlite.location, '/w/mlflow.db');
  const rest = openTrackingUri('https://mlflow.example.com/', '/w', { MLFLOW_TRACKING_TOKEN: 't' });
  assert.ok(rest instanceof RestStore);
  assert.equal(rest.location, 'https://mlflow.example.com');
});

test('openResolvedStore: explicit URI, then MLFLOW_TRACKING_URI, then mlruns/ in the folder', async () => {
  writeMlruns(join(folder, 'mlruns'), contractData());
  mkdirSync(join(folder, 'elsewhere'));
  assert.equal(openResolvedStore({ uri: 'sqlite:///x.db', env: {}, cwd: folder }).source, 'setting');
  assert.equal(openResolvedStore({ env: { MLFLOW_TRACKING_URI: 'http://h:5000' }, cwd: folder }).store.kind, 'rest');
  const detected = openResolvedStore({ env: {}, cwd: folder });
  assert.deepEqual([detected.source, detected.store.kind], ['autodetect', 'file']);
  assert.equal((await detected.store.searchExperiments()).items.length, 2);
  assert.throws(() => openResolvedStore({ env: {}, cwd: join(folder, 'elsewhere') }), /No tracking store found/);
});

test('a metric key cannot lead out of the run folder', async () => {
  const store = new FileStore(join(folder, 'mlruns'));
  await assert.rejects(store.getMetricHistory('run03', '../meta.yaml'), /Invalid metric key '\.\.\/meta\.yaml'/);
});
