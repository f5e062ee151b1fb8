// Content-addressed storage the way DVC 3 keeps it: .dvc/cache/files/md5/<2 hex>/<30 hex>, directories as a
// `.dir` JSON manifest of {md5, relpath} sorted by relpath.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DvcOut {
  md5: string;
  size: number;
  nfiles?: number;
}

export function md5(content: string | Uint8Array): string {
  return createHash('md5').update(content).digest('hex');
}

export class DvcCache {
  constructor(private readonly root: string) {}

  addFile(content: string | Uint8Array): DvcOut {
    const hash = md5(content);
    this.store(hash, content);
    return { md5: hash, size: Buffer.byteLength(content) };
  }

  /** files: relative path → content. Returns the manifest's hash with DVC's `.dir` suffix. */
  addDirectory(files: Record<string, string>): DvcOut {
    const entries = Object.keys(files)
      .sort()
      .map((relpath) => ({ md5: this.addFile(files[relpath]!).md5, relpath }));
    const manifest = pythonJson(entries);
    const hash = `${md5(manifest)}.dir`;
    this.store(hash, manifest);
    const size = Object.values(files).reduce((sum, content) => sum + Buffer.byteLength(content), 0);
    return { md5: hash, size, nfiles: entries.length };
  }

  private store(hash: string, content: string | Uint8Array): void {
    const folder = join(this.root, 'files', 'md5', hash.slice(0, 2));
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, hash.slice(2)), content);
  }
}

/** json.dumps's default separators (", " and ": "), which DVC's manifests are written with. */
function pythonJson(entries: Array<{ md5: string; relpath: string }>): string {
  return `[${entries.map((e) => `{"md5": ${JSON.stringify(e.md5)}, "relpath": ${JSON.stringify(e.relpath)}}`).join(', ')}]`;
}
