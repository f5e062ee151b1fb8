import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateDemoWorkspace } from '../core/demo/generate';
import { startCodeServer } from '../test/e2e/harness/codeServer';
import { checkDemoWorkspace } from '../test/e2e/harness/demoCheck';
import { packagedVsix, repoRoot } from '../test/e2e/harness/paths';
import { launchWorkbench } from '../test/e2e/harness/workbench';

const { values: options } = parseArgs({
  options: {
    desktop: { type: 'boolean', default: false },
    check: { type: 'boolean', default: false },
    // A given package instead of building one: checks a release (or, in the tests, a deliberately broken build).
    vsix: { type: 'string' },
    // Where to generate the workspace; must not exist or be empty. demo/ (the default) is regenerated every time.
    folder: { type: 'string' },
    // How long the views may take to fill once the workbench has loaded.
    timeout: { type: 'string', default: '180' },
  },
});

main().catch((error: Error) => {
  console.error(`npm run demo: ${error.message}`);
  process.exit(1);
});

async function main(): Promise<void> {
  const timeoutMs = Number(options.timeout) * 1000;
  if (!(timeoutMs > 0)) throw new Error(`--timeout takes a number of seconds, not '${options.timeout}'.`);
  const vsix = options.vsix ? resolve(options.vsix) : buildPackage();
  const demoFolder = options.folder ? resolve(options.folder) : join(repoRoot, 'demo');
  // demo/ is generated, never edited by hand: start from scratch so it always matches the generator.
  if (!options.folder) rmSync(demoFolder, { recursive: true, force: true });
  const summary = generateDemoWorkspace(demoFolder);
  console.log(`demo workspace: ${summary.folder} (${summary.runs} runs in mlflow.db, ${summary.fileStoreRuns} in mlruns/)`);
  if (options.desktop) return openInDesktop(vsix, demoFolder);
  execFileSync('bash', [join(repoRoot, 'scripts', 'setup-e2e.sh')], { stdio: 'inherit' });
  const server = await startCodeServer({ vsix });
  const url = server.folderUrl(demoFolder);
  console.log(`\nMLOps Workbench demo is open in VS Code (code-server) at:\n\n  ${url}\n`);
  if (options.check) {
    try {
      await checkInBrowser(url, timeoutMs);
    } finally {
      await server.stop();
    }
    return;
  }
  console.log('Press Ctrl-C to stop.');
  const stop = () => void server.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await new Promise(() => undefined);
}

function buildPackage(): string {
  execFileSync(process.execPath, [join(repoRoot, 'scripts', 'package.mjs')], { stdio: 'inherit' });
  return packagedVsix();
}

function openInDesktop(vsix: string, folder: string): void {
  const which = spawnSync('which', ['code']);
  if (which.status !== 0) throw new Error('--desktop needs VS Code\'s `code` command on PATH (VS Code: "Shell Command: Install \'code\' command in PATH").');
  execFileSync('code', ['--install-extension', vsix, '--force'], { stdio: 'inherit' });
  execFileSync('code', [folder], { stdio: 'inherit' });
}

async function checkInBrowser(url: string, timeoutMs: number): Promise<void> {
  const workbench = await launchWorkbench();
  try {
    const result = await checkDemoWorkspace(workbench.page, url, timeoutMs);
    console.log(
      `checked: Runs, Data and Models show the demo's experiments, data and models (${(result.populatedAfterMs / 1000).toFixed(1)} s after opening) and a metric plot draws; screenshot ${result.screenshot}`,
    );
  } finally {
    await workbench.close();
  }
}
