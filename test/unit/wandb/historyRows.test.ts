// The history fast path (core/wandb/historyRows.ts) against the full protobufjs message decoder, record by record:
// rows whose keys change, nested and plain keys, numbers Python spells as words, strings (ASCII and not), broken
// UTF-8 and more rows than the columns are first sized for. Both must give the same columns and the same problems.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeRecord, RunFileWriter } from '../../../core/wandb/encoder';
import { HEADER_LENGTH, scanFraming } from '../../../core/wandb/framing';
import { HistoryRowReader } from '../../../core/wandb/historyRows';
import { decodeRecord, RECORD_FIELD, recordField } from '../../../core/wandb/records';
import { WandbRunFile } from '../../../core/wandb/runFile';
import type { HistoryColumn } from '../../../core/wandb/historyColumns';
import { applyRecord, emptyRunState } from '../../../core/wandb/runState';

function rows(): Array<{ history: Record<string, unknown>; step?: number }> {
  const out: Array<{ history: Record<string, unknown>; step?: number }> = [];
  for (let step = 0; step < 700; step++) {
    const row: Record<string, unknown> = { _step: step, _runtime: step / 10, _timestamp: 1_700_000_000 + step / 7, loss: 1 / (step + 1) };
    if (step % 3 === 0) row['val/acc'] = step / 700;
    if (step % 50 === 0) row.sample = step % 100 === 0 ? 'text' : 'grüße';
    if (step === 10) row.word = Number.NaN;
    if (step === 11) row.word = Number.POSITIVE_INFINITY;
    if (step === 12) row.word = Number.NEGATIVE_INFINITY;
    if (step === 13) row.flags = { on: true, list: [1, 2] };
    if (step === 14) row.nothing = null;
    if (step === 15) row.yes = true;
    if (step > 400) row['train/deep/key'] = step;
    out.push(step % 4 === 0 ? { history: row } : { history: row, step: step + 1000 });
  }
  // Keys in another order, and a row that logs only a step.
  out.push({ history: { loss: 0.5, _step: 900, 'val/acc': 0.9 } }, { history: { _step: 901 } });
  return out;
}

function writeFile(brokenAt: number): Uint8Array {
  const writer = new RunFileWriter();
  writer.add(encodeRecord({ run: { runId: 'h', project: 'p' } }, 1));
  for (const [i, row] of rows().entries()) {
    const bytes = encodeRecord(row, i + 2);
    if (i === brokenAt) {
      // 'ü' is C3 BC in UTF-8; C3 followed by 'A' is not UTF-8, which protobufjs' string check rejects.
      const at = bytes.findIndex((b, j) => b === 0xc3 && bytes[j + 1] === 0xbc);
      assert.ok(at > 0, 'the broken row holds a ü');
      bytes[at + 1] = 0x41;
    }
    writer.add(bytes);
  }
  return writer.bytes();
}

/** The run's history as the full message decoder (decodeRecord + applyRecord) reads it, and its problems. */
function fullDecoder(bytes: Uint8Array): { history: Map<string, HistoryColumn>; rows: number; problems: number } {
  const state = emptyRunState();
  let problems = 0;
  for (const record of scanFraming(bytes, HEADER_LENGTH, 0).records) {
    try {
      applyRecord(state, decodeRecord(record.bytes));
    } catch {
      problems++;
    }
  }
  return { history: state.history, rows: state.historyStamps.count, problems };
}

function columns(history: Map<string, HistoryColumn>): Record<string, { steps: number[]; timestamps: number[]; values: number[] }> {
  const out: Record<string, { steps: number[]; timestamps: number[]; values: number[] }> = {};
  for (const [key, column] of [...history].sort(([a], [b]) => (a < b ? -1 : 1))) {
    out[key] = { steps: [...column.steps], timestamps: [...column.timestamps], values: [...column.values] };
  }
  return out;
}

test('history rows read by the fast path equal the full decoder, column by column', () => {
  const bytes = writeFile(-1);
  const file = WandbRunFile.fromBytes(bytes, 'rows.wandb');
  const expected = fullDecoder(bytes);
  assert.deepEqual(columns(file.state.history), columns(expected.history));
  assert.equal(file.state.historyStamps.count, expected.rows);
  assert.deepEqual(file.problems, []);
  const history = file.state.history;
  const reader = new HistoryRowReader(emptyRunState(), bytes.length);
  const declined = scanFraming(bytes, HEADER_LENGTH, 0)
    .records.filter((record) => recordField(record.bytes) === RECORD_FIELD.history)
    .filter((record) => !reader.apply(record.bytes, 0, record.bytes.length, record.offset)).length;
  assert.equal(declined, 7, "only the 7 rows logging 'grüße' (not ASCII) go to the full decoder");
  assert.deepEqual([...history.keys()].sort(), ['loss', 'train/deep/key', 'val/acc', 'word']);
  assert.deepEqual([...history.get('word')!.values], [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
  assert.equal(history.get('loss')!.length, 701);
});

test('a history row with broken UTF-8 is reported and left out, as the full decoder does', () => {
  const bytes = writeFile(50);
  const file = WandbRunFile.fromBytes(bytes, 'broken.wandb');
  const expected = fullDecoder(bytes);
  assert.equal(expected.problems, 1);
  assert.deepEqual(columns(file.state.history), columns(expected.history));
  assert.equal(file.problems.length, 1);
  assert.match(file.problems[0]!.message, /history record is not a W&B HistoryRecord/);
});

test('a row wider than the reader first expects keeps every item (the row grows in the middle of its first read)', () => {
  const writer = new RunFileWriter();
  writer.add(encodeRecord({ run: { runId: 'w', project: 'p' } }, 1));
  for (let step = 0; step < 3; step++) {
    const row: Record<string, unknown> = { _step: step };
    for (let k = 0; k < 40; k++) row[`layer_${k}/grad_norm`] = k + step / 10;
    writer.add(encodeRecord({ history: row }, step + 2));
  }
  const bytes = writer.bytes();
  const file = WandbRunFile.fromBytes(bytes, 'wide.wandb');
  assert.deepEqual(columns(file.state.history), columns(fullDecoder(bytes).history));
  assert.equal(file.state.history.size, 40);
  assert.deepEqual([...file.state.history.get('layer_0/grad_norm')!.values], [0, 0.1, 0.2]);
});
