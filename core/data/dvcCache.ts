// The local DVC cache. DVC 3 stores md5 objects under `files/md5/ab/cdef…`; DVC 2 (and DVC 3 for pointers
// without `hash: md5`, its "legacy" odb) under `ab/cdef…` at the cache root (dvc/cachemgr.py).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DvcFileError } from './dvcFileError';
import type { DirEntry, HashKind } from './outEntry';

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
      const entry: DirEntry = { md5: item.md5, relpath: item.relpath };
      if (typeof item.size === 'number') entry.size = item.size;
      return entry;
    });
  }
}
