// The pipeline graph `dvc dag` draws, from dvc.yaml + dvc.lock without DVC: stages (and the `.dvc`-tracked data
// feeding them), an edge wherever an output path is, contains or lies inside a dependency path (DVC's overlap
// rule), and whether each stage is stale — what `dvc status` would report: not in dvc.lock, command changed, a
// dependency's hash differs from dvc.lock, or a param's value differs (params compare by value, as DVC does).
import { isDeepStrictEqual } from 'node:util';
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { DvcFileError, type DvcProblem } from './dvcFileError';
import { type DvcLock, type LockStage, parseDvcLock } from './dvcLock';
import { loadVarsFile, type PipelineStage } from './dvcYaml';
import { HashCache } from './hashCache';
import type { HashEntry } from './outEntry';
import { compareDirectory, listFiles, statOrUndefined } from './status';
import { type DvcPipelineFile, type DvcProject, type DvcWorkspace, isRemoteUrl } from './workspace';

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

function connect(nodes: DagNode[]): DagEdge[] {
  const edges: DagEdge[] = [];
  for (const to of nodes) {
    for (const dep of to.deps) {
      for (const from of nodes) {
        if (from === to || from.project !== to.project) continue;
        if (from.outs.some((out) => overlaps(out, dep))) edges.push({ from: from.id, to: to.id, path: dep });
      }
    }
  }
  return edges;
}

function overlaps(out: string, dep: string): boolean {
  return out === dep || dep.startsWith(`${out}/`) || out.startsWith(`${dep}/`);
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
  const local = (path: string): string | undefined => (isRemoteUrl(path) ? undefined : posix.normalize(posix.join(base, path)));
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
  for (const dep of locked.deps) {
    if (isRemoteUrl(dep.path)) continue;
    const change = depChange(project, posix.join(base, dep.path), dep, hashes);
    if (change) reasons.push(`${dep.path} ${change}`);
  }
  for (const params of stage.params) {
    const recorded = locked.params[params.file] ?? {};
    const current = readParams(join(project.root, base, params.file));
    if (current === undefined) {
      reasons.push(`params file ${params.file} is missing`);
      continue;
    }
    const keys = params.keys === 'all' ? [...new Set([...Object.keys(recorded), ...Object.keys(current)])] : params.keys;
    for (const key of keys) {
      const now = paramValue(current, key);
      if (!(key in recorded) || !isDeepStrictEqual(now, recorded[key])) reasons.push(`param ${key} changed`);
    }
  }
  return reasons;
}

function depChange(project: DvcProject, path: string, dep: HashEntry, hashes: HashCache): string | undefined {
  const abs = join(project.root, path);
  const stats = statOrUndefined(abs);
  if (!stats) return 'is missing';
  if (!dep.md5) return undefined;
  if (!dep.isDir) return stats.isFile() && hashes.hash(abs, stats, dep.hash) === dep.md5 ? undefined : 'changed';
  const manifest = project.cache.readManifest(dep.md5, dep.hash);
  // Without the manifest the directory cannot be compared file by file; DVC would say the same after a gc.
  if (!manifest || !stats.isDirectory()) return manifest ? 'changed' : undefined;
  const changes = compareDirectory(listFiles(abs), manifest, dep, hashes);
  return changes.added.length + changes.removed.length + changes.modified.length > 0 ? 'changed' : undefined;
}

function commandText(cmd: string | string[]): string {
  return Array.isArray(cmd) ? cmd.join('\n') : cmd;
}

function readParams(path: string): Record<string, unknown> | undefined {
  if (!existsSync(path)) return undefined;
  return loadVarsFile(path, readFileSync(path, 'utf8'));
}

/** DVC params keys are dotted paths into the file (`train.lr`), with a literal dotted key taking precedence. */
function paramValue(params: Record<string, unknown>, key: string): unknown {
  if (key in params) return params[key];
  let current: unknown = params;
  for (const part of key.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}
