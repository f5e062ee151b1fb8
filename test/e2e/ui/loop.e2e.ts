// The automation loop as a person drives it in VS Code on the demo workspace: "MLOps: Add CI Workflow" shows the
// proposed workflow as a diff and writes it once confirmed; "MLOps: Open Monitoring Dashboard" draws the daily
// batches' drifted share crossing drift_share where core/monitor (what `mlops monitor --json` prints) says it does,
// and a heat-map cell opens that batch's drift report.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { planCiWorkflow } from '../../../core/ci/ciInit';
import { computeMonitorSeries, resolveMonitorJob } from '../../../core/monitor/monitorJob';
import type { MonitorSeries } from '../../../core/monitor/monitorSeries';
import { freshDemoWorkspace } from '../harness/demoWorkspace';
import { repoRoot } from '../harness/paths';
import { uiSession } from '../harness/uiSession';
import { activityBarEntry, openFolder, runCommand, screenshot, webviewWith } from '../harness/workbench';

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
  await screenshot(page, 'loop-monitoring-dashboard');
});

test("a heat-map cell of the crossing batch opens that batch's drift report", async () => {
  const { page } = session.workbench;
  const crossing = expected.firstCrossing!;
  const batch = expected.batches[crossing]!;
  const column = expected.columns.find((c) => c.firstDrift === crossing)!;
  const dashboard = await webviewWith(page, 'svg.trend');
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
});
