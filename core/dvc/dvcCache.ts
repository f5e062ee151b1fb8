// The local DVC cache. DVC 3 stores md5 objects under `files/md5/ab/cdef…`; DVC 2 (and DVC 3 for pointers
// without `hash: md5`, its "legacy" odb) under `ab/cdef…` at the cache root (dvc/cachemgr.py).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DvcFileError } from './dvcFileError';
import type { DirEntry, HashKind } from './outEntry';
import { relpathProblem } from './outsideProject';

export class DvcCache {
  constructor(readonly dir: string) {}

  /** Where the object would live, preferred layout first (DVC 3 falls back to the legacy layout, and so do we). */
  candidates(md5: string, kind: HashKind): string[] {
    const modern = join(this.dir, 'files', 'md5', md5.slice(0, 2), md5.slice(2));
    const legacy = join(this.dir, md5.slice(0, 2), md5.slice(2));
    return kind === 'md5' ? [modern, legacy] : [legacy, modern];
  }

  find(md5: string, kind: HashKind): string | undefined {
    return this.candidates(md5, kind).find((path) => existsSync(path));
  }

  has(md5: string, kind: HashKind): boolean {
    return this.find(md5, kind) !== undefined;
  }

  /** Whether every object is present; many objects are checked by listing their folders instead of one by one. */
  hasAll(md5s: string[], kind: HashKind): boolean {
    if (md5s.length <= 64) return md5s.every((md5) => this.has(md5, kind));
    const present = new Set<string>();
    const prefixes = new Set(md5s.map((md5) => md5.slice(0, 2)));
    for (const prefix of prefixes) {
      for (const folder of [join(this.dir, 'files', 'md5', prefix), join(this.dir, prefix)]) {
        for (const name of listOrEmpty(folder)) present.add(prefix + name);
      }
    }
    return md5s.every((md5) => present.has(md5));
  }

  /**
   * Changes whenever an object is added to or removed from the cache (each changes its two-letter folder's mtime),
   * so results that depend on what the cache holds can be remembered against it.
   */
  folderStamp(kind: HashKind): string {
    const roots = kind === 'md5' ? [join(this.dir, 'files', 'md5'), this.dir] : [this.dir, join(this.dir, 'files', 'md5')];
    const stamps: string[] = [];
    for (const root of roots) {
      for (const name of listOrEmpty(root)) {
        if (name.length !== 2) continue;
        const stats = statSync(join(root, name), { throwIfNoEntry: false });
        if (stats) stamps.push(`${name}:${stats.mtimeMs}`);
      }
    }
    return stamps.join(',');
  }

  /** The `.dir` manifest: a JSON list of {md5, relpath} written by DVC when a directory is added. */
  readManifest(md5: string, kind: HashKind): DirEntry[] | undefined {
    const path = this.find(md5, kind);
    if (!path) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new DvcFileError(path, undefined, `the directory manifest for ${md5} is not valid JSON (${(error as Error).message}); delete it and run \`dvc fetch\`.`);
    }
    if (!Array.isArray(parsed)) throw new DvcFileError(path, undefined, `the directory manifest for ${md5} is not a JSON list; delete it and run \`dvc fetch\`.`);
    return parsed.map((item: { md5?: unknown; relpath?: unknown; size?: unknown }) => {
      if (typeof item?.md5 !== 'string' || typeof item?.relpath !== 'string') {
        throw new DvcFileError(path, undefined, `a manifest entry lacks md5/relpath; delete the object and run \`dvc fetch\`.`);
      }
      const outside = relpathProblem(item.relpath);
      if (outside) throw new DvcFileError(path, undefined, `${outside}; nothing is read or written for this directory. Delete the object and run \`dvc fetch\`.`);
      const entry: DirEntry = { md5: item.md5, relpath: item.relpath };
      if (typeof item.size === 'number') entry.size = item.size;
      return entry;
    });
  }
}

function listOrEmpty(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}
