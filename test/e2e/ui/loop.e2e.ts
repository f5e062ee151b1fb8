// The automation loop as a person drives it in VS Code on the demo workspace: "MLOps: Add CI Workflow" shows the
// proposed workflow as a diff and writes it once confirmed; "MLOps: Open Monitoring Dashboard" draws the daily
// batches' drifted share crossing drift_share where core/monitor (what `mlops monitor --json` prints) says it does,
// every batch reachable and labels apart at an editor's width, a heat-map cell opens that batch's drift report while
// the dashboard only marks the cell picked, and a batch written to disk joins the open dashboard with the pick kept.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Frame } from 'playwright-core';
import { parse } from 'yaml';
import { planCiWorkflow } from '../../../core/ci/ciInit';
import { computeMonitorSeries, resolveMonitorJob } from '../../../core/monitor/monitorJob';
import type { MonitorSeries } from '../../../core/monitor/monitorSeries';
import { freshDemoWorkspace } from '../harness/demoWorkspace';
import { repoRoot } from '../harness/paths';
import { uiSession } from '../harness/uiSession';
import { activityBarEntry, openFolder, runCommand, screenshot, webviewWith } from '../harness/workbench';

/** What the dashboard draws, as data: equal before and after a click that only opens a report. */
function drawn(dashboard: Frame) {
  return dashboard.evaluate(() => ({
    verdict: document.querySelector('.verdict')?.textContent ?? '',
    error: document.querySelector('.error')?.textContent ?? null,
    points: [...document.querySelectorAll('svg.trend circle.point')].map((c) => `${c.getAttribute('data-name')}:${c.getAttribute('data-share')}`),
    cells: [...document.querySelectorAll<HTMLElement>('table.heatmap td.cell')].map((td) => `${td.dataset.column}@${td.dataset.batch}:${td.dataset.heat}`),
    quality: [...document.querySelectorAll('table.heatmap tbody.quality tr')].map((tr) => tr.textContent),
  }));
}

/** Where the labels and batch columns landed: label boxes left to right, and the last batch column scrolled to. */
function layout(dashboard: Frame) {
  // No named functions inside: the page cannot see the __name helper tsx wraps them with.
  return dashboard.evaluate(() => {
    const root = document.getElementById('root')!;
    const scroll = document.querySelector<HTMLElement>('.heatmap-scroll')!;
    const heads = [...document.querySelectorAll<HTMLElement>('table.heatmap th.batch')];
    scroll.scrollLeft = scroll.scrollWidth;
    const last = heads.at(-1)!.getBoundingClientRect();
    const reached = {
      left: last.left,
      right: last.right,
      scrollRight: scroll.getBoundingClientRect().right,
      pinnedRight: document.querySelector('table.heatmap thead th.first-drift')!.getBoundingClientRect().right,
    };
    scroll.scrollLeft = 0;
    return {
      paneWidth: root.clientWidth,
      trendRight: document.querySelector('svg.trend')!.getBoundingClientRect().right - root.getBoundingClientRect().left,
      dates: [...document.querySelectorAll('svg.trend text.batch-label')].map((t) => ({ text: t.textContent, ...t.getBoundingClientRect().toJSON() })),
      numbers: heads
        .filter((th) => th.textContent)
        .map((th) => ({ text: th.textContent, clipped: th.scrollWidth > th.clientWidth, ...th.getBoundingClientRect().toJSON() })),
      cellWidths: [...new Set(heads.map((th) => Math.round(th.getBoundingClientRect().width)))],
      reached,
    };
  }) as Promise<{
    paneWidth: number;
    trendRight: number;
    dates: { text: string | null; left: number; right: number }[];
    numbers: { text: string | null; clipped: boolean; left: number; right: number }[];
    cellWidths: number[];
    reached: { left: number; right: number; scrollRight: number; pinnedRight: number };
  }>;
}

function apart(labels: { text: string | null; left: number; right: number }[]): string | undefined {
  const touching = labels.findIndex((label, i) => i > 0 && label.left < labels[i - 1]!.right);
  return touching < 0 ? undefined : `${labels[touching - 1]!.text} and ${labels[touching]!.text} overlap`;
}

const demo = freshDemoWorkspace();
const session = uiSession({ cleanup: () => demo.remove() });
const workflowPath = join(demo.folder, '.github', 'workflows', 'mlops.yml');

