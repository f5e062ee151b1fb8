// Reads a Hugging Face Hub cache (huggingface_hub's file layout, docs "Manage huggingface_hub cache-system") and counts
// it the way huggingface_hub's `scan_cache_dir` does, so the figures match `hf cache ls` / `huggingface-cli scan-cache`:
// - a repository's size and file count are over the distinct blobs its snapshots link to (orphan blobs do not count);
// - a revision counts every file of its snapshot, and its size is over the distinct blobs those files link to;
// - a snapshot link's blob is its first hop when that lands in the repository's blobs/ folder, else the fully
//   resolved target; a file copied into a snapshot (no symlink support) is its own blob;
// - refs are named by their path under refs/ (`main`, `refs/pr/1` → `refs/pr/1`), and a ref file's whole content is
//   the commit hash it names;
// - a repository that breaks one of these rules is left out and becomes a warning, as CorruptedCacheException does.
// Directory symlinks inside a snapshot are skipped, not followed (Python ≥ 3.13's glob does the same), so a hostile
// cache cannot send the walk in circles.
import { readdirSync, readFileSync, readlinkSync, realpathSync, type Stats, statSync } from 'node:fs';
import { basename, join, resolve, sep } from 'node:path';

export type HfRepoType = 'model' | 'dataset' | 'space';

export interface HfCachedFile {
  /** Path inside the snapshot, `/`-separated (`onnx/model.onnx`). */
  name: string;
  path: string;
  blobPath: string;
  size: number;
  /** Seconds since the epoch, as Python's st_atime / st_mtime. */
  lastAccessed: number;
  lastModified: number;
}

export interface HfRevision {
  commitHash: string;
  /** Sorted names of the refs that point at this commit. */
  refs: string[];
  sizeOnDisk: number;
  nbFiles: number;
  lastModified: number;
  snapshotPath: string;
  files: HfCachedFile[];
}

export interface HfRepo {
  repoId: string;
  repoType: HfRepoType;
  repoPath: string;
  sizeOnDisk: number;
  nbFiles: number;
  lastAccessed: number;
  lastModified: number;
  /** Sorted by commit hash, as `scan-cache -v` lists them. */
  revisions: HfRevision[];
}

export interface HfCacheInfo {
  cacheDir: string;
  /** Over the distinct blobs of every repository (a blob two repositories link to counts once). */
  sizeOnDisk: number;
  /** Sorted by folder name, as `scan-cache` lists them. */
  repos: HfRepo[];
  warnings: string[];
}

export class HfCacheError extends Error {
  override name = 'HfCacheError';
}

class CorruptedCache extends Error {}

// huggingface_hub's FILES_TO_IGNORE, and what scan_cache_dir skips at the top of the cache.
const IGNORED = '.DS_Store';
const TOP_LEVEL_SKIPPED = new Set([IGNORED, '.locks', 'CACHEDIR.TAG']);
const REPO_TYPES = new Set<string>(['model', 'dataset', 'space']);
const NO_THROW = { throwIfNoEntry: false } as const;

export function scanHfCache(dir: string): HfCacheInfo {
  const cacheDir = cacheRoot(dir);
  const repos: HfRepo[] = [];
  const warnings: string[] = [];
  const names = readdirSync(cacheDir).filter((name) => !TOP_LEVEL_SKIPPED.has(name));
  for (const name of names.sort()) {
    try {
      repos.push(scanRepo(join(cacheDir, name)));
    } catch (error) {
      if (!(error instanceof CorruptedCache)) throw error;
      warnings.push(error.message);
    }
  }
  const blobs = new Map<string, number>();
  for (const repo of repos) for (const revision of repo.revisions) for (const file of revision.files) blobs.set(file.blobPath, file.size);
  let sizeOnDisk = 0;
  for (const size of blobs.values()) sizeOnDisk += size;
  return { cacheDir, sizeOnDisk, repos, warnings };
}

