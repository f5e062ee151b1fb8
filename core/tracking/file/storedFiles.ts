// Reading files while remembering (mtime, size), so a refresh can tell which files changed without reading them.
// openSync + fstatSync + readSync is what readFileSync does internally, so the stamp costs no extra system call.
import { closeSync, fstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';

export type Stamp = string;

export interface StampedText {
  text: string;
  stamp: Stamp;
}

export function readStamped(path: string): StampedText {
  const fd = openSync(path, 'r');
  try {
    const stat = fstatSync(fd);
    const buffer = Buffer.allocUnsafe(stat.size);
    let read = 0;
    while (read < stat.size) {
      const n = readSync(fd, buffer, read, stat.size - read, read);
      if (n === 0) break;
      read += n;
    }
    return { text: buffer.toString('utf8', 0, read), stamp: `${stat.mtimeMs}:${stat.size}` };
  } finally {
    closeSync(fd);
  }
}

/** The current stamp of a file, or undefined when it is gone. */
export function currentStamp(path: string): Stamp | undefined {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat ? `${stat.mtimeMs}:${stat.size}` : undefined;
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
      if (entry.isDirectory()) walk(join(dir, entry.name), `${prefix}${entry.name}/`);
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
