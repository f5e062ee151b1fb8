// Comparing many runs as a person does it, in real VS Code (code-server): on the demo's hyperparam-sweep and on a copy
// of a real store (air-quality's mlflow.db, 156 runs), open the runs table from the experiment's context menu, sort by
// a metric, filter, only show differences, group by a param, select three rows and plot them; then open parallel
// coordinates and brush an axis — the table left showing exactly the runs inside the brush. Expected values are read
// from the stores here, independently of the extension.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import { collectRuns, type Run, SqliteStore } from '../../../core/tracking/index';
import { freshDemoWorkspace } from '../harness/demoWorkspace';
import { repoRoot } from '../harness/paths';
import { uiSession } from '../harness/uiSession';
import { openFolder, runContextMenuItem, screenshot, showOnlyView, viewRow, webviewWith } from '../harness/workbench';

const demo = freshDemoWorkspace();
const fixture = mkdtempSync(join(tmpdir(), 'mlops-air-quality-'));
mkdirSync(join(fixture, 'air-quality'));
copyFileSync(join(repoRoot, 'test', 'fixtures', 'mlflow', 'air-quality', 'mlflow.db'), join(fixture, 'air-quality', 'mlflow.db'));
const session = uiSession({ cleanup: () => demo.remove() });
after(() => rmSync(fixture, { recursive: true, force: true }));

const metric = (run: Run, key: string) => run.data.metrics.find((m) => m.key === key)?.value;
const param = (run: Run, key: string) => run.data.params.find((p) => p.key === key)?.value;

async function storeRuns(path: string, experimentId: string): Promise<Run[]> {
  const store = new SqliteStore(path);
  try {
    return await collectRuns(store, { experimentIds: [experimentId] });
  } finally {
    await store.close();
  }
}

async function openTable(page: Page, experiment: string): Promise<Frame> {
  await showOnlyView(page, 'Runs');
  const row = viewRow(page, 'Runs', experiment);
  await row.waitFor({ timeout: 60_000 });
  await runContextMenuItem(page, row, 'Open Runs Table');
  return webviewWith(page, '.viewport[aria-label="Runs"]');
}

async function waitForStatus(table: Frame, text: RegExp): Promise<void> {
  await table.locator('.statusbar .status', { hasText: text }).waitFor({ timeout: 30_000 });
}

/** The run ids of the rows on screen, top to bottom. */
async function shownRunIds(table: Frame): Promise<string[]> {
  return table.locator('.body .row[data-run-id]').evaluateAll((rows) =>
    rows.map((r) => ({ id: (r as HTMLElement).dataset.runId!, top: Number.parseFloat((r as HTMLElement).style.top) })).sort((a, b) => a.top - b.top).map((r) => r.id),
  );
}

/** Column ids of every header, scrolling across the whole table (columns outside the viewport are not drawn). */
async function headerColumns(table: Frame): Promise<string[]> {
  const viewport = table.locator('.viewport');
  const seen = new Set<string>();
  const { width, client } = await viewport.evaluate((el) => ({ width: el.scrollWidth, client: el.clientWidth }));
  for (let left = 0; left <= width; left += Math.max(200, client / 2)) {
    await viewport.evaluate((el, x) => el.scrollTo({ left: x }), left);
    await table.waitForTimeout(120);
    for (const id of await table.locator('.head .cell.title[data-column]').evaluateAll((cells) => cells.map((c) => (c as HTMLElement).dataset.column!))) seen.add(id);
  }
  await viewport.evaluate((el) => el.scrollTo({ left: 0 }));
  return [...seen];
}

async function showColumn(table: Frame, column: string): Promise<void> {
  const viewport = table.locator('.viewport');
  for (let left = 0; (await table.locator(`.head .cell.title[data-column="${column}"]`).count()) === 0; left += 300) {
    await viewport.evaluate((el, x) => el.scrollTo({ left: x }), left);
    await table.waitForTimeout(120);
    if (left > 20_000) throw new Error(`no column ${column}`);
  }
}