test('Add CI Workflow shows the proposed workflow as a diff and writes it once confirmed', async () => {
  const { page } = session.workbench;
  await openFolder(page, session.server.folderUrl(demo.folder));
  await activityBarEntry(page, 'MLOps').waitFor({ timeout: 60_000 });
  assert.equal(existsSync(workflowPath), false, 'the demo starts without a workflow');
  await runCommand(page, 'MLOps: Add CI Workflow');

  const diff = page.locator('.monaco-diff-editor');
  await diff.waitFor({ timeout: 60_000 });
  await page.locator('.tab', { hasText: 'mlops.yml' }).first().waitFor({ timeout: 30_000 });
  await diff.locator('.editor.modified .view-lines', { hasText: 'fraud-detection' }).waitFor({ timeout: 30_000 });
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: 30_000 });
  const question = await dialog.innerText();
  assert.match(question, /Write \.github\/workflows\/mlops\.yml\?/);
  assert.match(question, /Training entry: /);
  assert.match(question, /Gate: fraud-detection → Production/);
  await screenshot(page, 'loop-ci-diff');
  assert.equal(existsSync(workflowPath), false, 'nothing is written before the confirmation');
  await dialog.locator('.monaco-button', { hasText: /^Write Workflow$/ }).click();

  await page.locator('.notifications-toasts', { hasText: 'Wrote .github/workflows/mlops.yml' }).waitFor({ timeout: 30_000 });
  const written = readFileSync(workflowPath, 'utf8');
  const version = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version as string;
  assert.equal(written, planCiWorkflow(demo.folder, version).content, 'the file is the workflow mlops ci init plans');
  const workflow = parse(written) as { jobs: Record<string, { needs?: string | string[]; steps: { name?: string; run?: string }[] }> };
  const gate = workflow.jobs.gate;
  assert.ok(gate, 'the workflow has a gate job');
  assert.ok(gate.steps.some((step) => step.name === 'Promotion gate' && /mlops\S* gate /.test(step.run ?? '')), JSON.stringify(gate.steps));
  assert.equal(workflow.jobs.promote?.needs, 'gate', 'promotion waits for the gate');
  await screenshot(page, 'loop-ci-written');
});

let expected: MonitorSeries;

test('the monitoring dashboard draws the drifted share crossing drift_share at the batch core computes', async () => {
  const { page } = session.workbench;
  // What `mlops monitor --config drift.yaml --json` computes, through the same core, in this process.
  expected = await computeMonitorSeries(resolveMonitorJob(join(demo.folder, 'drift.yaml')));
  const crossing = expected.firstCrossing;
  assert.ok(crossing !== null && crossing > 0, 'the demo batches start calm and cross the line later');

  await runCommand(page, 'MLOps: Open Monitoring Dashboard');
  const dashboard = await webviewWith(page, 'svg.trend', 240_000);
  const points = dashboard.locator('svg.trend circle.point');
  assert.equal(await points.count(), expected.batches.length);
  const drawn = await points.evaluateAll((circles) => circles.map((c) => ({ name: c.getAttribute('data-name'), share: Number(c.getAttribute('data-share')), cy: Number(c.getAttribute('cy')) })));
  assert.deepEqual(drawn.map((p) => [p.name, p.share]), expected.batches.map((b) => [b.name, b.share]));

  const line = dashboard.locator('svg.trend line.threshold');
  assert.equal(Number(await line.getAttribute('data-threshold')), expected.threshold);
  const lineY = Number(await line.getAttribute('y1'));
  // SVG y grows downwards: the batches before the crossing are drawn below the line, the crossing on or above it.
  assert.ok(drawn.slice(0, crossing).every((p) => p.cy > lineY), 'every batch before the crossing is under the line');
  assert.ok(drawn[crossing]!.cy <= lineY, 'the crossing batch reaches the line');
  assert.equal(await dashboard.locator('svg.trend circle.point.crossing').getAttribute('data-name'), expected.batches[crossing]!.name);
  assert.equal(await dashboard.locator('.verdict.drift').getAttribute('data-name'), expected.batches[crossing]!.name);
  assert.equal(expected.batches[crossing]!.name, '2026-11-20.csv', 'the demo drifts from day 20');

  const rows = dashboard.locator('table.heatmap tbody:not(.quality) tr');
  assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-column'))), expected.columns.map((c) => c.name));
  const detected = await dashboard.locator('table.heatmap td.cell.detected').count();
  assert.equal(detected, expected.columns.reduce((n, c) => n + c.cells.filter((cell) => cell?.detected).length, 0));

  // At this editor's width every batch is reachable and no two labels touch.
  const placed = await layout(dashboard);
  const last = expected.batches.length;
  assert.ok(placed.trendRight <= placed.paneWidth + 1, `the trend (right edge ${placed.trendRight}) fits the pane (${placed.paneWidth})`);
  assert.equal(apart(placed.dates), undefined);
  assert.equal(placed.dates.at(-1)!.text, expected.batches.at(-1)!.name.replace('.csv', ''), 'the latest date is labelled');
  assert.equal(apart(placed.numbers), undefined);
  assert.deepEqual(placed.numbers.filter((n) => n.clipped), [], 'no batch number is cut');
  assert.equal(placed.numbers.at(-1)!.text, String(last), 'the last batch is numbered');
  assert.equal(placed.cellWidths.length, 1, `batch columns share the width evenly: ${placed.cellWidths.join()}`);
  assert.ok(placed.cellWidths[0]! >= 16, `batch columns at least 16 px: ${placed.cellWidths[0]}`);
  const { reached } = placed;
  assert.ok(reached.right <= reached.scrollRight + 1 && reached.left >= reached.pinnedRight - 1, `batch ${last} scrolls into view beside the labels: ${JSON.stringify(reached)}`);
  await screenshot(page, 'loop-monitoring-dashboard');
});

