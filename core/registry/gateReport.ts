// A gate result as text for people, JSON for scripts, or GitHub workflow commands (`::error title=…::…`, see
// "Workflow commands for GitHub Actions") so a failing check shows up as an annotation on the run.
import type { GateResult } from './gate';
import { gateMarkdown } from './gateMarkdown';
import { visible, visibleText } from '../format/visibleText';

export type GateFormat = 'text' | 'json' | 'github' | 'markdown';
export const GATE_FORMATS: readonly GateFormat[] = ['text', 'json', 'github', 'markdown'];

export interface GateJson {
  model: string;
  version: string;
  stage: string;
  passed: boolean;
  current_version: string | null;
  checks: Array<{ kind: string; metric: string; passed: boolean; detail: string; candidate: number | null; threshold: number | null; current: number | null }>;
}

export function gateToJson(gate: GateResult): GateJson {
  return {
    model: gate.model,
    version: gate.version,
    stage: gate.stage,
    passed: gate.passed,
    current_version: gate.currentVersion ?? null,
    checks: gate.checks.map((c) => ({
      kind: c.kind,
      metric: c.metric,
      passed: c.passed,
      detail: c.detail,
      candidate: c.candidate ?? null,
      threshold: c.threshold ?? null,
      current: c.current ?? null,
    })),
  };
}

export function formatGate(gate: GateResult, format: GateFormat, policyFile?: string): string {
  if (format === 'json') return JSON.stringify(gateToJson(gate), null, 2);
  if (format === 'markdown') return gateMarkdown(gate);
  const subject = `${gate.model} version ${gate.version} → ${gate.stage}`;
  if (format === 'github') {
    const title = `Promotion gate: ${subject}`;
    const file = policyFile ? `file=${escapeProperty(policyFile)},` : '';
    const lines = gate.checks.filter((c) => !c.passed).map((c) => `::error ${file}title=${escapeProperty(title)}::${escapeData(c.detail)}`);
    const summary = gate.passed
      ? `::notice title=${escapeProperty(title)}::${escapeData(`passed ${gate.checks.length} check(s)`)}`
      : `::error title=${escapeProperty(title)}::${escapeData(`${gate.checks.filter((c) => !c.passed).length} of ${gate.checks.length} check(s) failed`)}`;
    return [...lines, summary].join('\n');
  }
  const lines = [`Gate ${gate.passed ? 'PASSED' : 'FAILED'}: ${visibleText(subject)}${gate.currentVersion ? visible` (current: version ${gate.currentVersion})` : ''}`];
  if (gate.checks.length === 0) lines.push('  (no checks: no policy for this model and stage)');
  for (const check of gate.checks) lines.push(`  ${check.passed ? '✓' : '✗'} ${visibleText(check.detail)}`);
  return lines.join('\n');
}

/** GitHub's escaping for a command's message. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** …and for a property value, where ':' and ',' separate fields. */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