async function filter(table: Frame, text: string): Promise<void> {
  const input = table.locator('input.filter');
  await input.fill(text);
  await input.press('Enter');
}

/** Selects three rows (click, Ctrl-click, Ctrl-click) and plots them: the metric plot draws three series. */
async function plotThree(page: Page, table: Frame, name: string): Promise<void> {
  const rows = table.locator('.body .row[data-run-id]');
  await rows.nth(0).click();
  await rows.nth(1).click({ modifiers: ['Control'] });
  await rows.nth(2).click({ modifiers: ['Control'] });
  await table.locator('button', { hasText: 'Plot 3' }).click();
  const plot = await webviewWith(page, '.u-legend');
  await plot.locator('.u-legend .u-series').nth(3).waitFor({ timeout: 60_000 });
  assert.equal(await plot.locator('.chart').first().locator('.u-legend .u-series').count(), 4, 'x plus three runs');
  await screenshot(page, `${name}-plot-three`);
}

/**
 * Back to the table's tab, every run shown and none selected, then "Parallel coordinates": with nothing selected the
 * chart takes every run the table shows. Returns the chart's frame once `axis` is drawn.
 */
async function parallelOfAllRuns(page: Page, table: Frame, tab: string, runs: number, axis: string): Promise<Frame> {
  await page.locator('.tab', { hasText: tab }).click();
  await table.locator('input[aria-label="Only show differences"]').uncheck();
  await filter(table, '');
  await waitForStatus(table, new RegExp(`^${runs} runs`));
  for (const id of await table.locator('.body .row.selected').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.runId!))) {
    await table.locator(`.body .row[data-run-id="${id}"]`).click({ modifiers: ['Control'] });
  }
  await table.locator('button', { hasText: 'Parallel coordinates' }).click();
  return webviewWith(page, `.axis[data-axis="${axis}"]`);
}

/**
 * Brushes the top of an axis down to `low` (a position, 0 bottom .. 1 top) by dragging on it, as a person does, and
 * returns when the panel has announced it.
 */
async function brush(page: Page, chart: Frame, axisId: string, low: number, high = 1): Promise<void> {
  const axis = chart.locator(`.axis[data-axis="${axisId}"]`);
  const box = (await axis.boundingBox())!;
  // Inside the axis: a press above it is not on it (the panel snaps the last pixels to the end).
  const y = (position: number) => box.y + Math.min(box.height - 1, Math.max(1, (1 - position) * box.height));
  await page.mouse.move(box.x + box.width / 2, y(high));
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, y((high + low) / 2), { steps: 4 });
  await page.mouse.move(box.x + box.width / 2, y(low), { steps: 4 });
  await page.mouse.up();
  await chart.locator('.status', { hasText: /inside the brushes/ }).waitFor({ timeout: 15_000 });
}

/** A threshold in the widest gap between the positions above `from`, so a pixel's rounding cannot move a run across. */
function thresholdInWidestGap(positions: number[], from: number): number {
  const sorted = positions.filter((p) => p >= from).sort((a, b) => a - b);
  let best = { gap: 0, at: from };
  for (let i = 1; i < sorted.length; i++) {
    const gap = sorted[i]! - sorted[i - 1]!;
    if (gap > best.gap) best = { gap, at: (sorted[i]! + sorted[i - 1]!) / 2 };
  }
  return best.at;
}

