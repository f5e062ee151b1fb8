// The pipeline graph `dvc dag` draws, from dvc.yaml + dvc.lock without DVC: stages (and the `.dvc`-tracked data
// feeding them), an edge wherever an output path is, contains or lies inside a dependency path (DVC's overlap
// rule), and whether each stage is stale — what `dvc status` would report: not in dvc.lock, command changed, a
// dependency's hash differs from dvc.lock, or a param's value differs (params compare by value, as DVC does).
import { isDeepStrictEqual } from 'node:util';
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { tryResolveInside } from '../paths/containment';
import { DvcFileError, type DvcProblem } from '../dvc/dvcFileError';
import { type DvcLock, type LockStage, parseDvcLock } from '../dvc/dvcLock';
import { loadVarsValue, type PipelineStage } from '../dvc/dvcYaml';
import { indexOutputs, outputsTouching } from '../dvc/outputIndex';
import { isUrl, loadVarsFile } from '../dvc/pipeline';
import { lookupParam } from '../dvc/templating';
import { HashCache } from './hashCache';
import type { DirEntry, HashEntry } from '../dvc/outEntry';
import { compareDirectory, listFiles, statOrUndefined } from './status';
import type { DvcPipelineFile, DvcProject, DvcWorkspace } from '../dvc/workspace';

export interface DagNode {
  /** `<dvc.yaml path>:<stage>` for stages, the `.dvc` file for tracked data. */
  id: string;
  kind: 'stage' | 'data';
  name: string;
  /** Absolute project root. */
  project: string;
  /** dvc.yaml or .dvc file, relative to the project root. */
  file: string;
  line: number | undefined;
  /** Dependencies and outputs relative to the project root (POSIX). */
  deps: string[];
  outs: string[];
  stale: boolean;
  /** Why the stage is stale (empty when it is up to date). */
  reasons: string[];
  frozen: boolean;
}

export interface DagEdge {
  from: string;
  to: string;
  /** The dependency path through which `from` feeds `to`. */
  path: string;
}

export interface PipelineDag {
  nodes: DagNode[];
  edges: DagEdge[];
  problems: DvcProblem[];
}

export function buildPipelineDag(workspace: DvcWorkspace): PipelineDag {
  const nodes: DagNode[] = [];
  const problems: DvcProblem[] = [...workspace.problems];
  const caches = new Map<DvcProject, HashCache>();
  const hashesFor = (project: DvcProject): HashCache => {
    const known = caches.get(project) ?? HashCache.forProject(project.root);
    caches.set(project, known);
    return known;
  };
  for (const pipeline of workspace.pipelines) {
    const lock = readLock(pipeline, problems);
    for (const stage of pipeline.pipeline.stages) nodes.push(stageNode(pipeline, stage, lock?.stages.get(stage.name), hashesFor(pipeline.project)));
  }
  for (const output of workspace.outputs) {
    if (output.pointer.kind !== 'dvc') continue;
    nodes.push({
      id: output.pointer.file,
      kind: 'data',
      name: output.pointer.file,
      project: output.project.root,
      file: output.pointer.file,
      line: undefined,
      deps: [],
      outs: [output.path],
      stale: false,
      reasons: [],
      frozen: false,
    });
  }
  for (const cache of caches.values()) cache.save();
  return { nodes, edges: connect(nodes), problems };
}

/** An edge wherever DVC's overlap rule (core/dvc/outputIndex.ts) feeds a dependency, within one project. */
function connect(nodes: DagNode[]): DagEdge[] {
  const order = new Map(nodes.map((node, i) => [node, i]));
  const outputs = new Map<string, { path: string; node: DagNode }[]>();
  for (const node of nodes) {
    const list = outputs.get(node.project) ?? [];
    for (const out of node.outs) list.push({ path: join(node.project, out), node });
    outputs.set(node.project, list);
  }
  const indexes = new Map([...outputs].map(([project, list]) => [project, indexOutputs(list)]));
  const edges: DagEdge[] = [];
  for (const to of nodes) {
    const index = indexes.get(to.project)!;
    for (const dep of to.deps) {
      const feeders = new Set(outputsTouching(index, join(to.project, dep)).map((o) => o.node));
      feeders.delete(to);
      for (const from of [...feeders].sort((a, b) => order.get(a)! - order.get(b)!)) edges.push({ from: from.id, to: to.id, path: dep });
    }
  }
  return edges;
}

function readLock(pipeline: DvcPipelineFile, problems: DvcProblem[]): DvcLock | undefined {
  const path = join(pipeline.project.root, pipeline.lockFile);
  if (!existsSync(path)) return undefined;
  try {
    return parseDvcLock(pipeline.lockFile, readFileSync(path, 'utf8'));
  } catch (error) {
    if (!(error instanceof DvcFileError)) throw error;
    problems.push({ file: error.file, line: error.line, message: error.detail });
    return undefined;
  }
}

