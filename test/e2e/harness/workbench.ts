// Drives the VS Code workbench in Debian's Chromium with playwright-core: the helpers every UI test reuses.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Frame, type FrameLocator, type Locator, type Page } from 'playwright-core';
import { artifactsDir, chromiumPath, repoRoot } from './paths';

export interface Workbench {
  page: Page;
  context: BrowserContext;
  close(): Promise<void>;
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  // Without this Chromium still resolves Google hosts on a machine with no network.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
];

export async function launchWorkbench(beforeGoto?: (page: Page) => Promise<void>): Promise<Workbench> {
  const profile = mkdtempSync(join(tmpdir(), 'mlops-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  if (beforeGoto) await beforeGoto(page);
  return {
    page,
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Opens a folder and waits until the workbench and our activity-bar container are there. */
export async function openFolder(page: Page, url: string): Promise<void> {
  // Playwright's 30 s default is too short for code-server's first page load on a busy 2-core machine.
  await page.goto(url, { timeout: 120_000 });
  await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 60_000 });
}

export function activityBarEntry(page: Page, title: string): Locator {
  return page.locator(`.part.activitybar [aria-label^="${title}"]`).first();
}

export async function openContainer(page: Page, title: string): Promise<void> {
  const entry = activityBarEntry(page, title);
  await entry.waitFor({ timeout: 60_000 });
  const checked = await entry.getAttribute('aria-checked').catch(() => null);
  const expanded = await entry.getAttribute('aria-expanded').catch(() => null);
  if (checked !== 'true' && expanded !== 'true') await entry.click();
}

/** F1, type the command's title, pick the matching row. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 5 } }).catch(() => undefined);
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 15_000 });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

/**
 * Run a context-menu entry of `target`. VS Code's menus act on the focused item and ignore a click that lands while
 * the menu is still settling, so: hover focuses the entry, Enter runs it, and a menu still open afterwards is closed
 * and opened again.
 */
export async function runContextMenuItem(page: Page, target: Locator, label: string): Promise<void> {
  const menu = page.locator('.context-view .monaco-menu');
  for (let attempt = 1; ; attempt++) {
    await target.click({ button: 'right' });
    const item = page.getByRole('menuitem', { name: label }).first();
    await item.waitFor({ timeout: 15_000 });
    await item.hover();
    await page.keyboard.press('Enter');
    const closed = await menu.waitFor({ state: 'hidden', timeout: 3_000 }).then(() => true, () => false);
    if (closed) return;
    if (attempt === 3) throw new Error(`the context menu stayed open after choosing "${label}" three times`);
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden', timeout: 3_000 }).catch(() => undefined);
  }
}

/** A view's pane (title and body) inside the side bar, by its name. */
export function viewPane(page: Page, name: string): Locator {
  return page.locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: name }) }).first();
}

/** A row of one view's tree: the Runs and Traces views both list experiments, so rows are looked up per view. */
export function viewRow(page: Page, view: string, text: string | RegExp): Locator {
  return viewPane(page, view).locator('.monaco-list-row', { hasText: text }).first();
}

/** The MLOps container's views, as package.json contributes them: a new view needs no change here. */
const MLOPS_VIEWS: readonly string[] = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).contributes.views.mlops.map(
  (view: { name: string }) => view.name,
);

/**
 * Opens the MLOps container with only the named view expanded: the side bar splits its height between expanded
 * views and trees are virtualised, so rows below the fold are not in the DOM.
 */
export async function showOnlyView(page: Page, view: string): Promise<void> {
  await openContainer(page, 'MLOps');
  // A freshly opened workspace restores each pane's expansion while the workbench settles, so a click made just
  // before the restore is undone by it: repeat until one pass finds every pane as wanted.
  for (let pass = 0; pass < 5; pass++) {
    let clicked = false;
    for (const name of MLOPS_VIEWS) {
      const header = viewPane(page, name).locator('.pane-header');
      await header.waitFor({ timeout: 30_000 });
      const expanded = (await header.getAttribute('aria-expanded')) === 'true';
      if (expanded !== (name === view)) {
        await header.click();
        // On a loaded machine the pane can take longer than a pass to follow the click; clicking it again in the next
        // pass would undo the first click, so each click waits for its own pane first.
        await viewPane(page, name)
          .locator(`.pane-header[aria-expanded="${name === view}"]`)
          .waitFor({ timeout: 15_000 })
          .catch(() => undefined);
        clicked = true;
      }
    }
    if (!clicked) return restPointer(page);
    await page.waitForTimeout(500);
  }
  throw new Error(`the MLOps panes did not settle with only ${view} expanded`);
}

