// What a person sees: "MLOps: Drift Report" from the palette on the demo's reference.csv and current.csv opens a
// report whose table flags exactly the two columns the demo shifts, a row expands into its chart, and the exported
// HTML opens in a separate Chromium with every network request blocked and shows the same two columns drifted.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import type { Frame, FrameLocator, Page } from 'playwright-core';
import { freshDemoWorkspace } from '../harness/demoWorkspace';
import { uiSession } from '../harness/uiSession';
import { activityBarEntry, fileWritten, launchWorkbench, openFolder, runCommand, screenshot, webview } from '../harness/workbench';

/** core/demo/transactions.ts SHIFTED_COLUMNS, in the report's order (drift score descending). */
const SHIFTED = ['amount', 'distance_km'];

const demo = freshDemoWorkspace();
const exported = join(demo.folder, 'drift-report-export.html');
const session = uiSession({ cleanup: () => demo.remove() });

/** Picks the entry whose label is `label` in the open quick pick titled `title`. */
async function pick(page: Page, title: string, label: string): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  await widget.locator('.quick-input-title', { hasText: title }).waitFor({ timeout: 30_000 });
  await widget.locator('input').fill(label);
  await widget.locator('.monaco-list-row', { hasText: label }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

/** Names of the rows the report table marks as drifted. */
async function driftedColumns(report: FrameLocator | Frame | Page): Promise<string[]> {
  const rows = report.locator('tr.column');
  await rows.first().waitFor({ timeout: 60_000 });
  const names: string[] = [];
  for (const row of await rows.all()) {
    if ((await row.locator('td.detected').count()) > 0) names.push((await row.getAttribute('data-column')) ?? '');
  }
  return names.sort();
}

test('the palette command on reference.csv and current.csv shows exactly amount and distance_km drifted', async () => {
  const { page } = session.workbench;
  await openFolder(page, session.server.folderUrl(demo.folder));
  // Contributed commands reach the palette once the extension is registered, as its activity-bar entry shows.
  await activityBarEntry(page, 'MLOps').waitFor({ timeout: 60_000 });
  await runCommand(page, 'MLOps: Drift Report');
  await pick(page, 'Reference data', 'reference.csv');
  await pick(page, 'Current data to compare with reference.csv', 'current.csv');
  const report = webview(page);
  assert.deepEqual(await driftedColumns(report), SHIFTED);
  const summary = await report.locator('.summary').innerText();
  assert.match(summary, /2 of 8/);
  assert.match(summary, /12000/);
  await screenshot(page, 'drift-report-webview');
});

test('a drifted row expands into its reference/current histogram', async () => {
  const { page } = session.workbench;
  const report = webview(page);
  await report.locator('tr.column[data-column="amount"]').click();
  const chart = report.locator('tr.detail svg');
  await chart.waitFor({ timeout: 15_000 });
  assert.ok((await chart.locator('rect').count()) > 10, 'the histogram has bars');
  assert.match(await report.locator('tr.detail .legend').innerText(), /reference \(12000\)[\s\S]*current \(12000\)/);
  await screenshot(page, 'drift-report-expanded');
});

test('Export HTML writes a report that opens offline in Chromium and shows the two drifted columns', async () => {
  const { page } = session.workbench;
  await webview(page).locator('button', { hasText: 'Export HTML' }).click();
  // code-server has no native dialogs: the save dialog is VS Code's own path box in the quick input.
  // It fills in the default path asynchronously; type over it only once it is there.
  const widget = page.locator('.quick-input-widget');
  await widget.locator('.quick-input-title', { hasText: 'Export the drift report as HTML' }).waitFor({ timeout: 15_000 });
  const pathBox = () => (document.querySelector('.quick-input-widget input') as HTMLInputElement | null)?.value ?? '';
  await page.waitForFunction(`(${pathBox})().endsWith('/drift-report.html')`, undefined, { timeout: 15_000 });
  await widget.locator('input').fill(exported);
  await page.waitForFunction(`(${pathBox})() === ${JSON.stringify(exported)}`, undefined, { timeout: 15_000 });
  await screenshot(page, 'drift-report-save-dialog');
  await page.keyboard.press('Enter');
  await fileWritten(exported, 30_000);
  await page.locator('.notifications-toasts', { hasText: 'Drift report exported to' }).waitFor({ timeout: 15_000 });
  await screenshot(page, 'drift-report-exported');

  const offline = await launchWorkbench();
  try {
    const attempted: string[] = [];
    await offline.context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file://')) return route.continue();
      attempted.push(url);
      return route.abort();
    });
    const consoleErrors: string[] = [];
    offline.page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    offline.page.on('request', (request) => {
      if (!request.url().startsWith('file://')) attempted.push(request.url());
    });
    await offline.page.goto(pathToFileURL(exported).href);
    assert.deepEqual(await driftedColumns(offline.page), SHIFTED);
    assert.match(await offline.page.locator('.summary').innerText(), /2 of 8/);
    await offline.page.locator('tr.column[data-column="distance_km"]').click();
    await offline.page.locator('tr.detail svg').waitFor({ timeout: 15_000 });
    assert.deepEqual(attempted, [], 'the exported report requested nothing from the network');
    assert.deepEqual(consoleErrors, [], 'no script errors or CSP violations');
    await screenshot(offline.page, 'drift-report-export-offline');
  } finally {
    await offline.close();
  }
});