function stageNode(pipeline: DvcPipelineFile, stage: PipelineStage, locked: LockStage | undefined, hashes: HashCache): DagNode {
  const base = posix.normalize(posix.join(posix.dirname(pipeline.file), stage.wdir));
  const local = (path: string): string | undefined => (isUrl(path) ? undefined : posix.normalize(posix.join(base, path)));
  const node: DagNode = {
    id: `${pipeline.file}:${stage.name}`,
    kind: 'stage',
    name: stage.name,
    project: pipeline.project.root,
    file: pipeline.file,
    line: stage.line,
    deps: stage.deps.map(local).filter((p): p is string => p !== undefined),
    outs: stage.outs.map((o) => local(o.path)).filter((p): p is string => p !== undefined),
    stale: false,
    reasons: [],
    frozen: stage.frozen,
  };
  // DVC never reruns a frozen stage, so it is never reported as changed.
  if (!stage.frozen) node.reasons = staleReasons(pipeline.project, base, stage, locked, hashes);
  node.stale = node.reasons.length > 0;
  return node;
}

function staleReasons(project: DvcProject, base: string, stage: PipelineStage, locked: LockStage | undefined, hashes: HashCache): string[] {
  if (!locked) return ['never run: not in dvc.lock'];
  const reasons: string[] = [];
  if (commandText(stage.cmd) !== commandText(locked.cmd)) reasons.push('command changed');
  const lockedDeps = new Set(locked.deps.map((d) => d.path));
  for (const dep of stage.deps) if (!lockedDeps.has(dep)) reasons.push(`new dependency ${dep}`);
  const baseDir = join(project.root, base);
  for (const dep of locked.deps) {
    if (isUrl(dep.path)) continue;
    // DVC accepts dependencies outside the project; we read nothing there, so they count as unchanged.
    const abs = tryResolveInside(project.root, baseDir, dep.path);
    const change = abs && depChange(project, abs, dep, hashes);
    if (change) reasons.push(`${dep.path} ${change}`);
  }
  for (const params of stage.params) {
    const recorded = locked.params[params.file] ?? {};
    const path = tryResolveInside(project.root, baseDir, params.file);
    if (path === undefined) {
      reasons.push(`params file ${params.file} is outside the DVC project (not read)`);
      continue;
    }
    const current = readParams(path);
    if (current === undefined) {
      reasons.push(`params file ${params.file} is missing`);
      continue;
    }
    // TOML and Python params files are not read here: their values cannot be compared.
    if (current === 'unreadable') continue;
    const keys = params.keys === 'all' ? [...new Set([...Object.keys(recorded), ...Object.keys(current)])] : params.keys;
    for (const key of keys) {
      const found = lookupParam(current, key);
      const now = found.found ? found.value : undefined;
      if (!(key in recorded) || !isDeepStrictEqual(now, recorded[key])) reasons.push(`param ${key} changed`);
    }
  }
  return reasons;
}

function depChange(project: DvcProject, abs: string, dep: HashEntry, hashes: HashCache): string | undefined {
  const stats = statOrUndefined(abs);
  if (!stats) return 'is missing';
  if (!dep.md5) return undefined;
  if (!dep.isDir) return stats.isFile() && hashes.hash(abs, stats, dep.hash) === dep.md5 ? undefined : 'changed';
  let manifest: DirEntry[] | undefined;
  try {
    manifest = project.cache.readManifest(dep.md5, dep.hash);
  } catch (error) {
    if (!(error instanceof DvcFileError)) throw error;
    return `cannot be compared: ${error.message}`;
  }
  // Without the manifest the directory cannot be compared file by file; DVC would say the same after a gc.
  if (!manifest || !stats.isDirectory()) return manifest ? 'changed' : undefined;
  const changes = compareDirectory(listFiles(abs, project.root), manifest, dep, hashes);
  return changes.added.length + changes.removed.length + changes.modified.length > 0 ? 'changed' : undefined;
}

function commandText(cmd: string | string[]): string {
  return Array.isArray(cmd) ? cmd.join('\n') : cmd;
}

/** A stage's params file, read as the pipeline model reads vars files; undefined when it does not exist. */
function readParams(path: string): Record<string, unknown> | 'unreadable' | undefined {
  if (!existsSync(path)) return undefined;
  const loaded = loadVarsFile({ readText: (p) => readFileSync(p, 'utf8'), parse: loadVarsValue }, path);
  return loaded.ok ? loaded.data : 'unreadable';
}

