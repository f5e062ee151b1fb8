// SqliteStore detects what a database has from its columns: stores from before runs.name existed take the name
// from the mlflow.runName tag, and MLflow 3 stores with workspace columns show one workspace.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { openSqlite } from '../../../core/sqlite/driver';
import { SqliteStore } from '../../../core/tracking/sqlite/sqliteStore';
import { contractData, writeMlflowDb } from '../../support/generatedStores';

const folder = mkdtempSync(join(tmpdir(), 'mlops-sqlite-'));
after(() => rmSync(folder, { recursive: true, force: true }));
const data = contractData();

test('without a runs.name column the run name comes from the mlflow.runName tag, in results and filters', async () => {
  const path = join(folder, 'old.db');
  writeMlflowDb(path, data);
  const db = openSqlite(path);
  db.exec('ALTER TABLE runs DROP COLUMN name');
  db.close();
  const store = new SqliteStore(path);
  const run = await store.getRun('run04');
  assert.equal(run.info.runName, data.runs[4]!.runName);
  const found = await store.searchRuns({ experimentIds: ['7'], filter: "attributes.run_name = 'run-calm-5'", viewType: 'all' });
  assert.deepEqual(found.items.map((r) => r.info.runId), ['run05']);
  await store.close();
});

test('with workspace columns only the chosen workspace is visible (MLflow 3 default: "default")', async () => {
  const path = join(folder, 'workspaces.db');
  writeMlflowDb(path, data);
  const db = openSqlite(path);
  db.exec("UPDATE experiments SET workspace = 'team-b' WHERE experiment_id = 7");
  db.close();
  const byDefault = new SqliteStore(path);
  assert.deepEqual((await byDefault.searchExperiments({ viewType: 'all' })).items.map((e) => e.experimentId), ['9', '0']);
  assert.equal((await byDefault.searchRuns({ experimentIds: ['7'] })).items.length, 0);
  const teamB = new SqliteStore(path, { workspace: 'team-b' });
  assert.deepEqual((await teamB.searchExperiments()).items.map((e) => e.name), ['tuning']);
  assert.ok((await teamB.searchRuns({ experimentIds: ['7'] })).items.length > 0);
  await byDefault.close();
  await teamB.close();
});

test('NaN and ±inf come back from their SQL encodings', async () => {
  const path = join(folder, 'values.db');
  writeMlflowDb(path, data);
  const db = openSqlite(path, { readonly: true });
  const encoded = db
    .prepare("SELECT run_uuid, value, is_nan FROM latest_metrics WHERE key = 'accuracy' AND run_uuid IN ('run05', 'run13', 'run21') ORDER BY run_uuid")
    .all()
    .map((r) => [r.run_uuid, r.value, r.is_nan]);
  db.close();
  assert.deepEqual(encoded, [
    ['run05', -1.7976931348623157e308, 0],
    ['run13', 1.7976931348623157e308, 0],
    ['run21', 0, 1],
  ]);
  const store = new SqliteStore(path);
  const values = await Promise.all(
    ['run05', 'run13', 'run21'].map(async (id) => (await store.getRun(id)).data.metrics.find((m) => m.key === 'accuracy')!.value),
  );
  assert.deepEqual(values, [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, Number.NaN]);
  await store.close();
});
