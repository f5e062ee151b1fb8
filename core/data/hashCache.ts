// Remembers file hashes by (path, size, mtime, inode) — DVC's own state-db key — so a second status of unchanged
// files reads no content, and remembers whole directory results under a fingerprint of every file's stat, so a
// second status of an unchanged 10,000-file directory needs its stats only. Persisted per project in `.dvc/tmp`
// (where DVC keeps its own state; `dvc init` git-ignores it), each file written atomically. The per-file table is
// read only when a directory's fingerprint no longer matches.
import { existsSync, mkdirSync, readFileSync, renameSync, type Stats, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { hashFile } from './fileHash';
import type { HashKind } from '../dvc/outEntry';

type Row = [size: number, mtimeMs: number, ino: number, md5: string];

interface DirectorySnapshot<T> {
  fingerprint: string;
  value: T;
}

const FORMAT = 2;

export class HashCache {
  private rows: Map<string, Row> | undefined;
  private snapshots: Map<string, DirectorySnapshot<unknown>>;
  private dirtyRows = false;
  private dirtySnapshots = false;

  private constructor(private readonly dir: string | undefined) {
    this.snapshots = new Map(Object.entries(readJson(this.path('directories')) ?? {}));
  }

  /** The cache for a project; without a `.dvc/` folder it lives in memory only. */
  static forProject(root: string): HashCache {
    const dvcDir = join(root, '.dvc');
    return new HashCache(existsSync(dvcDir) ? join(dvcDir, 'tmp') : undefined);
  }

  /** The md5 of `path` (absolute), from memory when size, mtime and inode match what was hashed before. */
  hash(path: string, stats: Stats, kind: HashKind): string {
    this.rows ??= new Map(Object.entries(readJson(this.path('hashes')) ?? {}));
    const key = `${kind}\t${path}`;
    const row = this.rows.get(key);
    if (row && row[0] === stats.size && row[1] === stats.mtimeMs && row[2] === stats.ino) return row[3];
    const md5 = hashFile(path, kind);
    this.rows.set(key, [stats.size, stats.mtimeMs, stats.ino, md5]);
    this.dirtyRows = true;
    return md5;
  }

  /** A result remembered for `key` while `fingerprint` (a digest of everything it depends on) is unchanged. */
  recall<T>(key: string, fingerprint: string): T | undefined {
    const snapshot = this.snapshots.get(key);
    return snapshot?.fingerprint === fingerprint ? (snapshot.value as T) : undefined;
  }

  remember<T>(key: string, fingerprint: string, value: T): void {
    this.snapshots.set(key, { fingerprint, value });
    this.dirtySnapshots = true;
  }

  save(): void {
    if (this.dirtyRows && this.rows) writeAtomically(this.path('hashes'), this.rows);
    if (this.dirtySnapshots) writeAtomically(this.path('directories'), this.snapshots);
    this.dirtyRows = false;
    this.dirtySnapshots = false;
  }

  private path(name: string): string | undefined {
    return this.dir ? join(this.dir, `mlops-workbench-${name}.json`) : undefined;
  }
}

function readJson(path: string | undefined): Record<string, never> | undefined {
  if (!path || !existsSync(path)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { format?: number; rows?: Record<string, never> };
    return parsed.format === FORMAT ? parsed.rows : undefined;
  } catch {
    // A torn or foreign file only costs a re-hash; it is rewritten on the next save.
    return undefined;
  }
}

function writeAtomically(path: string | undefined, rows: Map<string, unknown>): void {
  if (!path) return;
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify({ format: FORMAT, rows: Object.fromEntries(rows) }));
  renameSync(temp, path);
}
