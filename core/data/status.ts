// Workspace status of tracked outputs, compared with their pointers the way `dvc data status` does, without DVC:
// unchanged / modified (content hash differs) / missing (absent, restorable from the cache) / not_in_cache (the
// pointer's content is not in the local cache: `dvc pull` is needed to restore or compare it).
import { readdirSync, type Stats, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { sep } from 'node:path';
import { tryResolveInside } from '../paths/containment';
import { DvcFileError } from '../dvc/dvcFileError';
import { HashCache } from './hashCache';
import type { DirEntry, HashEntry } from '../dvc/outEntry';
import type { DvcProject, DvcWorkspace, TrackedOutput } from '../dvc/workspace';

export type DataStatus = 'unchanged' | 'modified' | 'missing' | 'not_in_cache';

export interface DirectoryChanges {
  added: string[];
  removed: string[];
  modified: string[];
}

export interface OutputStatus {
  path: string;
  /** Absolute project root, so callers can group by project. */
  project: string;
  pointer: string;
  status: DataStatus;
  /** The workspace copy against the pointer; 'unknown' when there is nothing to compare it with locally. */
  workspace: 'unchanged' | 'modified' | 'missing' | 'unknown';
  /** Whether the pointer's content (file object, or manifest and every file) is in the local cache. */
  inCache: boolean;
  changes?: DirectoryChanges;
  /** Why the directory manifest could not be used (unreadable, or naming a path outside the directory). */
  problem?: string;
}

export interface WorkspaceFile {
  relpath: string;
  abs: string;
  stats: Stats;
}

/** Status of every tracked output, one hash cache per project, saved once at the end. */
export function workspaceStatus(workspace: DvcWorkspace): OutputStatus[] {
  const caches = new Map<DvcProject, HashCache>();
  const statuses = workspace.outputs.map((output) => {
    let hashes = caches.get(output.project);
    if (!hashes) {
      hashes = HashCache.forProject(output.project.root);
      caches.set(output.project, hashes);
    }
    return outputStatus(output, hashes);
  });
  for (const cache of caches.values()) cache.save();
  return statuses;
}

export function outputStatus(output: TrackedOutput, hashes: HashCache): OutputStatus {
  const { entry, project } = output;
  const base = { path: output.path, project: project.root, pointer: pointerLabel(output) };
  const stats = statOrUndefined(output.absPath);
  if (!entry.isDir) {
    const inCache = entry.md5 !== undefined && (!entry.cache || project.cache.has(entry.md5, entry.hash));
    if (!stats?.isFile()) return { ...base, workspace: 'missing', inCache, status: inCache ? 'missing' : 'not_in_cache' };
    if (entry.md5 === undefined) return { ...base, workspace: 'unknown', inCache, status: 'not_in_cache' };
    const same = hashes.hash(output.absPath, stats, entry.hash) === entry.md5;
    return { ...base, workspace: same ? 'unchanged' : 'modified', inCache, status: same ? (inCache ? 'unchanged' : 'not_in_cache') : 'modified' };
  }
  if (!stats?.isDirectory()) {
    const { manifest, problem } = readManifest(output);
    if (problem) return { ...base, workspace: 'missing', inCache: false, status: 'not_in_cache', problem };
    const inCache = manifest !== undefined && (!entry.cache || project.cache.hasAll(manifest.map((f) => f.md5), entry.hash));
    return { ...base, workspace: 'missing', inCache, status: inCache ? 'missing' : 'not_in_cache' };
  }
  const files = listFiles(output.absPath, project.root);
  // Everything the result depends on: the pointer, each file's stat, and the cache folders the objects live in.
  const key = `${entry.hash}\t${output.absPath}`;
  const fingerprint = directoryFingerprint(output, files);
  const known = hashes.recall<DirectoryResult>(key, fingerprint);
  if (known) return { ...base, ...known };
  const { manifest, problem } = readManifest(output);
  const inCache = manifest !== undefined && (!entry.cache || project.cache.hasAll(manifest.map((f) => f.md5), entry.hash));
  let result: DirectoryResult;
  if (problem) result = { workspace: 'unknown', inCache, status: 'not_in_cache', problem };
  else if (!manifest) result = { workspace: 'unknown', inCache, status: 'not_in_cache' };
  else {
    const changes = compareDirectory(files, manifest, entry, hashes);
    const same = changes.added.length + changes.removed.length + changes.modified.length === 0;
    result = { workspace: same ? 'unchanged' : 'modified', inCache, status: same ? (inCache ? 'unchanged' : 'not_in_cache') : 'modified', changes };
  }
  hashes.remember(key, fingerprint, result);
  return { ...base, ...result };
}

type DirectoryResult = Pick<OutputStatus, 'workspace' | 'inCache' | 'status' | 'changes' | 'problem'>;

/** The manifest, or the problem that makes it unusable: one bad directory must not stop the status of the rest. */
function readManifest(output: TrackedOutput): { manifest?: DirEntry[]; problem?: string } {
  try {
    const manifest = directoryManifest(output);
    return manifest ? { manifest } : {};
  } catch (error) {
    if (!(error instanceof DvcFileError)) throw error;
    return { problem: error.message };
  }
}

function directoryFingerprint(output: TrackedOutput, files: WorkspaceFile[]): string {
  const stamp = `${output.entry.md5 ?? ''}\n${output.entry.cache}\n${output.project.cache.folderStamp(output.entry.hash)}\n`;
  // One string and one digest call: 10,000 separate update() calls cost more than the stats they summarise.
  const listing = files.map((f) => `${f.relpath}\0${f.stats.size}\0${f.stats.mtimeMs}\0${f.stats.ino}`).join('\n');
  return createHash('md5').update(stamp).update(listing).digest('hex');
}

/** The file list of a directory output: inline `files:` (version-aware outs) or the `.dir` object in the cache. */
export function directoryManifest(output: Pick<TrackedOutput, 'entry' | 'project'>): DirEntry[] | undefined {
  const { entry } = output;
  if (entry.files) return entry.files;
  return entry.md5 ? output.project.cache.readManifest(entry.md5, entry.hash) : undefined;
}

export function compareDirectory(files: WorkspaceFile[], manifest: DirEntry[], entry: HashEntry, hashes: HashCache): DirectoryChanges {
  const present = new Map(files.map((f) => [f.relpath, f]));
  const changes: DirectoryChanges = { added: [], removed: [], modified: [] };
  const expected = new Set<string>();
  for (const item of manifest) {
    expected.add(item.relpath);
    const file = present.get(item.relpath);
    if (!file) changes.removed.push(item.relpath);
    else if (hashes.hash(file.abs, file.stats, entry.hash) !== item.md5) changes.modified.push(item.relpath);
  }
  for (const relpath of present.keys()) if (!expected.has(relpath)) changes.added.push(relpath);
  changes.added.sort();
  return changes;
}

/**
 * Files under `dir` with POSIX relpaths, as DVC lists a directory output (symlinks followed as files) — except a
 * symlink whose target is outside `root`, the project: a checked-in link must not make us read elsewhere.
 */
export function listFiles(dir: string, root: string): WorkspaceFile[] {
  const files: WorkspaceFile[] = [];
  const walk = (abs: string, prefix: string): void => {
    for (const dirent of readdirSync(abs, { withFileTypes: true })) {
      // Plain concatenation: path.join's normalisation is measurable over 10,000 files and adds nothing here.
      const path = `${abs}${sep}${dirent.name}`;
      const relpath = prefix + dirent.name;
      if (dirent.isDirectory()) walk(path, `${relpath}/`);
      else if (dirent.isFile() || (dirent.isSymbolicLink() && tryResolveInside(root, root, path) !== undefined)) files.push({ relpath, abs: path, stats: statSync(path) });
    }
  };
  walk(dir, '');
  return files;
}

function pointerLabel(output: TrackedOutput): string {
  return output.pointer.kind === 'dvc' ? output.pointer.file : `${output.pointer.file}:${output.pointer.stage}`;
}

export function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
