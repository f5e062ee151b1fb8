// `dvc.yaml` pipelines (https://dvc.org/doc/user-guide/project-structure/dvcyaml-files): stages with templating
// and `foreach`/`matrix` expanded under the names DVC gives them (dvc/parsing/__init__.py): `<stage>@<key>`.
import { posix } from 'node:path';
import { DvcFileError, type DvcProblem } from './dvcFileError';
import { InterpolationError, interpolate, pythonStr, type TemplateContext } from './interpolate';
import { isRecord, loadYaml, type YamlPath, type YamlSource } from './yamlSource';

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

export interface PipelineStage {
  /** Full name as `dvc repro` and dvc.lock use it, e.g. `train@0` or `build@linux-cpu`. */
  name: string;
  /** The `stages:` key a foreach/matrix stage was generated from. */
  group?: string;
  file: string;
  line: number | undefined;
  /** Working directory relative to the dvc.yaml folder, POSIX, '.' when unset. */
  wdir: string;
  cmd: string | string[];
  deps: string[];
  outs: StageOutput[];
  params: StageParams[];
  frozen: boolean;
}

export interface DvcYaml {
  file: string;
  stages: PipelineStage[];
  problems: DvcProblem[];
}

/** Reads a file relative to the dvc.yaml folder; undefined when absent. */
export type ReadRelative = (relPath: string) => string | undefined;

const DEFAULT_PARAMS_FILE = 'params.yaml';

export function parseDvcYaml(file: string, text: string, read: ReadRelative): DvcYaml {
  const src = loadYaml(file, text);
  const problems: DvcProblem[] = [];
  if (src.value === null || src.value === undefined) return { file, stages: [], problems };
  if (!isRecord(src.value)) throw new DvcFileError(file, 1, 'dvc.yaml must be a mapping (stages:, vars:, params:, metrics:, plots:).');
  const global: TemplateContext = {};
  const defaults = read(DEFAULT_PARAMS_FILE);
  if (defaults !== undefined) mergeInto(global, loadVarsFile(DEFAULT_PARAMS_FILE, defaults));
  loadVars(src, ['vars'], src.value['vars'], '.', global, read, problems);

  const stagesRaw = src.value['stages'] ?? {};
  if (!isRecord(stagesRaw)) throw new DvcFileError(file, src.lineOf(['stages']), '`stages:` must be a mapping of stage name → definition.');
  const stages: PipelineStage[] = [];
  for (const [name, definition] of Object.entries(stagesRaw)) {
    const at = ['stages', name];
    if (!isRecord(definition)) throw new DvcFileError(file, src.lineOf(at), `stage '${name}' must be a mapping with at least \`cmd:\`.`);
    if ('foreach' in definition && 'matrix' in definition) {
      throw new DvcFileError(file, src.lineOf(at), `stage '${name}' has both \`foreach:\` and \`matrix:\`; DVC allows only one.`);
    }
    if ('foreach' in definition) {
      if (!isRecord(definition['do'])) throw new DvcFileError(file, src.lineOf(at), `stage '${name}' has \`foreach:\` but no \`do:\` mapping.`);
      for (const [key, item, keyed] of foreachItems(src, at, definition['foreach'], global, problems)) {
        const context = { ...global, item, ...(keyed ? { key } : {}) };
        stages.push(resolveStage(src, [...at, 'do'], `${name}@${key}`, name, definition['do'], context, read, problems));
      }
      continue;
    }
    if ('matrix' in definition) {
      const { matrix, ...template } = definition;
      for (const [key, item] of matrixItems(src, at, matrix, global, problems)) {
        stages.push(resolveStage(src, at, `${name}@${key}`, name, template, { ...global, item, key }, read, problems));
      }
      continue;
    }
    stages.push(resolveStage(src, at, name, undefined, definition, global, read, problems));
  }
  return { file, stages, problems };
}

/** foreach keys (parsing/__init__.py ForeachDefinition.normalized_iterable): dict keys; for a list, the values
 * themselves, unless any element is a list or dict — then the indexes. */
