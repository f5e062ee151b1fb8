// dvc.yaml validation: structure per stage kind, `${}` templating, params, and the pipeline graph.
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { lookupPath, type ParsedDocument, type PathSegment, rangeAtPath, scalarKey } from '../document';
import { PARAMS_FILE, type StageModel } from '../../dvc/pipeline';
import { buildPipelineModel, type DvcDocumentModel } from '../dvcModel';
import { addParamEdit } from '../paramsEdit';
import { findInterpolations, isPrimitive, pythonTypeName, resolveString, type TemplateContext, UNKNOWN } from '../../dvc/templating';
import { checkSchema } from '../schemaCheck';
import { dvcForeachStageSchema, dvcMatrixStageSchema, dvcPlainStageSchema, dvcYamlSchema } from '../schemas/dvcSchemas';
import type { PipelineDiagnostic } from '../types';
import type { ValidationContext } from '../workspace';
import { checkGraph } from './dvcGraph';
import { checkStageParams } from './dvcParams';
import { join } from 'node:path';
import { firstIndexNotBefore } from '../../arrays/sortedSearch';
import { isRecord } from '../../yaml/records';

const schemaOptions = { unknownKeySeverity: 'error', code: 'dvc', format: 'dvc.yaml' } as const;

/**
 * Stage keys DVC 3 dropped. Its stage schema (dvc/schema.py, voluptuous without extra keys) rejects them with
 * "extra keys not allowed", so they are errors; the message says what replaced each.
 */
const REMOVED_STAGE_KEYS: Record<string, string> = {
  locked: "'locked' was removed in DVC 3: use 'frozen'.",
  live: "'live' was removed in DVC 3: DVCLive now writes its own metrics and plots entries.",
  checkpoints: "'checkpoints' was removed in DVC 3 together with checkpoint experiments.",
};

export function validateDvcYaml(doc: ParsedDocument, files: ValidationContext): PipelineDiagnostic[] {
  if (doc.value === undefined || doc.value === null) return [];
  if (!isRecord(doc.value)) {
    return [{ severity: 'error', code: 'dvc-type', message: 'dvc.yaml must be a mapping with a `stages` key.', range: rangeAtPath(doc, [], 'value') }];
  }
  const out = checkSchema(doc, dvcYamlSchema, doc.value, schemaOptions);
  const model = buildPipelineModel(doc, files);
  for (const problem of model.varsProblems) {
    out.push({ severity: 'error', code: 'dvc-vars-file', message: problem.message, range: rangeAtPath(doc, problem.nodePath, 'value') });
  }
  for (const stage of model.stages) {
    out.push(...checkStage(model, stage));
    out.push(...checkStageParams(model, stage, files));
  }
  for (const section of ['metrics', 'plots', 'params', 'artifacts']) {
    out.push(...checkTemplates(model, [section], model.global, section));
  }
  out.push(...checkGraph(model, files));
  return out;
}

function checkStage(model: DvcDocumentModel, stage: StageModel): PipelineDiagnostic[] {
  const { doc } = model;
  const out: PipelineDiagnostic[] = [];
  // dvc/stage/utils.py is_valid_name: punctuation other than '_' and '-' is rejected.
  if (/[!"#$%&'()*+,./:;<=>?@[\\\]^`{|}~]/.test(stage.name)) {
    out.push({
      severity: 'error',
      code: 'dvc-stage-name',
      message: `Invalid stage name '${stage.name}': Stage name cannot contain punctuation characters (only '_' and '-' are allowed).`,
      range: rangeAtPath(doc, stage.path, 'key'),
    });
  }
  const def = lookupValue(doc, stage.path);
  const schema = stage.kind === 'matrix' ? dvcMatrixStageSchema : stage.kind === 'foreach' ? dvcForeachStageSchema : dvcPlainStageSchema;
  const typed = substituteWholeValues(def, stage.ctx);
  for (const diag of checkSchema(doc, schema, typed, schemaOptions, stage.path)) {
    const removedKey = diag.code === 'dvc-unknown-key' ? /^Unknown key '([^']+)'/.exec(diag.message)?.[1] : undefined;
    const removed = removedKey ? REMOVED_STAGE_KEYS[removedKey] : undefined;
    out.push(removed ? { ...diag, code: 'dvc-removed-key', message: removed } : diag);
  }
  out.push(...checkpointFlags(model, stage));
  // Fields are walked on the parsed nodes directly: one lookup per stage, not one per field (16k-line pipelines).
  const stageNode = lookupPath(doc, stage.path)?.value;
  if (isMap(stageNode)) {
    for (const pair of stageNode.items) {
      const field = scalarKey(pair);
      if (field === undefined || (stage.kind === 'foreach' && field === 'do')) continue;
      // `foreach`/`matrix` values are resolved in the enclosing context, before `item` exists.
      collectTemplates(model, pair.value, field === 'foreach' || field === 'matrix' ? model.global : stage.ctx, field, out);
    }
  }
  if (stage.kind === 'foreach' && isRecord(stage.body)) {
    const bodyNode = lookupPath(doc, stage.bodyPath)?.value;
    if (isMap(bodyNode)) {
      for (const pair of bodyNode.items) {
        const field = scalarKey(pair);
        if (field !== undefined) collectTemplates(model, pair.value, stage.ctx, field, out);
      }
    }
  }
  return out;
}

