// The monitoring dashboard's series: the heat scale per kind of test, the threshold crossing and each column's first
// drift over hand-made reports, then over the demo's thirty daily batches read from disk as `mlops monitor` reads them.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { runCli } from '../../../cli/main';
import { BATCH_DAYS, batchFileName, FIRST_DRIFTING_DAY } from '../../../core/demo/dailyBatches';
import { DEFAULT_DEMO_SEED } from '../../../core/demo/generate';
import { projectFiles } from '../../../core/demo/projectFiles';
import type { ColumnDriftResult } from '../../../core/drift/columnDrift';
import type { DriftReport } from '../../../core/drift/datasetDrift';
import { computeMonitorSeries, resolveMonitorJob } from '../../../core/monitor/monitorJob';
import { buildMonitorSeries, HEAT_CAP, heatOf } from '../../../core/monitor/monitorSeries';

function column(name: string, stattest: ColumnDriftResult['stattest'], score: number, detected: boolean): ColumnDriftResult {
  const threshold = stattest === 'ks' ? 0.05 : 0.1;
  return {
    column_name: name,
    column_type: 'num',
    stattest,
    stattest_name: stattest,
    threshold,
    drift_score: score,
    drift_detected: detected,
    n_reference: 100,
    n_current: 100,
    missing_share_reference: 0,
    missing_share_current: name === 'b' ? 0.5 : 0,
    chart: { kind: 'histogram', edges: [], reference: [], current: [] },
  };
}

function report(columns: ColumnDriftResult[], driftShare = 0.5): DriftReport {
  const drifted = columns.filter((c) => c.drift_detected).length;
  const share = drifted / columns.length;
  return {
    dataset_drift: share >= driftShare,
    drift_share: driftShare,
    share_of_drifted_columns: share,
    number_of_drifted_columns: drifted,
    number_of_columns: columns.length,
    rows_reference: 100,
    rows_current: 100,
    columns,
    errors: [],
  };
}

describe('heat scale', () => {
  test('distances are score / threshold, p-values threshold / score, both capped', () => {
    assert.equal(heatOf({ stattest: 'wasserstein', threshold: 0.1, drift_score: 0.05 }), 0.5);
    assert.equal(heatOf({ stattest: 'wasserstein', threshold: 0.1, drift_score: 0.2 }), 2);
    assert.equal(heatOf({ stattest: 'ks', threshold: 0.05, drift_score: 0.5 }), 0.1);
    assert.equal(heatOf({ stattest: 'ks', threshold: 0.05, drift_score: 0.025 }), 2);
    assert.equal(heatOf({ stattest: 'ks', threshold: 0.05, drift_score: 0 }), HEAT_CAP);
    assert.equal(heatOf({ stattest: 'jensenshannon', threshold: 0.1, drift_score: 9 }), HEAT_CAP);
  });
});

describe('series over reports', () => {
  const results = [
    { path: '/d/day-1.csv', report: report([column('a', 'wasserstein', 0.01, false), column('b', 'ks', 0.9, false)]) },
    { path: '/d/day-2.csv', report: report([column('a', 'wasserstein', 0.3, true), column('b', 'ks', 0.5, false)]) },
    { path: '/d/day-3.csv', report: report([column('a', 'wasserstein', 0.4, true), column('b', 'ks', 0.001, true)]) },
    { path: '/d/day-4.csv', report: report([column('b', 'ks', 0.01, true)]) },
  ];
  const series = buildMonitorSeries(results);

  test('one point per batch with its share, and the first batch at or above drift_share', () => {
    assert.deepEqual(series.batches.map((b) => b.name), ['day-1.csv', 'day-2.csv', 'day-3.csv', 'day-4.csv']);
    assert.deepEqual(series.batches.map((b) => b.share), [0, 0.5, 1, 1]);
    assert.equal(series.threshold, 0.5);
    assert.equal(series.firstCrossing, 1, 'a share equal to drift_share is dataset drift');
    assert.deepEqual(series.batches[2]!.driftedColumns, ['a', 'b']);
    assert.equal(series.batches[0]!.missingShare, 0.25);
  });

  test('columns ordered by first drift; a column missing from a batch is an empty cell', () => {
    assert.deepEqual(series.columns.map((c) => [c.name, c.firstDrift]), [['a', 1], ['b', 2]]);
    const a = series.columns[0]!;
    assert.equal(a.cells[3], null);
    const { heat, ...cell } = a.cells[1]!;
    assert.deepEqual(cell, { score: 0.3, stattest: 'wasserstein', threshold: 0.1, detected: true });
    assert.ok(Math.abs(heat - 3) < 1e-9);
  });

  test('no batch over the threshold: no crossing', () => {
    assert.equal(buildMonitorSeries(results.slice(0, 1)).firstCrossing, null);
    assert.equal(buildMonitorSeries([]).batches.length, 0);
  });
});

