import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { generateDemoWorkspace } from '../core/demo/generate';
import { startCodeServer } from '../test/e2e/harness/codeServer';
import { packagedVsix, repoRoot } from '../test/e2e/harness/paths';
import { activityBarEntry, launchWorkbench, openContainer, openFolder, screenshot } from '../test/e2e/harness/workbench';

const args = new Set(process.argv.slice(2));
const demoFolder = join(repoRoot, 'demo');

main().catch((error: Error) => {
  console.error(`npm run demo: ${error.message}`);
  process.exit(1);
});

async function main(): Promise<void> {
  execFileSync(process.execPath, [join(repoRoot, 'scripts', 'package.mjs')], { stdio: 'inherit' });
  // demo/ is generated, never edited by hand: start from scratch so it always matches the generator.
  rmSync(demoFolder, { recursive: true, force: true });
  const summary = generateDemoWorkspace(demoFolder);
  console.log(`demo workspace: ${summary.folder} (${summary.runs} runs in mlflow.db, ${summary.fileStoreRuns} in mlruns/)`);
  if (args.has('--desktop')) return openInDesktop();
  execFileSync('bash', [join(repoRoot, 'scripts', 'setup-e2e.sh')], { stdio: 'inherit' });
  const server = await startCodeServer({ vsix: packagedVsix() });
  const url = server.folderUrl(demoFolder);
  console.log(`\nMLOps Workbench demo is open in VS Code (code-server) at:\n\n  ${url}\n`);
  if (args.has('--check')) {
    await checkInBrowser(url);
    await server.stop();
    return;
  }
  console.log('Press Ctrl-C to stop.');
  const stop = () => void server.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await new Promise(() => undefined);
}

function openInDesktop(): void {
  const which = spawnSync('which', ['code']);
  if (which.status !== 0) throw new Error('--desktop needs VS Code\'s `code` command on PATH (VS Code: "Shell Command: Install \'code\' command in PATH").');
  execFileSync('code', ['--install-extension', packagedVsix(), '--force'], { stdio: 'inherit' });
  execFileSync('code', [demoFolder], { stdio: 'inherit' });
}

async function checkInBrowser(url: string): Promise<void> {
  const workbench = await launchWorkbench();
  try {
    await openFolder(workbench.page, url);
    await activityBarEntry(workbench.page, 'MLOps').waitFor({ timeout: 60_000 });
    await openContainer(workbench.page, 'MLOps');
    await workbench.page.locator('.part.sidebar .pane-header', { hasText: 'Runs' }).waitFor({ timeout: 30_000 });
    console.log(`checked: the MLOps container is visible; screenshot ${await screenshot(workbench.page, 'demo')}`);
  } finally {
    await workbench.close();
  }
}
