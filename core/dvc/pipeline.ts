// The one model of a dvc.yaml, read by the language server (validation, hover, completion, definition) and by the
// data features (stages expanded as `dvc repro` runs them: stages.ts; the pipeline graph: graph.ts). It holds the
// template context (params.yaml, then top-level `vars`, then stage `vars` relative to `wdir` —
// dvc/parsing/__init__.py), each stage definition's kind, context and dependency/output paths. A foreach/matrix
// stage is kept as one definition whose `item`/`key` are known only per generated stage.
import { dirname, isAbsolute, join, normalize, resolve } from 'node:path';
import { PathEscapeError } from '../paths/containment';
import { joinUnder } from '../paths/plainJoin';
import { isRecord, type PathSegment } from '../yaml/records';
import type { OutputIndex } from './outputIndex';
import { resolveString, TemplateContext, UNKNOWN } from './templating';

export type StageKind = 'plain' | 'foreach' | 'matrix';

export interface PathEntry {
  raw: string;
  /** Absolute path once every `${}` resolved; undefined for URLs and unresolved templates. */
  absolute?: string;
  /** Where the path is written: a list item, or the key of a `- path: {flags}` item. */
  nodePath: PathSegment[];
  onKey: boolean;
}

export interface StageModel {
  name: string;
  kind: StageKind;
  /** ['stages', name] */
  path: PathSegment[];
  /** The stage as written (with `foreach`/`matrix` for generated stages). */
  definition: Record<string, unknown>;
  /** The definition that carries cmd/deps/outs: the stage itself, or its `do` for foreach. */
  body: Record<string, unknown>;
  bodyPath: PathSegment[];
  /** Absolute working directory, resolved in the top-level context. */
  wdir: string;
  ctx: TemplateContext;
  deps: PathEntry[];
  outs: PathEntry[];
}

export interface VarsProblem {
  nodePath: PathSegment[];
  message: string;
}

/** Where the model reads params and vars files from: the disk, or the language server's open buffers over it. */
export interface VarsFiles {
  /** Text of a file by absolute path; undefined when absent. May throw PathEscapeError for one outside the project. */
  readText(path: string): string | undefined;
  /** The parsed value of a YAML or JSON file whose text was read (may throw on invalid content). */
  parse(path: string, text: string): unknown;
}

export interface DvcPipelineModel {
  /** Absolute path of the dvc.yaml (where inline vars are defined). */
  path: string;
  dir: string;
  /** The document's root mapping. */
  value: Record<string, unknown>;
  global: TemplateContext;
  /** False when a vars file could not be read: unresolved names are then not reported. */
  complete: boolean;
  varsProblems: VarsProblem[];
  stages: StageModel[];
  /** What the stages produce, indexed on first use (outputIndex.ts). */
  outputIndex?: OutputIndex;
}

export const PARAMS_FILE = 'params.yaml';

export function buildPipelineModel(path: string, value: unknown, files: VarsFiles): DvcPipelineModel {
  const dir = dirname(path);
  const root = isRecord(value) ? value : {};
  const model: DvcPipelineModel = { path, dir, value: root, global: new TemplateContext(), complete: true, varsProblems: [], stages: [] };
  const defaultParams = join(dir, PARAMS_FILE);
  const loaded = loadVarsFile(files, defaultParams);
  if (loaded.ok) model.global.merge(loaded.data, { path: defaultParams, prefix: [] });
  loadVars(model, model.global, root['vars'], dir, ['vars'], files);

  const stages = isRecord(root['stages']) ? root['stages'] : {};
  for (const [name, def] of Object.entries(stages)) {
    if (!isRecord(def)) continue;
    model.stages.push(buildStage(model, name, def, files));
  }
  return model;
}

function buildStage(model: DvcPipelineModel, name: string, def: Record<string, unknown>, files: VarsFiles): StageModel {
  // dvc/parsing/__init__.py resolve_one: matrix first, then foreach, then a plain entry.
  const kind: StageKind = 'matrix' in def ? 'matrix' : 'foreach' in def ? 'foreach' : 'plain';
  const path: PathSegment[] = ['stages', name];
  const body = kind === 'foreach' && isRecord(def['do']) ? def['do'] : def;
  const bodyPath = body === def ? path : [...path, 'do'];
  const ctx = new TemplateContext(model.global);
  if (kind !== 'plain') {
    ctx.set('key', UNKNOWN);
    ctx.set('item', kind === 'matrix' && isRecord(def['matrix']) ? matrixItem(def['matrix']) : UNKNOWN);
  }
  const wdirRaw = typeof body['wdir'] === 'string' ? resolveString(body['wdir'], model.global) : undefined;
  const wdir = wdirRaw?.resolved && typeof wdirRaw.value === 'string' ? resolve(model.dir, wdirRaw.value) : model.dir;
  loadVars(model, ctx, body['vars'], wdir, [...bodyPath, 'vars'], files);
  return {
    name,
    kind,
    path,
    definition: def,
    body,
    bodyPath,
    wdir,
    ctx,
    deps: pathEntries(body['deps'], [...bodyPath, 'deps'], wdir, ctx),
    outs: ['outs', 'metrics', 'plots'].flatMap((field) => pathEntries(body[field], [...bodyPath, field], wdir, ctx)),
  };
}

