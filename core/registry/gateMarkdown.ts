// A gate result as GitHub-flavoured Markdown for a PR comment or $GITHUB_STEP_SUMMARY: the candidate's metrics
// beside the version now in the target stage with the change and whether it is better, then the gate checklist.
// Store values are escaped (markdownText), so a metric or model name cannot inject links or HTML.
import { markdownText } from '../format/visibleText';
import type { GateResult } from './gate';
import { compareMetrics, type MetricComparison } from './versionComparison';

export function gateMarkdown(gate: GateResult): string {
  const subject = `${markdownText(gate.model)} version ${markdownText(gate.version)} → ${gate.stage}`;
  const lines = [`### ${gate.passed ? '✅ Gate passed' : '❌ Gate failed'}: ${subject}`, ''];
  const current = gate.currentVersion ? `version ${markdownText(gate.currentVersion)} (${gate.stage})` : undefined;
  const rows = compareMetrics(gate.candidateMetrics, gate.currentMetrics);
  if (rows.length > 0) {
    lines.push(`| metric | candidate (version ${markdownText(gate.version)}) | ${current ?? `current ${gate.stage}`} | change |`, '|---|---:|---:|---|');
    for (const row of rows) lines.push(`| ${markdownText(row.key)} | ${num(row.candidate)} | ${num(row.current)} | ${change(row)} |`);
    lines.push('');
  }
  if (!current) lines.push(`No version is in ${gate.stage} yet: nothing to compare against.`, '');
  if (gate.checks.length === 0) lines.push('- no checks: the policy has none for this model and stage');
  for (const check of gate.checks) lines.push(`- [${check.passed ? 'x' : ' '}] ${markdownText(check.detail)}`);
  return lines.join('\n');
}

function num(value: number | undefined): string {
  if (value === undefined) return '—';
  return Number.isFinite(value) ? String(Number(value.toPrecision(6))) : String(value);
}

function change(row: MetricComparison): string {
  if (row.candidate === undefined || row.current === undefined) return row.verdict === 'candidate-only' ? 'new' : 'not logged';
  const delta = row.candidate - row.current;
  const text = `${delta > 0 ? '+' : ''}${num(delta)}`;
  const mark = { better: '▲ better', worse: '▼ worse', equal: 'same' }[row.verdict as 'better' | 'worse' | 'equal'];
  return `${text} ${mark}`;
}
