// The real-VS-Code suites: installs the harness (idempotent), packages the .vsix the UI tests install, bundles the
// extension-host tests, then runs test/e2e/**/*.e2e.ts one file at a time with Node's test runner.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
execFileSync('bash', [join(root, 'scripts', 'setup-e2e.sh')], { stdio: 'inherit' });
execFileSync(process.execPath, [join(root, 'scripts', 'package.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });

function collect(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return collect(path);
    return name.endsWith('.e2e.ts') ? [relative(root, path)] : [];
  });
}
const only = process.argv.slice(2);
const files = collect(join(root, 'test', 'e2e')).filter((f) => only.length === 0 || only.some((o) => f.includes(o)));
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-timeout=600000', '--test-reporter=spec', ...files],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
