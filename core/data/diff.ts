// Compares two versions of a tracked output, like `dvc diff <a> <b> -- <path>` for one path: for a file the hash
// and size change (and for CSV/TSV present locally, rows and columns); for a directory the added, removed and
// modified files from the two manifests.
import { HashCache } from './hashCache';
import type { DirEntry, HashEntry } from '../dvc/outEntry';
import { entryAtRevision, WORKSPACE } from './revisionEntry';
import { directoryManifest, listFiles, statOrUndefined } from './status';
import { isTablePath, readTableStats, type TableStats } from './tableStats';
import type { TrackedOutput } from '../dvc/workspace';

export interface VersionSide {
  rev: string;
  present: boolean;
  md5?: string;
  size?: number;
  nfiles?: number;
}

export interface TableChange {
  rowsA: number;
  rowsB: number;
  columnsAdded: string[];
  columnsRemoved: string[];
}

export interface FileDiff {
  kind: 'file';
  path: string;
  a: VersionSide;
  b: VersionSide;
  changed: boolean;
  sizeDelta?: number;
  table?: TableChange;
  /** Why a CSV/TSV was not compared (content not in the local cache). */
  tableNote?: string;
}

export interface DirectoryDiff {
  kind: 'directory';
  path: string;
  a: VersionSide;
  b: VersionSide;
  changed: boolean;
  added: string[];
  removed: string[];
  modified: string[];
  /** Set when a manifest is not available locally, so file lists could not be compared. */
  note?: string;
}

export type DataDiff = FileDiff | DirectoryDiff;

interface Side {
  side: VersionSide;
  /** Where this version's bytes are (file outputs), when available locally. */
  contentPath?: string;
  manifest?: DirEntry[];
}

export async function diffVersions(output: TrackedOutput, revA = 'HEAD', revB = WORKSPACE): Promise<DataDiff> {
  const hashes = HashCache.forProject(output.project.root);
  const a = await resolveSide(output, revA, hashes);
  const b = await resolveSide(output, revB, hashes);
  hashes.save();
  if (output.entry.isDir) return diffDirectories(output.path, a, b);
  const diff: FileDiff = { kind: 'file', path: output.path, a: a.side, b: b.side, changed: a.side.md5 !== b.side.md5 || a.side.present !== b.side.present };
  if (a.side.size !== undefined && b.side.size !== undefined) diff.sizeDelta = b.side.size - a.side.size;
  if (isTablePath(output.path) && diff.changed) {
    if (a.contentPath && b.contentPath) diff.table = compareTables(await readTableStats(a.contentPath, output.path), await readTableStats(b.contentPath, output.path));
    else diff.tableNote = 'rows and columns not compared: one version is not in the local cache or workspace (dvc pull it first).';
  }
  return diff;
}

function compareTables(a: TableStats, b: TableStats): TableChange {
  return {
    rowsA: a.rows,
    rowsB: b.rows,
    columnsAdded: b.columns.filter((c) => !a.columns.includes(c)),
    columnsRemoved: a.columns.filter((c) => !b.columns.includes(c)),
  };
}

function diffDirectories(path: string, a: Side, b: Side): DirectoryDiff {
  const diff: DirectoryDiff = { kind: 'directory', path, a: a.side, b: b.side, changed: a.side.md5 !== b.side.md5, added: [], removed: [], modified: [] };
  if (!a.manifest || !b.manifest) {
    if (a.side.present && b.side.present) diff.note = 'file lists not compared: a directory manifest is not in the local cache (dvc fetch it first).';
    return diff;
  }
  const before = new Map(a.manifest.map((f) => [f.relpath, f.md5]));
  const after = new Map(b.manifest.map((f) => [f.relpath, f.md5]));
  for (const [relpath, md5] of after) {
    const old = before.get(relpath);
    if (old === undefined) diff.added.push(relpath);
    else if (old !== md5) diff.modified.push(relpath);
  }
  for (const relpath of before.keys()) if (!after.has(relpath)) diff.removed.push(relpath);
  for (const list of [diff.added, diff.removed, diff.modified]) list.sort();
  diff.changed = diff.added.length + diff.removed.length + diff.modified.length > 0 || a.side.present !== b.side.present;
  return diff;
}

async function resolveSide(output: TrackedOutput, rev: string, hashes: HashCache): Promise<Side> {
  if (rev === WORKSPACE) return workspaceSide(output, hashes);
  const entry = await entryAtRevision(output, rev);
  const side: VersionSide = { rev, present: true };
  copyMeta(side, entry);
  if (!entry.isDir) {
    const contentPath = entry.md5 ? output.project.cache.find(entry.md5, entry.hash) : undefined;
    return contentPath ? { side, contentPath } : { side };
  }
  const manifest = directoryManifest({ entry, project: output.project });
  return manifest ? { side, manifest } : { side };
}

/** The files on disk, hashed with the rule of the current pointer (DVC 2 or DVC 3), so they compare with it. */
function workspaceSide(output: TrackedOutput, hashes: HashCache): Side {
  const kind = output.entry.hash;
  const stats = statOrUndefined(output.absPath);
  if (!stats) return { side: { rev: WORKSPACE, present: false } };
  if (!output.entry.isDir) {
    return { side: { rev: WORKSPACE, present: true, md5: hashes.hash(output.absPath, stats, kind), size: stats.size }, contentPath: output.absPath };
  }
  const files = listFiles(output.absPath, output.project.root);
  const manifest = files.map((f) => ({ relpath: f.relpath, md5: hashes.hash(f.abs, f.stats, kind) }));
  const size = files.reduce((sum, f) => sum + f.stats.size, 0);
  return { side: { rev: WORKSPACE, present: true, size, nfiles: files.length }, manifest };
}

function copyMeta(side: VersionSide, entry: HashEntry): void {
  if (entry.md5 !== undefined) side.md5 = entry.md5;
  if (entry.size !== undefined) side.size = entry.size;
  if (entry.nfiles !== undefined) side.nfiles = entry.nfiles;
}
