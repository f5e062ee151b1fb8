// Issue 11, defect 9: a damaged mlruns/ is reported the way MLflow's own FileStore fails on it, instead of being
// read silently: a half-truncated run meta.yaml (MLflow: RunInfo lacks its required fields) is an unreadable run,
// not a run from 1970 with a cut id; an experiment folder or a run folder without meta.yaml (MLflow: "Malformed
// experiment/run") is a warning naming the file. The store keeps the warnings, the CLI prints them on stderr
// (escaped) and still lists the good runs.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { CliIO } from '../../cli/command';
import { runCli } from '../../cli/main';
import { FileStore } from '../../core/tracking/file/fileStore';
import { writeMlruns } from '../support/generatedStores';
import { tempDir } from '../support/registryStores';

const dir = tempDir('corrupt-mlruns');
const mlruns = join(dir.path, 'mlruns');
const GOOD = 'a1'.repeat(16);
const TRUNCATED = 'b2'.repeat(16);
const NO_META = 'c3'.repeat(16);
const EXPERIMENT_NO_META = '5';
/** A folder made an hour ago: not one MLflow is creating right now. */
const HOUR_AGO = new Date(Date.now() - 3_600_000);

function oldFolder(path: string): string {
  mkdirSync(path, { recursive: true });
  utimesSync(path, HOUR_AGO, HOUR_AGO);
  return path;
}

before(() => {
  const run = (runId: string, runName: string, startTime: number) => ({
    runId,
    experimentId: '1',
    runName,
    status: 'FINISHED' as const,
    startTime,
    endTime: startTime + 1000,
    userId: 'ana',
    lifecycleStage: 'active' as const,
    metrics: { loss: [{ value: 0.25, timestamp: startTime, step: 0 }] },
    params: { lr: '0.1' },
    tags: {},
  });
  writeMlruns(mlruns, {
    experiments: [
      { experimentId: '0', name: 'Default', lifecycleStage: 'active', creationTime: 1_700_000_000_000 },
      { experimentId: '1', name: 'training', lifecycleStage: 'active', creationTime: 1_700_000_000_001 },
    ],
    runs: [run(GOOD, 'good-run', 1_700_000_100_000), run(TRUNCATED, 'cut-short', 1_700_000_200_000)],
  });
  // Half of the file, cut inside run_id: what a full disk or a killed copy leaves.
  const meta = join(mlruns, '1', TRUNCATED, 'meta.yaml');
  const text = readFileSync(meta, 'utf8');
  const cut = text.indexOf(`run_id: ${TRUNCATED}`) + 'run_id: '.length + 10;
  writeFileSync(meta, text.slice(0, cut));
  writeFileSync(join(oldFolder(join(mlruns, '1', NO_META, 'metrics')), 'loss'), '1700000000000 0.5 0\n');
  utimesSync(join(mlruns, '1', NO_META), HOUR_AGO, HOUR_AGO);
  oldFolder(join(mlruns, EXPERIMENT_NO_META, GOOD));
  utimesSync(join(mlruns, EXPERIMENT_NO_META), HOUR_AGO, HOUR_AGO);
});
after(() => dir.remove());

test('the store lists the good run only and keeps one warning per damaged file, naming it', async () => {
  const store = new FileStore(mlruns);
  const experiments = (await store.searchExperiments()).items.map((e) => e.experimentId);
  assert.deepEqual(experiments.sort(), ['0', '1']);
  const runs = (await store.searchRuns({ experimentIds: ['1'] })).items;
  assert.deepEqual(
    runs.map((r) => [r.info.runId, r.info.runName, r.info.startTime]),
    [[GOOD, 'good-run', 1_700_000_100_000]],
  );
  const warnings = new Map(store.warnings.map((w) => [w.path, w.message]));
  assert.equal(warnings.size, 3, [...warnings].join('\n'));
  assert.match(
    warnings.get(join(mlruns, '1', TRUNCATED, 'meta.yaml'))!,
    /^run skipped: meta\.yaml lacks start_time, user_id, which MLflow needs to read a run \(the file looks truncated\); restore it from a backup or remove the run folder$/,
  );
  assert.match(warnings.get(join(mlruns, '1', NO_META, 'meta.yaml'))!, /^run folder has no meta\.yaml; skipped, as MLflow skips a malformed run\. Restore meta\.yaml or remove the folder\.$/);
  assert.match(
    warnings.get(join(mlruns, EXPERIMENT_NO_META, 'meta.yaml'))!,
    /^experiment folder has no meta\.yaml; skipped, as MLflow skips a malformed experiment\. Restore meta\.yaml or remove the folder\.$/,
  );
  await store.close();
});

