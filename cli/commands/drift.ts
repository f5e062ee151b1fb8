// `mlops drift REFERENCE CURRENT`: the CI retrain trigger. Thin: flags → core/drift options → print. Exit 1 when a
// --fail-on limit is crossed, 2 on bad input (including any column that could not be tested), else 0.
import { renameSync, writeFileSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import {
  type ColumnOverride,
  type DriftOptions,
  type DriftReport,
  DriftInputError,
  type DriftTest,
  isStatTestName,
  loadDriftConfig,
  loadReportScript,
  renderHtmlReport,
  runDrift,
  runDriftTests,
  STAT_TESTS,
  type StatTestName,
  toReportJson,
} from '../../core/drift';
import { driftMarkdown } from '../../core/drift/driftMarkdown';
import { visible } from '../../core/format/visibleText';
import { type CliCommand, type CliIO, type ExitCode, UsageError } from '../command';
import { printTable } from '../table';

const HELP = `usage: mlops drift REFERENCE CURRENT [options]

Compares two CSV, TSV or Parquet files column by column with Evidently's default tests.

options:
  --config FILE          drift.yaml with the column mapping, per-column tests, reference/current paths
  --json                 print the report as JSON (same as --format json)
  --format F             text (default), json, or markdown (a PR comment / $GITHUB_STEP_SUMMARY body)
  --html FILE            also write the report as one self-contained HTML file
  --fail-on-share X      exit 1 when the share of drifted columns is ≥ X
  --fail-on-count N      exit 1 when N or more columns drift
  --column NAME          the --stattest/--threshold that follow apply to this column (repeatable)
  --stattest NAME        ${Object.keys(STAT_TESTS).join('|')}
  --threshold T          drift threshold for that test
  --target NAME, --prediction NAME
  --numerical A,B  --categorical A,B  --ignore A,B
  --drift-share X        dataset drift when this share of columns drifts (default 0.5)
  --threads N            worker threads for columns (default: one per core)`;

type DriftFormat = 'text' | 'json' | 'markdown';
const DRIFT_FORMATS: DriftFormat[] = ['text', 'json', 'markdown'];

interface Parsed {
  reference?: string | undefined;
  current?: string | undefined;
  config?: string | undefined;
  format: DriftFormat;
  html?: string | undefined;
  failOnShare?: number | undefined;
  failOnCount?: number | undefined;
  threads?: number | undefined;
  options: DriftOptions;
}

function number(flag: string, text: string | undefined, min: number, max: number): number {
  const value = Number(text);
  if (text === undefined || text.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
    throw new UsageError(`${flag} needs a number from ${min} to ${max}, got '${text ?? ''}'`);
  }
  return value;
}

const list = (text: string | undefined) => (text ?? '').split(',').map((s) => s.trim()).filter(Boolean);

function parse(args: string[]): Parsed | 'help' {
  const { tokens } = parseArgs({
    args,
    allowPositionals: true,
    tokens: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      config: { type: 'string' },
      json: { type: 'boolean' },
      format: { type: 'string' },
      html: { type: 'string' },
      'fail-on-share': { type: 'string' },
      'fail-on-count': { type: 'string' },
      column: { type: 'string', multiple: true },
      stattest: { type: 'string', multiple: true },
      threshold: { type: 'string', multiple: true },
      target: { type: 'string' },
      prediction: { type: 'string' },
      numerical: { type: 'string' },
      categorical: { type: 'string' },
      ignore: { type: 'string' },
      'drift-share': { type: 'string' },
      threads: { type: 'string' },
    },
  });
  const parsed: Parsed = { format: 'text', options: {} };
  const positionals: string[] = [];
  const columns: Record<string, ColumnOverride> = {};
  let column: string | undefined;
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    if (token.kind !== 'option') continue;
    const value = token.value;
    switch (token.name) {
      case 'help':
        return 'help';
      case 'config':
        parsed.config = value;
        break;
      case 'json':
        parsed.format = 'json';
        break;
      case 'format':
        if (!DRIFT_FORMATS.includes(value as DriftFormat)) throw new UsageError(`--format must be one of ${DRIFT_FORMATS.join(', ')}, got '${value ?? ''}'`);
        parsed.format = value as DriftFormat;
        break;
      case 'html':
        parsed.html = value;
        break;
      case 'fail-on-share':
        parsed.failOnShare = number('--fail-on-share', value, 0, 1);
        break;
      case 'fail-on-count':
        parsed.failOnCount = number('--fail-on-count', value, 0, Number.MAX_SAFE_INTEGER);
        break;
      case 'column':
        column = value;
        columns[column!] ??= {};
        break;
      case 'stattest': {
        if (!value || !isStatTestName(value)) {
          throw new UsageError(`--stattest must be one of ${Object.keys(STAT_TESTS).join(', ')}, got '${value ?? ''}'`);
        }
        if (column) columns[column]!.stattest = value as StatTestName;
        else parsed.options.stattest = value as StatTestName;
        break;
      }
      case 'threshold': {
        const t = number('--threshold', value, 0, Number.POSITIVE_INFINITY);
        if (column) columns[column]!.threshold = t;
        else parsed.options.threshold = t;
        break;
      }
      case 'target':
        parsed.options.target = value;
        break;
      case 'prediction':
        parsed.options.prediction = value;
        break;
      case 'numerical':
        parsed.options.numerical = list(value);
        break;
      case 'categorical':
        parsed.options.categorical = list(value);
        break;
      case 'ignore':
        parsed.options.ignored = list(value);
        break;
      case 'drift-share':
        parsed.options.driftShare = number('--drift-share', value, 0, 1);
        break;
      case 'threads':
        parsed.threads = number('--threads', value, 1, 256);
        break;
    }
  }
  if (positionals.length > 2) throw new UsageError(`expected REFERENCE and CURRENT, got ${positionals.length} paths`);
  [parsed.reference, parsed.current] = positionals;
  parsed.options.columns = columns;
  return parsed;
}

