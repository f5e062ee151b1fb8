// Stages as `dvc repro` runs them, expanded from the pipeline model (pipeline.ts): a foreach/matrix definition
// becomes one stage per item under the name DVC gives it (dvc/parsing/__init__.py): `<stage>@<key>`; every field is
// interpolated with the stage's context, and what does not resolve is reported, not guessed.
import { posix } from 'node:path';
import { isRecord, type PathSegment } from '../yaml/records';
import type { DvcPipelineModel, StageModel } from './pipeline';
import { InterpolationError, interpolate, TemplateContext, toStr } from './templating';

export type StageOutputKind = 'out' | 'metric' | 'plot';

export interface StageOutput {
  path: string;
  kind: StageOutputKind;
  cache: boolean;
  persist: boolean;
}

export interface StageParams {
  /** Params file relative to the stage's wdir (`params.yaml` unless named). */
  file: string;
  /** Dotted keys, or 'all' when the whole file is a dependency. */
  keys: string[] | 'all';
}

export interface ExpandedStage {
  /** Full name as `dvc repro` and dvc.lock use it, e.g. `train@0` or `build@linux-cpu`. */
  name: string;
  /** The `stages:` key a foreach/matrix stage was generated from. */
  group?: string;
  /** Where the stage's fields are written (its `do:` for foreach). */
  nodePath: PathSegment[];
  /** Working directory relative to the dvc.yaml folder, POSIX, '.' when unset. */
  wdir: string;
  cmd: string | string[];
  deps: string[];
  outs: StageOutput[];
  params: StageParams[];
  frozen: boolean;
}

/** A finding that leaves the rest usable (an unresolved reference), at the node it is about. */
export type ReportProblem = (nodePath: PathSegment[], message: string) => void;

/** Thrown for a stage DVC refuses to read at all (no mapping, foreach and matrix together, foreach without do). */
export class StageShapeError extends Error {
  override name = 'StageShapeError';
  constructor(
    readonly nodePath: PathSegment[],
    message: string,
  ) {
    super(message);
  }
}

const DEFAULT_PARAMS_FILE = 'params.yaml';

export function expandStages(model: DvcPipelineModel, report: ReportProblem): ExpandedStage[] {
  const definitions = new Map(model.stages.map((s) => [s.name, s]));
  const stages: ExpandedStage[] = [];
  const stagesRaw = isRecord(model.value['stages']) ? model.value['stages'] : {};
  for (const [name, raw] of Object.entries(stagesRaw)) {
    const at = ['stages', name];
    const stage = definitions.get(name);
    if (!stage) throw new StageShapeError(at, `stage '${name}' must be a mapping with at least \`cmd:\`.`);
    const { definition } = stage;
    if ('foreach' in definition && 'matrix' in definition) throw new StageShapeError(at, `stage '${name}' has both \`foreach:\` and \`matrix:\`; DVC allows only one.`);
    if (stage.kind === 'foreach') {
      if (!isRecord(definition['do'])) throw new StageShapeError(at, `stage '${name}' has \`foreach:\` but no \`do:\` mapping.`);
      for (const [key, item, keyed] of foreachItems(model, at, raw, report)) {
        stages.push(resolveStage(stage, `${name}@${key}`, name, instanceContext(stage, item, keyed ? key : undefined), report));
      }
    } else if (stage.kind === 'matrix') {
      for (const [key, item] of matrixItems(model, at, definition['matrix'], report)) {
        stages.push(resolveStage(stage, `${name}@${key}`, name, instanceContext(stage, item, key), report));
      }
    } else stages.push(resolveStage(stage, name, undefined, stage.ctx, report));
  }
  return stages;
}

function instanceContext(stage: StageModel, item: unknown, key: string | undefined): TemplateContext {
  const ctx = new TemplateContext(stage.ctx);
  ctx.set('item', item);
  // A foreach over a list has no `key`: the definition's placeholder then stays unresolved, as in DVC.
  if (key !== undefined) ctx.set('key', key);
  return ctx;
}

/** foreach keys (parsing/__init__.py ForeachDefinition.normalized_iterable): dict keys; for a list, the values
 * themselves, unless any element is a list or dict — then the indexes. */
function foreachItems(model: DvcPipelineModel, at: PathSegment[], raw: unknown, report: ReportProblem): [string, unknown, boolean][] {
  const iterable = tryInterpolate([...at, 'foreach'], (raw as Record<string, unknown>)['foreach'], model.global, 'foreach', report);
  if (isRecord(iterable)) return Object.entries(iterable).map(([k, v]) => [k, v, true]);
  if (Array.isArray(iterable)) {
    const composite = iterable.some((v) => isRecord(v) || Array.isArray(v));
    return iterable.map((v, i) => [composite ? String(i) : toStr(v), v, false]);
  }
  if (iterable !== undefined) report([...at, 'foreach'], `\`foreach:\` must be a list or dictionary, got ${JSON.stringify(iterable)}.`);
  return [];
}

