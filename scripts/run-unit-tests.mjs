// Runs every test/unit/**/*.test.ts (and test/lsp, test/cli) with Node's built-in runner through tsx.
// Node 20's --test does not expand globs or pick up .ts files by itself, so the list is built here.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const suites = ['test/unit', 'test/lsp', 'test/cli'];
const only = process.argv.slice(2);

function collect(dir) {
  let found = [];
  let entries = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return found;
  }
  for (const name of entries) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found = found.concat(collect(path));
    else if (name.endsWith('.test.ts')) found.push(relative(root, path));
  }
  return found;
}

// The notebook tests need Debian's Jupyter before they start, not only once the e2e step has set things up.
execFileSync('bash', [join(root, 'scripts', 'setup-e2e.sh'), 'debian'], { stdio: 'inherit' });

const files = suites.flatMap((s) => collect(join(root, s))).filter((f) => only.length === 0 || only.some((o) => f.includes(o)));
if (files.length === 0) {
  console.error('no unit test files found');
  process.exit(1);
}
// `mlops drift --html` inlines the report UI the build emits (core/drift/reportAssets.ts): a clean clone builds once.
if (!existsSync(join(root, 'dist', 'webviews', 'drift.js'))) {
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
