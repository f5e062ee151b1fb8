// `npm test`: type-check, lint, unit/LSP/CLI tests, then the real-VS-Code suites. Every step runs even when an
// earlier one fails, and the last line sums up the test runners' counts.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ensureDependencies } from './ensure-deps.mjs';

const root = new URL('..', import.meta.url).pathname;
ensureDependencies(root);

const steps = [
  ['type-check', 'npx', ['tsc', '-p', '.', '--noEmit']],
  ['lint', 'npx', ['biome', 'check', '--error-on-warnings', '.']],
  ['build', process.execPath, [join(root, 'scripts', 'build.mjs')]],
  ['unit, LSP and CLI tests', process.execPath, [join(root, 'scripts', 'run-unit-tests.mjs')]],
  ['end-to-end tests in code-server', process.execPath, [join(root, 'scripts', 'run-e2e.mjs')]],
];

let passed = 0;
let failed = 0;
const failedSteps = [];
for (const [name, command, args] of steps) {
  console.log(`\n=== ${name} ===`);
  const { code, output } = await run(command, args);
  const counts = runnerCounts(output);
  passed += counts.passed;
  failed += counts.failed;
  if (code !== 0) {
    failedSteps.push(name);
    if (counts.failed === 0) failed += 1;
  }
}
console.log(failedSteps.length ? `\nfailed steps: ${failedSteps.join(', ')}` : '\nall steps passed');
console.log(`${passed} passed, ${failed} failed`);
process.exit(failedSteps.length ? 1 : 0);

function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const relay = (stream) => (chunk) => {
      output += chunk;
      stream.write(chunk);
    };
    child.stdout.on('data', relay(process.stdout));
    child.stderr.on('data', relay(process.stderr));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** node --test's closing lines: "ℹ pass N" and "ℹ fail N". */
function runnerCounts(output) {
  const count = (label) => Number(new RegExp(`^ℹ ${label} (\\d+)$`, 'm').exec(output)?.[1] ?? 0);
  return { passed: count('pass'), failed: count('fail') };
}
