import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inferColumnType } from '../../../core/drift/columnType';
import { computeDriftReport } from '../../../core/drift/datasetDrift';
import { runDriftTests } from '../../../core/drift/driftTests';
import { sortFloat64 } from '../../../core/drift/radixSort';
import { rawColumn } from './rawColumn';

const range = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

test('column types follow Evidently: text categorical, floats numeric, integers with ≤ 5 values categorical', () => {
  const ints5 = rawColumn(range(100, (i) => i % 5), 'int');
  const ints6 = rawColumn(range(100, (i) => i % 6), 'int');
  const floats = rawColumn(range(100, (i) => (i % 3) + 0.5), 'float');
  const text = rawColumn(range(100, (i) => `k${i % 50}`), 'object');
  assert.equal(inferColumnType('a', ints5, ints5), 'cat');
  assert.equal(inferColumnType('a', ints6, ints6), 'num');
  assert.equal(inferColumnType('a', floats, floats), 'num');
  assert.equal(inferColumnType('a', text, text), 'cat');
  assert.equal(inferColumnType('a', floats, text), 'cat', 'text in either file makes it categorical');
  assert.equal(inferColumnType('target', ints6, ints6), 'num', 'numeric target with > 5 values is regression');
  assert.equal(inferColumnType('target', floats, floats), 'cat', 'a target with 3 values is a class label');
  const probabilities = rawColumn(range(100, (i) => (i % 4) / 4), 'float');
  assert.equal(inferColumnType('prediction', probabilities, probabilities), 'num', 'few values within [0, 1] are probabilities');
});

test('a column in one file only and an empty column are per-column errors; the rest is still tested', () => {
  const n = 300;
  const reference = {
    rows: n,
    columns: new Map([
      ['x', rawColumn(range(n, (i) => Math.sin(i) * 10), 'float')],
      ['only_ref', rawColumn(range(n, (i) => i), 'float')],
      ['empty', rawColumn(range(n, () => null), 'float')],
    ]),
  };
  const current = {
    rows: n,
    columns: new Map([
      ['x', rawColumn(range(n, (i) => Math.sin(i) * 10 + 5), 'float')],
      ['empty', rawColumn(range(n, (i) => i), 'float')],
    ]),
  };
  const report = computeDriftReport(reference, current);
  assert.equal(report.number_of_columns, 1);
  assert.equal(report.columns[0]!.column_name, 'x');
  assert.equal(report.columns[0]!.drift_detected, true);
  assert.deepEqual(report.errors.map((e) => e.column_name).sort(), ['empty', 'only_ref']);
  assert.match(report.errors.find((e) => e.column_name === 'only_ref')!.error, /only in the reference/);
  assert.match(report.errors.find((e) => e.column_name === 'empty')!.error, /no values in the reference/);
});

test('missing shares are reported, overrides apply, and columns come in drift-score order', () => {
  const n = 200;
  const ref = range(n, (i) => (i % 17) * 1.3);
  const cur = range(n, (i) => (i % 10 === 0 ? null : (i % 17) * 1.3 + 2));
  const report = computeDriftReport(
    {
      rows: n,
      columns: new Map([
        ['a', rawColumn(ref, 'float')],
        ['b', rawColumn(ref, 'float')],
      ]),
    },
    {
      rows: n,
      columns: new Map([
        ['a', rawColumn(cur, 'float')],
        ['b', rawColumn(ref, 'float')],
      ]),
    },
    { columns: { a: { stattest: 'psi', threshold: 0.2 } } },
  );
  const a = report.columns.find((c) => c.column_name === 'a')!;
  assert.equal(a.stattest, 'psi');
  assert.equal(a.threshold, 0.2);
  assert.equal(a.missing_share_current, 0.1);
  assert.equal(a.missing_share_reference, 0);
  assert.equal(a.n_current, 180);
  assert.ok(report.columns[0]!.drift_score >= report.columns[1]!.drift_score);
  const tests = runDriftTests(report, [
    { kind: 'number_of_drifted_columns', lessThan: 1 },
    { kind: 'share_of_drifted_columns' },
    { kind: 'column_drift', column: 'b' },
    { kind: 'column_drift', column: 'nope' },
  ]);
  assert.deepEqual(
    tests.map((t) => t.status),
    ['FAIL', 'FAIL', 'SUCCESS', 'ERROR'],
  );
});

test('the radix sort orders doubles exactly as a comparison sort, negatives, zeros and subnormals included', () => {
  const values = Float64Array.from({ length: 5000 }, (_, i) => {
    const pick = i % 7;
    if (pick === 0) return -Math.random() * 1e6;
    if (pick === 1) return Math.random() * 1e-310;
    if (pick === 2) return i % 3 ? 0 : -0;
    if (pick === 3) return Number.MAX_VALUE * (i % 2 ? 1 : -1);
    return Math.round(Math.random() * 100) / 7;
  });
  const expected = Array.from(values).sort((a, b) => a - b);
  assert.deepEqual(Array.from(sortFloat64(values.slice())).map((v) => v + 0), expected.map((v) => v + 0));
});

test('the radix sort takes short decimals as integers and keeps every value exact', () => {
  const cases = [
    Float64Array.from({ length: 4000 }, () => Math.round((Math.random() - 0.5) * 1e8) / 1e4),
    Float64Array.from({ length: 4000 }, (_, i) => (i % 5 === 0 ? -0 : Math.round(Math.random() * 300) / 10)),
    Float64Array.from({ length: 4000 }, (_, i) => (i % 2 ? Math.round(Math.random() * 1e6) : 1e15 + i)),
    Float64Array.from({ length: 4000 }, (_, i) => Math.round(Math.random() * 1e7) / 1e7 + (i % 3)),
  ];
  for (const values of cases) {
    const expected = Array.from(values).sort((a, b) => a - b);
    assert.deepEqual(Array.from(sortFloat64(values.slice())).map((v) => v + 0), expected.map((v) => v + 0));
  }
});
