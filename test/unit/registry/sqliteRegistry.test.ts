import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { SqliteRegistry } from '../../../core/registry/sqliteRegistry';
import { openSqlite } from '../../../core/sqlite/driver';
import { copyFixture, createHeadStore, createTwoVersionStore, hasColumn, insert, REGISTRY_FIXTURES, seedModel, TestClock, tempDir } from '../../support/registryStores';
import { registryContract } from './registryContract';
import { openUri } from '../../support/locations';

const dir = tempDir('sqlite-registry');
after(() => dir.remove());

const NDA = join(REGISTRY_FIXTURES, 'nda-zoomcamp-week02', 'mlflow.db');

test('nda-zoomcamp: aliases and the version match the tables, read independently', async () => {
  const raw = openSqlite(NDA, { readonly: true });
  const aliasRows = raw.prepare('SELECT alias, version FROM registered_model_aliases WHERE name = ?').all('nyc-taxi-model');
  const versionRow = raw.prepare('SELECT * FROM model_versions WHERE name = ? AND version = 1').get('nyc-taxi-model')!;
  assert.equal(hasColumn(raw, 'registered_models', 'workspace'), false);
  raw.close();
  assert.deepEqual(Object.fromEntries(aliasRows.map((r) => [r.alias, String(r.version)])), { 'in-preview': '1', staging: '1' });

  const registry = new SqliteRegistry(NDA);
  const [model] = await registry.listModels();
  assert.equal(model!.name, 'nyc-taxi-model');
  assert.deepEqual(model!.aliases, { 'in-preview': '1', staging: '1' });
  const [v1] = await registry.listVersions('nyc-taxi-model');
  assert.deepEqual(v1!.aliases, ['in-preview', 'staging']);
  assert.equal(v1!.runId, versionRow.run_id);
  assert.equal(v1!.source, versionRow.source);
  assert.equal(v1!.stage, 'None');
  assert.equal(v1!.creationTimestamp, 1717688401106);
  assert.equal((await registry.getVersionByAlias('nyc-taxi-model', 'staging')).version, '1');
  registry.close();
});

registryContract('SqliteRegistry (MLflow 2.16 schema, no workspace column)', async () => {
  const path = join(copyFixture('nda-zoomcamp-week02', join(dir.path, 'nda')), 'mlflow.db');
  const db = openSqlite(path);
  const v1 = db.prepare("SELECT * FROM model_versions WHERE name = 'nyc-taxi-model'").get()!;
  insert(db, 'model_versions', { ...(v1 as Record<string, string | number | null>), version: 2, creation_time: 1717688500000, last_updated_time: 1717688500000 });
  db.close();
  const clock = new TestClock();
  return {
    registry: new SqliteRegistry(path, { now: clock.now }),
    fresh: () => new SqliteRegistry(path),
    model: 'nyc-taxi-model',
    clock,
    modelBumpsOnAliasAndTag: false,
    metrics: openUri(`sqlite:///${path}`).runMetrics,
    workDir: dir.path,
  };
});

registryContract('SqliteRegistry (head schema with workspace column)', async () => {
  const path = join(dir.path, 'head.db');
  createTwoVersionStore(path);
  const clock = new TestClock();
  return {
    registry: new SqliteRegistry(path, { now: clock.now }),
    fresh: () => new SqliteRegistry(path),
    model: 'fraud-detection',
    clock,
    modelBumpsOnAliasAndTag: false,
    metrics: openUri(`sqlite:///${path}`).runMetrics,
    workDir: dir.path,
  };
});

test('workspace stores: rows of another workspace are invisible and untouched', async () => {
  const path = join(dir.path, 'ws.db');
  const db = createHeadStore(path);
  seedModel(db, 'shared', [{ version: 1, runId: 'c'.repeat(32) }]);
  insert(db, 'registered_models', { name: 'shared', creation_time: 1, last_updated_time: 1, description: 'other team', workspace: 'team-b' });
  insert(db, 'model_versions', { name: 'shared', version: 1, current_stage: 'Production', workspace: 'team-b', run_id: 'x', source: 's', status: 'READY' });
  db.close();
  const registry = new SqliteRegistry(path, { now: () => 5 });
  assert.equal((await registry.listModels()).length, 1);
  await registry.transitionStage('shared', '1', 'Production', true);
  registry.close();
  const check = openSqlite(path, { readonly: true });
  const rows = check.prepare('SELECT workspace, current_stage FROM model_versions ORDER BY workspace').all();
  check.close();
  assert.deepEqual(
    rows.map((r) => [r.workspace, r.current_stage]),
    [
      ['default', 'Production'],
      ['team-b', 'Production'],
    ],
  );
});

test('a file that is not an MLflow store is refused with the fix', () => {
  const path = join(dir.path, 'empty.db');
  openSqlite(path).close();
  assert.throws(() => new SqliteRegistry(path), /table 'registered_models' is missing.*mlflow db upgrade/);
});
