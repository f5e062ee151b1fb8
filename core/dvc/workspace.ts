// Finds the DVC projects in a workspace (folders holding `.dvc/`, nested ones included) and what they track:
// the outs of every `*.dvc` file and of every `dvc.lock` stage, as DVC resolves them (pointer folder + wdir + path).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, posix, relative, sep } from 'node:path';
import { PathEscapeError, resolveInside } from '../paths/containment';
import { DvcCache } from './dvcCache';
import { type DvcConfig, readDvcConfig } from './dvcConfig';
import { parseDvcFile } from './dvcFile';
import { DvcFileError, type DvcProblem } from './dvcFileError';
import { parseDvcLock } from './dvcLock';
import { type DvcYaml, parseDvcYaml } from './dvcYaml';
import type { HashEntry } from './outEntry';
import { outsideProjectMessage } from './outsideProject';
import { loadYaml, type YamlPath } from './yamlSource';
import { isUrl } from './pipeline';

export interface DvcProject {
  /** Absolute folder holding `.dvc/` (or the scanned folder when pointers live outside any project). */
  root: string;
  config: DvcConfig;
  cache: DvcCache;
}

export type PointerRef = { kind: 'dvc'; file: string } | { kind: 'lock'; file: string; stage: string };

export interface TrackedOutput {
  project: DvcProject;
  /** Relative to the project root, POSIX. */
  path: string;
  absPath: string;
  /** The pointer file relative to the project root (POSIX), and for dvc.lock the stage. */
  pointer: PointerRef;
  /** The path exactly as the pointer writes it (relative to the pointer's folder and wdir). */
  pointerPath: string;
  /** Folder the pointer's paths are relative to, relative to the project root (POSIX). */
  pointerBase: string;
  entry: HashEntry;
}

export interface DvcPipelineFile {
  project: DvcProject;
  /** dvc.yaml relative to the project root (POSIX). */
  file: string;
  pipeline: DvcYaml;
  lockFile: string;
}

export interface DvcWorkspace {
  projects: DvcProject[];
  outputs: TrackedOutput[];
  pipelines: DvcPipelineFile[];
  problems: DvcProblem[];
}

const SKIP = new Set(['.git', '.dvc', 'node_modules', '.venv', '__pycache__']);

export function scanWorkspace(folder: string): DvcWorkspace {
  const result: DvcWorkspace = { projects: [], outputs: [], pipelines: [], problems: [] };
  const fallback = isProjectRoot(folder) ? undefined : openProject(folder);
  const visit = (dir: string, project: DvcProject | undefined, skip: Set<string>): void => {
    let current = project;
    if (isProjectRoot(dir)) {
      current = openProject(dir);
      result.projects.push(current);
    }
    const entries = readdirSync(dir, { withFileTypes: true });
    const owner = current ?? fallback!;
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const abs = join(dir, entry.name);
      if (entry.name.endsWith('.dvc')) collect(result, () => readDvcPointer(owner, abs), skip);
      else if (entry.name === 'dvc.yaml') collect(result, () => readPipeline(owner, abs), skip);
    }
    for (const entry of entries) {
      if (!entry.isDirectory() || SKIP.has(entry.name)) continue;
      const abs = join(dir, entry.name);
      if (!skip.has(abs)) visit(abs, current, skip);
    }
  };
  visit(folder, undefined, new Set());
  if (fallback && (result.outputs.some((o) => o.project === fallback) || result.pipelines.some((p) => p.project === fallback))) {
    result.projects.unshift(fallback);
  }
  return result;
}

function isProjectRoot(dir: string): boolean {
  const dvcDir = join(dir, '.dvc');
  return existsSync(dvcDir) && statSync(dvcDir).isDirectory();
}

export function openProject(root: string): DvcProject {
  const config = readDvcConfig(root);
  return { root, config, cache: new DvcCache(config.cacheDir) };
}

