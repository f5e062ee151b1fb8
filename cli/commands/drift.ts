// `mlops drift REFERENCE CURRENT`: the CI retrain trigger. Thin: flags → core/drift options → print. Exit 1 when a
// --fail-on limit is crossed, 2 on bad input (including any column that could not be tested), else 0.
import { relative, resolve, sep } from 'node:path';
import {
  type DriftReport,
  DriftInputError,
  type DriftTest,
  loadReportScript,
  renderHtmlReport,
  runDrift,
  runDriftTests,
  runQualityTests,
  toReportJson,
} from '../../core/drift';
import { driftMarkdown } from '../../core/drift/driftMarkdown';
import { addDriftMetrics, MetricSet } from '../../core/prometheus';
import { visible } from '../../core/format/visibleText';
import { type CliCommand, type CliIO, type ExitCode, UsageError } from '../command';
import { printTable } from '../table';
import { DRIFT_FLAGS_HELP, parseDriftFlags, withConfig } from './driftFlags';
import { emitMetrics, writeAtomic } from './metricsOutput';

const HELP = `usage: mlops drift REFERENCE CURRENT [options]

Compares two CSV, TSV or Parquet files column by column with Evidently's default tests. drift.yaml \`tests:\` also
run the data-quality checks and set the exit code.

options:
  --html FILE            also write the report as one self-contained HTML file
  --fail-on-share X      exit 1 when the share of drifted columns is ≥ X
  --fail-on-count N      exit 1 when N or more columns drift
${DRIFT_FLAGS_HELP}`;

function formatScore(score: number): string {
  if (!Number.isFinite(score)) return String(score);
  return score !== 0 && Math.abs(score) < 1e-4 ? score.toExponential(2) : score.toFixed(4);
}

async function printText(io: CliIO, report: DriftReport): Promise<void> {
  const verdict = report.dataset_drift ? 'DRIFT DETECTED' : 'no dataset drift';
  io.out(
    `${verdict}: ${report.number_of_drifted_columns} of ${report.number_of_columns} columns drifted ` +
      `(share ${report.share_of_drifted_columns.toFixed(3)}, dataset drift at ≥ ${report.drift_share}); ` +
      `rows: reference ${report.rows_reference}, current ${report.rows_current}`,
  );
  const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
  await printTable(
    io,
    [
      { header: 'column', cell: (c) => c.column_name },
      { header: 'type', cell: (c) => c.column_type },
      { header: 'test', cell: (c) => c.stattest },
      { header: 'threshold', cell: (c) => String(c.threshold) },
      { header: 'score', cell: (c) => formatScore(c.drift_score), align: 'right' },
      { header: 'drift', cell: (c) => (c.drift_detected ? 'YES' : 'no') },
      { header: 'missing ref/cur', cell: (c) => `${percent(c.missing_share_reference)}/${percent(c.missing_share_current)}` },
    ],
    report.columns,
  );
  for (const e of report.errors) io.err(visible`column '${e.column_name}' not tested: ${e.error}`);
}

export const driftCommand: CliCommand = {
  summary: 'Compare reference and current data for drift (Evidently-compatible tests); exit 1 over a --fail-on limit',
  async run(args, io): Promise<ExitCode> {
    const flags = parseDriftFlags(args);
    if (flags === 'help') {
      io.out(HELP);
      return 0;
    }
    const job = withConfig(flags, io.cwd);
    if (job.positionals.length > 2) throw new UsageError(`expected REFERENCE and CURRENT, got ${job.positionals.length} paths`);
    const reference = job.positionals[0] ? resolve(io.cwd, job.positionals[0]) : job.loaded?.reference;
    const current = job.positionals[1] ? resolve(io.cwd, job.positionals[1]) : job.loaded?.current;
    if (!reference || !current) throw new UsageError('give REFERENCE and CURRENT files (or set them in --config drift.yaml)');
    const tests = job.loaded?.tests ?? [];
    let report: DriftReport;
    try {
      report = await runDrift(reference, current, { ...job.options, threads: job.threads, quality: tests.length > 0 || job.format === 'prometheus' });
    } catch (error) {
      if (error instanceof DriftInputError) {
        io.err(`mlops drift: ${error.message}`);
        return 2;
      }
      throw error;
    }
    let pushed = true;
    if (job.format === 'json') io.out(JSON.stringify(toReportJson(report), null, 2));
    else if (job.format === 'prometheus') {
      const metrics = new MetricSet();
      addDriftMetrics(metrics, report);
      pushed = await emitMetrics(io, metrics, job);
    } else if (job.format === 'text') await printText(io, report);
    if (job.html) {
      const path = resolve(io.cwd, job.html);
      writeAtomic(path, renderHtmlReport(report, { reference, current }, loadReportScript()));
      if (job.format === 'text') io.out(`report written to ${path}`);
    }
    if (report.errors.length) {
      if (job.format !== 'text') for (const e of report.errors) io.err(visible`column '${e.column_name}' not tested: ${e.error}`);
      return 2;
    }
    if (!pushed) return 2;
    const limits: DriftTest[] = [];
    if (job.failOnShare !== undefined) limits.push({ kind: 'share_of_drifted_columns', lessThan: job.failOnShare });
    if (job.failOnCount !== undefined) limits.push({ kind: 'number_of_drifted_columns', lessThan: job.failOnCount });
    const results = runDriftTests(report, limits);
    if (job.format === 'markdown') {
      const shown = (path: string) => relative(io.cwd, path).split(sep).join('/') || path;
      io.out(driftMarkdown({ report, reference: shown(reference), current: shown(current), limits: results }));
    }
    const failed = results.filter((t) => t.status !== 'SUCCESS');
    for (const f of failed) io.err(`mlops drift: limit crossed: ${f.description}`);
    const failedQuality = report.quality ? runQualityTests(report.quality, tests).filter((t) => t.status !== 'SUCCESS') : [];
    for (const f of failedQuality) io.err(`mlops drift: quality test ${f.status === 'FAIL' ? 'failed' : 'could not run'}: ${f.description}`);
    return failed.length || failedQuality.length ? 1 : 0;
  },
};
