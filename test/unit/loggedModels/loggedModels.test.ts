// MLflow 3 logged models from real stores (test/fixtures/mlflow3/heart-disease-2024ab05143, mlflow/fastapi-wine,
// mlflow/air-quality), read by the three stores and compared with raw SQL and plain file reads written here.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { FileLoggedModelStore } from '../../../core/loggedModels/fileLoggedModels';
import { type LoggedModel, type LoggedModelStore, loggedModelIdOf } from '../../../core/loggedModels/loggedModel';
import { loggedModelToJson } from '../../../core/loggedModels/loggedModelWire';
import { RestLoggedModelStore } from '../../../core/loggedModels/restLoggedModels';
import { SqliteLoggedModelStore } from '../../../core/loggedModels/sqliteLoggedModels';
import { FileRegistry } from '../../../core/registry/fileRegistry';
import { MlflowRestClient } from '../../../core/rest/client';
import { openSqlite } from '../../../core/sqlite/driver';
import { FileTraceStore } from '../../../core/traces/file/fileTraceStore';
import { startMlflowTraceServer } from '../../support/mlflowTraceServer';

const HEART = join(__dirname, '../../fixtures/mlflow3/heart-disease-2024ab05143');
const WINE = join(__dirname, '../../fixtures/mlflow/fastapi-wine/mlruns');
const AIR = join(__dirname, '../../fixtures/mlflow/air-quality/mlflow.db');

/** A model as the test compares it: metrics as "key=value@step[dataset]" strings, sorted. */
type Summary = [string, string, string | null, string, Record<string, string>, Record<string, string>, string[]];

function summary(m: LoggedModel): Summary {
  const metrics = m.metrics.map((x) => `${x.key}=${x.value}@${x.step}${x.datasetName ? `[${x.datasetName}]` : ''}`).sort();
  return [m.modelId, m.name, m.sourceRunId, m.status, m.params, m.tags, metrics];
}

const STATUS = ['LOGGED_MODEL_STATUS_UNSPECIFIED', 'LOGGED_MODEL_PENDING', 'LOGGED_MODEL_READY', 'LOGGED_MODEL_UPLOAD_FAILED'];

function bySqlOf(db: string): Summary[] {
  const sqlite = openSqlite(db, { readonly: true });
  try {
    return sqlite.prepare('SELECT * FROM logged_models').all().map((row) => {
      const id = String(row.model_id);
      const kv = (table: string, k: string, v: string) =>
        Object.fromEntries(sqlite.prepare(`SELECT ${k}, ${v} FROM ${table} WHERE model_id = ?`).all(id).map((r) => [String(r[k]), String(r[v])]));
      const metrics = sqlite
        .prepare('SELECT metric_name, metric_value, metric_step, dataset_name FROM logged_model_metrics WHERE model_id = ?')
        .all(id)
        .map((r) => `${r.metric_name}=${r.metric_value === null ? Number.NaN : r.metric_value}@${r.metric_step}${r.dataset_name ? `[${r.dataset_name}]` : ''}`)
        .sort();
      return [id, String(row.name), row.source_run_id ? String(row.source_run_id) : null, STATUS[Number(row.status)]!, kv('logged_model_params', 'param_key', 'param_value'), kv('logged_model_tags', 'tag_key', 'tag_value'), metrics] as Summary;
    });
  } finally {
    sqlite.close();
  }
}

function byFilesOf(mlruns: string, experimentId: string): Summary[] {
  const dir = join(mlruns, experimentId, 'models');
  const files = (folder: string) => {
    try {
      return readdirSync(folder);
    } catch {
      return [];
    }
  };
  return readdirSync(dir).map((id) => {
    const meta = parse(readFileSync(join(dir, id, 'meta.yaml'), 'utf8')) as Record<string, unknown>;
    const kv = (sub: string) => Object.fromEntries(files(join(dir, id, sub)).map((k) => [k, readFileSync(join(dir, id, sub, k), 'utf8')]));
    const metrics = files(join(dir, id, 'metrics'))
      .flatMap((key) =>
        readFileSync(join(dir, id, 'metrics', key), 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => {
            const [, value, step, , dataset] = line.split(' ');
            return `${key}=${Number(value)}@${step}${dataset ? `[${dataset}]` : ''}`;
          }),
      )
      .sort();
    return [String(meta.model_id), String(meta.name), meta.source_run_id ? String(meta.source_run_id) : null, STATUS[Number(meta.status)]!, kv('params'), kv('tags'), metrics] as Summary;
  });
}

