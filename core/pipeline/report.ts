// Output formats of `mlops validate`: text for people, JSON (LSP-style 0-based ranges) for tools, and GitHub
// Actions workflow commands (1-based line/col) for annotations on pull requests.
import { visibleText } from '../format/visibleText';
import type { FileReport } from './validateFiles';
import type { PipelineDiagnostic, Range, Severity } from './types';

export type ReportFormat = 'text' | 'json' | 'github';

export interface ValidateJson {
  files: {
    path: string;
    diagnostics: { severity: Severity; message: string; code: string; range: Range }[];
  }[];
}

export function toJson(reports: FileReport[], displayPath: (p: string) => string): ValidateJson {
  return {
    files: reports.map((r) => ({
      path: displayPath(r.path),
      diagnostics: r.diagnostics.map((d) => ({ severity: d.severity, message: d.message, code: d.code, range: d.range })),
    })),
  };
}

export function formatReport(reports: FileReport[], format: ReportFormat, displayPath: (p: string) => string): string {
  if (format === 'json') return JSON.stringify(toJson(reports, displayPath), null, 2);
  const lines: string[] = [];
  for (const r of reports) {
    for (const d of sorted(r.diagnostics)) {
      // Hints are editor-only (e.g. an unused MLproject parameter): no annotation on a pull request.
      if (format === 'github' && d.severity === 'hint') continue;
      lines.push(format === 'github' ? github(displayPath(r.path), d) : text(displayPath(r.path), d));
    }
  }
  if (format === 'text') lines.push(summary(reports));
  return lines.join('\n');
}

export function hasErrorDiagnostics(reports: FileReport[]): boolean {
  return reports.some((r) => r.diagnostics.some((d) => d.severity === 'error'));
}

function sorted(diags: PipelineDiagnostic[]): PipelineDiagnostic[] {
  return [...diags].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

function text(path: string, d: PipelineDiagnostic): string {
  const where = `${visibleText(path)}:${d.range.start.line + 1}:${d.range.start.character + 1}`;
  // A message's own line breaks (LSP style) join into one line; what is left of controls came from the file.
  return `${where}: ${d.severity}: ${visibleText(d.message.replace(/\n\t?/g, ' '))} [${d.code}]`;
}

const GITHUB_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };

/** Workflow command escaping from @actions/core: data escapes % CR LF; properties also : and ,. */
function github(path: string, d: PipelineDiagnostic): string {
  const data = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const prop = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  const props = `file=${prop(path)},line=${d.range.start.line + 1},col=${d.range.start.character + 1},endLine=${d.range.end.line + 1},endColumn=${d.range.end.character + 1},title=${prop(d.code)}`;
  return `::${GITHUB_LEVEL[d.severity]} ${props}::${data(d.message)}`;
}

function summary(reports: FileReport[]): string {
  const count = (s: Severity) => reports.reduce((n, r) => n + r.diagnostics.filter((d) => d.severity === s).length, 0);
  return `${reports.length} file${reports.length === 1 ? '' : 's'} checked: ${count('error')} error(s), ${count('warning')} warning(s), ${count('information') + count('hint')} note(s).`;
}
