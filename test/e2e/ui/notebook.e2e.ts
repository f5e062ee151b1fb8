// The notebook renderer in real VS Code: a notebook executed by a real IPython kernel (the `%mlops` magics) opens in
// code-server without a kernel, its stored outputs render as the runs table, the metrics plot and the model card, and
// Promote to Production on the card — confirmed in VS Code's modal — changes the store and the card.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { openSqlite } from '../../../core/sqlite/driver';
import { executeMagicsNotebook } from '../../support/notebookMagics';
import { freshDemoWorkspace } from '../harness/demoWorkspace';
import { uiSession } from '../harness/uiSession';
import { openFolder, quickOpen, runCommand, screenshot } from '../harness/workbench';

const demo = freshDemoWorkspace();
executeMagicsNotebook(demo.folder);
const session = uiSession({
  // Notebook outputs render as their cells scroll into view: a tall page shows every output at once.
  ready: (started) => started.workbench.page.setViewportSize({ width: 1400, height: 2600 }),
  cleanup: () => demo.remove(),
});

function stageOf(version: number): string {
  const db = openSqlite(`${demo.folder}/mlflow.db`, { readonly: true });
  try {
    return String(db.prepare("SELECT current_stage FROM model_versions WHERE name = 'fraud-detection' AND version = ?").all(version)[0]!.current_stage);
  } finally {
    db.close();
  }
}


/** The notebook's output webview (outer iframe.webview, content in the inner #active-frame). */
function outputs(): FrameLocator {
  return session.workbench.page.frameLocator('iframe.webview').first().frameLocator('#active-frame');
}

test('the executed notebook renders the runs table, the plot, the drift table and the model card', async () => {
  const { page } = session.workbench;
  await openFolder(page, session.server.folderUrl(demo.folder));
  await quickOpen(page, 'magics.ipynb');
  const frame = outputs();
  const runs = frame.locator('table.mlops-runs');
  await runs.waitFor({ timeout: 90_000 });
  assert.equal(await runs.locator('tbody tr').count(), 5);
  await frame.locator('.mlops-plot canvas').first().waitFor({ timeout: 30_000 });
  const drifted = await frame.locator('table.mlops-drift tbody tr', { hasText: 'Detected' }).filter({ hasNotText: 'Not detected' }).allInnerTexts();
  assert.deepEqual(drifted.map((row) => row.split('\t')[0]).sort(), ['amount', 'distance_km']);
  const card = frame.locator('.mlops-card[data-version="2"]');
  await card.waitFor({ timeout: 30_000 });
  assert.equal(await card.locator('.mlops-stage').innerText(), 'Staging');
  assert.match(await card.locator('.mlops-gate').innerText(), /Gate passes for Production \(current: version 1\)/);
  // Sorting: a click on the accuracy header orders the rows by it, ascending.
  await runs.locator('th', { hasText: 'accuracy' }).click();
  const accuracyColumn = await runs.locator('thead th').allInnerTexts();
  const index = accuracyColumn.findIndex((label) => label.startsWith('accuracy'));
  const values = (await runs.locator(`tbody tr td:nth-child(${index + 1})`).allInnerTexts()).map(Number);
  assert.deepEqual(values, [...values].sort((a, b) => a - b));
  await screenshot(page, 'notebook-renderer');
});

test('a click on a run reveals it in the Runs view, filtered to that run', async () => {
  const { page } = session.workbench;
  const row = outputs().locator('table.mlops-runs tbody tr').first();
  const runId = await row.getAttribute('data-run-id');
  assert.ok(runId);
  await row.click();
  const message = page.locator('.part.sidebar', { hasText: `Showing runs where attributes.run_id = '${runId}'` });
  await message.waitFor({ timeout: 30_000 });
  await screenshot(page, 'notebook-reveal-run');
});

