// What a person does to promote a model in the demo workspace: the Models tree shows fraud-detection's versions,
// the context menu opens the promotion view for version 2 (Staging), "Promote to Production" plus the modal's
// confirmation moves it — checked in mlflow.db itself and in the tree (version 2 Production, version 1 Archived).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { openSqlite } from '../../../core/sqlite/driver';
import { freshDemoWorkspace } from '../harness/demoWorkspace';
import { uiSession } from '../harness/uiSession';
import { openFolder, runContextMenuItem, screenshot, showOnlyView, viewPane, webview } from '../harness/workbench';

const demo = freshDemoWorkspace();
const session = uiSession({ cleanup: () => demo.remove() });

/** The Models pane, expanded. */
async function modelsPane(page: Page): Promise<Locator> {
  // Only Models expanded: with five panes sharing the side bar, the prompt row can sit below a short pane's fold.
  await showOnlyView(page, 'Models');
  return viewPane(page, 'Models');
}

function versionRow(pane: Locator, version: string, stage: string): Locator {
  return pane.locator('.monaco-list-row', { hasText: new RegExp(`Version ${version}\\s*${stage}`) }).first();
}

function storedStages(): Record<string, string> {
  const db = openSqlite(join(demo.folder, 'mlflow.db'), { readonly: true });
  try {
    const rows = db.prepare("SELECT version, current_stage FROM model_versions WHERE name = 'fraud-detection' ORDER BY version").all();
    return Object.fromEntries(rows.map((row) => [String(row.version), String(row.current_stage)]));
  } finally {
    db.close();
  }
}

test('the Models tree lists fraud-detection with stage badges and aliases, and the prompt apart', async () => {
  const { page } = session.workbench;
  await openFolder(page, session.server.folderUrl(demo.folder));
  const pane = await modelsPane(page);
  await versionRow(pane, '2', 'Staging').waitFor({ timeout: 60_000 });
  const text = await pane.innerText();
  assert.match(text, /fraud-detection/);
  assert.match(text, /Version 1\s*Production · @champion/);
  assert.match(text, /Version 2\s*Staging · @challenger/);
  assert.match(text, /Prompts[\s\S]*fraud-triage-prompt/);
  await screenshot(page, 'models-tree');
});

test('promote version 2 to Production from the promotion view: the store and the tree show it, version 1 archived', async () => {
  const { page } = session.workbench;
  const pane = await modelsPane(page);
  assert.deepEqual(storedStages(), { '1': 'Production', '2': 'Staging', '3': 'None' });

  await runContextMenuItem(page, versionRow(pane, '2', 'Staging'), 'Open Promotion View');
  const view = webview(page);
  const promoteButton = view.getByRole('button', { name: 'Promote to Production' });
  await promoteButton.waitFor({ timeout: 60_000 });
  await view.getByText('Gate passed').waitFor({ timeout: 30_000 });
  assert.match(await view.locator('.gate').innerText(), /accuracy 0\.962 beats 0\.951 of version 1/);
  assert.match(await view.locator('table.metrics').innerText(), /accuracy\s+0\.962\s+0\.951\s+▲ better/);
  await screenshot(page, 'models-promotion-view');

  await promoteButton.click();
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: 30_000 });
  assert.match(await dialog.innerText(), /Promote fraud-detection version 2 to Production\?/);
  await screenshot(page, 'models-promotion-confirm');
  await dialog.getByRole('button', { name: 'Promote', exact: true }).click();

  await view.getByText('fraud-detection version 2 is now in Production; archived version 1.').waitFor({ timeout: 30_000 });
  assert.deepEqual(storedStages(), { '1': 'Archived', '2': 'Production', '3': 'None' });

  await versionRow(pane, '2', 'Production').waitFor({ timeout: 30_000 });
  await versionRow(pane, '1', 'Archived').waitFor({ timeout: 30_000 });
  await screenshot(page, 'models-after-promotion');
});
