// FileStore on hand-made mlruns trees with the layouts and damage real users have (MLflow 1.x–3.x).
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { FileStore } from '../../../core/tracking/file/fileStore';
import { parseMetricFile } from '../../../core/tracking/file/metricFile';

const root = mkdtempSync(join(tmpdir(), 'mlops-filestore-'));
after(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, text: string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

function experiment(mlruns: string, folder: string, id = folder, extra = ''): void {
  write(
    join(mlruns, folder, 'meta.yaml'),
    `artifact_location: file:///C:/Users/x/mlruns/${id}\nexperiment_id: '${id}'\nlifecycle_stage: active\nname: exp-${id}\n${extra}`,
  );
}

function run(mlruns: string, experimentFolder: string, runId: string, meta: string): string {
  const dir = join(mlruns, experimentFolder, runId);
  write(join(dir, 'meta.yaml'), meta);
  return dir;
}

test('metric files: 2, 3 and 4+ fields, nan/inf, duplicates, truncated lines; latest by (step, timestamp, value)', () => {
  const text = '100 0.5\n200 nan 1\n150 inf 1\n150 inf 1\n300 -inf 0 extra-run-id\n400 0.25 2 r1 d1\n401\n402 0x10 3\n403 1e-05 3\n';
  const parsed = parseMetricFile('loss', text, '/m/loss');
  assert.deepEqual(
    parsed.history.map((m) => [m.timestamp, m.value, m.step]),
    [
      [100, 0.5, 0],
      [200, Number.NaN, 1],
      [150, Number.POSITIVE_INFINITY, 1],
      [150, Number.POSITIVE_INFINITY, 1],
      [300, Number.NEGATIVE_INFINITY, 0],
      [400, 0.25, 2],
      [403, 0.00001, 3],
    ],
  );
  assert.deepEqual(
    parsed.warnings.map((w) => [w.line, w.message]),
    [
      [7, "metric line '401' is not 'timestamp value [step]'; skipped"],
      [8, "metric line '402 0x10 3' is not 'timestamp value [step]'; skipped"],
    ],
  );
});

test('every run layout loads; paths come from the mlruns folder, never artifact_location', async () => {
  const mlruns = join(root, 'layouts');
  experiment(mlruns, '0');
  experiment(mlruns, '12', '12', 'creation_time: 5\n');
  // MLflow 1.x: run_uuid only, no run_name, name from the tag, status missing, Windows path with %20.
  const legacy = run(
    mlruns,
    '0',
    'aaa',
    "artifact_uri: file:///E:/My%20Project/mlruns/0/aaa/artifacts\nend_time: null\nexperiment_id: '0'\nname: ''\nrun_uuid: aaa\nstart_time: 10\nuser_id: u\n",
  );
  write(join(legacy, 'tags', 'mlflow.runName'), 'legacy-name');
  write(join(legacy, 'metrics', 'acc'), '1 0.1\n2 0.2\n');
  // MLflow 3.x: run_name, status int, nested keys with '/', outputs/ and a models/ folder beside runs.
  const modern = run(
    mlruns,
    '12',
    'bbb',
    "artifact_uri: file:c:/Users/with spaces/mlruns/12/bbb/artifacts\nend_time: 30\nexperiment_id: '12'\nlifecycle_stage: active\nrun_id: bbb\nrun_name: modern\nstart_time: 20\nstatus: 4\nuser_id: v\n",
  );
  write(join(modern, 'metrics', 'eval', 'f1'), '5 0.7 0\n6 0.9 1\n');
  write(join(modern, 'params', 'opt', 'lr'), '0.01');
  write(join(modern, 'outputs', 'm-1', 'meta.yaml'), 'destination_id: m-1\n');
  write(join(mlruns, '12', 'models', 'm-1', 'meta.yaml'), "model_id: m-1\nexperiment_id: '12'\n");
  write(join(mlruns, '12', 'tags', 'team'), 'vision');
  write(join(mlruns, 'models', 'reg', 'meta.yaml'), 'name: reg\n');
  // A deleted experiment in .trash keeps its runs.
  experiment(join(mlruns, '.trash'), '13', '13', '');
  write(join(mlruns, '.trash', '13', 'meta.yaml'), "artifact_location: ''\nexperiment_id: '13'\nlifecycle_stage: deleted\nname: gone\n");
  run(mlruns, '.trash/13', 'ccc', "experiment_id: '13'\nrun_id: ccc\nstatus: 3\nstart_time: 1\nlifecycle_stage: deleted\nend_time: null\nuser_id: u\n");

  const store = new FileStore(mlruns);
  const experiments = (await store.searchExperiments({ viewType: 'all' })).items;
  assert.deepEqual(
    experiments.map((e) => [e.experimentId, e.name, e.lifecycleStage]),
    [['12', 'exp-12', 'active'], ['0', 'exp-0', 'active'], ['13', 'gone', 'deleted']],
  );
  assert.deepEqual(experiments[0]!.tags, [{ key: 'team', value: 'vision' }]);
  assert.deepEqual((await store.searchExperiments()).items.length, 2);

  const runs = (await store.searchRuns({ experimentIds: ['0', '12', '13'], viewType: 'all' })).items;
  assert.deepEqual(
    runs.map((r) => [r.info.runId, r.info.runName, r.info.status, r.info.endTime, r.info.lifecycleStage]),
    [
      ['bbb', 'modern', 'FAILED', 30, 'active'],
      ['aaa', 'legacy-name', 'RUNNING', null, 'active'],
      ['ccc', '', 'FINISHED', null, 'deleted'],
    ],
  );
  assert.deepEqual(runs[0]!.data.metrics, [{ key: 'eval/f1', value: 0.9, timestamp: 6, step: 1 }]);
  assert.deepEqual(runs[0]!.data.params, [{ key: 'opt/lr', value: '0.01' }]);
  assert.equal(runs[1]!.info.artifactUri, 'file:///E:/My%20Project/mlruns/0/aaa/artifacts');
  assert.deepEqual(
    (await store.getMetricHistory('aaa', 'acc')).map((m) => [m.value, m.step]),
    [[0.1, 0], [0.2, 0]],
  );
  assert.deepEqual((await store.getMetricHistory('bbb', 'eval/f1')).length, 2);
  assert.deepEqual(store.warnings, []);
});

test('damaged files become one warning each, naming the file (and line), and the rest loads', async () => {
  const mlruns = join(root, 'damaged');
  experiment(mlruns, '1');
  experiment(mlruns, '2', '3');
  write(join(mlruns, '4', 'meta.yaml'), 'experiment_id: [unclosed\nname: x\n');
  run(mlruns, '1', 'good', "experiment_id: '1'\nrun_id: good\nstatus: 3\nstart_time: 5\nend_time: null\nuser_id: u\n");
  const truncated = run(mlruns, '1', 'trunc', "experiment_id: '1'\nrun_id: trunc\nstatus: 1\nstart_time: 4\nend_time: null\nuser_id: u\n");
  write(join(truncated, 'metrics', 'loss'), '1 0.5 0\n2 0.4 1\n3 0.');
  write(join(truncated, 'metrics', 'acc'), '1 0.5 0\n2 0.\n');
  run(mlruns, '1', 'corrupt', "experiment_id: '1'\nrun_id: corrupt\nstatus: [3\n");
  run(mlruns, '1', 'moved', "experiment_id: '9'\nrun_id: moved\nstatus: 3\nstart_time: 1\nend_time: null\nuser_id: u\n");
  const store = new FileStore(mlruns);
  assert.deepEqual((await store.searchExperiments()).items.map((e) => e.experimentId), ['1']);
  const runs = (await store.searchRuns({ experimentIds: ['1'] })).items;
  assert.deepEqual(runs.map((r) => r.info.runId), ['good', 'trunc']);
  assert.deepEqual(
    runs[1]!.data.metrics.map((m) => [m.key, m.value]).sort(),
    // '0.' is a float to Python; '3 0.' is a legacy two-field line at step 0, so step 1 stays the latest.
    [
      ['acc', 0],
      ['loss', 0.4],
    ],
  );
  const warnings = store.warnings.map((w) => `${w.path.slice(mlruns.length + 1)}${w.line ? `:${w.line}` : ''} ${w.message}`);
  assert.equal(warnings.length, 4, warnings.join('\n'));
  assert.match(warnings.find((w) => w.startsWith('2/'))!, /^2\/meta\.yaml experiment_id '3' does not match its folder name '2'/);
  assert.match(warnings.find((w) => w.startsWith('4/'))!, /^4\/meta\.yaml:\d+ experiment skipped: meta\.yaml is not valid YAML/);
  assert.match(warnings.find((w) => w.startsWith('1/corrupt'))!, /^1\/corrupt\/meta\.yaml:\d+ run skipped: meta\.yaml is not valid YAML/);
  assert.match(warnings.find((w) => w.startsWith('1/moved'))!, /run moved says experiment_id '9' but lies in experiment folder '1'; skipped/);
});

test('a truncated metric line is a warning naming file and line', async () => {
  const mlruns = join(root, 'truncated-line');
  experiment(mlruns, '1');
  const dir = run(mlruns, '1', 'r', "experiment_id: '1'\nrun_id: r\nstatus: 1\nstart_time: 4\nend_time: null\nuser_id: u\n");
  const path = write(join(dir, 'metrics', 'loss'), '1 0.5 0\n2 0.4 1\n3\n');
  const store = new FileStore(mlruns);
  const [loaded] = (await store.searchRuns({ experimentIds: ['1'] })).items;
  assert.deepEqual(loaded!.data.metrics, [{ key: 'loss', value: 0.4, timestamp: 2, step: 1 }]);
  assert.deepEqual(store.warnings, [{ path, line: 3, message: "metric line '3' is not 'timestamp value [step]'; skipped" }]);
});

test('the cache: invalidate(paths) re-reads the touched run, invalidate() finds every change', async () => {
  const mlruns = join(root, 'live');
  experiment(mlruns, '1');
  const dir = run(mlruns, '1', 'r1', "experiment_id: '1'\nrun_id: r1\nstatus: 1\nstart_time: 1\nend_time: null\nuser_id: u\n");
  const loss = write(join(dir, 'metrics', 'loss'), '1 0.9 0\n');
  run(mlruns, '1', 'r2', "experiment_id: '1'\nrun_id: r2\nstatus: 3\nstart_time: 2\nend_time: null\nuser_id: u\n");
  const store = new FileStore(mlruns);
  const latest = async () =>
    (await store.searchRuns({ experimentIds: ['1'], filter: "run_id = 'r1'" })).items[0]!.data.metrics[0]!.value;
  assert.equal(await latest(), 0.9);
  appendFileSync(loss, '2 0.7 1\n');
  assert.equal(await latest(), 0.9, 'cached until invalidated');
  store.invalidate([loss]);
  assert.equal(await latest(), 0.7);
  appendFileSync(loss, '3 0.5 2\n');
  store.invalidate();
  assert.equal(await latest(), 0.5);
  const param = write(join(dir, 'params', 'lr'), '0.1');
  store.invalidate([param]);
  await latest();
  writeFileSync(param, '0.2');
  store.invalidate();
  const [r1] = (await store.searchRuns({ experimentIds: ['1'], filter: "run_id = 'r1'" })).items;
  assert.deepEqual(r1!.data.params, [{ key: 'lr', value: '0.2' }], 'a same-size rewrite is seen by its mtime');
  const r3 = run(mlruns, '1', 'r3', "experiment_id: '1'\nrun_id: r3\nstatus: 1\nstart_time: 3\nend_time: null\nuser_id: u\n");
  store.invalidate([join(r3, 'meta.yaml')]);
  assert.deepEqual((await store.searchRuns({ experimentIds: ['1'] })).items.map((r) => r.info.runId), ['r3', 'r2', 'r1']);
  rmSync(r3, { recursive: true });
  store.invalidate([r3]);
  assert.deepEqual((await store.searchRuns({ experimentIds: ['1'] })).items.map((r) => r.info.runId), ['r2', 'r1']);
});

test('a missing mlruns folder is an error naming it', async () => {
  const store = new FileStore(join(root, 'nowhere'));
  await assert.rejects(store.searchExperiments(), /nowhere is not a readable folder/);
});
