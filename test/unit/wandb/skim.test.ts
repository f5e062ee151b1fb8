// A large `.wandb` is skimmed for a listing (its first 64 KiB and last two blocks), its config and summary taken from
// the files wandb keeps of them; whatever needs its middle (history, console output, system metrics, or a run with no
// files/) reads the whole file. Files written by the project's encoder in W&B's real format, aligned and misaligned.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { WandbStore } from '../../../core/tracking/wandb/wandbStore';
import { appendRecords, type RecordInput, writeRunFile } from '../../../core/wandb/encoder';
import type { BlockBase } from '../../../core/wandb/framing';
import { SKIM_ABOVE, WandbRunFile } from '../../../core/wandb/runFile';

const root = mkdtempSync(join(tmpdir(), 'mlops-wandb-skim-'));
after(() => rmSync(root, { recursive: true, force: true }));

const ROWS = 6000;

/** A run of ROWS history rows (about 1.5 MB) whose config and summary change in the middle of the file. */
function bigRun(id: string, finished: boolean): RecordInput[] {
  const records: RecordInput[] = [
    { header: true },
    { run: { runId: id, project: 'proj', displayName: `name-${id}`, startTimeMs: 1_700_000_000_000, config: { lr: 0.1, layers: 2 } } },
  ];
  for (let step = 0; step < ROWS; step++) {
    records.push({ history: { loss: 1 / (step + 1), note: 'x'.repeat(200), _step: step, _timestamp: 1_700_000_000 + step } });
    if (step === ROWS / 2) records.push({ config: { lr: 0.01 } }, { output: 'halfway there', timestampMs: 1_700_000_000_000 + step * 1000 });
    if (step % 100 === 0) records.push({ summary: { loss: 1 / (step + 1) } }, { stats: { cpu: step % 100 }, timestampMs: 1_700_000_000_000 + step * 1000 });
  }
  records.push({ summary: { loss: 1 / ROWS, best: 0.5 } });
  if (finished) records.push({ exit: 0, runtime: ROWS }, { final: true }, { footer: true });
  return records;
}

/** A W&B folder with one large run; `files` writes the config.yaml and wandb-summary.json wandb keeps beside it. */
function bigFolder(name: string, options: { files: boolean; finished: boolean; base?: BlockBase }): { wandb: string; file: string } {
  const wandb = join(root, name, 'wandb');
  const folder = join(wandb, `run-20240101_000000-${name}`);
  mkdirSync(join(folder, 'files'), { recursive: true });
  const file = join(folder, `run-${name}.wandb`);
  writeRunFile(file, bigRun(name, options.finished), { blockBase: options.base ?? 0 });
  assert.ok(statSync(file).size > SKIM_ABOVE, 'the run file is large enough to be skimmed');
  if (options.files) {
    writeFileSync(join(folder, 'files', 'config.yaml'), '_wandb:\n    value:\n        cli_version: 0.24.2\nlr:\n    value: 0.01\nlayers:\n    value: 2\n');
    writeFileSync(join(folder, 'files', 'wandb-summary.json'), JSON.stringify({ loss: 1 / ROWS, best: 0.5, _step: ROWS - 1 }));
  }
  return { wandb, file };
}

for (const base of [0, 7] as const) {
  test(`a large finished run (block base ${base}) is listed from both ends and its files; history reads the whole file`, async () => {
    const { wandb, file } = bigFolder(`fin${base}`, { files: true, finished: true, base });
    const skim = new WandbRunFile(file);
    skim.refresh();
    assert.equal(skim.skimmed, true);
    assert.equal(skim.stateWithoutHistory.run?.displayName, `name-fin${base}`, 'the run record, from the first block');
    assert.equal(skim.stateWithoutHistory.exit?.exitCode, 0, 'the exit record, from the last blocks');
    assert.equal(skim.stateWithoutHistory.config.get('lr'), '0.1', 'the middle’s config update is not read by a skim');
    assert.deepEqual(skim.problems, []);
    assert.equal(skim.readRecords().config.get('lr'), '0.01', 'asking for every record reads the middle');
    assert.deepEqual(skim.readRecords().output.map((o) => o.line), ['halfway there']);
    assert.equal(skim.state.historyStamps.count, ROWS);
    assert.deepEqual(skim.problems, []);

    const store = new WandbStore(wandb);
    const run = await store.getRun(`fin${base}`);
    assert.equal(run.info.status, 'FINISHED');
    assert.deepEqual(run.data.params.map((p) => [p.key, p.value]).sort(), [['layers', '2'], ['lr', '0.01']]);
    assert.deepEqual(run.data.metrics.map((m) => [m.key, m.value]).sort(), [['best', 0.5], ['loss', 1 / ROWS]]);
    assert.equal((await store.getMetricHistory(`fin${base}`, 'loss')).length, ROWS);
    assert.equal((await store.systemMetrics.history(`fin${base}`, 'cpu')).length, ROWS / 100);
  });
}

test('a large run without files/ is read whole for its listing: config and summary from every update', async () => {
  const { wandb } = bigFolder('nofiles', { files: false, finished: true });
  const run = await new WandbStore(wandb).getRun('nofiles');
  assert.deepEqual(run.data.params.map((p) => [p.key, p.value]).sort(), [['layers', '2'], ['lr', '0.01']]);
  assert.deepEqual(run.data.metrics.map((m) => [m.key, m.value]).sort(), [['best', 0.5], ['loss', 1 / ROWS]]);
});

test('a large run still logging is skimmed, then followed from its end: the exit record finishes it', async () => {
  const { wandb, file } = bigFolder('live', { files: true, finished: false });
  const now = Date.now();
  const store = new WandbStore(wandb, { now: () => now });
  assert.equal((await store.getRun('live')).info.status, 'RUNNING');
  appendRecords(file, statSync(file).size, [{ history: { loss: 0.0001, _step: ROWS, _timestamp: 1_700_000_000 + ROWS } }, { exit: 1, runtime: ROWS }]);
  store.invalidate();
  const run = await store.getRun('live');
  assert.equal(run.info.status, 'FAILED');
  assert.equal((await store.getMetricHistory('live', 'loss')).length, ROWS + 1, 'history, once asked for, holds every row');
});
