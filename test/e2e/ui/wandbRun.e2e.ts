// A W&B run of the demo sweep as a person uses it in the Runs view: its metric plot has a second, "System" group
// whose CPU/memory/GPU charts are drawn from the run's stats records; "Show Console Output" opens the run's output
// in a read-only log editor, with the colour codes the training script printed stripped.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEMO_OUTPUT_FIRST_LINE, DEMO_SWEEP_ID } from '../../../core/demo/wandbSweep';
import { collectRuns } from '../../../core/tracking/query';
import { WandbStore } from '../../../core/tracking/wandb/wandbStore';
import { freshDemoWorkspace } from '../harness/demoWorkspace';
import { uiSession } from '../harness/uiSession';
import { fileWritten, inkedPixels, openFolder, runContextMenuItem, saveAs, screenshot, showOnlyView, viewRow, webview, type Workbench } from '../harness/workbench';

const demo = freshDemoWorkspace();
const session = uiSession({ cleanup: () => demo.remove() });
const RUN = /sweep-run-1(?!\d)/;

/** The demo's first sweep run in the Runs view: W&B store → project (→ sweep, where the tree groups runs by sweep). */
async function sweepRunRow(page: Workbench['page']) {
  await dismissHover(page);
  await viewRow(page, 'Runs', 'fraud-sweep').click();
  const run = viewRow(page, 'Runs', RUN);
  const shown = await run.waitFor({ timeout: 20_000 }).then(() => true, () => false);
  if (!shown) {
    await dismissHover(page);
    await viewRow(page, 'Runs', DEMO_SWEEP_ID).click();
  }
  await run.waitFor({ timeout: 30_000 });
  return run;
}

/** A row's tooltip (the store's URI) stays up while the pointer rests on it and takes the clicks meant for rows below. */
async function dismissHover(page: Workbench['page']): Promise<void> {
  await page.mouse.move(900, 400);
  await page.locator('.context-view .hover-contents').waitFor({ state: 'hidden', timeout: 15_000 });
}

test('the metric plot of a W&B run draws a System group from its stats records', async () => {
  const { page } = session.workbench;
  await openFolder(page, session.server.folderUrl(demo.folder));
  await showOnlyView(page, 'Runs');
  await viewRow(page, 'Runs', 'wandb (W&B)').waitFor({ timeout: 60_000 });
  const run = await sweepRunRow(page);
  await runContextMenuItem(page, run, 'Open Metric Plot');
  const frame = webview(page);
  const cpuChart = frame.locator('.system .chart[data-metric="cpu"] canvas').first();
  await cpuChart.waitFor({ timeout: 60_000 });
  const charts = await frame.locator('.system .chart').evaluateAll((sections) => sections.map((s) => s.getAttribute('data-metric')));
  assert.deepEqual(charts, ['cpu', 'memory_percent', 'gpu.0.gpu', 'gpu.0.memoryAllocated']);
  const choices = await frame.locator('.system .metrics label').allInnerTexts();
  assert.ok(['gpu.0.temp', 'proc.memory.rssMB', 'network.sent', 'disk./.usagePercent'].every((name) => choices.some((c) => c.trim() === name)), choices.join(', '));
  assert.ok(choices.every((c) => c.trim() !== ''), 'every system metric has a name');
  const painted = await inkedPixels(cpuChart);
  assert.ok(painted > 1000, `the System cpu chart has only ${painted} painted pixels`);
  // The training metrics stay in the first group, drawn as before.
  assert.ok((await inkedPixels(frame.locator('.charts').first().locator('.chart canvas').first())) > 1000);
  await frame.locator('.system .chart').first().scrollIntoViewIfNeeded();
  await screenshot(page, 'wandb-system-metrics');
  // Runtime (default) counts seconds from the run's start: the first stats sample is 15 s in.
  await frame.locator('.system .u-legend .u-series', { hasText: 'seconds' }).first().waitFor({ timeout: 15_000 });
  await frame.locator('select[aria-label="System x axis"]').selectOption('time');
  await frame.locator('.system .u-legend .u-series', { hasText: 'wall time' }).first().waitFor({ timeout: 15_000 });
});

test('Export CSV writes the System group’s charts beside the metrics, named as MLflow logs them (system/cpu)', async () => {
  const { page } = session.workbench;
  const frame = webview(page);
  const store = new WandbStore(join(demo.folder, 'wandb'));
  const run = (await collectRuns(store, { experimentIds: ['fraud-sweep'] })).find((r) => RUN.test(r.info.runName ?? ''))!;
  const cpu = await store.systemMetrics.history(run.info.runId, 'cpu');
  const csvPath = join(demo.folder, 'exported-wandb-metrics.csv');
  await frame.locator('button', { hasText: 'Export CSV' }).click();
  await saveAs(page, 'metrics.csv', csvPath);
  const rows = (await fileWritten(csvPath)).toString('utf8').trim().split(/\r?\n/);
  assert.equal(rows[0], 'run_id,run_name,metric,step,timestamp,value');
  const cpuRows = rows.filter((r) => r.split(',')[2] === 'system/cpu');
  assert.equal(cpuRows.length, cpu.length, 'one row per cpu sample of the run');
  assert.deepEqual(cpuRows.map((r) => Number(r.split(',')[5])), cpu.map((m) => m.value));
  assert.ok(rows.some((r) => r.split(',')[2] === 'system/memory_percent'), 'every chart of the System group');
  assert.ok(rows.some((r) => !r.split(',')[2]!.startsWith('system/') && r.startsWith(run.info.runId)), 'and the metrics group as before');
});

test('Show Console Output opens the run output in a read-only log editor without colour codes', async () => {
  const { page } = session.workbench;
  await dismissHover(page);
  await runContextMenuItem(page, viewRow(page, 'Runs', RUN), 'Show Console Output');
  const tab = page.locator('.tabs-container .tab', { hasText: 'sweep-run-1 output.log' });
  await tab.waitFor({ timeout: 30_000 });
  const lines = page.locator('.editor-instance .monaco-editor .view-lines').first();
  await lines.filter({ hasText: 'Loading fraud training data' }).waitFor({ timeout: 30_000 });
  // Monaco renders spaces as non-breaking ones.
  const text = (await lines.innerText()).replace(/\s+/g, ' ');
  assert.ok(text.includes(`INFO ${DEMO_OUTPUT_FIRST_LINE}`), text);
  assert.match(text, new RegExp(`Sweep ${DEMO_SWEEP_ID}: learning_rate=`));
  assert.doesNotMatch(text, /\[32m|\\x1b/, 'ANSI colour codes are stripped, not shown');
  await page.locator('.statusbar-item', { hasText: /^Log$/ }).first().waitFor({ timeout: 15_000 });
  // Typing changes nothing: the provider's documents are read-only.
  await lines.click();
  await page.keyboard.type('typed');
  assert.ok(!(await lines.innerText()).includes('typed'));
  await screenshot(page, 'wandb-console-output');
});
