import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ColumnDriftResult } from '../../../core/drift/columnDrift';
import { type ColumnTable, isColumnError, runPlannedColumn } from '../../../core/drift/datasetDrift';
import { runQualityTests } from '../../../core/drift/qualityTests';
import { assembleQuality, findDuplicates } from '../../../core/drift/tableQuality';
import { MetricSet } from '../../../core/prometheus/exposition';
import { rawColumn } from './rawColumn';

const range = (n: number, f: (i: number) => number | string | null) => Array.from({ length: n }, (_, i) => f(i));

function quality(name: string, columnType: 'num' | 'cat', ref: ReturnType<typeof rawColumn>, cur: ReturnType<typeof rawColumn>) {
  const result = runPlannedColumn({ name, columnType, reference: ref, current: cur }, true);
  assert.ok(!isColumnError(result));
  return result as ColumnDriftResult;
}

test('numbers: missing share, out-of-range values and text cells in a numeric column', () => {
  const ref = rawColumn(range(100, (i) => i), 'int');
  const cur = rawColumn([...range(90, (i) => i + 5), null, null, 'oops', 'n/a?', ...range(6, () => 500)], 'object');
  const q = quality('amount', 'cat', ref, cur).quality!;
  assert.equal(q.missing_share_current, 0.02);
  assert.equal(q.type_mismatch_current, 2);
  const numeric = quality('amount', 'num', ref, rawColumn([...range(95, (i) => i), -1, 100, 101, null, null], 'float')).quality!;
  assert.equal(numeric.reference_min, 0);
  assert.equal(numeric.reference_max, 99);
  assert.equal(numeric.out_of_range_current, 3);
  assert.equal(numeric.missing_share_current, 0.02);
});

test('categories: new and vanished ones, almost-constant and constant columns, numbers in a text column', () => {
  const ref = rawColumn(range(100, (i) => ['a', 'b', 'c'][i % 3]!), 'object');
  const cur = rawColumn([...range(96, () => 'a'), 'd', 'd', '42', '7'], 'object');
  const q = quality('channel', 'cat', ref, cur).quality!;
  assert.deepEqual(q.new_categories?.sort(), ['42', '7', 'd']);
  assert.deepEqual(q.vanished_categories?.sort(), ['b', 'c']);
  assert.equal(q.new_category_share_current, 0.04);
  assert.equal(q.type_mismatch_current, 2);
  assert.equal(q.almost_constant_current, true);
  assert.equal(q.constant_current, false);
});

test('duplicated rows and columns, and tests with conditions and defaults', () => {
  const table = (cells: [number, string, number][]): ColumnTable => ({
    rows: cells.length,
    columns: new Map([
      ['x', rawColumn(cells.map((c) => c[0]), 'float')],
      ['y', rawColumn(cells.map((c) => c[1]), 'object')],
      ['z', rawColumn(cells.map((c) => c[2]), 'float')],
    ]),
  });
  const current = table([[1, 'a', 1], [2, 'b', 2], [1, 'a', 1], [1, 'b', 1], [1, 'a', 1]]);
  const duplicates = findDuplicates(current);
  assert.equal(duplicates.duplicated_rows, 2);
  assert.deepEqual(duplicates.duplicated_columns, [['x', 'z']]);
  const report = assembleQuality([], { reference: 10, current: 5 }, { current: duplicates });
  const results = runQualityTests(report, [
    { test: 'number_of_rows', condition: { gte: 3 } },
    { test: 'row_count_change' },
    { test: 'number_of_duplicated_columns' },
  ]);
  assert.deepEqual(results.map((r) => r.status), ['SUCCESS', 'FAIL', 'FAIL']);
  assert.match(results[1]!.description, /row_count_change of the current data is -0.5000; must be ≤ 0.1 and ≥ -0.1/);
});

test('exposition: HELP and TYPE once per family, label values escaped, non-finite values', () => {
  const metrics = new MetricSet();
  metrics.add('mlops_drift_score', 'Score\nwith a line', { column: 'a"b\\c\nd' }, Number.NaN);
  metrics.add('mlops_drift_score', 'Score\nwith a line', { column: 'e' }, Number.POSITIVE_INFINITY);
  assert.equal(
    metrics.render(),
    '# HELP mlops_drift_score Score\\nwith a line\n# TYPE mlops_drift_score gauge\nmlops_drift_score{column="a\\"b\\\\c\\nd"} NaN\nmlops_drift_score{column="e"} +Inf\n',
  );
  assert.throws(() => metrics.add('bad-name', 'x', {}, 1), /not a valid Prometheus metric name/);
});

test('duplicated rows over 50,000 rows: the same count as comparing whole rows as text, NaNs of any bits equal', () => {
  let seed = 7;
  const next = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const rows = 50_000;
  // Few distinct values per column, so many rows repeat by chance; some cells missing.
  const x = Float64Array.from({ length: rows }, () => (next() < 0.05 ? Number.NaN : Math.floor(next() * 8) / 2));
  const otherNaN = new Float64Array(new Uint32Array([1, 0x7ff80000]).buffer)[0]!;
  for (let i = 0; i < rows; i += 97) x[i] = otherNaN;
  const codes = Int32Array.from({ length: rows }, () => (next() < 0.03 ? -1 : Math.floor(next() * 6)));
  const z = Float64Array.from({ length: rows }, () => Math.floor(next() * 40));
  const table: ColumnTable = {
    rows,
    columns: new Map([
      ['x', { kind: 'numeric', values: x, integer: false }],
      ['c', { kind: 'categorical', codes, dictionary: ['a', 'b', 'c', 'd', 'e', 'f'] }],
      ['z', { kind: 'numeric', values: z, integer: true }],
    ]),
  };
  const seen = new Set<string>();
  let expected = 0;
  for (let r = 0; r < rows; r++) {
    const key = `${Number.isNaN(x[r]!) ? 'NaN' : x[r]}|${codes[r]}|${z[r]}`;
    if (seen.has(key)) expected++;
    else seen.add(key);
  }
  assert.ok(expected > 40_000 && expected < rows, `the data repeats rows (${expected})`);
  assert.equal(findDuplicates(table).duplicated_rows, expected);
  assert.equal(Number.isNaN(x[0]!) && new Uint32Array(x.buffer)[0], 1, 'the column itself is left as it was');
});
