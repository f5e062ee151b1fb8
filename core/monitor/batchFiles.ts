// Batch files from paths or globs (`*` and `?` in the file name, as a shell expands them), in name order so daily
// and hourly batches (day-01.csv, day-02.csv …) come in time order.
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

function pattern(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '[^/]*').replaceAll('?', '[^/]');
  return new RegExp(`^${body}$`);
}

export function expandBatches(paths: string[]): string[] {
  const files: string[] = [];
  for (const path of paths) {
    const name = basename(path);
    if (!/[*?]/.test(name)) {
      files.push(path);
      continue;
    }
    const folder = dirname(path);
    if (/[*?]/.test(folder)) throw new Error(`${path}: only the file name may hold * or ?`);
    let entries: string[];
    try {
      entries = readdirSync(folder);
    } catch {
      throw new Error(`${path}: folder ${folder} not found`);
    }
    const matches = entries.filter((e) => pattern(name).test(e)).sort().map((e) => join(folder, e));
    const found = matches.filter((m) => statSync(m).isFile());
    if (!found.length) throw new Error(`${path}: no file matches; check the pattern`);
    files.push(...found);
  }
  return files;
}
