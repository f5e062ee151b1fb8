// Damaged `.wandb` files never crash the reader and never hang: seeded truncations, bit flips and shifted blocks
// over a real file (wandb 0.23.1) and a generated multi-block one, each read with a time bound; read in parts by
// several threads, each gives exactly what one read gives.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { historyMetricKeys } from '../../../core/wandb';
import { encodeRunFile, type RecordInput } from '../../../core/wandb/encoder';
import { BLOCK_SIZE, WandbFormatError } from '../../../core/wandb/framing';
import { WandbRunFile } from '../../../core/wandb/runFile';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'wandb');
const real = readFileSync(join(FIXTURES, 'cs6886-assignment3', 'wandb', 'run-20251213_190815-swmxmkey', 'run-swmxmkey.wandb'));
const records: RecordInput[] = [{ run: { runId: 'f', project: 'p' } }];
for (let step = 0; step < 400; step++) records.push({ history: { loss: step, text: 'y'.repeat(step * 3), _step: step } });
const generated = encodeRunFile(records, { blockBase: 0 });
const scratch = mkdtempSync(join(tmpdir(), 'mlops-wandb-fuzz-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** mulberry32: a small seeded generator, so a failure reproduces. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function readBounded(bytes: Uint8Array): void {
  const started = performance.now();
  try {
    const file = WandbRunFile.fromBytes(bytes, 'fuzz.wandb');
    void file.state.history;
  } catch (error) {
    assert.ok(error instanceof WandbFormatError, `only the header check may throw, got ${(error as Error).stack}`);
  }
  assert.ok(performance.now() - started < 2000, 'reading one damaged file stays bounded');
}

test('truncated at every length of the real file, and at seeded lengths of the generated one', () => {
  for (let length = 0; length <= real.length; length++) readBounded(real.subarray(0, length));
  const next = random(1);
  for (let i = 0; i < 200; i++) readBounded(generated.subarray(0, Math.floor(next() * generated.length)));
});

test('seeded bit flips and byte runs', () => {
  const next = random(2);
  for (const source of [real, generated]) {
    for (let i = 0; i < 300; i++) {
      const copy = Uint8Array.from(source);
      const flips = 1 + Math.floor(next() * 8);
      for (let f = 0; f < flips; f++) {
        const at = 7 + Math.floor(next() * (copy.length - 7));
        copy[at] = copy[at]! ^ (1 << Math.floor(next() * 8));
      }
      if (i % 10 === 0) copy.fill(Math.floor(next() * 256), 7 + Math.floor(next() * 100), 7 + Math.floor(next() * 40000));
      readBounded(copy);
    }
  }
});

test('shifted and misaligned blocks', () => {
  const next = random(3);
  for (let i = 0; i < 100; i++) {
    const shift = 1 + Math.floor(next() * 64);
    const copy = new Uint8Array(generated.length + shift);
    copy.set(generated.subarray(0, 7));
    copy.set(generated.subarray(7), 7 + shift);
    readBounded(copy);
  }
  readBounded(encodeRunFile(records, { blockBase: 7 }));
});

test('damaged files read in parts by several threads give what one read gives, damage reported once', () => {
  const next = random(4);
  const path = join(scratch, 'parts.wandb');
  const read = (parts: boolean): string => {
    const file = new WandbRunFile(path, parts ? { depth: 'history', parallelAbove: 1, partBytes: 3 * BLOCK_SIZE } : { depth: 'history' });
    try {
      file.refresh();
    } catch (error) {
      assert.ok(error instanceof WandbFormatError, `only the header check may throw, got ${(error as Error).stack}`);
      return error.message;
    }
    const { history, historyStamps } = file.state;
    return JSON.stringify({ history: [...history].map(([key, c]) => [key, [...c.steps], [...c.values]]), rows: historyStamps.count, problems: file.problems, partialTail: file.partialTail });
  };
  for (let i = 0; i < 150; i++) {
    const copy = Uint8Array.from(generated);
    for (let f = 1 + Math.floor(next() * 8); f > 0; f--) {
      const at = 7 + Math.floor(next() * (copy.length - 7));
      copy[at] = copy[at]! ^ (1 << Math.floor(next() * 8));
    }
    if (i % 10 === 0) copy.fill(Math.floor(next() * 256), 7 + Math.floor(next() * 100), 7 + Math.floor(next() * 40000));
    writeFileSync(path, i % 3 === 0 ? copy.subarray(0, Math.floor(next() * copy.length)) : copy);
    const started = performance.now();
    assert.equal(read(true), read(false), `seed 4, file ${i}`);
    assert.ok(performance.now() - started < 4000, 'reading one damaged file stays bounded');
  }
});

test('historyMetricKeys lists the history keys of a folder', () => {
  assert.deepEqual(historyMetricKeys(join(FIXTURES, 'tinylm', 'wandb')), ['train/loss', 'train/lr', 'train/update_step', 'val/loss', 'val/ppl']);
});
