// What `npm run demo -- --check` proves in the browser: the demo workspace's stores have loaded into the MLOps
// container (experiments in Runs, DVC-tracked data in Data, registered models in Models) and a run's metric plot
// draws. The container and its view titles come from package.json alone, so they show even when the extension never
// activated; only the views' rows and the plot prove that it did.
import type { Page } from 'playwright-core';
import { inkedPixels, openContainer, openFolder, screenshot, viewPane, webview } from './workbench';

export interface DemoCheckResult {
  screenshot: string;
  /** Milliseconds from opening the folder until all three views had rows. */
  populatedAfterMs: number;
}

/** A row each view must show, named as core/demo writes it. */
interface ExpectedRow {
  view: 'Runs' | 'Data' | 'Models';
  row: string;
  what: string;
}

const EXPECTED_ROWS: ExpectedRow[] = [
  { view: 'Runs', row: 'fraud-detection', what: 'the experiment fraud-detection from mlflow.db' },
  { view: 'Data', row: 'train.csv', what: 'data/train.csv tracked by its .dvc pointer' },
  { view: 'Models', row: 'fraud-detection', what: 'the registered model fraud-detection' },
];
/** core/demo/trainingRuns.ts: the RUNNING run of fraud-detection, the one the README's picture plots. */
const PLOTTED_RUN = 'live-training';

export class DemoCheckError extends Error {
  constructor(
    message: string,
    readonly screenshot: string,
  ) {
    super(`${message}\nscreenshot: ${screenshot}`);
    this.name = 'DemoCheckError';
  }
}

/**
 * Opens the demo folder at `url` and, once the workbench is up, waits up to `timeoutMs` for every view to show its
 * rows and a metric plot to draw, and saves test-artifacts/demo.png. Throws a DemoCheckError naming each view that
 * stayed empty, with what it showed instead, after saving test-artifacts/demo-check-failed.png.
 */
export async function checkDemoWorkspace(page: Page, url: string, timeoutMs: number): Promise<DemoCheckResult> {
  const opened = Date.now();
  await openFolder(page, url);
  await openContainer(page, 'MLOps');
  // The workbench has loaded: from here on everything is the extension's doing, and the timeout counts.
  const deadline = Date.now() + timeoutMs;
  const left = () => Math.max(1, deadline - Date.now());
  const missing = await rowsMissing(page, left);
  if (missing.length > 0) throw new DemoCheckError(missing.join('\n'), await screenshot(page, 'demo-check-failed'));
  const populatedAfterMs = Date.now() - opened;
  try {
    await openRunPlot(page, left);
  } catch (error) {
    throw new DemoCheckError(`the metric plot of run ${PLOTTED_RUN} did not draw: ${(error as Error).message}`, await screenshot(page, 'demo-check-failed'));
  }
  return { screenshot: await screenshot(page, 'demo'), populatedAfterMs };
}

/** One line per view that did not show its row in time, quoting what the view showed instead. */
async function rowsMissing(page: Page, left: () => number): Promise<string[]> {
  const results = await Promise.all(
    EXPECTED_ROWS.map(async ({ view, row, what }) => {
      const pane = viewPane(page, view);
      const found = await pane
        .locator('.monaco-list-row', { hasText: row })
        .first()
        .waitFor({ timeout: left() })
        .then(() => true, () => false);
      if (found) return undefined;
      const shown = (await pane.innerText({ timeout: 5_000 }).catch(() => '')).replace(/\s+/g, ' ').trim();
      return `the ${view} view does not show ${what}; it shows: ${shown || '(nothing)'}`;
    }),
  );
  return results.filter((line): line is string => line !== undefined);
}

/** Expands the experiment, selects its RUNNING run and plots it; waits until the chart's canvas is painted. */
async function openRunPlot(page: Page, left: () => number): Promise<void> {
  // The README's picture: no empty secondary side bar beside the plot (a cosmetic step, so it may find none).
  await page.locator('.part.auxiliarybar .action-label[aria-label^="Hide Secondary Side Bar"]').click({ timeout: 2_000 }).catch(() => undefined);
  const runs = viewPane(page, 'Runs');
  await runs.locator('.monaco-list-row', { hasText: EXPECTED_ROWS[0]!.row }).first().click();
  const run = runs.locator('.monaco-list-row', { hasText: PLOTTED_RUN }).first();
  await run.waitFor({ timeout: left() });
  // The row's inline action, as a person plots a run.
  await run.hover();
  await run.locator('.action-label[aria-label^="Open Metric Plot"]').click({ timeout: left() });
  const chart = webview(page).locator('.chart').first();
  const canvas = chart.locator('canvas').first();
  await canvas.waitFor({ timeout: left() });
  for (let inked = await inkedPixels(canvas); inked <= 1000; inked = await inkedPixels(canvas)) {
    if (left() <= 1) throw new Error(`the chart's canvas has only ${inked} painted pixels`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  // The README's picture shows the chart's read-out under the pointer.
  await chart.locator('.u-over').hover({ position: { x: 400, y: 60 } });
}
