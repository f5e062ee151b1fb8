// The 1e-6 suite: every number below was computed by numpy/scipy (test/fixtures/drift/generate_vectors.py) the way
// Evidently's legacy stattests call them; these tests only read the committed JSON.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { histogramCounts, sturgesEdges } from '../../../core/drift/binning';
import { computeColumnDrift } from '../../../core/drift/columnDrift';
import { computeDriftReport } from '../../../core/drift/datasetDrift';
import { kolmogorovSf } from '../../../core/drift/kolmogorov';
import { ks2Samp } from '../../../core/drift/ks';
import { type ColumnType, defaultStatTest, type StatTestName } from '../../../core/drift/statTestRegistry';
import { chiSquare, chiSquareDrift, jensenShannon, wassersteinDistance } from '../../../core/drift/stattests';
import { chiSquareSf, normalSf } from '../../../core/drift/specialFunctions';
import { rawColumn } from './rawColumn';

type Cell = number | string | null;
interface ColumnCase {
  label: string;
  column_type: ColumnType;
  dtype: 'int' | 'float' | 'object';
  reference: Cell[];
  current: Cell[];
  override: { stattest: StatTestName | null; threshold: number | null };
  expected: {
    stattest: StatTestName;
    threshold: number;
    drift_score: number;
    drift_detected: boolean;
    n_reference: number;
    n_current: number;
  };
}

const vectors = JSON.parse(readFileSync(join(__dirname, '../../fixtures/drift/vectors.json'), 'utf8'));
const TOLERANCE = 1e-6;

function close(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= TOLERANCE, `${what}: got ${actual}, scipy says ${expected}`);
}

const sorted = (values: number[]) => Float64Array.from(values).sort();


test('chi-square and normal survival functions match scipy.stats', () => {
  for (const c of vectors.special.chi2_sf) close(chiSquareSf(c.x, c.df), c.sf, `chi2.sf(${c.x}, ${c.df})`);
  for (const c of vectors.special.norm_sf) close(normalSf(c.z), c.sf, `norm.sf(${c.z})`);
});

test('kstwo.sf matches scipy across every branch of its algorithm choice', () => {
  for (const c of vectors.kstwo_sf) close(kolmogorovSf(c.n, c.x), c.sf, `kstwo.sf(${c.x}, ${c.n})`);
});

test('ks_2samp statistic and p-value match scipy in exact and asymptotic mode', () => {
  for (const c of vectors.ks_2samp) {
    const result = ks2Samp(sorted(c.reference), sorted(c.current));
    const what = `ks_2samp n=${c.reference.length},${c.current.length}`;
    assert.equal(result.method, c.method, what);
    close(result.statistic, c.statistic, `${what} statistic`);
    close(result.pValue, c.p_value, `${what} p-value`);
  }
});

test('chisquare, jensenshannon and wasserstein_distance match scipy', () => {
  for (const c of vectors.chisquare) {
    const r = chiSquare(c.observed, c.expected);
    close(r.statistic, c.statistic, 'chisquare statistic');
    close(r.pValue, c.p_value, 'chisquare p');
  }
  for (const c of vectors.jensenshannon) close(jensenShannon(c.p, c.q), c.distance, `jensenshannon(${c.p}, ${c.q})`);
  for (const c of vectors.wasserstein) {
    close(wassersteinDistance(sorted(c.u), sorted(c.v)), c.distance, 'wasserstein_distance');
  }
});

test('Sturges edges and histogram counts match numpy', () => {
  for (const c of vectors.sturges) {
    const values = sorted(c.values);
    const edges = sturgesEdges(Math.min(...values), Math.max(...values), values.length, c.integer);
    assert.equal(edges.length, c.edges.length, 'number of Sturges edges');
    c.edges.forEach((e: number, i: number) => {
      close(edges[i]!, e, `edge ${i}`);
    });
    assert.deepEqual(Array.from(histogramCounts(values, edges)), c.counts);
  }
});

test('published values: scipy docs and Evidently own chi-square test', () => {
  const p = vectors.published;
  const uniform = chiSquare(p.chisquare_uniform.observed, Array(6).fill(88 / 6));
  assert.ok(Math.abs(uniform.statistic - 2.0) < 1e-12);
  close(uniform.pValue, 0.8491450360846096, 'chisquare([16,18,16,14,12,12])');
  close(wassersteinDistance(sorted([0, 1, 3]), sorted([5, 6, 8])), 5.0, 'wasserstein([0,1,3],[5,6,8])');
  close(jensenShannon([1, 0], [0.5, 0.5]), 0.46450140402245893, 'jensenshannon([1,0],[.5,.5])');
  const evidently = chiSquareDrift({
    keys: ['a', 'b', 'c', 'd', 'e', 'f'],
    reference: Float64Array.from(p.evidently_chisquare.reference_counts),
    current: Float64Array.from(p.evidently_chisquare.current_counts),
    nReference: 88,
    nCurrent: 88,
  });
  assert.ok(Math.abs(evidently - 0.67309) < 5e-6, `Evidently's chi-square case: ${evidently}`);
});

test('default test choice follows Evidently registry._get_default_stattest', () => {
  for (const c of vectors.default_stattest) {
    assert.equal(
      defaultStatTest(c.column_type, c.n_reference, c.n_unique),
      c.stattest,
      `${c.column_type} N_ref=${c.n_reference} n_u=${c.n_unique}`,
    );
  }
});

for (const c of vectors.columns as ColumnCase[]) {
  test(`column drift matches Evidently via scipy: ${c.label}`, () => {
    const result = computeColumnDrift({
      name: c.label,
      columnType: c.column_type,
      reference: rawColumn(c.reference, c.dtype),
      current: rawColumn(c.current, c.dtype),
      stattest: c.override.stattest ?? undefined,
      threshold: c.override.threshold ?? undefined,
    });
    assert.equal(result.stattest, c.expected.stattest);
    assert.equal(result.threshold, c.expected.threshold);
    close(result.drift_score, c.expected.drift_score, 'drift score');
    assert.equal(result.drift_detected, c.expected.drift_detected);
    assert.equal(result.n_reference, c.expected.n_reference);
    assert.equal(result.n_current, c.expected.n_current);
  });
}

test('dataset drift: 3 of 10 shifted columns is no dataset drift, 6 of 10 is', () => {
  for (const d of vectors.datasets) {
    const table = (data: Record<string, number[]>) => ({
      rows: 1500,
      columns: new Map(Object.entries(data).map(([k, v]) => [k, rawColumn(v, 'float')])),
    });
    const report = computeDriftReport(table(d.reference), table(d.current));
    assert.equal(report.number_of_columns, 10);
    assert.equal(report.number_of_drifted_columns, d.number_of_drifted_columns);
    close(report.share_of_drifted_columns, d.share_of_drifted_columns, 'share');
    assert.equal(report.dataset_drift, d.dataset_drift);
  }
});
