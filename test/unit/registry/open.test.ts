import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { openRegistry } from '../../../core/registry/open';
import { canonicalTrackingUri } from '../../../core/tracking/uri';
import { parseTrackingUri } from '../../../core/tracking/uri';
import { REGISTRY_FIXTURES } from '../../support/registryStores';

test('openRegistry picks the store from the tracking location, as MLflow picks it from the URI', async () => {
  const file = openRegistry(parseTrackingUri(join(REGISTRY_FIXTURES, 'iris-mlflow', 'mlruns'), '/'));
  assert.equal(file.kind, 'file');
  assert.deepEqual(
    (await file.listModels()).map((m) => m.name),
    ['SVMClassifier'],
  );
  const sqlite = openRegistry(parseTrackingUri(`sqlite:///${join(REGISTRY_FIXTURES, 'nda-zoomcamp-week02', 'mlflow.db')}`, '/'));
  assert.equal(sqlite.kind, 'sqlite');
  assert.deepEqual(
    (await sqlite.listModels()).map((m) => m.name),
    ['nyc-taxi-model'],
  );
  sqlite.close();
  assert.equal(openRegistry(parseTrackingUri('http://127.0.0.1:5000', '/')).kind, 'rest');
});

test('canonicalTrackingUri spells a store one way however its URI was typed', () => {
  assert.equal(canonicalTrackingUri(parseTrackingUri('sqlite:///mlflow.db', '/ws')), canonicalTrackingUri(parseTrackingUri('sqlite:////ws/mlflow.db', '/elsewhere')));
  assert.equal(canonicalTrackingUri(parseTrackingUri('./mlruns', '/ws')), canonicalTrackingUri(parseTrackingUri('file:///ws/mlruns', '/')));
  assert.equal(canonicalTrackingUri(parseTrackingUri('http://host:5000/', '/')), 'http://host:5000');
});
