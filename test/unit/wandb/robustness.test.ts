// Files real users have: a run still being written (followed as it grows), a damaged chunk, the misaligned blocks
// of wandb-core before 0.17.6, a file that is not a W&B file, runs without a .wandb and offline runs without files/.
// Each written by the project's encoder in W&B's real format, then damaged on purpose.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { artifactFolder } from '../../../core/runsView/artifacts';
import { WandbStore } from '../../../core/tracking/wandb/wandbStore';
import { appendRecords, encodeRunFile, type RecordInput, writeRunFile } from '../../../core/wandb/encoder';
import { BLOCK_SIZE, detectBlockBase, scanFraming, WandbFormatError } from '../../../core/wandb/framing';
import { WandbRunFile } from '../../../core/wandb/runFile';
import type { WandbRunState } from '../../../core/wandb/runState';

const root = mkdtempSync(join(tmpdir(), 'mlops-wandb-'));
after(() => rmSync(root, { recursive: true, force: true }));

function run(id: string, rows: number, options: { exit?: number; big?: boolean } = {}): RecordInput[] {
  const records: RecordInput[] = [
    { header: true },
    { run: { runId: id, project: 'proj', displayName: `name-${id}`, tags: ['a', 'b'], notes: 'n', sweepId: 'sw1', startTimeMs: 1_700_000_000_000, config: { lr: 0.01, opt: { name: 'adam' } } } },
  ];
  for (let step = 0; step < rows; step++) {
    records.push({ history: { loss: 1 / (step + 1), 'val/acc': step / rows, _step: step, _timestamp: 1_700_000_000 + step, _runtime: step, ...(options.big ? { blob: 'x'.repeat(40_000) } : {}) } });
  }
  records.push({ summary: { loss: 1 / rows, val: { acc: (rows - 1) / rows } } });
  if (options.exit !== undefined) records.push({ exit: options.exit, runtime: rows }, { final: true }, { footer: true });
  return records;
}

test('encoder round trip: records, multi-block records, params with dots, summary metrics with slashes', async () => {
  const folder = join(root, 'rt', 'wandb', 'run-20240101_000000-aaa');
  mkdirSync(folder, { recursive: true });
  writeRunFile(join(folder, 'run-aaa.wandb'), run('aaa', 50, { exit: 0, big: true }));
  assert.ok(statSync(join(folder, 'run-aaa.wandb')).size > 2 * BLOCK_SIZE, 'records span blocks (FIRST/MIDDLE/LAST)');
  const store = new WandbStore(join(root, 'rt', 'wandb'));
  const got = await store.getRun('aaa');
  assert.equal(got.info.status, 'FINISHED');
  assert.equal(got.info.runName, 'name-aaa');
  assert.deepEqual(
    got.data.params.map((p) => [p.key, p.value]),
    [
      ['lr', '0.01'],
      ['opt.name', 'adam'],
    ],
  );
  assert.deepEqual(got.data.metrics.map((m) => m.key).sort(), ['loss', 'val/acc']);
  assert.ok(got.data.tags.some((t) => t.key === 'wandb.tags' && t.value === 'a, b'));
  const history = await store.getMetricHistory('aaa', 'val/acc');
  assert.equal(history.length, 50);
  assert.deepEqual(history[3], { key: 'val/acc', value: 3 / 50, step: 3, timestamp: 1_700_000_003_000 });
});

test('a growing file is followed by offset; a truncated last chunk is read up to what is complete', () => {
  const path = join(root, 'grow.wandb');
  const records = run('g', 10);
  const bytes = encodeRunFile(records);
  writeFileSync(path, bytes.subarray(0, bytes.length - 5));
  const file = new WandbRunFile(path);
  file.refresh();
  assert.equal(file.state.historyStamps.count, 10);
  assert.equal(file.state.summary.size, 0, 'the cut summary record is not read');
  assert.ok(file.partialTail);
  writeFileSync(path, bytes);
  file.refresh();
  assert.equal(file.state.summary.get('loss'), '0.1');
  appendRecords(path, bytes.length, [{ history: { loss: 0.01, _step: 10, _timestamp: 1_700_000_010 } }, { exit: 1, runtime: 3 }]);
  assert.equal(file.refresh(), true);
  assert.equal(file.state.history.get('loss')!.values.length, 11);
  assert.equal(file.state.exit?.exitCode, 1);
  assert.deepEqual(file.problems, []);
});

