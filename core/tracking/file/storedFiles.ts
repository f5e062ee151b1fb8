// Reading files while remembering enough to tell later whether they changed, without costing a system call more than
// the read: the size read and the time the read began. A file changed afterwards has a different size or an mtime
// at or after that time (the same rule git uses for "racily clean" index entries).
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { sep } from 'node:path';

export interface Stamp {
  size: number;
  readAt: number;
}

export interface StampedText {
  text: string;
  stamp: Stamp;
}

const CHUNK = Buffer.allocUnsafe(1 << 16);
/**
 * File mtimes are coarse: Linux stamps them from the kernel tick (up to 10 ms behind Date.now()), FAT to 2 s. A file
 * whose mtime falls this close to the read counts as changed, so at worst it is read once more.
 */
const CLOCK_SLACK_MS = 2000;

/** Reads a file as UTF-8. A short read of a regular file means end of file, so small files cost one read. */
export function readStamped(path: string): StampedText {
  const readAt = Date.now();
  const fd = openSync(path, 'r');
  try {
    const first = readSync(fd, CHUNK, 0, CHUNK.length, null);
    if (first < CHUNK.length) return { text: CHUNK.toString('utf8', 0, first), stamp: { size: first, readAt } };
    const parts = [Buffer.from(CHUNK)];
    let size = first;
    for (;;) {
      const chunk = Buffer.allocUnsafe(1 << 20);
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      parts.push(chunk.subarray(0, n));
      size += n;
    }
    return { text: Buffer.concat(parts, size).toString('utf8'), stamp: { size, readAt } };
  } finally {
    closeSync(fd);
  }
}

/** True when the file is gone, has another size, or was modified since it was read. */
export function changedSince(path: string, stamp: Stamp): boolean {
  const stat = statSync(path, { throwIfNoEntry: false });
  return !stat || stat.size !== stamp.size || stat.mtimeMs >= stamp.readAt - CLOCK_SLACK_MS;
}

/** `dir/name` without path.join's normalising, which shows in profiles of a 200k-file scan; names are plain. */
export function child(dir: string, name: string): string {
  return dir + sep + name;
}

/** Files under a folder as keys relative to it with '/' separators (MLflow keys may contain '/'); [] if absent. */
export function listKeys(folder: string): string[] {
  const keys: string[] = [];
  const walk = (dir: string, prefix: string) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.isDirectory()) walk(child(dir, entry.name), `${prefix}${entry.name}/`);
      else if (entry.isFile()) keys.push(`${prefix}${entry.name}`);
    }
  };
  walk(folder, '');
  return keys;
}

export function isMissingFile(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * MLflow makes an experiment or run folder first and writes its meta.yaml next (FileStore.create_run: mkdir, then
 * write_yaml), so a folder without one is only damage once it is older than a moment.
 */
export function beingCreated(folder: string): boolean {
  const stat = statSync(folder, { throwIfNoEntry: false });
  return stat !== undefined && stat.mtimeMs >= Date.now() - CLOCK_SLACK_MS;
}

/** The stamp of a file that was not there: any later state of it counts as a change. */
export function absentStamp(): Stamp {
  return { size: -1, readAt: Date.now() };
}

/** Names from requests and store data become path parts: nothing that could leave the folder it is joined to. */
export function isPlainName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !/[\\/]/.test(name);
}

/** Visible subfolders of a folder; [] when it does not exist. */
export function subfolders(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
      .map((e) => e.name);
  } catch (error) {
    if (isMissingFile(error)) return [];
    throw error;
  }
}