function cacheRoot(dir: string): string {
  let real: string;
  try {
    real = realpathSync(dir);
  } catch {
    throw new HfCacheError(`Hugging Face cache not found: ${dir}. Set HF_HUB_CACHE (or HF_HOME), the mlops.hfCache setting, or pass --dir PATH.`);
  }
  if (!statSync(real).isDirectory()) throw new HfCacheError(`Hugging Face cache ${dir} is a file; it must be the hub cache folder (…/huggingface/hub).`);
  return real;
}

interface BlobStat {
  size: number;
  atime: number;
  mtime: number;
}

function scanRepo(repoPath: string): HfRepo {
  if (!statSync(repoPath, { throwIfNoEntry: false })?.isDirectory()) throw new CorruptedCache(`Repo path is not a directory: ${repoPath}`);
  const folder = basename(repoPath);
  const split = folder.indexOf('--');
  if (split < 0) throw new CorruptedCache(`Repo path is not a valid HuggingFace cache directory: ${repoPath}`);
  const repoType = folder.slice(0, split - 1);
  const repoId = folder.slice(split + 2).replaceAll('--', '/');
  if (!REPO_TYPES.has(repoType)) throw new CorruptedCache(`Repo type must be \`dataset\`, \`model\` or \`space\`, found \`${repoType}\` (${repoPath}).`);
  const snapshotsPath = join(repoPath, 'snapshots');
  if (!statSync(snapshotsPath, { throwIfNoEntry: false })?.isDirectory()) throw new CorruptedCache(`Snapshots dir doesn't exist in cached repo: ${snapshotsPath}`);

  const refsByHash = readRefs(join(repoPath, 'refs'));
  const blobStats = new Map<string, BlobStat>();
  const blobsDir = join(repoPath, 'blobs');
  const revisions: HfRevision[] = [];
  for (const commitHash of readdirSync(snapshotsPath).sort()) {
    if (commitHash === IGNORED) continue;
    const snapshotPath = join(snapshotsPath, commitHash);
    const stats = statSync(snapshotPath, { throwIfNoEntry: false });
    if (!stats) throw new CorruptedCache(`Snapshot is a broken link: ${snapshotPath}`);
    if (!stats.isDirectory()) throw new CorruptedCache(`Snapshots folder corrupted. Found a file: ${snapshotPath}`);
    const files: HfCachedFile[] = [];
    collectFiles(snapshotPath, '', blobsDir, blobStats, files);
    // readdir's order is the file system's; list files as `ls -R` would.
    files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const distinct = new Map(files.map((f) => [f.blobPath, f.size]));
    let sizeOnDisk = 0;
    for (const size of distinct.values()) sizeOnDisk += size;
    const lastModified = files.length > 0 ? Math.max(...files.map((f) => f.lastModified)) : stats.mtimeMs / 1000;
    const refs = [...(refsByHash.get(commitHash) ?? [])].sort();
    refsByHash.delete(commitHash);
    revisions.push({ commitHash, refs, sizeOnDisk, nbFiles: files.length, lastModified, snapshotPath, files });
  }
  if (refsByHash.size > 0) {
    const missing = [...refsByHash].map(([hash, refs]) => `${JSON.stringify(hash)}: ${[...refs].sort().join(', ')}`).join('; ');
    throw new CorruptedCache(`Reference(s) refer to missing commit hashes: {${missing}} (${repoPath}).`);
  }
  let sizeOnDisk = 0;
  let lastAccessed = -Infinity;
  let lastModified = -Infinity;
  for (const blob of blobStats.values()) {
    sizeOnDisk += blob.size;
    if (blob.atime > lastAccessed) lastAccessed = blob.atime;
    if (blob.mtime > lastModified) lastModified = blob.mtime;
  }
  if (blobStats.size === 0) {
    const stats = statSync(repoPath);
    lastAccessed = stats.atimeMs / 1000;
    lastModified = stats.mtimeMs / 1000;
  }
  return { repoId, repoType: repoType as HfRepoType, repoPath, sizeOnDisk, nbFiles: blobStats.size, lastAccessed, lastModified, revisions };
}

