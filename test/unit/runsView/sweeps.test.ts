// Sweeps in the Runs view, over real files: the demo's sweep written in W&B's format with its sweep.yaml, and the
// real sweep.yaml of test/fixtures/wandb/wandb-sweeps. The best run is checked against the store's own ordering.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DEMO_SWEEP_ID, DEMO_SWEEP_YAML, DEMO_WANDB_PROJECT, writeWandbSweep } from '../../../core/demo/wandbSweep';
import { bestRun, groupSweeps, matchSweepConfig, sweepTableQuery } from '../../../core/runsView/sweeps';
import type { Run } from '../../../core/tracking/store';
import { WandbStore } from '../../../core/tracking/wandb/wandbStore';
import { findSweepConfigs, readSweepConfig, type SweepConfig } from '../../../core/wandb/sweepConfig';

const folder = mkdtempSync(join(tmpdir(), 'mlops-sweeps-'));
const realSweep = join(__dirname, '..', '..', 'fixtures', 'wandb', 'wandb-sweeps', 'jaguar-reid', 'sweep.yaml');
let store: WandbStore;
let runs: Run[];

before(async () => {
  writeWandbSweep(join(folder, 'wandb'), 11);
  writeFileSync(join(folder, 'sweep.yaml'), DEMO_SWEEP_YAML);
  mkdirSync(join(folder, 'configs'));
  writeFileSync(join(folder, 'configs', 'grid_sweep.yaml'), 'method: grid\nparameters:\n  lr:\n    values: [0.1, 0.01]\n  depth:\n    values: [1, 2]\n');
  writeFileSync(join(folder, 'configs', 'broken_sweep.yaml'), 'method: bayes\nparameters:\n  lr: [unclosed\n');
  writeFileSync(join(folder, 'configs', 'params.yaml'), 'train:\n  lr: 0.1\n');
  writeFileSync(join(folder, 'wandb', 'sweep.yaml'), DEMO_SWEEP_YAML);
  store = new WandbStore(join(folder, 'wandb'));
  runs = (await store.searchRuns({ experimentIds: [DEMO_WANDB_PROJECT] })).items;
});
after(async () => {
  await store.close();
  rmSync(folder, { recursive: true, force: true });
});

test('a real sweep.yaml: method, metric and goal, every parameter name', () => {
  const config = readSweepConfig(realSweep) as SweepConfig;
  assert.equal(config.method, 'bayes');
  assert.deepEqual(config.metric, { name: 'final_val_mAP', goal: 'maximize' });
  assert.equal(config.parameters.length, 18);
  assert.ok(config.parameters.includes('init_learning_rate') && config.parameters.includes('min_images_per_identity'));
});

test('sweep files are found by name or content beside wandb/, a broken one is named with its line', () => {
  const { configs, problems } = findSweepConfigs(folder);
  assert.deepEqual(
    configs.map((c) => c.file),
    [join(folder, 'configs', 'grid_sweep.yaml'), join(folder, 'sweep.yaml')],
  );
  const demo = configs[1]!;
  assert.deepEqual(demo.metric, { name: 'val/loss', goal: 'minimize' });
  assert.deepEqual(demo.parameters, ['learning_rate', 'max_depth', 'optimizer']);
  assert.equal(demo.name, 'fraud-lr-depth');
  assert.equal(demo.project, DEMO_WANDB_PROJECT);
  assert.equal(problems.length, 1);
  assert.match(problems[0]!.message, new RegExp(`${join(folder, 'configs', 'broken_sweep.yaml').replace(/[.\\/]/g, '\\$&')}:\\d+: not valid YAML`));
});

test('nested parameters are named as the flattened config names them; the goal defaults to minimize as in W&B', () => {
  const file = join(folder, 'nested-sweep.yaml');
  writeFileSync(file, 'method: random\nmetric:\n  name: loss\nparameters:\n  optimizer:\n    parameters:\n      lr:\n        min: 0.1\n        max: 1\n  epochs:\n    value: 3\n');
  const config = readSweepConfig(file) as SweepConfig;
  assert.deepEqual(config.parameters, ['optimizer.lr', 'epochs']);
  assert.deepEqual(config.metric, { name: 'loss', goal: 'minimize' });
  rmSync(file);
});

