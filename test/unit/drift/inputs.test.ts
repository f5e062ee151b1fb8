import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ColumnBuilder } from '../../../core/drift/columnBuilder';
import { type DriftReport, planColumns } from '../../../core/drift/datasetDrift';
import { DriftWorkerPool, readTableWith, runColumns } from '../../../core/drift/columnPool';
import { loadDriftConfig } from '../../../core/drift/driftConfig';
import { runDrift } from '../../../core/drift/driftRunner';
import { DriftInputError, readTable } from '../../../core/drift/tableReaders';

const fixtures = join(__dirname, '../../fixtures/drift');
const folder = mkdtempSync(join(tmpdir(), 'mlops-drift-'));
after(() => rmSync(folder, { recursive: true, force: true }));

test('cells parse as pandas reads them: NA tokens missing, int vs float, text switches to categories', () => {
  const ints = new ColumnBuilder(2);
  for (const t of ['1', '-2', '30', '4']) ints.pushText(t);
  assert.deepEqual(ints.finish(), { kind: 'numeric', values: Float64Array.from([1, -2, 30, 4]), integer: true });
  const floats = new ColumnBuilder();
  for (const t of ['1', 'NA', '2.5', 'inf', '']) floats.pushText(t);
  const f = floats.finish();
  assert.equal(f.kind, 'numeric');
  assert.equal(f.kind === 'numeric' && f.integer, false, 'a missing cell makes pandas read floats');
  assert.equal(f.kind === 'numeric' && f.values[3], Number.POSITIVE_INFINITY);
  const mixed = new ColumnBuilder();
  for (const t of ['1', '2', 'n/a', 'x', '0x10']) mixed.pushText(t);
  assert.deepEqual(mixed.finish(), { kind: 'categorical', codes: Int32Array.from([0, 1, -1, 2, 3]), dictionary: ['1', '2', 'x', '0x10'] });
});

test('CSV, TSV and Parquet copies of the demo data give the same report, flagging exactly income and city', async () => {
  const reports: DriftReport[] = [];
  for (const ext of ['csv', 'tsv', 'parquet']) {
    const report = await runDrift(join(fixtures, `reference.${ext}`), join(fixtures, `current.${ext}`), {
      ignored: ['id'],
      threads: ext === 'csv' ? 2 : 1,
    });
    reports.push(report);
    const flagged = report.columns.filter((c) => c.drift_detected).map((c) => c.column_name);
    assert.deepEqual(flagged.sort(), ['city', 'income'], ext);
    assert.equal(report.number_of_columns, 6);
    assert.equal(report.rows_reference, 400);
    assert.equal(report.rows_current, 300);
  }
  const strip = (r: DriftReport) => r.columns.map((c) => [c.column_name, c.stattest, c.drift_score, c.missing_share_reference]);
  assert.deepEqual(strip(reports[1]!), strip(reports[0]!));
  assert.deepEqual(strip(reports[2]!), strip(reports[0]!));
  const score = reports[0]!.columns.find((c) => c.column_name === 'score')!;
  assert.ok(score.missing_share_reference > 0.02 && score.missing_share_reference < 0.08);
});

test('reading in column groups under a tiny memory budget gives the same answer', async () => {
  const whole = await runDrift(join(fixtures, 'reference.csv'), join(fixtures, 'current.csv'), { threads: 1 });
  const grouped = await runDrift(join(fixtures, 'reference.csv'), join(fixtures, 'current.csv'), {
    threads: 1,
    memoryBudgetBytes: 10_000,
  });
  assert.deepEqual(
    grouped.columns.map((c) => [c.column_name, c.drift_score]),
    whole.columns.map((c) => [c.column_name, c.drift_score]),
  );
});

test('progress is reported and an aborted run stops with the abort reason', async () => {
  const phases = new Set<string>();
  await runDrift(join(fixtures, 'reference.csv'), join(fixtures, 'current.csv'), {
    threads: 1,
    onProgress: (p) => phases.add(p.phase),
  });
  assert.deepEqual([...phases].sort(), ['reading current', 'reading reference', 'testing columns']);
  const controller = new AbortController();
  controller.abort(new Error('user cancelled'));
  await assert.rejects(
    runDrift(join(fixtures, 'reference.csv'), join(fixtures, 'current.csv'), { signal: controller.signal }),
    /cancelled/,
  );
});