/** The project a path belongs to: the nearest folder above it holding `.dvc/`. */
export function findProjectRoot(path: string): string | undefined {
  for (let dir = path; ; dir = dirname(dir)) {
    if (isProjectRoot(dir)) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

type Found = { outputs: TrackedOutput[]; pipeline?: DvcPipelineFile; problems: DvcProblem[] };

function collect(result: DvcWorkspace, read: () => Found, skip: Set<string>): void {
  try {
    const found = read();
    result.problems.push(...found.problems);
    for (const output of found.outputs) {
      result.outputs.push(output);
      // An output folder is data, not more project: never descend into it looking for pointers.
      skip.add(output.absPath);
    }
    if (found.pipeline) result.pipelines.push(found.pipeline);
  } catch (error) {
    if (!(error instanceof DvcFileError)) throw error;
    result.problems.push({ file: error.file, line: error.line, message: error.detail });
  }
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

function readDvcPointer(project: DvcProject, abs: string): Found {
  const file = toPosix(relative(project.root, abs));
  const text = readFileSync(abs, 'utf8');
  const parsed = parseDvcFile(file, text);
  const base = posix.normalize(posix.join(posix.dirname(file), parsed.wdir));
  const found: Found = { outputs: [], problems: [] };
  parsed.outs.forEach((entry, i) => {
    const tracked = output(project, { kind: 'dvc', file }, base, entry);
    if ('message' in tracked) found.problems.push({ ...tracked, line: lineOf(file, text, ['outs', i, 'path']) });
    else found.outputs.push(tracked);
  });
  return found;
}

function readPipeline(project: DvcProject, abs: string): Found {
  const dir = dirname(abs);
  const file = toPosix(relative(project.root, abs));
  const read = (rel: string): string | undefined => {
    // vars files named in dvc.yaml are read only inside the project (PathEscapeError is reported by the parser).
    const path = resolveInside(project.root, dir, rel, file);
    return existsSync(path) && statSync(path).isFile() ? readFileSync(path, 'utf8') : undefined;
  };
  const pipeline = parseDvcYaml(file, readFileSync(abs, 'utf8'), read);
  const lockFile = posix.join(posix.dirname(file), 'dvc.lock');
  const found: Found = { outputs: [], pipeline: { project, file, pipeline, lockFile }, problems: pipeline.problems };
  const lockText = read('dvc.lock');
  if (lockText === undefined) return found;
  const lock = parseDvcLock(lockFile, lockText);
  const defined = new Map(pipeline.stages.map((s) => [s.name, s]));
  for (const stage of lock.stages.values()) {
    const definition = defined.get(stage.name);
    const base = posix.normalize(posix.join(posix.dirname(file), definition?.wdir ?? '.'));
    stage.outs.forEach((entry, i) => {
      if (isUrl(entry.path)) return;
      // dvc.lock does not record `cache: false`; dvc.yaml does, and such outs live in git, not in the cache.
      const declared = definition?.outs.find((o) => o.path === entry.path);
      const tracked = output(project, { kind: 'lock', file: lockFile, stage: stage.name }, base, declared ? { ...entry, cache: declared.cache } : entry);
      if ('message' in tracked) found.problems.push({ ...tracked, line: lineOf(lockFile, lockText, ['stages', stage.name, 'outs', i, 'path']) });
      else found.outputs.push(tracked);
    });
  }
  return found;
}

/** The output as the project sees it, or the problem to report when its path leaves the project. */
function output(project: DvcProject, pointer: PointerRef, base: string, entry: HashEntry): TrackedOutput | DvcProblem {
  try {
    const absPath = resolveInside(project.root, join(project.root, base), entry.path);
    const path = toPosix(relative(project.root, absPath)) || '.';
    return { project, path, absPath, pointer, pointerPath: entry.path, pointerBase: base, entry };
  } catch (error) {
    if (!(error instanceof PathEscapeError)) throw error;
    const shown = isAbsolute(entry.path) ? entry.path : posix.normalize(posix.join(base, entry.path));
    return { file: pointer.file, line: undefined, message: outsideProjectMessage(shown, entry.cache, pointer.kind) };
  }
}

/** Lines are only worked out for the rare problem, so the common scan never builds a YAML syntax tree. */
function lineOf(file: string, text: string, at: YamlPath): number | undefined {
  return loadYaml(file, text).lineOf(at);
}
