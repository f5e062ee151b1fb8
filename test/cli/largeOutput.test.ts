// Issue 11, defect 6: `mlops metric-history` of a 1,000,000-point metric in a real mlflow.db prints every point as a
// table (it failed with "Maximum call stack size exceeded"), written in bounded chunks that wait for stdout, and its
// --json is exactly what JSON.stringify prints.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { CliIO, ExitCode } from '../../cli/command';
import { runCli, streamIO } from '../../cli/main';
import { openSqlite } from '../../core/sqlite/driver';
import { metricToWire } from '../../core/tracking/rest/wire';
import { SqliteStore } from '../../core/tracking/sqlite/sqliteStore';
import { writeMlflowDb } from '../support/generatedStores';
import { tempDir } from '../support/registryStores';

const POINTS = 1_000_000;
const RUN = 'c'.repeat(32);
const dir = tempDir('cli-large');
const db = join(dir.path, 'mlflow.db');
const T0 = 1_700_000_000_000;

before(() => {
  writeMlflowDb(db, {
    experiments: [{ experimentId: '0', name: 'Default', lifecycleStage: 'active', creationTime: T0 }],
    runs: [
      {
        runId: RUN,
        experimentId: '0',
        runName: 'long-training',
        status: 'FINISHED',
        startTime: T0,
        endTime: T0 + POINTS,
        userId: 'ci',
        lifecycleStage: 'active',
        metrics: { small: [0, 1, 2].map((step) => ({ value: step / 3, timestamp: T0 + step, step })) },
        params: {},
        tags: {},
      },
    ],
  });
  // One transaction, one prepared statement: a million rows in a few seconds.
  const sqlite = openSqlite(db);
  const insert = sqlite.prepare('INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES (?, ?, ?, ?, ?, 0)');
  sqlite.transaction(() => {
    for (let step = 0; step < POINTS; step++) insert.run('loss', 1 / (step + 1), T0 + step, RUN, step);
    for (let step = 0; step < POINTS / 10; step++) insert.run('lr', 0.01, T0 + step, RUN, step);
  });
  sqlite.close();
});
after(() => dir.remove());

const args = (key: string, ...more: string[]) => ['metric-history', '--tracking-uri', `sqlite:///${db}`, '--run-id', RUN, '--key', key, ...more];

async function capture(argv: string[]): Promise<{ code: ExitCode; chunks: string[]; err: string }> {
  const chunks: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (t) => chunks.push(t), err: (t) => err.push(t), cwd: dir.path, env: {} };
  const code = await runCli(argv, io);
  return { code, chunks, err: err.join('\n') };
}

test('metric-history prints a 1,000,000-point metric as a table, in bounded chunks', async () => {
  const { code, chunks, err } = await capture(args('loss'));
  assert.equal(code, 0, err);
  assert.ok(chunks.length > 100, `written in ${chunks.length} pieces, not one string`);
  assert.ok(Math.max(...chunks.map((c) => c.length)) < 1 << 17, 'no piece is larger than about 128 KB');
  let lines = 0;
  let last = '';
  for (const chunk of chunks) {
    const split = chunk.split('\n');
    lines += split.length;
    last = split[split.length - 1]!;
  }
  assert.equal(lines, POINTS + 1);
  assert.ok(chunks[0]!.startsWith('STEP    TIMESTAMP             VALUE\n0       2023-11-14 22:13:20Z  1\n1       2023-11-14 22:13:20Z  0.5\n'), chunks[0]!.slice(0, 200));
  assert.equal(last, '999999  2023-11-14 22:29:59Z  0.000001');
});

test('a slow stdout is waited for: no more than one chunk is ever queued beyond its buffer', async () => {
  let queuedMax = 0;
  let bytes = 0;
  const slow = new Writable({
    highWaterMark: 16 * 1024,
    write(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      setImmediate(done);
    },
  });
  const original = slow.write.bind(slow);
  slow.write = ((chunk: string) => {
    const accepted = original(chunk);
    queuedMax = Math.max(queuedMax, slow.writableLength);
    return accepted;
  }) as typeof slow.write;
  const stderr = new Writable({ write: (_chunk, _encoding, done) => done() });
  const code = await runCli(args('lr'), streamIO(slow, stderr, dir.path, {}));
  assert.equal(code, 0);
  await new Promise((resolve) => slow.end(resolve));
  assert.ok(bytes > 3_000_000, `all rows written (${bytes} bytes)`);
  assert.ok(queuedMax < 16 * 1024 + (1 << 17), `at most ${queuedMax} bytes waited in memory`);
});

test('metric-history --json is exactly JSON.stringify of the history, streamed', async () => {
  const store = new SqliteStore(db);
  const expected = JSON.stringify({ metrics: (await store.getMetricHistory(RUN, 'small')).map(metricToWire) }, null, 2);
  await store.close();
  const small = await capture(args('small', '--json'));
  assert.equal(small.code, 0, small.err);
  assert.equal(small.chunks.join('\n'), expected);
  const empty = await capture(args('absent', '--json'));
  assert.equal(empty.chunks.join('\n'), JSON.stringify({ metrics: [] }, null, 2));
  const large = await capture(args('loss', '--json'));
  assert.equal(large.code, 0, large.err);
  assert.ok(large.chunks.length > 100 && Math.max(...large.chunks.map((c) => c.length)) < 1 << 17);
  const tail = large.chunks.slice(-2).join('\n');
  assert.ok(tail.endsWith('      "step": 999999\n    }\n  ]\n}'), tail.slice(-200));
});
