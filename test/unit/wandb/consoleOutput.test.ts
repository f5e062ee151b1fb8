// A W&B run's console output: files/output.log when wandb wrote it, else the .wandb file's output records (written
// here by the project's encoder as wandb-core writes them: a line's text and its '\n' as separate raw chunks).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { WandbStore } from '../../../core/tracking/wandb/wandbStore';
import { joinChunks } from '../../../core/wandb/consoleOutput';
import { type RecordInput, writeRunFile } from '../../../core/wandb/encoder';
import type { OutputLine } from '../../../core/wandb/runState';

const root = mkdtempSync(join(tmpdir(), 'mlops-wandb-output-'));
after(() => rmSync(root, { recursive: true, force: true }));

function writeRun(id: string, output: Array<[string, 'stdout' | 'stderr']>, outputLog?: string): void {
  const folder = join(root, 'wandb', `run-20260101_000000-${id}`);
  mkdirSync(join(folder, 'files'), { recursive: true });
  const records: RecordInput[] = output.map(([line, stream], i) => ({ output: line, stream, timestampMs: 1_767_225_601_000 + i }));
  writeRunFile(join(folder, `run-${id}.wandb`), [{ header: true }, { run: { runId: id, project: 'p', startTimeMs: 1_767_225_600_000 } }, ...records]);
  if (outputLog !== undefined) writeFileSync(join(folder, 'files', 'output.log'), outputLog);
}

writeRun('records', [
  ['\x1b[32mINFO\x1b[0m loading data', 'stdout'],
  ['\n', 'stdout'],
  [' 50%|█████     | 1/2', 'stdout'],
  ['warning: slow disk\n', 'stderr'],
  ['\r100%|██████████| 2/2', 'stdout'],
  ['\n', 'stdout'],
  ['saved model.pt', 'stdout'],
]);
writeRun('logged', [['from the records\n', 'stdout']], '\x1b[1mepoch 1\x1b[0m loss=0.5\nepoch 2 loss=0.4\n');
writeRun('silent', []);

test('output records: chunks joined per stream, escape codes dropped, the progress bar at its last redraw', async () => {
  const store = new WandbStore(join(root, 'wandb'));
  const output = await store.getConsoleOutput('records');
  assert.equal(output.kind, 'records');
  assert.ok(output.source.endsWith('run-records.wandb'));
  assert.equal(output.text, 'INFO loading data\nwarning: slow disk\n100%|██████████| 2/2\nsaved model.pt');
});

test('files/output.log wins over the records when wandb wrote it; a run without output says so', async () => {
  const store = new WandbStore(join(root, 'wandb'));
  const logged = await store.getConsoleOutput('logged');
  assert.deepEqual([logged.kind, logged.text], ['output.log', 'epoch 1 loss=0.5\nepoch 2 loss=0.4\n']);
  assert.ok(logged.source.endsWith(join('files', 'output.log')));
  const silent = await store.getConsoleOutput('silent');
  assert.deepEqual([silent.kind, silent.text], ['none', '']);
  await assert.rejects(store.getConsoleOutput('nope'), /No run 'nope'/);
});

test('a stdout line split by a stderr chunk stays whole; unfinished lines of both streams end the text', () => {
  const chunks: OutputLine[] = [
    { stream: 'stdout', timestamp: 0, line: 'step 1 ' },
    { stream: 'stderr', timestamp: 0, line: 'E: oops\n' },
    { stream: 'stdout', timestamp: 0, line: 'done\nstep 2' },
    { stream: 'stderr', timestamp: 0, line: 'E: again' },
  ];
  assert.equal(joinChunks(chunks), 'E: oops\nstep 1 done\nstep 2\nE: again');
});