describe("the demo's daily batches", () => {
  const folder = mkdtempSync(join(tmpdir(), 'mlops-monitor-series-'));
  after(() => rmSync(folder, { recursive: true, force: true }));
  for (const [path, content] of Object.entries(projectFiles(DEFAULT_DEMO_SEED))) {
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    writeFileSync(join(folder, path), content);
  }

  test(`drift.yaml lists ${BATCH_DAYS} batches and the share crosses drift_share at batch ${FIRST_DRIFTING_DAY}, as mlops monitor --json says`, async () => {
    const job = resolveMonitorJob(join(folder, 'drift.yaml'));
    assert.equal(job.batches.length, BATCH_DAYS);
    assert.equal(job.batches[0], join(folder, batchFileName(1)));
    const progress: number[] = [];
    const series = await computeMonitorSeries(job, { onBatch: (done) => progress.push(done) });
    assert.equal(progress.at(-1), BATCH_DAYS);
    assert.equal(series.firstCrossing, FIRST_DRIFTING_DAY - 1);
    assert.equal(series.batches[FIRST_DRIFTING_DAY - 1]!.name, '2026-11-20.csv');
    assert.ok(series.batches.slice(0, FIRST_DRIFTING_DAY - 1).every((b) => b.share < series.threshold));
    assert.ok(series.columns.slice(0, 4).every((c) => c.firstDrift !== null && c.firstDrift <= FIRST_DRIFTING_DAY - 1));

    const out: string[] = [];
    await runCli(['monitor', '--config', 'drift.yaml', '--json'], { out: (t) => out.push(t), err: () => {}, cwd: folder, env: {} });
    const cli = JSON.parse(out.join('\n')) as { batches: { name: string; share_of_drifted_columns: number }[]; retrain: boolean };
    assert.deepEqual(cli.batches.map((b) => [b.name, b.share_of_drifted_columns]), series.batches.map((b) => [b.name, b.share]));
    assert.equal(cli.retrain, true, 'the demo retrain rule (three drifting batches in a row) fires');
  });
});

describe('a drift.yaml the dashboard cannot monitor', () => {
  const folder = mkdtempSync(join(tmpdir(), 'mlops-monitor-job-'));
  after(() => rmSync(folder, { recursive: true, force: true }));
  const config = (text: string) => {
    const path = join(folder, 'drift.yaml');
    writeFileSync(path, text);
    return path;
  };

  test('names the file and the key to add, or the pattern that matched nothing', () => {
    assert.throws(() => resolveMonitorJob(config('batches: [b/*.csv]\n')), /drift\.yaml: no 'reference' key; name the data/);
    assert.throws(() => resolveMonitorJob(config('reference: r.csv\n')), /drift\.yaml: no 'batches' key; list the batch files or a glob/);
    mkdirSync(join(folder, 'b'), { recursive: true });
    assert.throws(() => resolveMonitorJob(config('reference: r.csv\nbatches: [b/day-*.csv]\n')), /drift\.yaml: batches: .*b\/day-\*\.csv: no file matches/);
    assert.throws(() => resolveMonitorJob(config('reference: r.csv\nbatches: 3\n')), /drift\.yaml:2: 'batches' must be a list/);
  });
});
