// Go-to-definition: `${x}` and params entries → the key in the params/vars file; dependency paths → the file, or
// the output entry of the stage that produces it; MLproject env files → the file, `{param}` → its declaration.
import { dirname, join, resolve } from 'node:path';
import { type ParsedDocument, rangeAtPath } from './document';
import { buildPipelineModel, type DvcDocumentModel } from './dvcModel';
import { splitExpr } from '../dvc/templating';
import { stageFieldOf, targetAt } from './locate';
import { paramReferenceAt } from './paramReference';
import { commandPlaceholders } from './rules/placeholders';
import type { Range } from './types';
import type { ValidationContext } from './workspace';
import { isRecord } from '../yaml/records';

export interface Location {
  path: string;
  range: Range;
}

const FILE_START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function definitionAt(doc: ParsedDocument, offset: number, files: ValidationContext): Location | undefined {
  if (!doc.yaml) return undefined;
  if (doc.kind === 'mlproject') return mlprojectDefinition(doc, offset, files);
  if (doc.kind !== 'dvc-yaml') return undefined;
  const model = buildPipelineModel(doc, files);
  const target = targetAt(doc, offset);
  const field = stageFieldOf(target.path);
  const stage = field ? model.stages.find((s) => s.name === field.stage) : undefined;
  if (target.interpolation) {
    const ctx = stage && field?.field !== 'foreach' && field?.field !== 'matrix' ? stage.ctx : model.global;
    const hit = ctx.select(target.interpolation.expr);
    if (!hit.found || !hit.source) return undefined;
    return keyLocation(files, hit.source.path, [...hit.source.prefix, ...splitExpr(target.interpolation.expr)]);
  }
  const param = paramReferenceAt(model, target, files);
  if (param) return keyLocation(files, param.file, splitExpr(param.key)) ?? { path: param.file, range: FILE_START };
  if (stage && field?.field === 'deps') {
    const dep = stage.deps.find((d) => d.nodePath.join('/') === target.path.join('/'));
    if (!dep?.absolute) return undefined;
    return producerOf(model, dep.absolute) ?? (files.exists(dep.absolute) ? { path: dep.absolute, range: FILE_START } : undefined);
  }
  return undefined;
}

function producerOf(model: DvcDocumentModel, path: string): Location | undefined {
  for (const stage of model.stages) {
    const out = stage.outs.find((o) => o.absolute === path || (o.absolute && path.startsWith(`${o.absolute}/`)));
    if (out) return { path: model.doc.path, range: rangeAtPath(model.doc, out.nodePath, out.onKey ? 'key' : 'value') };
  }
  return undefined;
}

/** The key at a dotted path in a YAML file, falling back to the deepest existing ancestor. */
function keyLocation(files: ValidationContext, path: string, keys: readonly (string | number)[]): Location | undefined {
  const parsed = files.parse(path, path.endsWith('dvc.yaml') ? 'dvc-yaml' : 'params');
  if (!parsed?.yaml) return undefined;
  const segments = keys.map((k) => (typeof k === 'string' && /^\d+$/.test(k) ? Number(k) : k));
  return { path, range: rangeAtPath(parsed, segments, 'key') };
}

function mlprojectDefinition(doc: ParsedDocument, offset: number, files: ValidationContext): Location | undefined {
  const target = targetAt(doc, offset);
  const [top, entry, field] = target.path;
  if ((top === 'conda_env' || top === 'python_env') && target.path.length === 1 && typeof (doc.value as Record<string, unknown>)?.[top] === 'string') {
    const file = resolve(dirname(doc.path), String((doc.value as Record<string, unknown>)[top]));
    return files.exists(file) ? { path: file, range: FILE_START } : undefined;
  }
  if (top !== 'entry_points' || field !== 'command' || !isRecord(doc.value)) return undefined;
  const eps = doc.value['entry_points'];
  const ep = isRecord(eps) ? eps[String(entry)] : undefined;
  if (!isRecord(ep) || typeof ep['command'] !== 'string') return undefined;
  const commandRange = rangeAtPath(doc, target.path, 'value');
  const start = doc.offsetAt(commandRange.start.line, commandRange.start.character);
  const quote = /^["']/.test(doc.text.slice(start, start + 1)) ? 1 : 0;
  const ph = commandPlaceholders(ep['command']).find((p) => start + quote + p.start <= offset && offset <= start + quote + p.end);
  if (!ph) return undefined;
  return { path: join(doc.path), range: rangeAtPath(doc, ['entry_points', String(entry), 'parameters', ph.name], 'key') };
}