function foreachItems(src: YamlSource, at: YamlPath, raw: unknown, context: TemplateContext, problems: DvcProblem[]): [string, unknown, boolean][] {
  const iterable = tryInterpolate(src, [...at, 'foreach'], raw, context, problems);
  if (isRecord(iterable)) return Object.entries(iterable).map(([k, v]) => [k, v, true]);
  if (Array.isArray(iterable)) {
    const composite = iterable.some((v) => isRecord(v) || Array.isArray(v));
    return iterable.map((v, i) => [composite ? String(i) : pythonStr(v), v, false]);
  }
  if (iterable !== undefined) problem(src, [...at, 'foreach'], `\`foreach:\` must be a list or dictionary, got ${JSON.stringify(iterable)}.`, problems);
  return [];
}

/** matrix keys (MatrixDefinition.normalized_iterable): the product of the lists, each fragment the value, or
 * `<name><index>` for a list/dict value, joined with '-'. */
function matrixItems(src: YamlSource, at: YamlPath, raw: unknown, context: TemplateContext, problems: DvcProblem[]): [string, Record<string, unknown>][] {
  const resolved = tryInterpolate(src, [...at, 'matrix'], raw, context, problems);
  if (!isRecord(resolved)) {
    if (resolved !== undefined) problem(src, [...at, 'matrix'], '`matrix:` must map names to lists.', problems);
    return [];
  }
  let combos: [string[], Record<string, unknown>][] = [[[], {}]];
  for (const [name, values] of Object.entries(resolved)) {
    if (!Array.isArray(values)) {
      problem(src, [...at, 'matrix', name], `matrix entry '${name}' must be a list.`, problems);
      return [];
    }
    combos = combos.flatMap(([fragments, item]) =>
      values.map((v, i): [string[], Record<string, unknown>] => [
        [...fragments, isRecord(v) || Array.isArray(v) ? `${name}${i}` : pythonStr(v)],
        { ...item, [name]: v },
      ]),
    );
  }
  return combos.map(([fragments, item]) => [fragments.join('-'), item]);
}

function resolveStage(
  src: YamlSource,
  at: YamlPath,
  name: string,
  group: string | undefined,
  definition: Record<string, unknown>,
  outer: TemplateContext,
  read: ReadRelative,
  problems: DvcProblem[],
): PipelineStage {
  const wdirRaw = tryInterpolate(src, [...at, 'wdir'], definition['wdir'], outer, problems);
  const wdir = typeof wdirRaw === 'string' && wdirRaw !== '' ? posix.normalize(wdirRaw) : '.';
  let context = outer;
  if (definition['vars'] !== undefined) {
    context = structuredClone(outer);
    loadVars(src, [...at, 'vars'], definition['vars'], wdir, context, read, problems);
  }
  const field = (key: string): unknown => tryInterpolate(src, [...at, key], definition[key], context, problems);
  const cmd = field('cmd');
  const stage: PipelineStage = {
    name,
    file: src.file,
    line: src.lineOf(at),
    wdir,
    cmd: Array.isArray(cmd) ? cmd.map(String) : typeof cmd === 'string' ? cmd : '',
    deps: stringList(src, [...at, 'deps'], field('deps'), problems),
    outs: [...outputList(src, at, 'outs', field('outs'), problems), ...outputList(src, at, 'metrics', field('metrics'), problems), ...outputList(src, at, 'plots', field('plots'), problems)],
    params: paramsList(src, [...at, 'params'], field('params'), problems),
    frozen: definition['frozen'] === true,
  };
  if (group !== undefined) stage.group = group;
  return stage;
}

const KIND: Record<string, StageOutputKind> = { outs: 'out', metrics: 'metric', plots: 'plot' };