/** `checkpoint: true` on an output is still parsed by DVC 3 but checkpoints no longer exist. */
function checkpointFlags(model: DvcDocumentModel, stage: StageModel): PipelineDiagnostic[] {
  const out: PipelineDiagnostic[] = [];
  for (const entry of stage.outs) {
    if (!entry.onKey) continue;
    const flags = lookupValue(model.doc, entry.nodePath);
    if (isRecord(flags) && 'checkpoint' in flags) {
      out.push({
        severity: 'warning',
        code: 'dvc-removed-key',
        message: "'checkpoint' outputs were removed in DVC 3 (checkpoint experiments are gone); drop the flag.",
        range: rangeAtPath(model.doc, [...entry.nodePath, 'checkpoint'], 'key'),
      });
    }
  }
  return out;
}

function lookupValue(doc: ParsedDocument, path: PathSegment[]): unknown {
  let current: unknown = doc.value;
  for (const seg of path) {
    if (Array.isArray(current) && typeof seg === 'number') current = current[seg];
    else if (isRecord(current)) current = current[String(seg)];
    else return undefined;
  }
  return current;
}

/** A value that is exactly `${x}` takes x's type (so `frozen: ${f}` passes when f is a boolean). */
function substituteWholeValues(value: unknown, ctx: TemplateContext): unknown {
  if (typeof value === 'string') {
    if (!value.startsWith('${')) return value;
    const r = resolveString(value, ctx);
    return r.resolved ? r.value : value;
  }
  if (!containsTemplate(value)) return value;
  if (Array.isArray(value)) return value.map((v) => substituteWholeValues(v, ctx));
  if (isRecord(value)) {
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) copy[k] = substituteWholeValues(v, ctx);
    return copy;
  }
  return value;
}

/** Whether any string inside starts with `${` — most stages have none, and then need no copy. */
function containsTemplate(value: unknown): boolean {
  if (typeof value === 'string') return value.startsWith('${');
  if (Array.isArray(value)) return value.some(containsTemplate);
  if (!isRecord(value)) return false;
  for (const key in value) if (key.startsWith('${') || containsTemplate(value[key])) return true;
  return false;
}

/** Check every `${}` under a path: unresolved names and non-primitive values inside longer strings. */
function checkTemplates(model: DvcDocumentModel, path: PathSegment[], ctx: TemplateContext, field: string): PipelineDiagnostic[] {
  const out: PipelineDiagnostic[] = [];
  const start = lookupPath(model.doc, path);
  if (start) collectTemplates(model, start.value, ctx, field, out);
  return out;
}

function collectTemplates(model: DvcDocumentModel, node: unknown, ctx: TemplateContext, field: string, out: PipelineDiagnostic[]): void {
  // Most values hold no template at all: one look at their text saves walking their nodes.
  const range = (node as Node | null)?.range;
  if (range && !hasTemplate(model, range[0], range[1])) return;
  if (isMap(node)) {
    for (const pair of node.items) {
      collectTemplates(model, pair.key, ctx, field, out);
      collectTemplates(model, pair.value, ctx, field, out);
    }
  } else if (isSeq(node)) {
    for (const item of node.items) collectTemplates(model, item, ctx, field, out);
  } else if (isScalar(node) && typeof node.value === 'string' && node.value.includes('${')) {
    checkScalar(model, node, ctx, field, out);
  }
}

/** Whether `${` occurs in [from, to) of the document: a binary search over where it occurs at all. */
function hasTemplate(model: DvcDocumentModel, from: number, to: number): boolean {
  const { text } = model.doc;
  if (!model.templateOffsets) {
    model.templateOffsets = [];
    for (let at = text.indexOf('${'); at >= 0; at = text.indexOf('${', at + 2)) model.templateOffsets.push(at);
  }
  const offsets = model.templateOffsets;
  const first = firstIndexNotBefore(offsets.length, (at) => offsets[at]! < from);
  return first < offsets.length && offsets[first]! < to;
}

function checkScalar(model: DvcDocumentModel, node: Node, ctx: TemplateContext, field: string, out: PipelineDiagnostic[]): void {
  const { doc } = model;
  const [from, to] = node.range ?? [0, 0];
  const source = doc.text.slice(from, to);
  const found = findInterpolations(source);
  const whole = found.length === 1 && source.trim().replace(/^['"]|['"]$/g, '') === source.slice(found[0]!.start, found[0]!.end);
  for (const m of found) {
    const hit = ctx.select(m.expr);
    if (!hit.found) {
      if (!model.complete) continue;
      const paramsPath = join(model.dir, PARAMS_FILE);
      const edit = addParamEdit(paramsPath, model.paramsDoc, m.expr);
      out.push({
        severity: 'error',
        code: 'dvc-unresolved',
        message: `Could not find '${m.expr}'`,
        range: doc.toRange(from + m.start, from + m.end),
        fixes: edit ? [{ title: `Add '${m.expr}' to ${PARAMS_FILE}`, edits: [edit] }] : undefined,
      });
      continue;
    }
    if (whole || hit.value === UNKNOWN || isPrimitive(hit.value) || field === 'foreach' || field === 'matrix') continue;
    if (field === 'cmd' && isRecord(hit.value)) continue;
    out.push({
      severity: 'error',
      code: 'dvc-interpolate-type',
      message: `Cannot interpolate data of type '${pythonTypeName(hit.value)}'${field === 'cmd' ? '' : ' (only `cmd` turns a dict into arguments)'}`,
      range: doc.toRange(from + m.start, from + m.end),
    });
  }
}