async function allOf(store: LoggedModelStore, experimentIds: string[]): Promise<LoggedModel[]> {
  const found: LoggedModel[] = [];
  let pageToken: string | undefined;
  do {
    const page = await store.searchLoggedModels({ experimentIds, maxResults: 10, pageToken });
    found.push(...page.items);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return found;
}

const sortById = (a: Summary, b: Summary) => (a[0] < b[0] ? -1 : 1);

describe('logged models', () => {
  it('heart-disease mlflow.db: every model, metric, param and tag as raw SQL reads them', async () => {
    const models = await allOf(new SqliteLoggedModelStore(join(HEART, 'mlflow.db')), ['0']);
    assert.equal(models.length, 3);
    assert.deepEqual(models.map(summary).sort(sortById), bySqlOf(join(HEART, 'mlflow.db')).sort(sortById));
    assert.ok(models.every((m, i) => i === 0 || models[i - 1]!.creationTimestampMs >= m.creationTimestampMs), 'newest first');
  });

  it('air-quality mlflow.db: 156 models over pages', async () => {
    const models = await allOf(new SqliteLoggedModelStore(AIR), ['0', '1', '2']);
    assert.equal(models.length, 156);
    assert.deepEqual(models.map(summary).sort(sortById), bySqlOf(AIR).sort(sortById));
  });

  it('FileStore models/m-*/ (heart-disease, fastapi-wine) as plain file reads see them', async () => {
    for (const [mlruns, experiment, count] of [
      [join(HEART, 'mlruns'), '0', 2],
      [WINE, '895387645806649699', 15],
    ] as const) {
      const models = await allOf(new FileLoggedModelStore(mlruns), [experiment]);
      assert.equal(models.length, count, mlruns);
      assert.deepEqual(models.map(summary).sort(sortById), byFilesOf(mlruns, experiment).sort(sortById), mlruns);
    }
  });

  it('the models of a run: source_run_id and the run outputs MLflow records', async () => {
    const sqliteStore: LoggedModelStore = new SqliteLoggedModelStore(join(HEART, 'mlflow.db'));
    const sqlite = await sqliteStore.modelsOfRun('9644fa14596241379428e83ae4be0584', '0');
    assert.deepEqual(sqlite.map((m) => m.modelId), ['m-45f00693c8d0471393359490f0eb2178']);
    const file = await new FileLoggedModelStore(join(HEART, 'mlruns')).modelsOfRun('81b3a575ba7e4fe3ac9aa45777809af5', '0');
    assert.deepEqual(file.map((m) => m.modelId), ['m-311328140282464aaf69e44f5f79e07a']);
  });

  it('the REST store reads the same through MLflow logged-model routes', async () => {
    const local = new SqliteLoggedModelStore(join(HEART, 'mlflow.db'));
    const server = await startMlflowTraceServer(new FileTraceStore(join(HEART, 'mlruns')), { loggedModels: local });
    try {
      const rest = new RestLoggedModelStore(new MlflowRestClient(server.url, { maxRetries: 0 }));
      assert.deepEqual(await allOf(rest, ['0']), await allOf(local, ['0']));
      assert.deepEqual(await rest.getLoggedModel('m-2187688f812445e88cb8625e1561a188'), await local.getLoggedModel('m-2187688f812445e88cb8625e1561a188'));
      assert.deepEqual(
        (await rest.modelsOfRun('7450685a31f0417a8d3a6540154b99a8', '0')).map((m) => m.modelId),
        ['m-2187688f812445e88cb8625e1561a188'],
      );
    } finally {
      await server.close();
    }
  });

  it('a registered version links to its logged model (model_id, models:/m-… source, or the models/ path)', async () => {
    const registry = new FileRegistry(WINE);
    const versions = await registry.listVersions('wine-quality-predictor');
    const linked = versions.map((v) => loggedModelIdOf(v));
    assert.ok(linked.every((id) => id !== null && /^m-[0-9a-f]{32}$/.test(id)), JSON.stringify(linked));
    const store = new FileLoggedModelStore(WINE);
    for (const id of linked) assert.equal((await store.getLoggedModel(id!)).modelId, id);
    assert.equal(loggedModelIdOf({ modelId: null, source: 'models:/m-0ae0c9426f304034a56a7100e2ad06db' }), 'm-0ae0c9426f304034a56a7100e2ad06db');
    assert.equal(loggedModelIdOf({ modelId: null, source: 'models:/wine-quality-predictor/1' }), null);
  });

  it('prints the CLI JSON shape', async () => {
    const model = await new SqliteLoggedModelStore(join(HEART, 'mlflow.db')).getLoggedModel('m-45f00693c8d0471393359490f0eb2178');
    const json = loggedModelToJson(model);
    assert.deepEqual(Object.keys(json), ['model_id', 'name', 'experiment_id', 'source_run_id', 'status', 'creation_timestamp_ms', 'metrics', 'params', 'tags']);
    assert.deepEqual(json.metrics[0], { key: 'accuracy', value: 0.8666666666666667, step: 0, dataset_name: null });
    assert.equal(json.status, 'LOGGED_MODEL_READY');
  });
});
