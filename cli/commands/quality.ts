// `mlops quality REFERENCE CURRENT`: the data-quality step before training (Evidently's DataQuality tests): per
// column missing share, type mismatches, out-of-range values, new and vanished categories, constant columns; per
// data set duplicated rows and columns and the row count change. drift.yaml `tests:` set the exit code (1 on a
// failed test).
import { resolve } from 'node:path';
import { DriftInputError, type QualityTestResult, runDrift, runQualityTests } from '../../core/drift';
import { addDriftMetrics, MetricSet } from '../../core/prometheus';
import { type CliCommand, type ExitCode, UsageError } from '../command';
import { DRIFT_FLAGS_HELP, parseDriftFlags, withConfig } from './driftFlags';
import { emitMetrics } from './metricsOutput';

const HELP = `usage: mlops quality REFERENCE CURRENT [options]

Data-quality figures of CURRENT against REFERENCE; with --config drift.yaml its \`tests:\` decide the exit code.

options:
${DRIFT_FLAGS_HELP}`;

const pct = (share: number) => `${(share * 100).toFixed(2)}%`;

export const qualityCommand: CliCommand = {
  summary: 'Data-quality checks of current data against a reference; drift.yaml tests: set the exit code',
  async run(args, io): Promise<ExitCode> {
    const flags = parseDriftFlags(args);
    if (flags === 'help') {
      io.out(HELP);
      return 0;
    }
    const job = withConfig(flags, io.cwd);
    if (job.format === 'markdown') throw new UsageError('--format markdown is for mlops drift and mlops gate; mlops quality prints text, json or prometheus');
    if (job.positionals.length > 2) throw new UsageError(`expected REFERENCE and CURRENT, got ${job.positionals.length} paths`);
    const reference = job.positionals[0] ? resolve(io.cwd, job.positionals[0]) : job.loaded?.reference;
    const current = job.positionals[1] ? resolve(io.cwd, job.positionals[1]) : job.loaded?.current;
    if (!reference || !current) throw new UsageError('give REFERENCE and CURRENT files (or set them in --config drift.yaml)');
    let report: Awaited<ReturnType<typeof runDrift>>;
    try {
      report = await runDrift(reference, current, { ...job.options, threads: job.threads, quality: true });
    } catch (error) {
      if (!(error instanceof DriftInputError)) throw error;
      io.err(`mlops quality: ${error.message}`);
      return 2;
    }
    const quality = report.quality!;
    const results: QualityTestResult[] = runQualityTests(quality, job.loaded?.tests ?? []);
    if (job.format === 'json') io.out(JSON.stringify({ ...quality, tests: results }, null, 2));
    else if (job.format === 'prometheus') {
      const metrics = new MetricSet();
      addDriftMetrics(metrics, report);
      if (!(await emitMetrics(io, metrics, job))) return 2;
    } else {
      io.out(
        `rows: reference ${quality.rows_reference}, current ${quality.rows_current} (change ${pct(quality.row_count_change)}); ` +
          `duplicated rows ${quality.duplicated_rows_current ?? 'not counted'}; duplicated columns ${quality.duplicated_columns_current?.map((p) => p.join('=')).join(', ') || 'none'}; ` +
          `constant columns ${quality.constant_columns_current.join(', ') || 'none'}`,
      );
      for (const [name, q] of Object.entries(quality.columns)) {
        const parts = [`missing ${pct(q.missing_share_reference)} → ${pct(q.missing_share_current)}`, `type mismatches ${q.type_mismatch_current}`];
        if (q.out_of_range_current !== undefined) parts.push(`out of [${q.reference_min}, ${q.reference_max}]: ${q.out_of_range_current}`);
        if (q.number_of_new_categories !== undefined) parts.push(`new categories ${q.number_of_new_categories}, vanished ${q.number_of_vanished_categories}`);
        if (q.almost_constant_current) parts.push(q.constant_current ? 'constant' : 'almost constant');
        io.out(`  ${name}: ${parts.join('; ')}`);
      }
      for (const r of results) io.out(`${r.status.padEnd(7)} ${r.description}`);
    }
    for (const e of report.errors) io.err(`mlops quality: column '${e.column_name}': ${e.error}`);
    return results.some((r) => r.status !== 'SUCCESS') ? 1 : 0;
  },
};
