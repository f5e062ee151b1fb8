// A large `.wandb` read in parts by several threads (core/wandb/segments.ts, segmentPool.ts) must give exactly what
// one thread reading the file from start to end gives: every history column (steps, timestamps, values), config and
// summary with their removals in file order, system metrics, console output, exit, damage reports and where a
// growing file is read on from. Files written by the project's encoder in W&B's real format, with records longer
// than a block so that parts begin inside them, aligned and misaligned blocks, damage, and a file cut mid-record.
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { appendRecords, encodeRunFile, type RecordInput } from '../../../core/wandb/encoder';
import { BLOCK_SIZE, type BlockBase, scanFraming } from '../../../core/wandb/framing';
import { RecordApplier } from '../../../core/wandb/recordApplier';
import { WandbRunFile } from '../../../core/wandb/runFile';
import { emptyRunState, type WandbRunState } from '../../../core/wandb/runState';
import { SegmentPool } from '../../../core/wandb/segmentPool';
import { joinSegment, readSegment, scanSegment, segmentRanges } from '../../../core/wandb/segments';

const root = mkdtempSync(join(tmpdir(), 'mlops-wandb-parts-'));
after(() => rmSync(root, { recursive: true, force: true }));

const ROWS = 4000;

/** A run whose every kind of record appears all through the file, with some records spanning several blocks. */
function records(exit: boolean): RecordInput[] {
  const out: RecordInput[] = [
    { header: true },
    { run: { runId: 'p', project: 'proj', displayName: 'parts', startTimeMs: 1_700_000_000_000, config: { lr: 0.1, layers: 2 } } },
  ];
  for (let step = 0; step < ROWS; step++) {
    const row: Record<string, unknown> = { loss: 1 / (step + 1), _runtime: step / 10, _timestamp: 1_700_000_000 + step / 7 };
    // Rows without a step of their own are numbered by their place in the whole file.
    if (step % 500 !== 7) row._step = step;
    if (step % 3 === 0) row['val/acc'] = step / ROWS;
    if (step > ROWS * 0.8) row['late/key'] = step;
    if (step % 97 === 0) row.sample = 'text';
    if (step % 401 === 0) row.blob = 'x'.repeat(3 * BLOCK_SIZE);
    out.push(step % 5 === 0 ? { history: row, step: step + 100_000 } : { history: row });
    if (step % 250 === 0) out.push({ summary: { loss: 1 / (step + 1), [`s${step}`]: step } }, { stats: { cpu: step % 100 }, timestampMs: 1_700_000_000_000 + step });
    if (step % 700 === 0) out.push({ config: { [`c${step}`]: step, big: 'y'.repeat(BLOCK_SIZE + 100) } }, { output: `line ${step}`, timestampMs: 1_700_000_000_000 + step });
    if (step === 3000) out.push({ config: { lr: 0.01 }, remove: ['layers'] });
  }
  out.push({ summary: { loss: 1 / ROWS, best: 0.5 } });
  if (exit) out.push({ exit: 0, runtime: ROWS }, { final: true }, { footer: true });
  return out;
}

function written(name: string, bytes: Uint8Array): string {
  const path = join(root, name);
  writeFileSync(path, bytes);
  return path;
}

/** Everything a run state holds, as plain values to compare. */
function snapshot(state: WandbRunState): unknown {
  const columns = (map: Map<string, { steps: Float64Array; timestamps: Float64Array; values: Float64Array }>) =>
    [...map].map(([key, c]) => [key, [...c.steps], [...c.timestamps], [...c.values]]);
  return {
    run: state.run,
    config: [...state.config],
    summary: [...state.summary],
    history: columns(state.history),
    rows: state.historyStamps.count,
    stats: columns(state.stats),
    output: state.output,
    exit: state.exit,
    closed: state.closed,
  };
}

function read(path: string, parallel: boolean): WandbRunFile {
  const file = new WandbRunFile(path, { depth: 'history', parallelAbove: parallel ? 1 : Number.POSITIVE_INFINITY });
  file.refresh();
  return file;
}

/** The file's parts read one after another in this thread through the same functions the threads run, then joined. */
function readInParts(path: string, base: BlockBase, parts: number): WandbRunState {
  const size = statSync(path).size;
  const [own, ...others] = segmentRanges(size, base, parts);
  const state = emptyRunState();
  const applier = new RecordApplier(state, { history: true, endOffset: size });
  const fd = openSync(path, 'r');
  try {
    scanSegment(fd, size, base, own!, applier.visit);
  } finally {
    closeSync(fd);
  }
  for (const range of others) joinSegment(state, readSegment({ path, size, base, range }), applier);
  return state;
}

