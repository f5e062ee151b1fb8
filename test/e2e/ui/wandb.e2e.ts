// W&B runs beside MLflow, as a person meets them in the demo workspace: the wandb/ folder's runs in the Runs view
// under their project and sweep, the best run of the sweep marked; an MLflow run and a W&B run compared in one chart;
// history appended to the still-running W&B run (framed records, as wandb writes them) reaching the open plot; the
// sweep's parallel coordinates and runs table opened with its metric and goal. Expected values are read from the
// store here, independently of the extension.
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_SWEEP_ID, DEMO_WANDB_PROJECT } from '../../../core/demo/wandbSweep';
import type { Run } from '../../../core/tracking/store';
import { WandbStore } from '../../../core/tracking/wandb/wandbStore';
import { appendRecords } from '../../../core/wandb/encoder';
import { freshDemoWorkspace } from '../harness/demoWorkspace';
import { uiSession } from '../harness/uiSession';
import { openFolder, runCommand, runContextMenuItem, screenshot, showOnlyView, viewPane, viewRow, webview, webviewWith } from '../harness/workbench';

const demo = freshDemoWorkspace();
const session = uiSession({ cleanup: () => demo.remove() });
const APPENDED_STEPS = 5;

/** The sweep's runs as W&B's files say now, best val/loss first (the sweep.yaml's metric, goal minimize). */
async function sweepRuns(): Promise<Run[]> {
  const store = new WandbStore(join(demo.folder, 'wandb'));
  try {
    return (await store.searchRuns({ experimentIds: [DEMO_WANDB_PROJECT], orderBy: ['metrics.`val/loss` ASC'] })).items;
  } finally {
    await store.close();
  }
}

/**
 * Clicks a row of the Runs view. The tree fills in under a resting pointer, and the hover that opens then (a store's
 * URI) lies over the next rows and takes the click: the pointer leaves the side bar and the hover closes first.
 */
async function clickRow(page: Page, text: string, modifiers: Array<'Control'> = []): Promise<void> {
  await page.mouse.move(900, 500);
  await page.locator('.context-view .hover-contents').waitFor({ state: 'hidden', timeout: 15_000 });
  await viewRow(page, 'Runs', text).click({ modifiers });
}

function runningRun(runs: Run[]): Run {
  const run = runs.find((r) => r.info.runName === 'sweep-run-6');
  assert.ok(run, 'the demo sweep has its last run, sweep-run-6, still being written');
  return run;
}

test('W&B runs show under the wandb store, grouped under their sweep, the best run by val/loss marked', async () => {
  const { page } = session.workbench;
  const runs = await sweepRuns();
  await openFolder(page, session.server.folderUrl(demo.folder));
  await showOnlyView(page, 'Runs');
  await viewRow(page, 'Runs', 'wandb (W&B)').waitFor({ timeout: 60_000 });
  await clickRow(page, DEMO_WANDB_PROJECT);
  const sweep = viewRow(page, 'Runs', `sweep ${DEMO_SWEEP_ID}`);
  await sweep.waitFor({ timeout: 30_000 });
  assert.match(await sweep.innerText(), /fraud-lr-depth · minimize val\/loss · 6 runs/);
  await clickRow(page, `sweep ${DEMO_SWEEP_ID}`);
  for (const run of runs) await viewRow(page, 'Runs', run.info.runName).waitFor({ timeout: 30_000 });
  const best = viewPane(page, 'Runs').locator('.monaco-list-row', { hasText: /best · accuracy/ });
  await best.first().waitFor({ timeout: 15_000 });
  assert.equal(await best.count(), 1, 'one run is marked best');
  assert.match(await best.innerText(), new RegExp(`${runs[0]!.info.runName}\\s*best · accuracy \\d\\.\\d+`));
  await screenshot(page, 'wandb-runs-tree');
});

test('an MLflow run and a W&B run compared open one chart with both series', async () => {
  const { page } = session.workbench;
  const wandbRun = runningRun(await sweepRuns());
  await clickRow(page, 'baselines');
  await viewRow(page, 'Runs', 'baseline-live').waitFor({ timeout: 30_000 });
  await clickRow(page, 'baseline-live');
  await clickRow(page, wandbRun.info.runName, ['Control']);
  assert.equal(await page.locator('.part.sidebar .monaco-list-row.selected').count(), 2);
  await runCommand(page, 'MLOps: Compare Selected Runs');
  const frame = webview(page);
  const chart = frame.locator('.chart[data-metric="accuracy"]');
  await chart.locator('.u-legend .u-series').nth(2).waitFor({ timeout: 60_000 });
  // The System group (CPU, memory, GPU of the W&B run) draws below; the metrics group holds one chart.
  const metricCharts = await frame.locator('.chart').evaluateAll((charts) => charts.filter((c) => !c.closest('.system')).map((c) => c.getAttribute('data-metric')));
  assert.deepEqual(metricCharts, ['accuracy'], 'one chart: accuracy, which both runs logged');
  const legend = await chart.locator('.u-legend').innerText();
  assert.ok(legend.includes('baseline-live') && legend.includes(wandbRun.info.runName), legend);
  await frame.locator('.status', { hasText: /2 run\(s\), 2 series/ }).waitFor({ timeout: 15_000 });
  await screenshot(page, 'wandb-compare-with-mlflow');
});

