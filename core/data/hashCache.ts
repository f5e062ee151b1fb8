// Remembers file hashes by (path, size, mtime, inode) — DVC's own state-db key — so a second status of unchanged
// files reads no content. Persisted per project in `.dvc/tmp/mlops-workbench-hashes.json` (DVC keeps its own state
// in .dvc/tmp, which `dvc` git-ignores), written atomically.
import { existsSync, mkdirSync, readFileSync, renameSync, type Stats, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { hashFile } from './fileHash';
import type { HashKind } from './outEntry';

type Row = [size: number, mtimeMs: number, ino: number, md5: string];

const FORMAT = 1;

export class HashCache {
  private rows = new Map<string, Row>();
  private dirty = false;

  private constructor(readonly file: string | undefined) {}

  /** The cache for a project; without a `.dvc/` folder it lives in memory only. */
  static forProject(root: string): HashCache {
    const dvcDir = join(root, '.dvc');
    const cache = new HashCache(existsSync(dvcDir) ? join(dvcDir, 'tmp', 'mlops-workbench-hashes.json') : undefined);
    cache.load();
    return cache;
  }

  /** The md5 of `path` (absolute), from memory when size, mtime and inode match what was hashed before. */
  hash(path: string, stats: Stats, kind: HashKind): string {
    const key = `${kind}\t${path}`;
    const row = this.rows.get(key);
    if (row && row[0] === stats.size && row[1] === stats.mtimeMs && row[2] === stats.ino) return row[3];
    const md5 = hashFile(path, kind);
    this.rows.set(key, [stats.size, stats.mtimeMs, stats.ino, md5]);
    this.dirty = true;
    return md5;
  }

  save(): void {
    if (!this.dirty || !this.file) return;
    mkdirSync(dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify({ format: FORMAT, rows: Object.fromEntries(this.rows) }));
    renameSync(temp, this.file);
    this.dirty = false;
  }

  private load(): void {
    if (!this.file || !existsSync(this.file)) return;
    try {
      const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as { format?: number; rows?: Record<string, Row> };
      if (parsed.format === FORMAT && parsed.rows) this.rows = new Map(Object.entries(parsed.rows));
    } catch {
      // A torn or foreign file only costs a re-hash; it is rewritten on the next save.
      this.rows = new Map();
    }
  }
}