test('a run meta.yaml whose id is cut is unreadable even when every field is there', async () => {
  const folder = join(dir.path, 'cut-id');
  writeMlruns(join(folder, 'mlruns'), {
    experiments: [{ experimentId: '0', name: 'Default', lifecycleStage: 'active', creationTime: 0 }],
    runs: [{ runId: GOOD, experimentId: '0', runName: 'r', status: 'FINISHED', startTime: 5, endTime: 6, userId: 'u', lifecycleStage: 'active', metrics: {}, params: {}, tags: {} }],
  });
  const meta = join(folder, 'mlruns', '0', GOOD, 'meta.yaml');
  writeFileSync(meta, readFileSync(meta, 'utf8').replace(`run_id: ${GOOD}`, 'run_id: a1a1'));
  const store = new FileStore(join(folder, 'mlruns'));
  assert.deepEqual((await store.searchRuns({ experimentIds: ['0'] })).items, []);
  assert.deepEqual(store.warnings, [
    {
      path: meta,
      message: `run skipped: meta.yaml names run 'a1a1', not its folder '${GOOD}'; MLflow finds a run by its folder name and cannot read this one. Restore the file or fix run_id.`,
    },
  ]);
});

test('a folder MLflow is creating right now (no meta.yaml yet, just made) is not reported', async () => {
  const folder = join(dir.path, 'live', 'mlruns');
  writeMlruns(folder, { experiments: [{ experimentId: '0', name: 'Default', lifecycleStage: 'active', creationTime: 0 }], runs: [] });
  mkdirSync(join(folder, '0', 'f'.repeat(32)));
  mkdirSync(join(folder, '7'));
  const store = new FileStore(folder);
  await store.searchRuns({ experimentIds: ['0'] });
  assert.deepEqual(store.warnings, []);
});

test('mlops runs prints each warning on stderr naming the file, escaped, and still lists the good run', async () => {
  const hostile = join(mlruns, '1', 'evil\x1b[2J\u202e');
  oldFolder(hostile);
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (t) => out.push(t), err: (t) => err.push(t), cwd: dir.path, env: {} };
  const code = await runCli(['runs', '--tracking-uri', mlruns], io);
  assert.equal(code, 0, err.join('\n'));
  const lines = out.join('\n').split('\n');
  assert.equal(lines.length, 2, out.join('\n'));
  assert.ok(lines[1]!.startsWith(`${GOOD}  good-run  training`), lines[1]);
  assert.deepEqual(err.map((e) => e.replace(mlruns, 'mlruns')).sort(), [
    `warning: ${join('mlruns', '1', 'evil\\x1b[2J\\u202e', 'meta.yaml')}: run folder has no meta.yaml; skipped, as MLflow skips a malformed run. Restore meta.yaml or remove the folder.`,
    `warning: ${join('mlruns', '1', NO_META, 'meta.yaml')}: run folder has no meta.yaml; skipped, as MLflow skips a malformed run. Restore meta.yaml or remove the folder.`,
    `warning: ${join('mlruns', '1', TRUNCATED, 'meta.yaml')}: run skipped: meta.yaml lacks start_time, user_id, which MLflow needs to read a run (the file looks truncated); restore it from a backup or remove the run folder`,
    `warning: ${join('mlruns', EXPERIMENT_NO_META, 'meta.yaml')}: experiment folder has no meta.yaml; skipped, as MLflow skips a malformed experiment. Restore meta.yaml or remove the folder.`,
  ].sort());
});