test('history appended to the running W&B run reaches the open plot', async () => {
  const { page } = session.workbench;
  const status = webview(page).locator('.status');
  const totalBefore = Number(/of (\d+) points/.exec(await status.innerText())?.[1]);
  const run = runningRun(await sweepRuns());
  const folder = run.data.tags.find((t) => t.key === 'wandb.runFolder')!.value;
  const file = join(folder, `run-${run.info.runId}.wandb`);
  const lastStep = run.data.metrics.find((m) => m.key === 'accuracy')!.step;
  const started = Date.now();
  // wandb.log's rhythm: one framed history record per step, each appended as the process flushes it.
  for (let i = 1; i <= APPENDED_STEPS; i++) {
    const step = lastStep + i;
    const history = { accuracy: 0.9 + i / 100, 'val/loss': 0.2, 'val/auc': 0.9, 'train/loss': 0.2, _step: step, _runtime: step * 3, _timestamp: Date.now() / 1000 };
    appendRecords(file, statSync(file).size, [{ history }], 1000 + i);
  }
  await status.filter({ hasText: new RegExp(`of ${totalBefore + APPENDED_STEPS} points`) }).waitFor({ timeout: 30_000 });
  console.log(`plot updated ${Date.now() - started} ms after the appends`);
  await screenshot(page, 'wandb-live-update');
});

test('Open Parallel Coordinates on the sweep: its runs, coloured by its metric with its goal (minimize: low is bright)', async () => {
  const { page } = session.workbench;
  await showOnlyView(page, 'Runs');
  await runContextMenuItem(page, viewRow(page, 'Runs', `sweep ${DEMO_SWEEP_ID}`), 'Open Parallel Coordinates');
  const chart = await webviewWith(page, '.axis[data-axis="metrics.val/loss"]');
  await chart.locator('.status', { hasText: /^6 runs · \d+ varying params · coloured by val\/loss \(lower is better, bright\)/ }).waitFor({ timeout: 30_000 });
  const axes = await chart.locator('.axis').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.axis!));
  assert.equal(axes.at(-1), 'metrics.val/loss');
  for (const param of ['params.learning_rate', 'params.max_depth']) assert.ok(axes.includes(param), axes.join());
  await page.locator('.tab', { hasText: `Parallel coordinates: sweep ${DEMO_SWEEP_ID} · val/loss` }).waitFor({ timeout: 15_000 });
  await screenshot(page, 'wandb-sweep-parallel');
});

test('Open Runs Table on the sweep: its runs sorted by val/loss, lowest first', async () => {
  const { page } = session.workbench;
  const runs = await sweepRuns();
  await showOnlyView(page, 'Runs');
  await runContextMenuItem(page, viewRow(page, 'Runs', `sweep ${DEMO_SWEEP_ID}`), 'Open Runs Table');
  const table = await webviewWith(page, '.viewport[aria-label="Runs"]');
  await table.locator('.statusbar .status', { hasText: /^6 runs/ }).waitFor({ timeout: 30_000 });
  assert.equal(await table.locator('input.filter').inputValue(), `tags.\`wandb.sweepId\` = '${DEMO_SWEEP_ID}'`);
  await table.locator('.head .cell.title[data-column="metrics.val/loss"] .label', { hasText: '↑' }).waitFor({ timeout: 15_000 });
  await table.locator(`.body .row[data-run-id="${runs[5]!.info.runId}"]`).waitFor({ timeout: 15_000 });
  const shown = await table.locator('.body .row[data-run-id]').evaluateAll((rows) =>
    rows.map((r) => ({ id: (r as HTMLElement).dataset.runId!, top: Number.parseFloat((r as HTMLElement).style.top) })).sort((a, b) => a.top - b.top).map((r) => r.id),
  );
  assert.deepEqual(shown, runs.map((r) => r.info.runId));
  await screenshot(page, 'wandb-sweep-table');
});

test('editing sweep.yaml regroups the sweep at once: goal maximize moves the best mark to the highest val/loss', async () => {
  const { page } = session.workbench;
  const sweepFile = join(demo.folder, 'sweep.yaml');
  const original = readFileSync(sweepFile, 'utf8');
  assert.match(original, /goal: minimize/);
  const runs = await sweepRuns();
  await showOnlyView(page, 'Runs');
  const sweep = viewRow(page, 'Runs', `sweep ${DEMO_SWEEP_ID}`);
  await sweep.waitFor({ timeout: 30_000 });
  try {
    writeFileSync(sweepFile, original.replace('goal: minimize', 'goal: maximize'));
    await viewPane(page, 'Runs').locator('.monaco-list-row', { hasText: /maximize val\/loss · 6 runs/ }).waitFor({ timeout: 30_000 });
    const worst = runs.at(-1)!;
    const best = viewPane(page, 'Runs').locator('.monaco-list-row', { hasText: /best · accuracy/ });
    await best.filter({ hasText: worst.info.runName }).waitFor({ timeout: 30_000 });
    assert.equal(await best.count(), 1, 'one run is marked best');
    await screenshot(page, 'wandb-sweep-goal-edited');
  } finally {
    writeFileSync(sweepFile, original);
  }
  await viewPane(page, 'Runs').locator('.monaco-list-row', { hasText: /minimize val\/loss · 6 runs/ }).waitFor({ timeout: 30_000 });
});
