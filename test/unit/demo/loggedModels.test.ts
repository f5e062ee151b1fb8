// The demo's logged models behind fraud-detection: in mlflow.db's logged_model* tables (foreign keys satisfied) and
// in mlruns/ (models/m-*/ with the run's outputs/), each registered version sourced `models:/m-…` as MLflow 3
// registers it and linking to its model.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'yaml';
import { generateDemoWorkspace } from '../../../core/demo/generate';
import { FileLoggedModelStore } from '../../../core/loggedModels/fileLoggedModels';
import { loggedModelIdOf } from '../../../core/loggedModels/loggedModel';
import { SqliteLoggedModelStore } from '../../../core/loggedModels/sqliteLoggedModels';
import { SqliteRegistry } from '../../../core/registry/sqliteRegistry';
import { openSqlite } from '../../../core/sqlite/driver';

let folder: string;
before(() => {
  folder = join(mkdtempSync(join(tmpdir(), 'mlops-demo-models-')), 'demo');
  generateDemoWorkspace(folder);
});
after(() => rmSync(join(folder, '..'), { recursive: true, force: true }));

test('mlflow.db: a READY logged model per fraud-detection version, metrics on the validation dataset', async () => {
  const db = openSqlite(join(folder, 'mlflow.db'), { readonly: true });
  assert.deepEqual(db.prepare('PRAGMA foreign_key_check').all(), []);
  const versions = db.prepare("SELECT version, source, run_id FROM model_versions WHERE name = 'fraud-detection' ORDER BY version").all();
  for (const v of versions) {
    const row = db.prepare('SELECT status, source_run_id FROM logged_models WHERE model_id = ?').get(String(v.source).replace('models:/', ''));
    assert.deepEqual([row?.status, row?.source_run_id], [2, v.run_id], String(v.source));
    const link = db.prepare("SELECT count(*) AS n FROM inputs WHERE source_type = 'RUN_OUTPUT' AND source_id = ? AND destination_id = ?").get(v.run_id!, String(v.source).slice(8));
    assert.equal(Number(link!.n), 1);
  }
  db.close();
  const registry = new SqliteRegistry(join(folder, 'mlflow.db'));
  const store = new SqliteLoggedModelStore(join(folder, 'mlflow.db'));
  for (const version of await registry.listVersions('fraud-detection')) {
    const model = await store.getLoggedModel(loggedModelIdOf(version)!);
    assert.equal(model.sourceRunId, version.runId);
    assert.ok(model.metrics.some((m) => m.key === 'accuracy' && m.datasetName === 'validation'));
  }
  registry.close();
  await store.close();
});

test('mlruns/: the baseline model in models/m-*/ with the run outputs link, read by the file store', async () => {
  const mlruns = join(folder, 'mlruns');
  const [modelId] = readdirSync(join(mlruns, '1', 'models'));
  const meta = parse(readFileSync(join(mlruns, '1', 'models', modelId!, 'meta.yaml'), 'utf8')) as { source_run_id: string; status: number };
  assert.equal(meta.status, 2);
  assert.ok(existsSync(join(mlruns, '1', meta.source_run_id, 'outputs', modelId!, 'meta.yaml')));
  const models = await new FileLoggedModelStore(mlruns).modelsOfRun(meta.source_run_id, '1');
  assert.deepEqual(models.map((m) => m.modelId), [modelId]);
  assert.ok(models[0]!.metrics.some((m) => m.datasetName === 'validation'));
});
