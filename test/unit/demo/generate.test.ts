import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'yaml';
import { DemoFolderNotEmptyError, generateDemoWorkspace } from '../../../core/demo/generate';
import { MODEL_RUN_ACCURACY } from '../../../core/demo/trainingRuns';
import { evaluateGate } from '../../../core/registry/gate';
import { openRegistry } from '../../../core/registry/open';
import { loadPolicy, POLICY_PATH, policyFor } from '../../../core/registry/policy';
import { openRunMetrics } from '../../../core/registry/runMetrics';
import { parseTrackingUri } from '../../../core/tracking/uri';
import { openSqlite, type SqlDatabase } from '../../../core/sqlite/driver';
import { MLFLOW_SQLITE_HEAD } from '../../../core/tracking/sqliteSchema';

const parent = mkdtempSync(join(tmpdir(), 'mlops-demo-test-'));
const folder = join(parent, 'demo');
let db: SqlDatabase;

before(() => {
  generateDemoWorkspace(folder);
  db = openSqlite(join(folder, 'mlflow.db'), { readonly: true });
});
after(() => {
  db.close();
  rmSync(parent, { recursive: true, force: true });
});

const git = (...args: string[]) => execFileSync('git', args, { cwd: folder }).toString().trim();
const md5 = (path: string) => createHash('md5').update(readFileSync(path)).digest('hex');
const cachePath = (hash: string) => join(folder, '.dvc', 'cache', 'files', 'md5', hash.slice(0, 2), hash.slice(2));

describe('mlflow.db', () => {
  test('has the schema head and the promised experiments and runs', () => {
    assert.equal(db.prepare('SELECT version_num FROM alembic_version').get()?.version_num, MLFLOW_SQLITE_HEAD);
    assert.ok(Number(db.prepare('SELECT count(*) AS n FROM experiments').get()?.n) >= 3);
    assert.ok(Number(db.prepare('SELECT count(*) AS n FROM runs').get()?.n) >= 60);
    const statuses = db.prepare('SELECT status, count(*) AS n FROM runs GROUP BY status').all();
    assert.deepEqual(Object.fromEntries(statuses.map((r) => [r.status, r.n])), { FAILED: 1, FINISHED: 60, RUNNING: 1 });
    assert.equal(db.prepare("SELECT end_time FROM runs WHERE status = 'RUNNING'").get()?.end_time, null);
    assert.equal(Number(db.prepare("SELECT count(*) AS n FROM tags WHERE key = 'mlflow.parentRunId'").get()?.n), 18);
    assert.equal(db.prepare('PRAGMA integrity_check').get()?.integrity_check, 'ok');
  });

  test('metric histories have hundreds of steps, and latest_metrics holds the last step', () => {
    const longest = db.prepare("SELECT max(step) AS s FROM metrics WHERE key = 'accuracy'").get();
    assert.ok(Number(longest?.s) >= 249);
    const mismatches = db
      .prepare(
        `SELECT count(*) AS n FROM latest_metrics l WHERE l.step != (SELECT max(step) FROM metrics m WHERE m.run_uuid = l.run_uuid AND m.key = l.key)`,
      )
      .get();
    assert.equal(mismatches?.n, 0);
    const curve = db
      .prepare(
        "SELECT value FROM metrics WHERE key = 'train_loss' AND run_uuid = (SELECT run_uuid FROM runs WHERE experiment_id = 1 LIMIT 1) ORDER BY step",
      )
      .all()
      .map((r) => Number(r.value));
    assert.ok(curve[0]! > curve.at(-1)! + 0.3, 'training loss falls over the run');
  });

  test('the registry has fraud-detection in None, Staging and Production with champion and challenger', () => {
    const versions = db.prepare("SELECT version, current_stage, run_id FROM model_versions WHERE name = 'fraud-detection' ORDER BY version").all();
    assert.deepEqual(
      versions.map((v) => v.current_stage),
      ['Production', 'Staging', 'None'],
    );
    const aliases = db.prepare("SELECT alias, version FROM registered_model_aliases WHERE name = 'fraud-detection' ORDER BY alias").all();
    assert.deepEqual(aliases, [
      { alias: 'challenger', version: 2 },
      { alias: 'champion', version: 1 },
    ]);
    versions.forEach((v, index) => {
      const accuracy = db.prepare("SELECT value FROM latest_metrics WHERE run_uuid = ? AND key = 'accuracy'").get(String(v.run_id));
      assert.equal(accuracy?.value, MODEL_RUN_ACCURACY[index]);
    });
  });

  test('one prompt in MLflow 3 prompt-registry form', () => {
    const prompts = db.prepare("SELECT name FROM registered_model_tags WHERE key = 'mlflow.prompt.is_prompt' AND value = 'true'").all();
    assert.deepEqual(prompts, [{ name: 'fraud-triage-prompt' }]);
    const texts = db.prepare("SELECT value FROM model_version_tags WHERE name = 'fraud-triage-prompt' AND key = 'mlflow.prompt.text'").all();
    assert.equal(texts.length, 2);
    assert.match(String(texts[0]!.value), /\{\{transaction\}\}/);
  });
});

describe('mlruns/ file store', () => {
  test('experiments and runs in MLflow FileStore layout', () => {
    const experiment = parse(readFileSync(join(folder, 'mlruns', '1', 'meta.yaml'), 'utf8'));
    assert.equal(experiment.experiment_id, '1');
    const runs = execFileSync('find', [join(folder, 'mlruns', '1'), '-mindepth', '2', '-maxdepth', '2', '-name', 'meta.yaml']).toString().trim().split('\n');
    assert.equal(runs.length, 8);
    const metas = runs.map((path) => parse(readFileSync(path, 'utf8')));
    assert.ok(metas.some((m) => m.status === 1 && m.end_time === null), 'one run is RUNNING');
    const line = readFileSync(join(runs[0]!, '..', 'metrics', 'accuracy'), 'utf8').split('\n')[0]!;
    assert.match(line, /^\d{13} [\d.]+ 0$/);
  });
});