test('listing passes history over (no bytes kept); the first ask for history reads it, and appends apply from then on', () => {
  const path = join(root, 'lazy.wandb');
  const bytes = encodeRunFile(run('l', 10));
  writeFileSync(path, bytes);
  const file = new WandbRunFile(path);
  file.refresh();
  const listed = file.stateWithoutHistory as WandbRunState;
  assert.equal(listed.historyStamps.count, 0, 'no history row is applied for a listing');
  assert.equal(listed.history.size, 0);
  assert.equal(listed.run?.displayName, 'name-l', 'the rest of the run is read');
  assert.equal(file.state.historyStamps.count, 10, 'asking for the history reads it');
  assert.deepEqual([...file.state.history.get('loss')!.values].slice(0, 2), [1, 0.5]);
  appendRecords(path, bytes.length, [{ history: { loss: 0.01, _step: 10, _timestamp: 1_700_000_010 } }]);
  file.refresh();
  assert.equal((file.stateWithoutHistory as WandbRunState).historyStamps.count, 11, 'once asked for, history follows the file without a re-read');
});

test('a CRC mismatch skips to the next block and is reported once', async () => {
  const bytes = encodeRunFile(run('c', 3000, { exit: 0 }));
  bytes[100] = bytes[100]! ^ 0xff;
  const file = WandbRunFile.fromBytes(bytes, 'c.wandb');
  assert.equal(file.problems.length, 1);
  assert.match(file.problems[0]!.message, /CRC mismatch/);
  const rows = file.state.historyStamps.count;
  assert.ok(rows > 2000 && rows < 3000, `the damaged block is lost, the rest is read (${rows})`);
  assert.equal(file.state.exit?.exitCode, 0);
});

test('misaligned blocks (wandb-core < 0.17.6) are detected and read in full', () => {
  const records = run('m', 3000, { exit: 0 });
  const misaligned = encodeRunFile(records, { blockBase: 7 });
  assert.equal(detectBlockBase(misaligned), 7);
  assert.equal(detectBlockBase(encodeRunFile(records)), 0);
  const file = WandbRunFile.fromBytes(misaligned, 'm.wandb');
  assert.deepEqual(file.problems, []);
  assert.equal(file.state.historyStamps.count, 3000);
});

test('a file that is not a W&B file is named in a clear error; the store reports it as a warning', async () => {
  assert.throws(() => WandbRunFile.fromBytes(Buffer.from('SQLite format 3\0'), 'x.wandb'), (e: Error) => e instanceof WandbFormatError && /x\.wandb is not a W&B run file/.test(e.message));
  const folder = join(root, 'bad', 'wandb', 'run-20240101_000000-bad');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'run-bad.wandb'), 'hello');
  const store = new WandbStore(join(root, 'bad', 'wandb'));
  const runs = (await store.searchRuns({ experimentIds: ['uncategorized'] })).items;
  assert.equal(runs.length, 1);
  assert.match(store.warnings[0]!.message, /run-bad\.wandb is not a W&B run file/);
});