test('Promote to Production on the card asks for confirmation, changes the store and updates the card', async () => {
  const { page } = session.workbench;
  assert.equal(stageOf(2), 'Staging');
  const card = outputs().locator('.mlops-card[data-version="2"]');
  await card.locator('button', { hasText: 'Promote to Production' }).click();
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: 30_000 });
  assert.match(await dialog.innerText(), /Promote fraud-detection version 2 to Production\?/);
  await screenshot(page, 'notebook-promote-confirm');
  await dialog.locator('.monaco-button', { hasText: 'Promote' }).first().click();
  await card.locator('.mlops-stage', { hasText: 'Production' }).waitFor({ timeout: 30_000 });
  assert.equal(stageOf(2), 'Production');
  // The policy archives the version that was in Production.
  assert.equal(stageOf(1), 'Archived');
  assert.match(await card.locator('.mlops-status').innerText(), /fraud-detection version 2 is now in Production; archived version 1\./);
  await screenshot(page, 'notebook-promoted');
});

test('a failing gate needs an override reason, which the promotion records on the version', async () => {
  const { page } = session.workbench;
  const card = outputs().locator('.mlops-card[data-version="3"]');
  assert.match(await card.locator('.mlops-gate').innerText(), /Gate fails for Production/);
  await card.locator('button', { hasText: 'Promote to Production' }).click();
  // The same flow as the Models view: the failing checks and a reason first, then one confirmation naming both.
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 30_000 });
  assert.match(await page.locator('.quick-input-widget').innerText(), /Gate failed for fraud-detection version 3 → Production[\s\S]*accuracy 0\.948 not >= 0\.95/);
  await input.fill('hotfix for the holiday traffic');
  await page.keyboard.press('Enter');
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: 30_000 });
  assert.match(await dialog.innerText(), /Promote fraud-detection version 3 to Production\?[\s\S]*✗ accuracy 0\.948 not >= 0\.95[\s\S]*The failing gate is overridden: "hotfix for the holiday traffic"/);
  await dialog.locator('.monaco-button', { hasText: 'Promote' }).first().click();
  await card.locator('.mlops-stage', { hasText: 'Production' }).waitFor({ timeout: 30_000 });
  assert.equal(stageOf(3), 'Production');
  assert.equal(stageOf(2), 'Archived');
  const db = openSqlite(`${demo.folder}/mlflow.db`, { readonly: true });
  try {
    const tag = db.prepare("SELECT value FROM model_version_tags WHERE name = 'fraud-detection' AND version = 3 AND key = 'mlops.override_reason'").all();
    assert.deepEqual(tag.map((row) => row.value), ['hotfix for the holiday traffic']);
  } finally {
    db.close();
  }
  assert.match(await card.locator('.mlops-status').innerText(), /version 3 is now in Production; archived version 2 \(gate overridden\)\./);
});

test('MLOps: Enable Notebook Magics inserts the loading cell first; %mlops lines complete subcommands', async () => {
  const { page } = session.workbench;
  await runCommand(page, 'MLOps: Enable Notebook Magics');
  const firstCell = page.locator('.notebook-editor .cell-list-container .code-cell-row').first();
  await firstCell.locator('.view-lines', { hasText: 'sys.path.insert' }).waitFor({ timeout: 30_000 });
  const source = (await firstCell.locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
  assert.match(source, /sys\.path\.insert\(0, ".*\/python"\)/);
  assert.match(source, /%load_ext mlops_workbench\s*$/);
  assert.match(source, /os\.environ\.setdefault\("MLOPS_CLI", "\\".*\\" \\".*\/dist\/cli\.js\\""\)/);
  await firstCell.locator('.view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('%mlops ');
  const suggest = page.locator('.editor-widget.suggest-widget');
  await suggest.locator('.monaco-list-row', { hasText: 'promote' }).waitFor({ timeout: 30_000 });
  const rows = await suggest.locator('.monaco-list-row .label-name').allInnerTexts();
  assert.deepEqual([...rows].sort(), ['drift', 'model', 'plot', 'promote', 'runs', 'trace', 'traces']);
  await screenshot(page, 'notebook-magics-completion');
});
