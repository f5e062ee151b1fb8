// biome-ignore-all lint/suspicious/noTemplateCurlyInString: W&B's command macros are written ${args}
// Hover and completion for W&B sweeps, over the same tables validation reads (sweepSchema.ts).
import type { ParsedDocument, PathSegment } from '../document';
import type { ValidationContext } from '../workspace';
import { COMMAND_MACROS, DISTRIBUTIONS, EARLY_TERMINATE_KEYS, type FieldSpec, GOALS, METHODS, METRIC_KEYS, PARAMETER_KEYS, TOP_KEYS, WANDB_SWEEPS_VERSION } from './sweepSchema';

const METHOD_DOCS: Record<string, string> = {
  grid: 'Every combination of the parameters\' values (categorical, constant, int_uniform and q_uniform only).',
  random: 'Values drawn at random from each parameter\'s distribution.',
  bayes: 'Bayesian optimisation (a Gaussian process) of `metric`; needs `metric`.',
  custom: 'An external scheduler (`scheduler`, W&B Launch) proposes the runs.',
};

/** What a key or value of a sweep means, or undefined. */
export function sweepHover(path: readonly PathSegment[], onKey: boolean, value: unknown): string | undefined {
  const key = String(path[path.length - 1]);
  if (onKey) {
    const docs = keyTable(path.slice(0, -1))?.[key];
    return docs ? `**${key}** — ${docs}` : undefined;
  }
  if (path.length === 1 && key === 'method' && typeof value === 'string' && METHOD_DOCS[value]) return `**${value}** — ${METHOD_DOCS[value]}`;
  if (key === 'distribution' && path[0] === 'parameters' && typeof value === 'string' && DISTRIBUTIONS[value]) {
    const spec = DISTRIBUTIONS[value];
    const fields = Object.keys(spec.fields).map((f) => `\`${f}\``).join(', ');
    return `**${value}** — ${spec.doc}\n\nFields: ${fields || 'none'} (${spec.definition}, ${WANDB_SWEEPS_VERSION}).`;
  }
  if (path[0] === 'command' && path.length === 2 && typeof value === 'string') {
    const macro = /^\$\{(\w+)\}$/.exec(value)?.[1];
    if (macro && COMMAND_MACROS[macro]) return `**\${${macro}}** — ${COMMAND_MACROS[macro]}`;
  }
  return undefined;
}

/** The documentation table for the keys of the mapping at `parent`. */
function keyTable(parent: readonly PathSegment[]): Record<string, string> | undefined {
  const docs = (table: Record<string, FieldSpec>) => Object.fromEntries(Object.entries(table).map(([k, spec]) => [k, spec.doc]));
  if (parent.length === 0) return docs(TOP_KEYS);
  if (parent.length === 1 && parent[0] === 'metric') return docs(METRIC_KEYS);
  if (parent.length === 1 && parent[0] === 'early_terminate') return docs(EARLY_TERMINATE_KEYS);
  if (parent[0] === 'parameters' && parent.length % 2 === 0) return PARAMETER_KEYS;
  return undefined;
}

export interface SweepCompletion {
  label: string;
  kind: 'key' | 'value';
  detail?: string;
  insertText?: string;
}

export interface SweepLine {
  indent: number;
  isKeyPosition: boolean;
  editedKey: string | undefined;
  linePrefix: string;
}

export function sweepCompletion(doc: ParsedDocument, offset: number, files: ValidationContext, line: SweepLine): SweepCompletion[] {
  const parents = keysAbove(doc.text, offset, line.indent);
  const values = (items: readonly string[], docs: (item: string) => string | undefined = () => undefined): SweepCompletion[] =>
    items.map((label) => ({ label, kind: 'value', detail: docs(label) }));
  if (line.editedKey) {
    const where = [...parents, line.editedKey].join('.');
    if (where === 'method') return values(METHODS, (m) => METHOD_DOCS[m]);
    if (where === 'metric.goal') return values(GOALS);
    if (where === 'metric.impute' || where === 'metric.impute_while_running' || where === 'early_terminate.type') {
      return values(parents[0] === 'metric' ? METRIC_KEYS[line.editedKey]!.enum! : ['hyperband']);
    }
    if (where === 'metric.name') {
      const known = files.metricNames.metricNamesNear(doc.path, files);
      return values([...(known?.names ?? [])].sort(), () => 'logged by this workspace\'s W&B runs');
    }
    if (line.editedKey === 'distribution' && parents[0] === 'parameters') return values(Object.keys(DISTRIBUTIONS), (d) => DISTRIBUTIONS[d]!.doc);
    return [];
  }
  if (/^\s*-\s+\S*$/.test(line.linePrefix) && parents.length === 1 && parents[0] === 'command') {
    return Object.entries(COMMAND_MACROS).map(([name, detail]) => ({ label: `\${${name}}`, kind: 'value', detail }));
  }
  if (!line.isKeyPosition) return [];
  const table = keyTable(parents);
  return table ? Object.entries(table).map(([label, detail]) => ({ label, kind: 'key', detail, insertText: `${label}: ` })) : [];
}

/** The keys of the mappings enclosing a line at `indent`, outermost first, found by scanning up (the line being typed may not parse). */
function keysAbove(text: string, offset: number, indent: number): string[] {
  const lines = text.slice(Math.max(0, offset - 50_000), offset).split('\n');
  lines.pop();
  const keys: string[] = [];
  let limit = indent;
  for (let i = lines.length - 1; i >= 0 && limit > 0; i--) {
    const line = lines[i]!;
    const content = line.trimStart();
    if (content === '' || content.startsWith('#')) continue;
    const lineIndent = line.length - content.length;
    if (lineIndent >= limit) continue;
    const key = /^([\w.-]+):/.exec(content)?.[1];
    if (key) keys.unshift(key);
    limit = lineIndent;
  }
  return keys;
}