function matrixItem(matrix: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(matrix).map((k) => [k, UNKNOWN]));
}

function pathEntries(list: unknown, listPath: PathSegment[], wdir: string, ctx: TemplateContext): PathEntry[] {
  if (!Array.isArray(list)) return [];
  const out: PathEntry[] = [];
  list.forEach((item, index) => {
    if (typeof item === 'string') out.push(entry(item, [...listPath, index], false, wdir, ctx));
    else if (isRecord(item)) {
      for (const key of Object.keys(item)) out.push(entry(key, [...listPath, index, key], true, wdir, ctx));
    }
  });
  return out;
}

function entry(raw: string, nodePath: PathSegment[], onKey: boolean, wdir: string, ctx: TemplateContext): PathEntry {
  const resolved = resolveString(raw, ctx);
  const text = resolved.resolved && typeof resolved.value === 'string' ? resolved.value : undefined;
  const absolute = text !== undefined && !isUrl(text) ? (isAbsolute(text) ? normalize(text) : joinUnder(wdir, text)) : undefined;
  return { raw, absolute, nodePath, onKey };
}

/** A path on a remote (s3://, gs://, https://, DVC's remote://): not a workspace file. */
export function isUrl(path: string): boolean {
  return /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(path);
}

/**
 * `vars` entries: a file path (optionally `file:key1,key2`) relative to the folder, or an inline mapping
 * (dvc/parsing/context.py load_from / merge_from).
 */
function loadVars(model: DvcPipelineModel, ctx: TemplateContext, vars: unknown, baseDir: string, varsPath: PathSegment[], files: VarsFiles): void {
  if (!Array.isArray(vars)) return;
  vars.forEach((item, index) => {
    if (isRecord(item)) {
      ctx.merge(item, { path: model.path, prefix: [...varsPath, index] });
      return;
    }
    if (typeof item !== 'string') return;
    const resolved = resolveString(item, model.global);
    const spec = resolved.resolved && typeof resolved.value === 'string' ? resolved.value : undefined;
    if (spec === undefined) {
      model.complete = false;
      return;
    }
    const [file, keys] = splitVarsSpec(spec);
    const path = resolve(baseDir, file);
    const loaded = loadVarsFile(files, path);
    if (!loaded.ok) {
      model.complete = false;
      model.varsProblems.push({ nodePath: [...varsPath, index], message: loaded.message.replace('%s', file) });
      return;
    }
    const data = keys ? Object.fromEntries(keys.filter((k) => k in loaded.data).map((k) => [k, loaded.data[k]])) : loaded.data;
    ctx.merge(data, { path, prefix: [] });
  });
}

/** `params.json:clean,feats` → file and selected keys; a bare path (or a Windows drive letter) has no selection. */
function splitVarsSpec(spec: string): [string, string[] | undefined] {
  const colon = spec.lastIndexOf(':');
  if (colon <= 1) return [spec, undefined];
  return [spec.slice(0, colon), spec.slice(colon + 1).split(',').map((k) => k.trim()).filter(Boolean)];
}

type Loaded = { ok: true; data: Record<string, unknown> } | { ok: false; message: string };

/** DVC reads YAML, JSON, TOML and Python params files; we read YAML/JSON and treat the others as opaque. */
export function loadVarsFile(files: VarsFiles, path: string): Loaded {
  let text: string | undefined;
  try {
    text = files.readText(path);
  } catch (error) {
    if (!(error instanceof PathEscapeError)) throw error;
    return { ok: false, message: `Could not load vars file '%s': it is outside the DVC project, so it is not read.` };
  }
  if (text === undefined) return { ok: false, message: `Could not load vars file '%s': it does not exist.` };
  if (!/\.(ya?ml|json)$/i.test(path)) return { ok: false, message: `Could not read vars file '%s': only YAML and JSON are checked here.` };
  try {
    const value = files.parse(path, text);
    return { ok: true, data: isRecord(value) ? value : {} };
  } catch (error) {
    return { ok: false, message: `Could not read vars file '%s': ${(error as Error).message}` };
  }
}
