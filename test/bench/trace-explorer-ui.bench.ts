// The trace explorer's first paint of a 10,000-span trace in code-server (issue 12: <= 300 ms), printed as measured
// with the machine's load (this machine is shared; the numbers scale with it). The trace is the one
// test/bench/traces.bench.ts reads into the explorer's model, in an mlflow.db; the Traces view lists it and a click
// opens the explorer. Each opening is reported three ways:
//  - from the click to the tree and timeline on screen (VS Code creating the webview included);
//  - on the page's own clock, from the page starting to load to the rows drawn: its bundle, the host reading and
//    building the trace, the transfer of the columns and the drawing — what this extension controls (the target);
//  - the drawing alone, from the trace's arrival in the page.
// Not part of npm test: `npm run bench -- trace-explorer-ui` (needs the e2e harness installed).
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startCodeServer } from '../e2e/harness/codeServer';
import { packagedVsix } from '../e2e/harness/paths';
import { launchWorkbench, openContainer, openFolder, outputChannelText, runCommand, viewPane, webviewWith } from '../e2e/harness/workbench';
import { agentTrace, agentTraceDb, SPANS } from '../support/benchTraces';

const OPENINGS = 3;
const TARGET_MS = 300;
const load = () => loadavg().map((l) => l.toFixed(2)).join(', ');

interface Opening {
  clickMs: number;
  pageMs: number;
  drawMs: number;
}

async function open(page: Page, traceId: string): Promise<Opening> {
  const row = viewPane(page, 'Traces').locator('.monaco-list-row', { hasText: traceId }).first();
  await row.waitFor({ timeout: 120_000 });
  const started = performance.now();
  await row.click();
  const frame = await webviewWith(page, '.trace-explorer[data-first-paint-ms] .rows-canvas .row', 120_000);
  const clickMs = performance.now() - started;
  const explorer = frame.locator('.trace-explorer');
  const rows = await frame.locator('.rows-canvas .row:visible').count();
  if (rows === 0) throw new Error('the explorer drew no rows');
  return { clickMs, pageMs: Number(await explorer.getAttribute('data-first-paint-ms')), drawMs: Number(await explorer.getAttribute('data-paint-ms')) };
}

function summary(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  return `best ${sorted[0]!.toFixed(0)} ms, median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} ms`;
}

(async () => {
  const trace = agentTrace();
  const store = agentTraceDb(trace);
  console.log(`machine load (1, 5, 15 min) before: ${load()}`);
  const folder = mkdtempSync(join(tmpdir(), 'mlops-bench-traces-'));
  const server = await startCodeServer({ vsix: packagedVsix(), settings: { 'mlops.trackingUri': `sqlite:///${store}` } });
  const workbench = await launchWorkbench();
  const { page } = workbench;
  try {
    await page.setViewportSize({ width: 1600, height: 1000 });
    await openFolder(page, server.folderUrl(folder));
    await openContainer(page, 'MLOps');
    for (const name of ['Runs', 'Data', 'Models']) {
      const header = viewPane(page, name).locator('.pane-header');
      if ((await header.getAttribute('aria-expanded')) === 'true') await header.click();
    }
    const openings: Opening[] = [];
    for (let i = 0; i < OPENINGS; i++) {
      openings.push(await open(page, trace.info.traceId));
      await runCommand(page, 'View: Close All Editors');
    }
    // Monaco draws spaces as non-breaking ones: the wait matches any white space.
    const hostLog = await outputChannelText(page, 'MLOps: Show Output', /trace\sexplorer:\s[\s\S]*\son\sscreen/);
    const hostMs = [...hostLog.matchAll(/trace explorer: \S+ \(\d+ spans\) on screen (\d+) ms after opening/g)].map((m) => Number(m[1]));
    const pageMs = openings.map((o) => o.pageMs);
    console.log(
      `trace explorer, ${SPANS}-span trace from mlflow.db, tree and timeline on screen: ${summary(pageMs)} of ${OPENINGS} openings on the page's clock ` +
        `(target <= ${TARGET_MS} ms, ratio ${(Math.min(...pageMs) / TARGET_MS).toFixed(2)} of the budget at best, median ${(pageMs.sort((a, b) => a - b)[1]! / TARGET_MS).toFixed(2)}); ` +
        `host from opening the panel: ${hostMs.length > 0 ? summary(hostMs) : 'not logged'}; drawing alone: ${summary(openings.map((o) => o.drawMs))}; ` +
        `from the click, webview creation included: ${summary(openings.map((o) => o.clickMs))} (load ${load()})`,
    );
  } finally {
    await workbench.close();
    await server.stop();
    rmSync(folder, { recursive: true, force: true });
  }
  console.log(`machine load after: ${load()}`);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