/** commit hash → ref names; a ref file's whole content is the hash (huggingface_hub writes it without a newline). */
function readRefs(refsPath: string): Map<string, Set<string>> {
  const byHash = new Map<string, Set<string>>();
  const stats = statSync(refsPath, { throwIfNoEntry: false });
  if (!stats) return byHash;
  if (!stats.isDirectory()) throw new CorruptedCache(`Refs directory cannot be a file: ${refsPath}`);
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(path, `${prefix}${entry.name}/`);
        continue;
      }
      if (entry.name === IGNORED || statSync(path, { throwIfNoEntry: false })?.isDirectory()) continue;
      let hash: string;
      try {
        hash = readFileSync(path, 'utf8');
      } catch (error) {
        throw new CorruptedCache(`Ref ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
      }
      const refs = byHash.get(hash) ?? new Set<string>();
      refs.add(`${prefix}${entry.name}`);
      byHash.set(hash, refs);
    }
  };
  walk(refsPath, '');
  return byHash;
}

function collectFiles(dir: string, prefix: string, blobsDir: string, blobStats: Map<string, BlobStat>, files: HfCachedFile[]): void {
  // Paths are joined by hand: path.join and path.resolve per file cost more than the system calls (see the bench).
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}${sep}${entry.name}`;
    if (entry.isDirectory()) {
      collectFiles(path, `${prefix}${entry.name}/`, blobsDir, blobStats, files);
      continue;
    }
    const blobPath = entry.isSymbolicLink() ? linkedBlob(dir, path, blobsDir) : path;
    let blob = blobStats.get(blobPath);
    if (!blob) {
      const stats = statSync(blobPath, NO_THROW);
      if (!stats) throw new CorruptedCache(`Blob missing (broken symlink): ${blobPath}`);
      if (stats.isDirectory()) continue;
      blob = blobStat(stats);
      blobStats.set(blobPath, blob);
    }
    files.push({ name: `${prefix}${entry.name}`, path, blobPath, size: blob.size, lastAccessed: blob.atime, lastModified: blob.mtime });
  }
}

/** The first hop when it lands in the repository's blobs/ folder, else the fully resolved target. */
function linkedBlob(dir: string, link: string, blobsDir: string): string {
  const target = readlinkSync(link);
  const firstHop = sep === '/' ? upAndOver(dir, target) ?? resolve(dir, target) : resolve(dir, target);
  if (firstHop.length > blobsDir.length && firstHop.startsWith(blobsDir) && firstHop.indexOf(sep, blobsDir.length + 1) < 0 && firstHop[blobsDir.length] === sep) return firstHop;
  try {
    return realpathSync(link);
  } catch {
    return firstHop;
  }
}

/** `../../blobs/<name>` (the link huggingface_hub writes) resolved without path.resolve; null for anything else. */
function upAndOver(dir: string, target: string): string | null {
  let base = dir;
  let rest = target;
  while (rest.startsWith('../')) {
    const cut = base.lastIndexOf('/');
    if (cut <= 0) return null;
    base = base.slice(0, cut);
    rest = rest.slice(3);
  }
  if (rest === target || rest.includes('/.') || rest.startsWith('.') || rest.includes('//')) return null;
  return `${base}/${rest}`;
}

function blobStat(stats: Stats): BlobStat {
  return { size: stats.size, atime: stats.atimeMs / 1000, mtime: stats.mtimeMs / 1000 };
}

/** Every ref name of a repository, sorted (what `scan-cache` prints in its REFS column). */
export function repoRefs(repo: HfRepo): string[] {
  return [...new Set(repo.revisions.flatMap((r) => r.refs))].sort();
}
