// A drift report as GitHub-flavoured Markdown for a PR comment or $GITHUB_STEP_SUMMARY: the verdict, the limits
// the CI run applies and whether they were crossed, the drifted columns, then every column folded in <details>.
// Column names come from user data and are escaped (markdownText).
import { markdownText } from '../format/visibleText';
import type { DriftReport } from './datasetDrift';
import type { DriftTestResult } from './driftTests';

export interface DriftMarkdownInput {
  report: DriftReport;
  reference: string;
  current: string;
  /** The --fail-on limits and their outcome; crossing one is the retrain signal. */
  limits: DriftTestResult[];
}

export function driftMarkdown({ report, reference, current, limits }: DriftMarkdownInput): string {
  const crossed = limits.filter((t) => t.status !== 'SUCCESS');
  const verdict = report.dataset_drift ? '⚠️ Dataset drift' : crossed.length ? '⚠️ Drift over the limit' : '✅ No dataset drift';
  const lines = [
    `### ${verdict}: ${report.number_of_drifted_columns} of ${report.number_of_columns} columns drifted (share ${report.share_of_drifted_columns.toFixed(3)})`,
    '',
    `Reference ${markdownText(reference)} (${report.rows_reference} rows) vs current ${markdownText(current)} (${report.rows_current} rows); dataset drift at a share ≥ ${report.drift_share}.`,
    '',
  ];
  for (const limit of limits) lines.push(`- [${limit.status === 'SUCCESS' ? 'x' : ' '}] ${markdownText(limit.description)}`);
  if (limits.length) lines.push('');
  const drifted = report.columns.filter((c) => c.drift_detected);
  const table = (columns: typeof report.columns) => [
    '| column | type | test | threshold | score | drift |',
    '|---|---|---|---:|---:|---|',
    ...columns.map((c) => `| ${markdownText(c.column_name)} | ${c.column_type} | ${c.stattest} | ${c.threshold} | ${score(c.drift_score)} | ${c.drift_detected ? '**yes**' : 'no'} |`),
  ];
  if (drifted.length) lines.push('**Drifted columns**', '', ...table(drifted), '');
  lines.push('<details><summary>All columns</summary>', '', ...table(report.columns), '', '</details>');
  for (const e of report.errors) lines.push('', `- not tested: ${markdownText(e.column_name)}: ${markdownText(e.error)}`);
  return lines.join('\n');
}

function score(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return value !== 0 && Math.abs(value) < 1e-4 ? value.toExponential(2) : value.toFixed(4);
}