test('runs without a .wandb (config.yaml + summary) and offline runs without files/', async () => {
  const ws = join(root, 'mixed', 'wandb');
  const noRecord = join(ws, 'run-20240102_030405-nofile', 'files');
  mkdirSync(noRecord, { recursive: true });
  writeFileSync(join(noRecord, 'config.yaml'), '_wandb:\n    value:\n        cli_version: 0.24.2\nbatch:\n    value: 32\n');
  writeFileSync(join(noRecord, 'wandb-summary.json'), '{"acc": 0.5, "bad": NaN, "_step": 4}');
  const offline = join(ws, 'offline-run-20240102_030406-off');
  mkdirSync(offline, { recursive: true });
  writeRunFile(join(offline, 'run-off.wandb'), run('off', 5));
  const store = new WandbStore(ws, { now: () => Date.parse('2030-01-01') });
  const nofile = await store.getRun('nofile');
  assert.deepEqual(nofile.data.params, [{ key: 'batch', value: '32' }]);
  assert.deepEqual(nofile.data.metrics.map((m) => [m.key, m.value, m.step]), [['acc', 0.5, 4], ['bad', Number.NaN, 4]]);
  assert.equal(nofile.info.status, 'KILLED');
  const off = await store.getRun('off');
  assert.equal(off.info.experimentId, 'proj');
  assert.equal(off.info.status, 'KILLED', 'no exit record and not written recently');
  assert.match(off.info.artifactUri, /offline-run-20240102_030406-off\/files$/, 'where W&B keeps a run\'s files, as MLflow names an artifact folder not made yet');
  assert.deepEqual(artifactFolder('wandb', ws, off.info), { kind: 'unavailable', reason: 'this W&B run has no files/ folder (an offline run never synced)' });
  assert.deepEqual(off.data.metrics.map((m) => m.key).sort(), ['loss', 'val/acc']);
  assert.ok(off.data.tags.some((t) => t.key === 'wandb.offline'));
  const live = new WandbStore(ws);
  assert.equal((await live.getRun('off')).info.status, 'RUNNING', 'written just now without an exit record');
});

test('an exited run takes its summary from the .wandb; a run still logging from wandb-summary.json', async () => {
  const ws = join(root, 'summaries', 'wandb');
  for (const [id, exit] of [['done', 0], ['live', undefined]] as const) {
    const folder = join(ws, `run-20240103_000000-${id}`);
    mkdirSync(join(folder, 'files'), { recursive: true });
    writeRunFile(join(folder, `run-${id}.wandb`), run(id, 5, { exit }));
    // Not what the records say: shows which of the two the listing read.
    writeFileSync(join(folder, 'files', 'wandb-summary.json'), '{"loss": 42, "_step": 4}');
  }
  const store = new WandbStore(ws);
  const done = await store.getRun('done');
  assert.deepEqual(done.data.metrics.map((m) => [m.key, m.value]).sort(), [['loss', 1 / 5], ['val/acc', 4 / 5]], 'the summary records, complete once the run exited');
  assert.deepEqual(artifactFolder('wandb', ws, done.info), { kind: 'local', path: join(ws, 'run-20240103_000000-done', 'files') }, 'files/ is there');
  const live = await store.getRun('live');
  assert.deepEqual(live.data.metrics.map((m) => [m.key, m.value]), [['loss', 42]], 'wandb-summary.json, which wandb rewrites as the run logs');
});

test('chunks of every size from a few bytes to several hundred are CRC-checked alike: all read, a flipped bit in a small one found', () => {
  const records: RecordInput[] = [{ run: { runId: 's', project: 'p' } }];
  for (let size = 0; size < 300; size++) records.push({ history: { k: 'z'.repeat(size), _step: size } });
  const bytes = encodeRunFile(records);
  assert.equal(WandbRunFile.fromBytes(bytes, 's.wandb').state.historyStamps.count, 300);
  assert.deepEqual(WandbRunFile.fromBytes(bytes, 's.wandb').problems, []);
  // The third history row is a chunk of a few dozen bytes: flip a bit of its payload.
  const small = bytes.slice();
  const rows = scanFraming(small, 7, 0).records;
  small[rows[3]!.offset + 10] = small[rows[3]!.offset + 10]! ^ 0x01;
  assert.ok(rows[3]!.bytes.length < 96, 'a chunk below the size zlib is called for');
  const damaged = WandbRunFile.fromBytes(small, 's.wandb');
  assert.match(damaged.problems[0]!.message, /CRC mismatch/);
});