test("a heat-map cell of the crossing batch opens that batch's drift report", async () => {
  const { page } = session.workbench;
  const crossing = expected.firstCrossing!;
  const batch = expected.batches[crossing]!;
  const column = expected.columns.find((c) => c.firstDrift === crossing)!;
  const dashboard = await webviewWith(page, 'svg.trend');
  const before = await drawn(dashboard);
  await dashboard.locator(`table.heatmap td.cell[data-batch="${crossing}"][data-column="${column.name}"]`).click();

  const report = await webviewWith(page, 'tr.column', 180_000);
  await report.locator('.sources', { hasText: batch.name }).waitFor({ timeout: 60_000 });
  assert.match(await report.locator('.sources').innerText(), new RegExp(`reference: reference\\.csv · current: data/batches/${batch.name.replace('.', '\\.')}`));
  const drifted = await report.locator('tr.column').evaluateAll((trs) =>
    trs.filter((tr) => tr.querySelector('td.detected')).map((tr) => tr.getAttribute('data-column') ?? ''),
  );
  assert.deepEqual(drifted.sort(), [...batch.driftedColumns].sort());
  assert.ok(drifted.includes(column.name), `the clicked column ${column.name} is drifted in the report`);
  await page.locator('.tab', { hasText: `Drift: reference.csv → data/batches/${batch.name}` }).first().waitFor({ timeout: 30_000 });
  await screenshot(page, 'loop-monitoring-batch-report');

  // The click opened a report and marked its cell, point and batch number; the dashboard draws what it drew.
  assert.deepEqual(await drawn(dashboard), before);
  const marked = await dashboard.evaluate(() => [...document.querySelectorAll<HTMLElement | SVGElement>('.selected')].map((e) => `${e.tagName.toLowerCase()}:${e.dataset.batch}:${e.dataset.column ?? ''}`).sort());
  assert.deepEqual(marked, [`circle:${crossing}:`, `td:${crossing}:${column.name}`, `th:${crossing}:`]);
});

test('a batch written to disk joins the open dashboard, the picked cell stays picked', async () => {
  const { page } = session.workbench;
  const crossing = expected.firstCrossing!;
  const column = expected.columns.find((c) => c.firstDrift === crossing)!;
  const dashboard = await webviewWith(page, 'svg.trend');
  copyFileSync(expected.batches[crossing]!.path, join(demo.folder, 'data', 'batches', '2026-12-01.csv'));

  const count = expected.batches.length + 1;
  await dashboard.locator('svg.trend circle.point').nth(count - 1).waitFor({ timeout: 120_000 });
  assert.equal(await dashboard.locator('svg.trend circle.point').count(), count);
  assert.equal(await dashboard.locator('svg.trend circle.point').last().getAttribute('data-name'), '2026-12-01.csv');
  assert.equal(await dashboard.locator('td.cell.selected').getAttribute('data-column'), column.name);
  assert.equal(await dashboard.locator('td.cell.selected').getAttribute('data-batch'), String(crossing));
  await page.locator('.tab', { hasText: 'Monitoring: drift.yaml' }).first().click();
  await dashboard.locator('svg.trend text.batch-label', { hasText: '2026-12-01' }).waitFor({ timeout: 30_000 });
  await screenshot(page, 'loop-monitoring-live-batch');
});