/** matrix keys (MatrixDefinition.normalized_iterable): the product of the lists, each fragment the value, or
 * `<name><index>` for a list/dict value, joined with '-'. */
function matrixItems(model: DvcPipelineModel, at: PathSegment[], raw: unknown, report: ReportProblem): [string, Record<string, unknown>][] {
  const resolved = tryInterpolate([...at, 'matrix'], raw, model.global, 'matrix', report);
  if (!isRecord(resolved)) {
    if (resolved !== undefined) report([...at, 'matrix'], '`matrix:` must map names to lists.');
    return [];
  }
  let combos: [string[], Record<string, unknown>][] = [[[], {}]];
  for (const [name, values] of Object.entries(resolved)) {
    if (!Array.isArray(values)) {
      report([...at, 'matrix', name], `matrix entry '${name}' must be a list.`);
      return [];
    }
    combos = combos.flatMap(([fragments, item]) =>
      values.map((v, i): [string[], Record<string, unknown>] => [
        [...fragments, isRecord(v) || Array.isArray(v) ? `${name}${i}` : toStr(v)],
        { ...item, [name]: v },
      ]),
    );
  }
  return combos.map(([fragments, item]) => [fragments.join('-'), item]);
}

function resolveStage(stage: StageModel, name: string, group: string | undefined, ctx: TemplateContext, report: ReportProblem): ExpandedStage {
  const { body, bodyPath: at } = stage;
  const field = (key: string): unknown => tryInterpolate([...at, key], body[key], ctx, key, report);
  const wdir = field('wdir');
  const cmd = field('cmd');
  const resolved: ExpandedStage = {
    name,
    nodePath: at,
    wdir: typeof wdir === 'string' && wdir !== '' ? posix.normalize(wdir) : '.',
    cmd: Array.isArray(cmd) ? cmd.map(String) : typeof cmd === 'string' ? cmd : '',
    deps: stringList([...at, 'deps'], field('deps'), report),
    outs: [...outputList(at, 'outs', field('outs'), report), ...outputList(at, 'metrics', field('metrics'), report), ...outputList(at, 'plots', field('plots'), report)],
    params: paramsList([...at, 'params'], field('params'), report),
    frozen: body['frozen'] === true,
  };
  if (group !== undefined) resolved.group = group;
  return resolved;
}

const KIND: Record<string, StageOutputKind> = { outs: 'out', metrics: 'metric', plots: 'plot' };

function outputList(at: PathSegment[], key: string, raw: unknown, report: ReportProblem): StageOutput[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    report([...at, key], `\`${key}:\` must be a list.`);
    return [];
  }
  const outputs: StageOutput[] = [];
  raw.forEach((item, i) => {
    if (typeof item === 'string') outputs.push({ path: item, kind: KIND[key]!, cache: key === 'outs', persist: false });
    else if (isRecord(item) && Object.keys(item).length === 1) {
      const [path, options] = Object.entries(item)[0]!;
      const opts = isRecord(options) ? options : {};
      outputs.push({ path, kind: KIND[key]!, cache: opts['cache'] !== undefined ? opts['cache'] !== false : key === 'outs', persist: opts['persist'] === true });
    } else report([...at, key, i], `each \`${key}:\` entry is a path or {path: options}.`);
  });
  return outputs;
}

function stringList(at: PathSegment[], raw: unknown, report: ReportProblem): string[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    report(at, 'expected a list of paths.');
    return [];
  }
  const paths: string[] = [];
  raw.forEach((item, i) => {
    if (typeof item === 'string') paths.push(item);
    else report([...at, i], 'expected a path.');
  });
  return paths;
}

function paramsList(at: PathSegment[], raw: unknown, report: ReportProblem): StageParams[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    report(at, '`params:` must be a list of keys or {file: [keys]}.');
    return [];
  }
  const byFile = new Map<string, string[] | 'all'>();
  const add = (file: string, keys: string[] | 'all'): void => {
    const known = byFile.get(file);
    byFile.set(file, known === 'all' || keys === 'all' ? 'all' : [...(known ?? []), ...keys]);
  };
  raw.forEach((item, i) => {
    if (typeof item === 'string') add(DEFAULT_PARAMS_FILE, [item]);
    else if (isRecord(item)) {
      // DVC: `- file.yaml:` with no keys (or an empty list) makes the whole file a dependency.
      for (const [file, keys] of Object.entries(item)) add(file, Array.isArray(keys) && keys.length > 0 ? keys.map(String) : 'all');
    } else report([...at, i], 'each `params:` entry is a key or {file: [keys]}.');
  });
  return [...byFile].map(([file, keys]) => ({ file, keys }));
}

function tryInterpolate(at: PathSegment[], raw: unknown, ctx: TemplateContext, field: string, report: ReportProblem): unknown {
  try {
    return interpolate(raw, ctx, field);
  } catch (error) {
    if (!(error instanceof InterpolationError)) throw error;
    report(at, error.message);
    return raw;
  }
}
