// `npm run demo`: build and package the extension, generate demo/ and open it in real VS Code.
//   npm run demo                 code-server on 127.0.0.1 (installed on first run), prints the URL, Ctrl-C stops it
//   npm run demo -- --desktop    installs the .vsix into the `code` on PATH and opens demo/ there
//   npm run demo -- --check      also opens the URL in headless Chromium, waits until Runs, Data and Models show
//                                the demo's experiments, data and models and a metric plot draws (else fails),
//                                saves test-artifacts/demo.png and exits
//   options: --vsix FILE (check a given package, no build), --folder DIR (generate there), --timeout SECONDS
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureDependencies } from './ensure-deps.mjs';

const root = new URL('..', import.meta.url).pathname;
ensureDependencies(root);
const result = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'demo-launch.ts'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
