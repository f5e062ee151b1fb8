// Deleting cached revisions the way huggingface_hub's HFCacheInfo.delete_revisions / DeleteCacheStrategy does: a
// repository that loses every revision goes as a whole; otherwise each revision's snapshot folder and refs go, and a
// blob goes only when no remaining revision links to it. Files copied into a snapshot (no symlinks) go with it.
//
// A cache may be cloned or crafted, so unlike huggingface_hub nothing is deleted (or counted as freed) unless it
// lies inside the cache: a path is removed only when its folder's real path is inside the cache's real path, and the
// last component is unlinked, never followed — a link to a file elsewhere loses the link, never the file.
import { lstatSync, realpathSync, rmSync, unlinkSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import type { HfCacheInfo, HfRepo, HfRevision } from './cacheScan';

export interface HfDeletionPlan {
  cacheDir: string;
  /** Whole repository folders (every cached revision of them is deleted). */
  repos: string[];
  snapshots: string[];
  refs: string[];
  blobs: string[];
  /** Bytes the deletion frees: the blobs it removes, each once. */
  expectedFreedSize: number;
  /** Requested commit hashes that no cached repository holds. */
  notFound: string[];
  /** Blobs a deleted revision links to outside the cache: left alone and not counted. */
  outside: string[];
}

export function planRevisionDeletion(info: HfCacheInfo, commitHashes: readonly string[]): HfDeletionPlan {
  const wanted = new Set(commitHashes);
  const byRepo = new Map<HfRepo, HfRevision[]>();
  for (const repo of info.repos) {
    for (const revision of repo.revisions) {
      if (!wanted.has(revision.commitHash)) continue;
      byRepo.set(repo, [...(byRepo.get(repo) ?? []), revision]);
      wanted.delete(revision.commitHash);
    }
  }
  const plan: HfDeletionPlan = { cacheDir: info.cacheDir, repos: [], snapshots: [], refs: [], blobs: [], expectedFreedSize: 0, notFound: [...wanted], outside: [] };
  const freed = new Map<string, number>();
  const outside = new Set<string>();
  const free = (blobPath: string, size: number, within: string) => {
    if (isInside(blobPath, within) && isInside(realDir(blobPath), info.cacheDir)) freed.set(blobPath, size);
    else outside.add(blobPath);
  };
  for (const [repo, deleted] of byRepo) {
    const remaining = repo.revisions.filter((r) => !deleted.includes(r));
    if (remaining.length === 0) {
      plan.repos.push(repo.repoPath);
      for (const revision of repo.revisions) for (const file of revision.files) free(file.blobPath, file.size, repo.repoPath);
      continue;
    }
    const kept = new Set(remaining.flatMap((r) => r.files.map((f) => f.blobPath)));
    for (const revision of deleted) {
      plan.snapshots.push(revision.snapshotPath);
      for (const ref of revision.refs) plan.refs.push(join(repo.repoPath, 'refs', ref));
      for (const file of revision.files) {
        if (isInside(file.blobPath, revision.snapshotPath)) free(file.blobPath, file.size, revision.snapshotPath);
        else if (!kept.has(file.blobPath)) {
          free(file.blobPath, file.size, join(repo.repoPath, 'blobs'));
          if (freed.has(file.blobPath) && !plan.blobs.includes(file.blobPath)) plan.blobs.push(file.blobPath);
        }
      }
    }
  }
  for (const size of freed.values()) plan.expectedFreedSize += size;
  plan.outside = [...outside].sort();
  return plan;
}

export interface HfDeletionResult {
  freedBytes: number;
  /** Paths that could not be removed, each with why. */
  problems: string[];
}

/** Carries out a plan; a path already gone or refused is a problem, the rest still goes. */
export function executeDeletion(plan: HfDeletionPlan): HfDeletionResult {
  const problems: string[] = [];
  const remove = (path: string) => {
    const parent = realDir(path);
    if (!isInside(parent, plan.cacheDir) && parent !== plan.cacheDir) {
      problems.push(`${path}: refused, its folder resolves outside the cache (${parent})`);
      return;
    }
    const target = join(parent, path.slice(dirname(path).length + 1));
    const stats = lstatSync(target, { throwIfNoEntry: false });
    if (!stats) {
      problems.push(`${path}: already gone`);
      return;
    }
    try {
      if (stats.isDirectory()) rmSync(target, { recursive: true });
      else unlinkSync(target);
    } catch (error) {
      problems.push(`${path}: ${(error as Error).message}`);
    }
  };
  for (const path of [...plan.repos, ...plan.snapshots, ...plan.refs, ...plan.blobs]) remove(path);
  return { freedBytes: plan.expectedFreedSize, problems };
}

function realDir(path: string): string {
  try {
    return realpathSync(dirname(path));
  } catch {
    return dirname(path);
  }
}

function isInside(path: string, folder: string): boolean {
  return path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}
