// Completion service: keys for the position, `${}` names, params keys, plot templates, file paths and the
// outputs of other stages for `deps`.
import { readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { ParsedDocument } from './document';
import { PARAMS_FILE } from '../dvc/pipeline';
import { buildPipelineModel } from './dvcModel';
import { UNKNOWN } from '../dvc/templating';
import { DVC_OUT_FLAGS, DVC_STAGE_KEYS, DVC_TOP_KEYS, FEAST_KEYS, MLPROJECT_ENTRY_KEYS, MLPROJECT_KEYS, PLOT_TEMPLATES, PROMOTION_KEYS } from './keyDocs';
import { flattenKeys, preview, stageFieldOf, targetAt } from './locate';
import { sweepCompletion } from './sweep/sweepAssist';
import type { ValidationContext } from './workspace';

export type CompletionKind = 'key' | 'param' | 'value' | 'file' | 'stage';

export interface CompletionItemInfo {
  label: string;
  kind: CompletionKind;
  detail?: string;
  /** Text to insert when it differs from the label. */
  insertText?: string;
}

export function completeAt(doc: ParsedDocument, offset: number, files: ValidationContext): CompletionItemInfo[] {
  const linePrefix = doc.text.slice(doc.text.lastIndexOf('\n', offset - 1) + 1, offset);
  if (doc.kind === 'dvc-yaml') {
    const open = linePrefix.lastIndexOf('${');
    if (open >= 0 && !linePrefix.slice(open).includes('}')) return templateNames(doc, files);
  }
  const indent = linePrefix.length - linePrefix.trimStart().length;
  const path = doc.yaml ? targetAt(doc, offset).path : [];
  const isKeyPosition = /^\s*(-\s+)?[\w.-]*$/.test(linePrefix);
  const editedKey = /^\s*(?:-\s+)?([\w.-]+):\s*[^\s]*$/.exec(linePrefix)?.[1];
  switch (doc.kind) {
    case 'dvc-yaml':
      return dvcCompletion(doc, files, offset, path.map(String), { indent, isKeyPosition, editedKey, linePrefix });
    case 'mlproject':
      return isKeyPosition ? keys(indent === 0 ? MLPROJECT_KEYS : indent >= 4 && path[0] === 'entry_points' ? MLPROJECT_ENTRY_KEYS : {}) : [];
    case 'feast':
      return isKeyPosition && indent === 0 ? keys(FEAST_KEYS) : [];
    case 'promotion':
      return isKeyPosition ? keys(PROMOTION_KEYS) : [];
    case 'wandb-sweep':
      return sweepCompletion(doc, offset, files, { indent, isKeyPosition, editedKey, linePrefix });
    default:
      return [];
  }
}

function keys(table: Record<string, string>): CompletionItemInfo[] {
  return Object.entries(table).map(([label, detail]) => ({ label, kind: 'key', detail, insertText: `${label}: ` }));
}

interface LineState {
  indent: number;
  isKeyPosition: boolean;
  /** The key whose value is being typed (`template: |`). */
  editedKey: string | undefined;
  linePrefix: string;
}

function dvcCompletion(doc: ParsedDocument, files: ValidationContext, offset: number, path: string[], line: LineState): CompletionItemInfo[] {
  const { indent, isKeyPosition, editedKey, linePrefix } = line;
  if (editedKey === 'template') return PLOT_TEMPLATES.map((label) => ({ label, kind: 'value' }));
  const inList = /^\s*-\s+\S*$/.test(linePrefix);
  const field = listFieldAbove(doc, offset, indent) ?? stageFieldOf(path)?.field;
  if (inList && field === 'params') {
    const model = buildPipelineModel(doc, files);
    const params = files.parse(join(model.dir, PARAMS_FILE), 'params')?.value;
    return flattenKeys(params).map(([label, value]) => ({ label, kind: 'param', detail: preview(value) }));
  }
  if (inList && (field === 'deps' || field === 'outs' || field === 'metrics' || field === 'plots')) {
    return [...(field === 'deps' ? stageOutputs(doc, files) : []), ...filePaths(doc, linePrefix.replace(/^\s*-\s+/, ''))];
  }
  if (!isKeyPosition) return [];
  if (indent === 0) return keys(DVC_TOP_KEYS);
  if (path[0] === 'stages' && indent >= 4) {
    return indent >= 8 ? keys(DVC_OUT_FLAGS) : keys(DVC_STAGE_KEYS);
  }
  return [];
}

/** The list key (`deps:`, `params:` …) that the current `- ` item belongs to, found by scanning up. */
function listFieldAbove(doc: ParsedDocument, offset: number, indent: number): string | undefined {
  const lines = doc.text.slice(Math.max(0, offset - 20_000), offset).split('\n');
  lines.pop();
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const lineIndent = line.length - line.trimStart().length;
    if (lineIndent > indent || (lineIndent === indent && line.trimStart().startsWith('-'))) continue;
    return /^\s*([\w-]+):\s*$/.exec(line)?.[1];
  }
  return undefined;
}

function templateNames(doc: ParsedDocument, files: ValidationContext): CompletionItemInfo[] {
  const model = buildPipelineModel(doc, files);
  const out: CompletionItemInfo[] = [];
  for (const [name, value] of model.global.entries()) {
    out.push({ label: name, kind: 'param', detail: preview(value) });
    for (const [key, v] of flattenKeys(value, name)) out.push({ label: key, kind: 'param', detail: v === UNKNOWN ? undefined : preview(v) });
  }
  out.push({ label: 'item', kind: 'param', detail: 'current foreach/matrix item' }, { label: 'key', kind: 'param', detail: 'current foreach key' });
  return out;
}

function stageOutputs(doc: ParsedDocument, files: ValidationContext): CompletionItemInfo[] {
  const model = buildPipelineModel(doc, files);
  return model.stages.flatMap((stage) =>
    stage.outs.flatMap((o) => (o.absolute ? [{ label: relative(model.dir, o.absolute), kind: 'stage' as const, detail: `output of stage ${stage.name}` }] : [])),
  );
}

function filePaths(doc: ParsedDocument, typed: string): CompletionItemInfo[] {
  const base = resolve(dirname(doc.path), typed.endsWith('/') ? typed : dirname(typed));
  try {
    return readdirSync(base, { withFileTypes: true })
      .filter((e) => !e.name.startsWith('.'))
      .slice(0, 500)
      .map((e) => {
        const rel = relative(dirname(doc.path), join(base, e.name));
        return { label: e.isDirectory() ? `${rel}/` : rel, kind: 'file' as const };
      });
  } catch {
    return [];
  }
}