test('demo: the hyperparam sweep in the runs table — sort by a metric, filter, only differences, group by, plot three', async () => {
  const { page } = session.workbench;
  await openFolder(page, session.server.folderUrl(demo.folder));
  const runs = await storeRuns(join(demo.folder, 'mlflow.db'), '3');
  const table = await openTable(page, 'hyperparam-sweep');
  await waitForStatus(table, /^19 runs/);
  await screenshot(page, 'runs-table-demo');

  // Sort by accuracy (highest first): the sweep's children, under their parent, in that order.
  await showColumn(table, 'metrics.accuracy');
  await table.locator('.head .cell.title[data-column="metrics.accuracy"] .label').click();
  await table.locator('.head .cell.title[data-column="metrics.accuracy"] .label', { hasText: '↓' }).waitFor();
  const parent = runs.find((r) => r.info.runName === 'sweep-xgb-depth')!;
  const children = runs.filter((r) => r !== parent).sort((a, b) => metric(b, 'accuracy')! - metric(a, 'accuracy')!);
  await table.locator(`.body .row[data-run-id="${children[0]!.info.runId}"]`).waitFor({ timeout: 15_000 });
  assert.deepEqual(await shownRunIds(table), [parent, ...children].map((r) => r.info.runId));
  await screenshot(page, 'runs-table-demo-sorted');

  // Filter with MLflow's grammar; a mistake is named as you type.
  await table.locator('input.filter').fill("params.learning_rate = ");
  await table.locator('.filter-error', { hasText: /Invalid|Expected/ }).waitFor({ timeout: 10_000 });
  await filter(table, "params.learning_rate = '0.3'");
  const fast = children.filter((r) => param(r, 'learning_rate') === '0.3');
  await waitForStatus(table, new RegExp(`^${fast.length} runs`));
  assert.deepEqual(await shownRunIds(table), fast.map((r) => r.info.runId));

  // Only differences: learning_rate (filtered to one value) and optimizer (adam in all of them) go.
  assert.ok(fast.every((r) => param(r, 'optimizer') === 'adam'));
  await table.locator('input[aria-label="Only show differences"]').check();
  await waitForStatus(table, /2 params hidden/);
  const params = (await headerColumns(table)).filter((id) => id.startsWith('params.')).sort();
  assert.deepEqual(params, ['params.max_depth', 'params.n_estimators', 'params.subsample']);
  await screenshot(page, 'runs-table-demo-differences');

  // Group by max_depth: one row per depth with its count.
  await table.locator('select[aria-label="Group by"]').selectOption('max_depth');
  const depths = new Map<string, number>();
  for (const run of fast) depths.set(param(run, 'max_depth')!, (depths.get(param(run, 'max_depth')!) ?? 0) + 1);
  await table.locator('.row.group').nth(depths.size - 1).waitFor({ timeout: 15_000 });
  const groups = await table.locator('.row.group').allInnerTexts();
  assert.equal(groups.length, depths.size);
  for (const [depth, count] of depths) assert.ok(groups.some((g) => g.includes(`max_depth = ${depth} · ${count} run`)), `${depth}: ${groups}`);
  await screenshot(page, 'runs-table-demo-grouped');

  await table.locator('select[aria-label="Group by"]').selectOption('');
  await table.locator('.row.group').first().waitFor({ state: 'detached', timeout: 15_000 });
  await plotThree(page, table, 'runs-table-demo');
});

test('demo: parallel coordinates from the table; a brush on accuracy leaves exactly the runs above it, in the table too', async () => {
  const { page } = session.workbench;
  const runs = await storeRuns(join(demo.folder, 'mlflow.db'), '3');
  const table = await webviewWith(page, '.viewport[aria-label="Runs"]');
  const chart = await parallelOfAllRuns(page, table, 'Runs: hyperparam-sweep', 19, 'metrics.accuracy');
  await chart.locator('.status', { hasText: /19 runs · \d+ varying params · coloured by accuracy/ }).waitFor({ timeout: 30_000 });
  const axes = await chart.locator('.axis').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.axis!));
  assert.equal(axes.at(-1), 'metrics.accuracy');
  assert.ok(axes.includes('params.learning_rate') && axes.includes('params.optimizer'), axes.join());
  // The importance follows the chart: the forest does not hold up the lines.
  await chart.locator('.importance tr[data-param]').nth(3).waitFor({ timeout: 30_000 });
  await screenshot(page, 'parallel-demo');

  const values = runs.map((r) => metric(r, 'accuracy')!);
  const [lo, hi] = [Math.min(...values), Math.max(...values)];
  const positions = values.map((v) => (v - lo) / (hi - lo));
  const low = thresholdInWidestGap(positions, 0.85);
  await brush(page, chart, 'metrics.accuracy', low);
  const expected = runs.filter((_, i) => positions[i]! >= low).map((r) => r.info.runId);
  assert.ok(expected.length > 1 && expected.length < runs.length, `${expected.length} runs above ${low}`);
  await chart.locator('.status', { hasText: `${expected.length} of 19 runs inside the brushes` }).waitFor({ timeout: 15_000 });
  await screenshot(page, 'parallel-demo-brushed');

  await page.locator('.tab', { hasText: 'Runs: hyperparam-sweep' }).click();
  await waitForStatus(table, new RegExp(`^${expected.length} runs`));
  await table.locator('.chip', { hasText: `Brushed in parallel coordinates: ${expected.length} runs` }).waitFor();
  assert.deepEqual((await shownRunIds(table)).sort(), expected.sort());
  await screenshot(page, 'runs-table-demo-brushed');
});