test('parts cover the file: whole blocks, in order, from the header to the end', () => {
  const ranges = segmentRanges(10 * BLOCK_SIZE + 123, 0, 4);
  assert.equal(ranges[0]!.start, 7);
  assert.equal(ranges.at(-1)!.to, 10 * BLOCK_SIZE + 123);
  for (let i = 1; i < ranges.length; i++) {
    assert.equal(ranges[i]!.start, ranges[i - 1]!.to);
    assert.equal(ranges[i]!.start % BLOCK_SIZE, 0);
    assert.equal(ranges[i]!.midRecord, true);
  }
  assert.equal(segmentRanges(10 * BLOCK_SIZE, 7, 2)[1]!.start % BLOCK_SIZE, 7, 'misaligned files split at their own block boundaries');
});

for (const base of [0, 7] as const) {
  test(`a file read in parts shared between threads equals one read (block base ${base})`, () => {
    const path = written(`whole${base}.wandb`, encodeRunFile(records(true), { blockBase: base }));
    const parallel = read(path, true);
    const serial = read(path, false);
    assert.deepEqual(snapshot(parallel.state), snapshot(serial.state));
    assert.deepEqual(parallel.problems, []);
    assert.equal(parallel.partialTail, false);
    assert.equal(parallel.state.historyStamps.steps[7], 7, 'a row without a step is numbered in the whole file');
    assert.equal(parallel.state.config.get('layers'), undefined, 'a removal late in the file applies after the update early in it');
    assert.equal(parallel.refresh(), false, 'read to its end: nothing more to apply');
  });

  test(`parts beginning inside records spanning blocks join to the same run (8 parts, block base ${base})`, () => {
    const bytes = encodeRunFile(records(true), { blockBase: base });
    const path = written(`eight${base}.wandb`, bytes);
    const ranges = segmentRanges(bytes.length, base, 8);
    const spans = scanFraming(bytes, 7, base).records.map((r) => [r.offset, r.offset + r.bytes.length + 7] as const);
    const inside = ranges.slice(1).filter((range) => spans.some(([from, to]) => from < range.start && to > range.start));
    assert.ok(inside.length >= 4, `most parts begin inside a record (${inside.length} of 7)`);
    assert.deepEqual(snapshot(readInParts(path, base, 8)), snapshot(read(path, false).state));
  });
}

test('the pool threads take the parts the asking thread leaves them, and their results join as its own would', { skip: SegmentPool.threads() === 0 && 'one core: no other thread' }, async () => {
  const pool = SegmentPool.shared()!;
  await pool.warm();
  const bytes = encodeRunFile(records(true));
  const path = written('pool.wandb', bytes);
  const requests = segmentRanges(bytes.length, 0, 4).map((range) => ({ path, size: bytes.length, base: 0 as const, range }));
  const before = { ...pool.counts };
  const state = emptyRunState();
  const applier = new RecordApplier(state, { history: true, endOffset: bytes.length });
  const later = pool.read(requests, () => {
    // This thread is slow with its first part: the started pool threads take every other part meanwhile.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2000);
    const fd = openSync(path, 'r');
    scanSegment(fd, bytes.length, 0, requests[0]!.range, applier.visit);
    closeSync(fd);
  });
  assert.deepEqual({ answered: pool.counts.answered - before.answered, readHere: pool.counts.readHere - before.readHere }, { answered: 3, readHere: 0 });
  for (const result of later) joinSegment(state, result, applier);
  assert.deepEqual(snapshot(state), snapshot(read(path, false).state));
});

test('damage in a later part is reported as one read reports it, and the rest is read', () => {
  const bytes = encodeRunFile(records(true));
  const at = Math.floor(bytes.length * 0.75);
  bytes[at] = bytes[at]! ^ 0xff;
  const path = written('damaged.wandb', bytes);
  const parallel = read(path, true);
  const serial = read(path, false);
  assert.equal(serial.problems.length, 1);
  assert.deepEqual(parallel.problems, serial.problems);
  assert.deepEqual(snapshot(parallel.state), snapshot(serial.state));
});

test('a file cut in the middle of a record is read to its last complete record, then followed as it grows', () => {
  const full = encodeRunFile(records(false));
  const path = written('growing.wandb', full.subarray(0, full.length - 5));
  const parallel = read(path, true);
  const serial = read(path, false);
  assert.equal(parallel.partialTail, true);
  assert.deepEqual(snapshot(parallel.state), snapshot(serial.state));
  writeFileSync(path, full);
  appendRecords(path, full.length, [{ history: { loss: 0.001, _step: ROWS, _timestamp: 1_700_001_000 } }, { exit: 0, runtime: ROWS }]);
  assert.equal(parallel.refresh(), true);
  serial.refresh();
  assert.deepEqual(snapshot(parallel.state), snapshot(serial.state));
  assert.equal(parallel.state.exit?.exitCode, 0);
  assert.equal(parallel.partialTail, false);
});
