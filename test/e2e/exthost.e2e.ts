// Runs the extension-host suites (test/exthost) inside the real VS Code extension host. Default: code-server with the
// smoke-test driver, which honours the extensionDevelopmentPath/extensionTestsPath payload. With
// MLOPS_EXTHOST_RUNNER=electron the same run() module goes through @vscode/test-electron (desktop VS Code, which that
// package downloads: only on a machine with internet access).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { after, before, test } from 'node:test';
import type { ExthostResult } from '../exthost/index';
import { startCodeServer } from './harness/codeServer';
import { freshDemoWorkspace } from './harness/demoWorkspace';
import { repoRoot } from './harness/paths';
import { launchWorkbench, screenshot } from './harness/workbench';

const testsEntry = join(repoRoot, 'out', 'exthost', 'index.js');
const scratch = mkdtempSync(join(tmpdir(), 'mlops-exthost-'));
const resultsFile = join(scratch, 'results.json');
const demo = freshDemoWorkspace();
after(() => {
  demo.remove();
  rmSync(scratch, { recursive: true, force: true });
});

let exitCode: number | undefined;

before(async () => {
  if (process.env.MLOPS_EXTHOST_RUNNER === 'electron') {
    const { runTests } = await import('@vscode/test-electron');
    exitCode = await runTests({
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: testsEntry,
      launchArgs: [demo.folder, '--disable-extensions'],
      extensionTestsEnv: { MLOPS_EXTHOST_RESULTS: resultsFile },
    }).then(
      () => 0,
      () => 1,
    );
    return;
  }
  exitCode = await runInCodeServer();
});

async function runInCodeServer(): Promise<number> {
  const server = await startCodeServer({ smokeTestDriver: true, env: { MLOPS_EXTHOST_RESULTS: resultsFile } });
  let finish: (code: number) => void = () => undefined;
  const finished = new Promise<number>((resolve) => {
    finish = resolve;
  });
  const workbench = await launchWorkbench(async (page) => {
    await page.exposeFunction('codeAutomationExit', (code: number) => finish(code));
    await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
      const line = format(...args);
      if (line.trim()) console.log(`  [exthost] ${line}`);
    });
  });
  try {
    const payload: Array<[string, string]> = [
      ['extensionDevelopmentPath', server.remoteUri(repoRoot)],
      ['extensionTestsPath', server.remoteUri(testsEntry)],
    ];
    await workbench.page.goto(server.folderUrl(demo.folder, payload));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<number>((_, reject) => {
      timer = setTimeout(() => reject(new Error('extension-host tests did not finish within 4 minutes')), 240_000);
    });
    const code = await Promise.race([finished, timeout]).finally(() => clearTimeout(timer));
    await screenshot(workbench.page, 'exthost-final').catch(() => undefined);
    return code;
  } finally {
    await workbench.close();
    await server.stop();
  }
}

test('extension-host suites pass inside the real VS Code extension host', async (t) => {
  assert.ok(existsSync(resultsFile), 'the extension host wrote its results');
  const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as ExthostResult[];
  assert.ok(results.length > 0, 'at least one extension-host test ran');
  for (const result of results) {
    await t.test(result.title, () => {
      assert.equal(result.state, 'passed', result.error);
    });
  }
  assert.equal(exitCode, 0);
});