test('a copy of a real store (air-quality, 156 runs): sort, filter, differences, group by, plot three, brush a categorical axis', async () => {
  const { page } = session.workbench;
  const db = join(fixture, 'air-quality', 'mlflow.db');
  const runs = await storeRuns(db, '1');
  await openFolder(page, session.server.folderUrl(join(fixture, 'air-quality')));
  const table = await openTable(page, 'riyadh-air-quality');
  await waitForStatus(table, /^156 runs/);

  await showColumn(table, 'metrics.validation_f1');
  await table.locator('.head .cell.title[data-column="metrics.validation_f1"] .label').click();
  const best = [...runs].sort((a, b) => metric(b, 'validation_f1')! - metric(a, 'validation_f1')!)[0]!;
  await table.locator('.body .row').first().and(table.locator(`[data-run-id="${best.info.runId}"]`)).waitFor({ timeout: 15_000 });
  const shownF1 = await table.locator('.body .cell[data-column="metrics.validation_f1"]').allInnerTexts();
  const sortedF1 = shownF1.map(Number);
  assert.deepEqual(sortedF1, [...sortedF1].sort((a, b) => b - a));
  await screenshot(page, 'runs-table-air-quality-sorted');

  await filter(table, "params.model = 'knn'");
  const knn = runs.filter((r) => param(r, 'model') === 'knn');
  await waitForStatus(table, new RegExp(`^${knn.length} runs`));
  await table.locator('input[aria-label="Only show differences"]').check();
  await waitForStatus(table, /1 params hidden/);
  assert.deepEqual((await headerColumns(table)).filter((id) => id.startsWith('params.')), ['params.threshold']);
  await table.locator('select[aria-label="Group by"]').selectOption('threshold');
  const thresholds = new Set(knn.map((r) => param(r, 'threshold')));
  await table.locator('.row.group').nth(thresholds.size - 1).waitFor({ timeout: 15_000 });
  assert.equal(await table.locator('.row.group').count(), thresholds.size);
  await screenshot(page, 'runs-table-air-quality-grouped');
  await table.locator('select[aria-label="Group by"]').selectOption('');
  await table.locator('.row.group').first().waitFor({ state: 'detached', timeout: 15_000 });
  await plotThree(page, table, 'runs-table-air-quality');

  const chart = await parallelOfAllRuns(page, table, 'Runs: riyadh-air-quality', 156, 'params.model');
  // Categories bottom to top: decision_tree, knn, logistic_regression, random_forest; knn sits at 1/3.
  await brush(page, chart, 'params.model', 1 / 3 - 0.1, 1 / 3 + 0.1);
  await chart.locator('.status', { hasText: `${knn.length} of 156 runs inside the brushes` }).waitFor({ timeout: 15_000 });
  await screenshot(page, 'parallel-air-quality-brushed');
  await page.locator('.tab', { hasText: 'Runs: riyadh-air-quality' }).click();
  await waitForStatus(table, new RegExp(`^${knn.length} runs`));
  const shown = await table.locator('.body .cell[data-column="params.model"]').allInnerTexts();
  assert.ok(shown.length === knn.length && shown.every((m) => m === 'knn'), shown.join());
  await screenshot(page, 'runs-table-air-quality-brushed');
});
