// Builds real Hugging Face cache layouts in temp dirs: blobs/ named by content, snapshots/<commit>/ holding relative
// symlinks into blobs/ (as huggingface_hub creates them), refs/ files holding a commit hash with no newline,
// .no_exist/ markers. Blob times are set explicitly so tests know every last_accessed / last_modified figure.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

export interface RepoSpec {
  /** `models--org--name`, `datasets--name`, … */
  folder: string;
  /** blob name → content; times are base + the blob's index in this record (seconds). */
  blobs: Record<string, string>;
  /** commit → path in the snapshot → blob name, or `{ copied: content }` for a file copied instead of linked. */
  revisions: Record<string, Record<string, string | { copied: string }>>;
  refs?: Record<string, string>;
  noExist?: Record<string, string[]>;
}

export interface BlobTimes {
  atime: number;
  mtime: number;
}

export function makeTempDir(prefix: string): { root: string; cleanup(): void } {
  const root = mkdtempSync(join(tmpdir(), prefix));
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** Writes `repo` under `cacheDir`; returns the times of each blob and copied file (`commit/path`), in whole seconds. */
export function writeRepo(cacheDir: string, repo: RepoSpec, baseTime = 1_750_000_000): Map<string, BlobTimes> {
  const repoPath = join(cacheDir, repo.folder);
  const times = new Map<string, BlobTimes>();
  mkdirSync(join(repoPath, 'blobs'), { recursive: true });
  mkdirSync(join(repoPath, 'snapshots'), { recursive: true });
  Object.entries(repo.blobs).forEach(([name, content], index) => {
    const path = join(repoPath, 'blobs', name);
    writeFileSync(path, content);
    const t = { atime: baseTime + 1000 + index * 7, mtime: baseTime + index * 3 };
    utimesSync(path, t.atime, t.mtime);
    times.set(name, t);
  });
  for (const [commit, files] of Object.entries(repo.revisions)) {
    const snapshot = join(repoPath, 'snapshots', commit);
    mkdirSync(snapshot, { recursive: true });
    for (const [file, target] of Object.entries(files)) {
      const path = join(snapshot, file);
      mkdirSync(dirname(path), { recursive: true });
      if (typeof target === 'string') symlinkSync(relative(dirname(path), join(repoPath, 'blobs', target)), path);
      else {
        writeFileSync(path, target.copied);
        const t = { atime: baseTime + 5000, mtime: baseTime + 4000 };
        utimesSync(path, t.atime, t.mtime);
        times.set(`${commit}/${file}`, t);
      }
    }
  }
  for (const [ref, commit] of Object.entries(repo.refs ?? {})) {
    const path = join(repoPath, 'refs', ref);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, commit);
  }
  for (const [commit, files] of Object.entries(repo.noExist ?? {})) {
    for (const file of files) {
      const path = join(repoPath, '.no_exist', commit, file);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, '');
    }
  }
  return times;
}
