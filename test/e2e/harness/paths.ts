import { join } from 'node:path';

export const repoRoot = join(__dirname, '..', '..', '..');
export const harnessCache = join(repoRoot, '.vscode-test');
export const node24 = join(harnessCache, 'node24', 'node_modules', '.bin', 'node');
export const codeServerEntry = join(harnessCache, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const artifactsDir = join(repoRoot, 'test-artifacts');
export const chromiumPath = process.env.MLOPS_CHROMIUM ?? '/usr/bin/chromium';

export function packagedVsix(): string {
  const { name, version } = require(join(repoRoot, 'package.json')) as { name: string; version: string };
  return join(repoRoot, `${name}-${version}.vsix`);
}
