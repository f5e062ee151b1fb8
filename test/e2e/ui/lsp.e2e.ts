// What a person sees when a dvc.yaml refers to a param that does not exist: a squiggle and a Problems entry while
// typing, then the quick fix that adds the key to params.yaml (written to disk) and the diagnostic going away.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { freshDemoWorkspace } from '../harness/demoWorkspace';
import { uiSession } from '../harness/uiSession';
import { openFolder, problemsText, quickOpen, screenshot } from '../harness/workbench';

const demo = freshDemoWorkspace();
const dvcYaml = join(demo.folder, 'dvc.yaml');
const paramsYaml = join(demo.folder, 'params.yaml');
const MISSING = 'train.dropout';
const session = uiSession({
  // The empty secondary side bar would squeeze the editor and scroll the typed line sideways in the screenshots.
  settings: { 'workbench.secondarySideBar.defaultVisibility': 'hidden' },
  cleanup: () => demo.remove(),
});

/** The editor showing dvc.yaml (the active editor group's Monaco editor). */
function editor(page: Page) {
  return page.locator('.part.editor .editor-instance .monaco-editor').first();
}

/** Ctrl+. asks for code actions at the cursor; a press that lands while the editor is still settling is repeated. */
async function openQuickFixes(page: Page, action: Locator): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Control+.');
    try {
      await action.waitFor({ timeout: 10_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
      await page.keyboard.press('Escape');
    }
  }
}

/** Polls the file on disk: the quick fix's edit reaches it through VS Code's save, not through our code. */
async function waitForFile(path: string, expected: RegExp, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = readFileSync(path, 'utf8');
  while (!expected.test(text)) {
    if (Date.now() > deadline) throw new Error(`${path} never matched ${expected}; it holds:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    text = readFileSync(path, 'utf8');
  }
  return text;
}

test('a reference to a missing param is squiggled, listed in Problems, and fixed by the quick fix', async () => {
  const { page } = session.workbench;
  await openFolder(page, session.server.folderUrl(demo.folder));
  await quickOpen(page, 'dvc.yaml');
  const view = editor(page);
  await view.locator('.view-lines').filter({ hasText: 'stages:' }).waitFor({ timeout: 30_000 });
  await screenshot(page, 'lsp-1-dvc-yaml-open');

  // Go to train's cmd line and append a templated reference to a key params.yaml does not have.
  const lines = readFileSync(dvcYaml, 'utf8').split('\n');
  const cmdLine = lines.findIndex((line) => line.includes('cmd: python src/train.py')) + 1;
  assert.ok(cmdLine > 0, 'the demo dvc.yaml has a train stage cmd');
  await view.locator('.view-lines').click();
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input').fill(`:${cmdLine}`);
  await page.keyboard.press('Enter');
  await page.keyboard.press('End');
  // `{` auto-closes to `{}` and the typed `}` steps over the closing one, as it does for a person typing.
  await page.keyboard.type(` --dropout \${${MISSING}}`, { delay: 20 });
  await page.keyboard.press('Escape');
  await view.locator('.view-lines').filter({ hasText: `\${${MISSING}}` }).waitFor({ timeout: 15_000 });

  const squiggle = view.locator('.squiggly-error').first();
  await squiggle.waitFor({ timeout: 60_000 });
  await screenshot(page, 'lsp-2-squiggle');

  const problems = await problemsText(page);
  assert.match(problems, new RegExp(`Could not find '${MISSING.replace('.', '\\.')}'`), problems);
  assert.match(problems, /dvc\.yaml/);
  await screenshot(page, 'lsp-3-problems-entry');

  // Put the cursor inside the squiggled reference and ask for the quick fixes (Ctrl+.).
  await squiggle.click({ force: true });
  await page.locator('.part.editor .monaco-editor.focused').waitFor({ timeout: 15_000 });
  const action = page.locator('.action-widget .monaco-list-row', { hasText: `Add '${MISSING}' to params.yaml` }).first();
  await openQuickFixes(page, action);
  await screenshot(page, 'lsp-4-quick-fix-menu');
  await action.click();

  const params = await waitForFile(paramsYaml, /^ {2}dropout: null$/m, 30_000);
  assert.match(params, /^train:\n(?: {2}\w+: .+\n)*? {2}dropout: null$/m, `the key sits under train:\n${params}`);
  await view.locator('.squiggly-error').first().waitFor({ state: 'detached', timeout: 60_000 });
  const remaining = await problemsText(page);
  assert.doesNotMatch(remaining, /Could not find/, remaining);
  await screenshot(page, 'lsp-5-fixed');
});

test('a broken W&B sweep.yaml is squiggled', async () => {
  const { page } = session.workbench;
  // Runs after the dvc.yaml test in the same window; the sweep is written while the folder is open, as a person would.
  writeFileSync(join(demo.folder, 'sweep.yaml'), 'method: bayes\nmetric:\n  name: accuracy\n  goal: maximise\nparameters:\n  lr:\n    distribution: log_uniform_values\n    min: 0.1\n    max: 0.001\n');
  await quickOpen(page, 'sweep.yaml');
  const view = editor(page);
  await view.locator('.view-lines').filter({ hasText: 'goal: maximise' }).waitFor({ timeout: 30_000 });
  await view.locator('.squiggly-error').first().waitFor({ timeout: 60_000 });
  const problems = await problemsText(page);
  assert.match(problems, /'maximise' is not one of \['minimize', 'maximize'\]/, problems);
  assert.match(problems, /lr: min 0\.1 is not less than max 0\.001/, problems);
  await screenshot(page, 'lsp-6-sweep-squiggled');
});