describe('DVC project in git', () => {
  test('train.csv.dvc changed over at least four commits, each version in the DVC 3 cache', () => {
    const commits = git('log', '--format=%H', '--', 'data/train.csv.dvc').split('\n');
    assert.ok(commits.length >= 4);
    const hashes = new Set(commits.map((c) => parse(git('show', `${c}:data/train.csv.dvc`)).outs[0].md5 as string));
    assert.ok(hashes.size >= 4);
    for (const hash of hashes) assert.ok(existsSync(cachePath(hash)), `cache holds ${hash}`);
  });

  test('the workspace copy matches its pointer and the directory output has a .dir manifest', () => {
    const pointer = parse(readFileSync(join(folder, 'data', 'train.csv.dvc'), 'utf8')).outs[0];
    assert.equal(pointer.hash, 'md5');
    assert.equal(md5(join(folder, 'data', 'train.csv')), pointer.md5);
    const labels = parse(readFileSync(join(folder, 'data', 'labels.dvc'), 'utf8')).outs[0];
    assert.match(labels.md5, /\.dir$/);
    const manifest = JSON.parse(readFileSync(cachePath(labels.md5), 'utf8')) as Array<{ md5: string; relpath: string }>;
    assert.equal(manifest.length, labels.nfiles);
    for (const entry of manifest) assert.equal(md5(join(folder, 'data', 'labels', entry.relpath)), entry.md5);
  });

  test('dvc.yaml has four stages and dvc.lock records their hashes in schema 2.0', () => {
    const stages = Object.keys(parse(readFileSync(join(folder, 'dvc.yaml'), 'utf8')).stages);
    assert.deepEqual(stages, ['prepare', 'featurize', 'train', 'evaluate']);
    const lock = parse(readFileSync(join(folder, 'dvc.lock'), 'utf8'));
    assert.equal(lock.schema, '2.0');
    const script = lock.stages.train.deps.find((d: { path: string }) => d.path === 'src/train.py');
    assert.equal(script.md5, md5(join(folder, 'src', 'train.py')));
    assert.ok(existsSync(join(folder, 'MLproject')) && existsSync(join(folder, 'python_env.yaml')));
    assert.equal(parse(readFileSync(join(folder, 'feature_repo', 'feature_store.yaml'), 'utf8')).project, 'fraud_features');
  });
});

describe('drift data and notebook', () => {
  test('reference.csv and current.csv have 8 columns and at least 10k rows; amount and distance_km shift', () => {
    const read = (name: string) => readFileSync(join(folder, name), 'utf8').trimEnd().split('\n');
    const [reference, current] = [read('reference.csv'), read('current.csv')];
    assert.equal(reference[0]!.split(',').length, 8);
    assert.ok(reference.length > 10_000 && current.length > 10_000);
    const mean = (rows: string[], column: string) => {
      const index = rows[0]!.split(',').indexOf(column);
      const values = rows.slice(1).map((r) => Number(r.split(',')[index]));
      return values.reduce((a, b) => a + b, 0) / values.length;
    };
    assert.ok(mean(current, 'amount') > 1.4 * mean(reference, 'amount'));
    assert.ok(mean(current, 'distance_km') > mean(reference, 'distance_km') + 10);
    assert.ok(Math.abs(mean(current, 'customer_age') - mean(reference, 'customer_age')) < 1);
  });

  test('the notebook is valid nbformat 4', () => {
    const notebook = JSON.parse(readFileSync(join(folder, 'notebooks', 'explore.ipynb'), 'utf8'));
    assert.equal(notebook.nbformat, 4);
    assert.ok(notebook.cells.length >= 3);
  });
});

describe('promotion policy', () => {
  test('.mlops/promotion.yaml gates fraud-detection → Production: version 2 passes, version 3 fails', async () => {
    const location = parseTrackingUri('sqlite:///mlflow.db', folder);
    const registry = openRegistry(location);
    try {
      const policy = policyFor(loadPolicy(join(folder, POLICY_PATH)), 'fraud-detection', 'Production');
      assert.ok(policy?.archiveExisting);
      const gate = (version: string) => evaluateGate({ registry, metrics: openRunMetrics(location), model: 'fraud-detection', version, stage: 'Production', policy });
      const passing = await gate('2');
      assert.equal(passing.passed, true, JSON.stringify(passing.checks));
      assert.deepEqual(passing.checks.map((c) => c.metric), ['accuracy', 'f1_score', 'accuracy']);
      assert.equal(passing.currentVersion, '1');
      const failing = await gate('3');
      assert.deepEqual(failing.checks.filter((c) => !c.passed).map((c) => `${c.kind}:${c.metric}`), ['require:accuracy', 'must_beat_current:accuracy']);
    } finally {
      registry.close();
    }
  });
});

test('the generator is deterministic: same seed, same git history and data', () => {
  const again = join(parent, 'again');
  generateDemoWorkspace(again);
  const head = (cwd: string) => execFileSync('git', ['rev-parse', 'HEAD'], { cwd }).toString();
  assert.equal(head(again), head(folder));
  assert.equal(md5(join(again, 'current.csv')), md5(join(folder, 'current.csv')));
});

test('refuses to overwrite a non-empty folder', () => {
  assert.throws(() => generateDemoWorkspace(folder), DemoFolderNotEmptyError);
});