test('the demo runs form one sweep matched to its sweep.yaml, best by val/loss as the store orders them', async () => {
  const mlflowLike: Run = { ...runs[0]!, info: { ...runs[0]!.info, runId: 'plain' }, data: { ...runs[0]!.data, tags: [] } };
  const { configs } = findSweepConfigs(folder);
  const all = [...configs, readSweepConfig(realSweep) as SweepConfig];
  const { sweeps, others } = groupSweeps([...runs, mlflowLike], all);
  assert.deepEqual(others.map((r) => r.info.runId), ['plain']);
  assert.equal(sweeps.length, 1);
  const sweep = sweeps[0]!;
  assert.equal(sweep.sweepId, DEMO_SWEEP_ID);
  assert.equal(sweep.runs.length, 6);
  assert.equal(sweep.config?.file, join(folder, 'sweep.yaml'));
  const ordered = (await store.searchRuns({ experimentIds: [DEMO_WANDB_PROJECT], orderBy: ['metrics.`val/loss` ASC'] })).items;
  assert.equal(sweep.best?.runId, ordered[0]!.info.runId);
  assert.equal(sweep.best?.value, ordered[0]!.data.metrics.find((m) => m.key === 'val/loss')!.value);
});

test('a config for another project or with parameters the runs lack does not match; no config, no best run', () => {
  const demo = readSweepConfig(join(folder, 'sweep.yaml')) as SweepConfig;
  assert.equal(matchSweepConfig(DEMO_SWEEP_ID, runs, [{ ...demo, project: 'elsewhere' }]), undefined);
  assert.equal(matchSweepConfig(DEMO_SWEEP_ID, runs, [readSweepConfig(realSweep) as SweepConfig]), undefined);
  const named = { ...demo, parameters: ['learning_rate'], file: join(folder, `sweep-${DEMO_SWEEP_ID}.yaml`) };
  assert.equal(matchSweepConfig(DEMO_SWEEP_ID, runs, [demo, named]), named, 'a file named for the sweep id wins');
  const { sweeps } = groupSweeps(runs, []);
  assert.equal(sweeps[0]!.config, undefined);
  assert.equal(sweeps[0]!.best, undefined);
});

test('maximize picks the highest value; runs that never logged the metric are not ranked', () => {
  const highest = [...runs].sort((a, b) => auc(b) - auc(a))[0]!;
  assert.equal(bestRun(runs, { name: 'val/auc', goal: 'maximize' })?.runId, highest.info.runId);
  assert.equal(bestRun(runs, { name: 'never-logged', goal: 'maximize' }), undefined);
});

test("the sweep's table query finds exactly its runs, best first", async () => {
  const config = readSweepConfig(join(folder, 'sweep.yaml')) as SweepConfig;
  const query = sweepTableQuery({ sweepId: DEMO_SWEEP_ID, config });
  assert.deepEqual(query.sort, { column: 'metrics.val/loss', descending: false });
  const found = (await store.searchRuns({ experimentIds: [DEMO_WANDB_PROJECT], filter: query.filter, orderBy: ['metrics.`val/loss` ASC'] })).items;
  assert.equal(found.length, 6);
  assert.equal(bestRun(found, config.metric!)?.runId, found[0]!.info.runId);
  assert.equal((await store.searchRuns({ experimentIds: [DEMO_WANDB_PROJECT], filter: sweepTableQuery({ sweepId: 'other' }).filter })).items.length, 0);
  assert.equal(sweepTableQuery({ sweepId: DEMO_SWEEP_ID }).sort, undefined);
});

function auc(run: Run): number {
  return run.data.metrics.find((m) => m.key === 'val/auc')!.value;
}