/**
 * Moves the pointer off the side bar, onto the title bar, and waits for a tooltip it left open to close: the pointer
 * resting where the rows of a just-expanded view appear opens a row's tooltip, which takes clicks meant for the rows
 * under it.
 */
export async function restPointer(page: Page): Promise<void> {
  await page.mouse.move(700, 5);
  await page
    .locator('.context-view .rendered-markdown')
    .first()
    .waitFor({ state: 'hidden', timeout: 30_000 })
    .catch(() => undefined);
}

/** Webviews are two nested iframes; the content lives in the inner #active-frame. */
export function webview(page: Page, index = 0): FrameLocator {
  return page.frameLocator('iframe.webview').nth(index).frameLocator('#active-frame');
}

/**
 * The webview whose page holds `selector`, when several are open (a table and the plot it opened): webview frames
 * carry no name of their own, so each inner frame is asked.
 */
export async function webviewWith(page: Page, selector: string, timeoutMs = 60_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      if ((await frame.locator(selector).count().catch(() => 0)) > 0) return frame;
    }
    if (Date.now() > deadline) throw new Error(`no webview shows ${selector} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export async function problemsText(page: Page): Promise<string> {
  await runCommand(page, 'Problems: Focus on Problems View');
  const panel = page.locator('.markers-panel');
  await panel.waitFor({ timeout: 15_000 });
  return panel.innerText();
}

/**
 * The text of an output channel, as the Output view's editor shows it (white space normalised: Monaco renders
 * spaces as non-breaking). `showCommand` is a palette command that reveals the channel.
 */
export async function outputChannelText(page: Page, showCommand: string, expected: RegExp): Promise<string> {
  await runCommand(page, showCommand);
  const lines = page.locator('.part.panel .output-view .view-lines');
  await lines.filter({ hasText: expected }).waitFor({ timeout: 30_000 });
  return (await lines.innerText()).replace(/\s+/g, ' ');
}

/** How many pixels of a canvas are painted (non-transparent): a chart that drew has thousands. */
export function inkedPixels(canvas: Locator): Promise<number> {
  return canvas.evaluate((element: HTMLCanvasElement) => {
    const { data } = element.getContext('2d')!.getImageData(0, 0, element.width, element.height);
    let inked = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) inked++;
    return inked;
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true });
  const path = join(artifactsDir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** The file once it exists (an export written by the extension host). */
export async function fileWritten(path: string, timeoutMs = 15_000): Promise<Buffer> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(path)) {
    if (Date.now() > deadline) throw new Error(`${path} was not written within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return readFileSync(path);
}

/** code-server's save dialog is a quick input; it fills in the suggested name after it opens, so wait for that first. */
export async function saveAs(page: Page, suggested: string, path: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 15_000 });
  await page.waitForFunction(
    (name) => (document.querySelector('.quick-input-widget input') as HTMLInputElement | null)?.value.endsWith(name) ?? false,
    suggested,
    { timeout: 15_000 },
  );
  await input.fill(path);
  await page.keyboard.press('Enter');
}

/**
 * Opens a workspace file by quick open (Ctrl+P) and waits for its tab. A file written moments ago may not be in quick
 * open's file index yet: the search is typed again until it lists the file.
 */
export async function quickOpen(page: Page, fileName: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: fileName }).first();
  for (let attempt = 1; ; attempt++) {
    // From the workbench, not from inside a webview that has the focus.
    await page.locator('.monaco-workbench').click({ position: { x: 700, y: 5 } }).catch(() => undefined);
    await page.keyboard.press('Control+P');
    await input.waitFor({ timeout: 15_000 });
    await input.fill(fileName);
    const listed = await row.waitFor({ timeout: 15_000 }).then(
      () => true,
      () => false,
    );
    if (listed) break;
    if (attempt === 4) throw new Error(`quick open never listed ${fileName}`);
    await page.keyboard.press('Escape');
  }
  await page.keyboard.press('Enter');
  await page.locator('.part.editor .tab.active', { hasText: fileName }).waitFor({ timeout: 30_000 });
}