/** Flags win over drift.yaml; per-column overrides merge, the flag's field winning. */
function merge(parsed: Parsed, cwd: string): Required<Pick<Parsed, 'reference' | 'current'>> & Parsed {
  const config = parsed.config ? loadDriftConfig(resolve(cwd, parsed.config)) : undefined;
  const reference = parsed.reference ? resolve(cwd, parsed.reference) : config?.reference;
  const current = parsed.current ? resolve(cwd, parsed.current) : config?.current;
  if (!reference || !current) throw new UsageError('give REFERENCE and CURRENT files (or set them in --config drift.yaml)');
  const fromConfig = config?.options ?? {};
  const defined = Object.fromEntries(Object.entries(parsed.options).filter(([, v]) => v !== undefined));
  const columns: Record<string, ColumnOverride> = { ...fromConfig.columns };
  for (const [name, o] of Object.entries(parsed.options.columns ?? {})) {
    columns[name] = { ...columns[name], ...Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) };
  }
  return {
    ...parsed,
    reference,
    current,
    failOnShare: parsed.failOnShare ?? config?.failOnShare,
    failOnCount: parsed.failOnCount ?? config?.failOnCount,
    options: { ...fromConfig, ...defined, columns },
  };
}

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

function writeAtomic(path: string, text: string): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, path);
}

export const driftCommand: CliCommand = {
  summary: 'Compare reference and current data for drift (Evidently-compatible tests); exit 1 over a --fail-on limit',
  async run(args, io): Promise<ExitCode> {
    const parsed = parse(args);
    if (parsed === 'help') {
      io.out(HELP);
      return 0;
    }
    const job = merge(parsed, io.cwd);
    let report: DriftReport;
    try {
      report = await runDrift(job.reference, job.current, { ...job.options, threads: job.threads });
    } catch (error) {
      if (error instanceof DriftInputError) {
        io.err(`mlops drift: ${error.message}`);
        return 2;
      }
      throw error;
    }
    if (job.format === 'json') io.out(JSON.stringify(toReportJson(report), null, 2));
    if (job.format === 'text') await printText(io, report);
    if (job.html) {
      const path = resolve(io.cwd, job.html);
      writeAtomic(path, renderHtmlReport(report, { reference: job.reference, current: job.current }, loadReportScript()));
      if (job.format === 'text') io.out(`report written to ${path}`);
    }
    const limits: DriftTest[] = [];
    if (job.failOnShare !== undefined) limits.push({ kind: 'share_of_drifted_columns', lessThan: job.failOnShare });
    if (job.failOnCount !== undefined) limits.push({ kind: 'number_of_drifted_columns', lessThan: job.failOnCount });
    const results = runDriftTests(report, limits);
    if (job.format === 'markdown') {
      const shown = (path: string) => relative(io.cwd, path).split(sep).join('/') || path;
      io.out(driftMarkdown({ report, reference: shown(job.reference), current: shown(job.current), limits: results }));
    }
    if (report.errors.length) {
      if (job.format !== 'text') for (const e of report.errors) io.err(visible`column '${e.column_name}' not tested: ${e.error}`);
      return 2;
    }
    const failed = results.filter((t) => t.status !== 'SUCCESS');
    for (const f of failed) io.err(`mlops drift: limit crossed: ${f.description}`);
    return failed.length ? 1 : 0;
  },
};
