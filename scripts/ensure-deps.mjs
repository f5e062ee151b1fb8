// A fresh clone has no node_modules: both README commands install them first (npm ci, from package-lock.json).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function ensureDependencies(root) {
  if (existsSync(join(root, 'node_modules', '.package-lock.json'))) return;
  console.log('node_modules is missing: running npm ci (about 2 minutes: better-sqlite3 compiles)…');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
}
