// The listing's record reader (listingRecords.ts) against protobufjs' full decoder: on every record of the real
// fixture files, on hand-built records using every field it reads, and on seeded damage to them, it either gives
// exactly what decodeRecord gives or declines — never a different value, never a value where decodeRecord throws.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { HEADER_LENGTH, scanFraming } from '../../../core/wandb/framing';
import { readListingRecord } from '../../../core/wandb/listingRecords';
import { decodeRecord, RECORD_FIELD, recordSchema } from '../../../core/wandb/records';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'wandb');

function encode(message: Record<string, unknown>): Uint8Array {
  const type = recordSchema();
  return type.encode(type.fromObject(message)).finish();
}

/** Every record of the real `.wandb` fixtures (wandb 0.23.1 and 0.24.2). */
function fixtureRecords(): Uint8Array[] {
  const records: Uint8Array[] = [];
  for (const project of ['cs6886-assignment3', 'tinylm']) {
    const wandb = join(FIXTURES, project, 'wandb');
    for (const run of readdirSync(wandb).filter((name) => name.startsWith('run-'))) {
      for (const file of readdirSync(join(wandb, run)).filter((name) => name.endsWith('.wandb'))) {
        const bytes = readFileSync(join(wandb, run, file));
        for (const record of scanFraming(bytes, HEADER_LENGTH, 0).records) records.push(Uint8Array.from(record.bytes));
      }
    }
  }
  return records;
}

const handBuilt: Uint8Array[] = [
  encode({
    num: 5,
    run: {
      run_id: 'abc123',
      entity: 'team',
      project: 'proj',
      display_name: 'bright-sun-1',
      run_group: 'g',
      job_type: 'train',
      notes: 'first try',
      tags: ['a', 'b'],
      sweep_id: 'sw1',
      host: 'gpu-box',
      starting_step: 7,
      start_time: { seconds: 1_700_000_123, nanos: 456_789_000 },
      resumed: true,
      runtime: 12,
      config: { update: [{ key: 'lr', value_json: '0.01' }, { nested_key: ['model', 'layers'], value_json: '4' }, { key: '_wandb', value_json: '{"cli_version": "0.24.2"}' }] },
      summary: { update: [{ key: 'loss', value_json: 'NaN' }] },
    },
  }),
  encode({ run: { run_id: 'only-id' } }),
  encode({ config: { update: [{ key: 'epochs', value_json: '10' }], remove: [{ key: 'old' }, { nested_key: ['a', '', 'b'] }] } }),
  encode({ summary: { update: [{ nested_key: ['val', 'acc'], value_json: '0.9' }, { key: 'table', value_json: '{"_type": "table-file"}' }, { key: 'empty' }], remove: [{ key: 'gone' }] } }),
  encode({ exit: { exit_code: -9, runtime: 3600 } }),
  encode({ exit: {} }),
  encode({ run: { run_id: 'ünïcode', project: 'p' } }),
  encode({ summary: { update: [{ key: 'note', value_json: '"naïve"' }] } }),
  encode({ history: { item: [{ key: 'loss', value_json: '1' }] } }),
  encode({ final: {} }),
  encode({ num: 3 }),
  // A field the schema does not name (Record 19, `uuid` in wandb's own schema) before the oneof field.
  Uint8Array.from([...[0x9a, 0x01, 0x02, 0x78, 0x79], ...encode({ exit: { exit_code: 1 } })]),
];

/** The reader's result, when it gives one, is decodeRecord's. */
function assertAgrees(bytes: Uint8Array, label: string): boolean {
  const fast = readListingRecord(bytes);
  if (fast === undefined) return false;
  let full: unknown;
  assert.doesNotThrow(() => {
    full = decodeRecord(bytes);
  }, `${label}: the fast path read a record protobufjs rejects`);
  assert.deepEqual(fast, full, label);
  return true;
}

test('the listing reader gives what decodeRecord gives for run, config, summary and exit records, and declines the rest', () => {
  const kinds = handBuilt.map((bytes, i) => (assertAgrees(bytes, `hand-built record ${i}`) ? decodeRecord(bytes).kind : 'declined'));
  assert.deepEqual(kinds, ['run', 'run', 'config', 'summary', 'exit', 'exit', 'declined', 'declined', 'declined', 'declined', 'declined', 'exit']);
  const full = decodeRecord(handBuilt[0]!);
  assert.ok(full.kind === 'run' && full.run.startTime === 1_700_000_123_456 && full.config[1]?.key === 'model/layers', 'the run record exercises the timestamp and nested keys');
});

test('every record of the real fixture files: the same result or a decline', () => {
  const records = fixtureRecords();
  const read = records.filter((bytes, i) => assertAgrees(bytes, `fixture record ${i}`));
  const listed = records.filter((bytes) => ['run', 'config', 'summary', 'exit'].includes(decodeRecord(bytes).kind));
  assert.ok(listed.length >= 20, `the fixtures hold listing records (${listed.length})`);
  assert.equal(read.length, listed.length, 'every run, config, summary and exit record of real files is read without protobufjs');
});

test('seeded damage: truncations, bit flips and overwritten bytes never give a different value', () => {
  let seed = 7;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const sources = [...handBuilt.slice(0, 6), ...fixtureRecords().filter((bytes) => decodeRecord(bytes).kind === 'run')];
  let agreed = 0;
  for (const [s, source] of sources.entries()) {
    for (let length = 0; length < source.length; length++) if (assertAgrees(source.subarray(0, length), `source ${s} cut at ${length}`)) agreed++;
    for (let i = 0; i < 500; i++) {
      const copy = Uint8Array.from(source);
      for (let changes = 1 + Math.floor(next() * 3); changes > 0; changes--) {
        const at = Math.floor(next() * copy.length);
        copy[at] = i % 3 === 0 ? Math.floor(next() * 256) : copy[at]! ^ (1 << Math.floor(next() * 8));
      }
      if (assertAgrees(copy, `source ${s} change ${i}`)) agreed++;
    }
  }
  assert.ok(agreed > 100, `damaged records that still decode are read by the fast path too (${agreed})`);
});

test('RECORD_FIELD, which tells a record kind from its first bytes, holds the field numbers wandb_internal.proto gives the oneof', () => {
  const schema = recordSchema();
  const byName = { history: 'history', summary: 'summary', output: 'output', config: 'config', stats: 'stats', outputRaw: 'output_raw', run: 'run', exit: 'exit', final: 'final', header: 'header', footer: 'footer' } as const;
  for (const [kind, field] of Object.entries(RECORD_FIELD)) assert.equal(field, schema.fields[byName[kind as keyof typeof byName]]!.id, kind);
  assert.equal(Object.keys(RECORD_FIELD).length, schema.oneofs.record_type!.fieldsArray.length, 'every kind of the oneof');
});