function outputList(src: YamlSource, at: YamlPath, key: string, raw: unknown, problems: DvcProblem[]): StageOutput[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    problem(src, [...at, key], `\`${key}:\` must be a list.`, problems);
    return [];
  }
  const outputs: StageOutput[] = [];
  raw.forEach((item, i) => {
    if (typeof item === 'string') outputs.push({ path: item, kind: KIND[key]!, cache: key === 'outs', persist: false });
    else if (isRecord(item) && Object.keys(item).length === 1) {
      const [path, options] = Object.entries(item)[0]!;
      const opts = isRecord(options) ? options : {};
      outputs.push({ path, kind: KIND[key]!, cache: opts['cache'] !== undefined ? opts['cache'] !== false : key === 'outs', persist: opts['persist'] === true });
    } else problem(src, [...at, key, i], `each \`${key}:\` entry is a path or {path: options}.`, problems);
  });
  return outputs;
}

function stringList(src: YamlSource, at: YamlPath, raw: unknown, problems: DvcProblem[]): string[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    problem(src, at, 'expected a list of paths.', problems);
    return [];
  }
  const paths: string[] = [];
  raw.forEach((item, i) => {
    if (typeof item === 'string') paths.push(item);
    else problem(src, [...at, i], 'expected a path.', problems);
  });
  return paths;
}

function paramsList(src: YamlSource, at: YamlPath, raw: unknown, problems: DvcProblem[]): StageParams[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    problem(src, at, '`params:` must be a list of keys or {file: [keys]}.', problems);
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
    } else problem(src, [...at, i], 'each `params:` entry is a key or {file: [keys]}.', problems);
  });
  return [...byFile].map(([file, keys]) => ({ file, keys }));
}

function loadVars(src: YamlSource, at: YamlPath, raw: unknown, wdir: string, into: TemplateContext, read: ReadRelative, problems: DvcProblem[]): void {
  if (raw === undefined || raw === null) return;
  if (!Array.isArray(raw)) {
    problem(src, at, '`vars:` must be a list of files or mappings.', problems);
    return;
  }
  raw.forEach((item, i) => {
    if (isRecord(item)) {
      mergeInto(into, item);
      return;
    }
    if (typeof item !== 'string') {
      problem(src, [...at, i], '`vars:` entries are a file path or a mapping.', problems);
      return;
    }
    const [path, keys] = splitVarsItem(item);
    const rel = posix.join(wdir, path);
    const text = read(rel);
    if (text === undefined) {
      problem(src, [...at, i], `vars file '${rel}' was not found next to ${src.file}.`, problems);
      return;
    }
    try {
      const values = loadVarsFile(rel, text);
      mergeInto(into, keys ? Object.fromEntries(keys.filter((k) => k in values).map((k) => [k, values[k]])) : values);
    } catch (error) {
      problem(src, [...at, i], error instanceof Error ? error.message : String(error), problems);
    }
  });
}

function splitVarsItem(item: string): [string, string[] | undefined] {
  const colon = item.indexOf(':');
  if (colon < 0) return [item, undefined];
  return [item.slice(0, colon), item.slice(colon + 1).split(',').filter((k) => k !== '')];
}

export function loadVarsFile(file: string, text: string): Record<string, unknown> {
  if (/\.(toml|py)$/i.test(file)) throw new InterpolationError(`'${file}': only YAML and JSON params files are read here.`);
  const value = /\.json$/i.test(file) ? JSON.parse(text) : loadYaml(file, text).value;
  return isRecord(value) ? value : {};
}

function mergeInto(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (isRecord(existing) && isRecord(value)) {
      const copy = { ...existing };
      mergeInto(copy, value);
      target[key] = copy;
    } else target[key] = value;
  }
}

function tryInterpolate(src: YamlSource, at: YamlPath, raw: unknown, context: TemplateContext, problems: DvcProblem[]): unknown {
  try {
    return interpolate(raw, context);
  } catch (error) {
    if (!(error instanceof InterpolationError)) throw error;
    problem(src, at, error.message, problems);
    return raw;
  }
}

function problem(src: YamlSource, at: YamlPath, message: string, problems: DvcProblem[]): void {
  problems.push({ file: src.file, line: src.lineOf(at), message });
}