test('bad input names the file and line', async () => {
  await assert.rejects(readTable(join(folder, 'missing.csv')), /missing\.csv: file not found/);
  const ragged = join(folder, 'ragged.csv');
  writeFileSync(ragged, 'a,b\n1,2\n3,4,5\n');
  await assert.rejects(readTable(ragged), (e: Error) => e instanceof DriftInputError && /ragged\.csv:3/.test(e.message));
  const config = join(folder, 'drift.yaml');
  writeFileSync(config, 'target: y\ncolumns:\n  a: {stattest: nope}\n');
  assert.throws(() => loadDriftConfig(config), /drift\.yaml:3: columns\.a\.stattest must be one of/);
  writeFileSync(config, 'target: y\ntreshold: 0.2\n');
  assert.throws(() => loadDriftConfig(config), /drift\.yaml:2: unknown key 'treshold'/);
});

test('drift.yaml maps columns, overrides tests and resolves paths beside itself', () => {
  const config = join(folder, 'ok.yaml');
  writeFileSync(
    config,
    [
      'reference: data/ref.csv',
      'current: data/cur.csv',
      'target: churn',
      'categorical: [zip]',
      'ignored: [id]',
      'drift_share: 0.4',
      'fail_on_share: 0.3',
      'columns:',
      '  income: {stattest: psi, threshold: 0.2}',
    ].join('\n'),
  );
  const parsed = loadDriftConfig(config);
  assert.equal(parsed.reference, join(folder, 'data/ref.csv'));
  assert.equal(parsed.failOnShare, 0.3);
  assert.equal(parsed.options.target, 'churn');
  assert.deepEqual(parsed.options.categorical, ['zip']);
  assert.equal(parsed.options.driftShare, 0.4);
  assert.deepEqual(parsed.options.columns, { income: { stattest: 'psi', threshold: 0.2 } });
});

test('the worker pool finishes without a progress callback and matches the in-thread answer', async () => {
  const reference = await readTable(join(fixtures, 'reference.csv'));
  const current = await readTable(join(fixtures, 'current.csv'));
  const plan = () => planColumns(reference, current).flatMap((p) => (p.input ? [p.input] : []));
  const inThread = await runColumns(plan());
  const pool = DriftWorkerPool.create(2)!;
  try {
    const pooled = await runColumns(plan(), { pool });
    assert.equal(pooled.length, 7);
    assert.deepEqual(pooled, inThread);
    const table = await readTableWith(pool, join(fixtures, 'current.parquet'), { keep: new Set(['city']) });
    assert.deepEqual([...table.columns.keys()], ['city']);
    assert.equal(table.rows, 300);
  } finally {
    await pool.close();
  }
});

test('quoted cells, doubled quotes, CRLF, blank lines and NA tokens read as pandas reads them', async () => {
  const path = join(folder, 'quoted.csv');
  writeFileSync(path, 'k,v,"note"\r\n"a",1,"say ""hi"""\r\n\r\na,NA,"two\nlines"\r\nb,2.5,\n"b",-3,x');
  const table = await readTable(path);
  assert.equal(table.rows, 4);
  const k = table.columns.get('k')!;
  assert.deepEqual(k, { kind: 'categorical', codes: Int32Array.from([0, 0, 1, 1]), dictionary: ['a', 'b'] });
  const v = table.columns.get('v')!;
  assert.equal(v.kind, 'numeric');
  assert.deepEqual(Array.from(v.kind === 'numeric' ? v.values : []), [1, Number.NaN, 2.5, -3]);
  const note = table.columns.get('note')!;
  assert.deepEqual(note.kind === 'categorical' && note.dictionary, ['say "hi"', 'two\nlines', 'x']);
  assert.deepEqual(note.kind === 'categorical' && Array.from(note.codes), [0, 1, -1, 2]);
});
