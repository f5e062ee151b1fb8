// Crash-safe replacement of a small file: write a temp file, fsync it, rename it over the target, fsync the folder.
// A reader (or MLflow) then sees the old bytes or the new ones, never a torn write.
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

let counter = 0;

/**
 * `tempDir` must be on the same filesystem as the target and be a folder MLflow ignores: a stray temp file left by
 * a crash inside `tags/` or `aliases/` would read back as a tag or an alias.
 */
export function writeFileAtomic(target: string, content: string, tempDir: string = dirname(target)): void {
  counter += 1;
  const temp = join(tempDir, `.mlops-tmp-${process.pid}-${counter}`);
  const fd = openSync(temp, 'w', 0o644);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  syncFolder(dirname(target));
}

function syncFolder(folder: string): void {
  try {
    const fd = openSync(folder, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some platforms (Windows) cannot open a folder for fsync; the rename itself is still atomic there.
  }
}
