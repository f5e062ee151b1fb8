// What a person sees in the Data view and the pipeline panel of the demo workspace: the versions of
// data/train.csv from git history, "Checkout This Version" (after the modal) putting an older version on disk, and
// the DVC pipeline drawn with its stale stage marked, and a pipeline too wide for the panel opening fitted, zooming and
// panning.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { cacheObjectPath } from '../../support/dvcRepo';
import { freshDemoWorkspace } from '../harness/demoWorkspace';
import { uiSession } from '../harness/uiSession';
import { openContainer, openFolder, runCommand, runContextMenuItem, screenshot, showOnlyView, viewPane, webview } from '../harness/workbench';

const demo = freshDemoWorkspace();
const git = (...args: string[]) => execFileSync('git', args, { cwd: demo.folder, encoding: 'utf8' });
const md5Of = (text: string) => /^- md5: ([0-9a-f]{32})$/m.exec(text)?.[1];
// The commits that changed the pointer's hash, newest first: what the Data view must list (a reformat is no version).
const versions = git('log', '--reverse', '--format=%H', '--', 'data/train.csv.dvc')
  .trim()
  .split('\n')
  .map((commit) => ({ commit, md5: md5Of(git('show', `${commit}:data/train.csv.dvc`))! }))
  .filter((v, i, all) => i === 0 || all[i - 1]!.md5 !== v.md5)
  .reverse();

const session = uiSession({ cleanup: () => demo.remove() });

test('the Data view lists the 4 versions of data/train.csv from git history', async () => {
  assert.equal(versions.length, 4, 'the demo has 4 versions of data/train.csv');
  const { page } = session.workbench;
  await openFolder(page, session.server.folderUrl(demo.folder));
  await showOnlyView(page, 'Data');
  const data = viewPane(page, 'Data');
  const train = data.locator('.monaco-list-row', { hasText: 'train.csv' }).first();
  await train.waitFor({ timeout: 60_000 });
  await train.click();
  for (const { commit } of versions) {
    await data.locator('.monaco-list-row', { hasText: commit.slice(0, 7) }).first().waitFor({ timeout: 30_000 });
  }
  // The commit that only reformatted the pointer is in git log but is not a version.
  const reformat = git('log', '--format=%H', '--', 'data/train.csv.dvc').trim().split('\n').filter((c) => !versions.some((v) => v.commit === c));
  assert.equal(reformat.length, 1);
  assert.equal(await data.locator('.monaco-list-row', { hasText: reformat[0]!.slice(0, 7) }).count(), 0);
  const newest = await data.locator('.monaco-list-row', { hasText: versions[0]!.commit.slice(0, 7) }).first().innerText();
  assert.match(newest, /pointer/);
  assert.match(newest, /Drop duplicated and test transactions/);
  await screenshot(page, 'data-view-versions');
});

test('the pipeline panel draws the DAG: 4 stages, data nodes, `train` marked stale', async () => {
  const { page } = session.workbench;
  await runCommand(page, 'MLOps: Show Pipeline');
  const frame = webview(page);
  const stages = frame.locator('g.node.stage');
  await stages.first().waitFor({ timeout: 30_000 });
  assert.equal(await stages.count(), 4);
  assert.deepEqual(await stages.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-name'))), ['prepare', 'featurize', 'train', 'evaluate']);
  const stale = frame.locator('g.node.stage.stale');
  assert.deepEqual(await stale.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-name'))), ['train']);
  assert.match((await stale.locator('text.status').textContent()) ?? '', /stale/);
  assert.match(await stale.locator('title').first().textContent() ?? '', /train\.n_est/);
  assert.equal(await frame.locator('g.node.data').count(), 2);
  assert.equal(await frame.locator('path.edge').count(), 5);
  assert.match(await frame.locator('.summary').innerText(), /train is stale: param train\.n_est changed/);
  await screenshot(page, 'data-pipeline-dag');

  await stale.click();
  await page.locator('.tabs-container .tab', { hasText: 'dvc.yaml' }).waitFor({ timeout: 30_000 });
  const line = page.locator('.part.statusbar', { hasText: /Ln 22, Col 1/ });
  await line.waitFor({ timeout: 15_000 });
  await screenshot(page, 'data-pipeline-open-stage');
});

test('"Checkout This Version" on the oldest version, confirmed in the modal, puts that content on disk', async () => {
  const { page } = session.workbench;
  const oldest = versions[versions.length - 1]!;
  const file = join(demo.folder, 'data', 'train.csv');
  assert.notEqual(md5(readFileSync(file)), oldest.md5, 'the workspace starts at another version');
  const data = viewPane(page, 'Data');
  const row = data.locator('.monaco-list-row', { hasText: oldest.commit.slice(0, 7) }).first();
  await runContextMenuItem(page, row, 'Checkout This Version');
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: 15_000 });
  assert.match(await dialog.innerText(), new RegExp(`Check out data/train\\.csv at ${oldest.commit.slice(0, 7)}`));
  await screenshot(page, 'data-checkout-confirm');
  await dialog.locator('.monaco-button', { hasText: /^Checkout$/ }).click();

  await page.locator('.notifications-toasts', { hasText: `now holds version ${oldest.commit.slice(0, 7)}` }).waitFor({ timeout: 30_000 });
  assert.equal(md5(readFileSync(file)), oldest.md5, 'data/train.csv holds the oldest version');
  // The pointer still names the newest version, so the view now reports the file as modified.
  await data.locator('.monaco-list-row', { hasText: /train\.csv.*modified/ }).first().waitFor({ timeout: 30_000 });
  // The pipeline panel follows: `prepare` depends on data/train.csv, whose hash now differs from dvc.lock.
  await webview(page).locator('g.node.stage.stale[data-name="prepare"]').waitFor({ timeout: 30_000 });
  await screenshot(page, 'data-checkout-done');
});

test('"Reveal in Explorer" shows the checked-out file in the Explorer with the DVC "modified" badge', async () => {
  const { page } = session.workbench;
  const row = viewPane(page, 'Data').locator('.monaco-list-row', { hasText: 'train.csv' }).first();
  await runContextMenuItem(page, row, 'Reveal in Explorer');
  const explorerRow = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'train.csv' }).first();
  await explorerRow.waitFor({ timeout: 30_000 }).catch(async (error: Error) => {
    await screenshot(page, 'data-explorer-reveal-failed');
    throw error;
  });
  // File decorations draw their badge as the label's ::after content.
  const badge = explorerRow.locator('.monaco-icon-label');
  await page.waitForFunction(
    (label) => label !== null && getComputedStyle(label, '::after').content === '"M"',
    await badge.elementHandle(),
    { timeout: 30_000 },
  );
  await screenshot(page, 'data-explorer-badge');
});

test('"Checkout This Version" of a directory whose manifest climbs out of the repository writes nothing outside it', async () => {
  const { page } = session.workbench;
  // A cloned repository's `.dir` manifest naming a file beside the workspace folder (issue 11, defect 1).
  const victim = join(dirname(demo.folder), 'victim.txt');
  writeFileSync(victim, 'precious\n');
  // DVC keeps a directory's manifest under its md5 plus `.dir`.
  const stash = (content: string, suffix = ''): string => {
    const hash = `${md5(Buffer.from(content))}${suffix}`;
    const object = cacheObjectPath(demo.folder, hash, 'dvc3');
    mkdirSync(dirname(object), { recursive: true });
    writeFileSync(object, content);
    return hash;
  };
  const manifest = `[{"md5": "${stash('fine\n')}", "relpath": "ok.txt"}, {"md5": "${stash('hostile\n')}", "relpath": "../../../victim.txt"}]`;
  const dirMd5 = stash(manifest, '.dir');
  writeFileSync(join(demo.folder, 'data', 'climbing.dvc'), `outs:\n- md5: ${dirMd5}\n  size: 13\n  nfiles: 2\n  hash: md5\n  path: climbing\n`);
  git('add', 'data/climbing.dvc');
  git('commit', '-q', '-m', 'a directory someone else wrote');
  const commit = git('rev-parse', 'HEAD').trim();

  // "Reveal in Explorer" left the Explorer in front.
  await openContainer(page, 'MLOps');
  const data = viewPane(page, 'Data');
  const output = data.locator('.monaco-list-row', { hasText: 'climbing' }).first();
  await output.waitFor({ timeout: 60_000 });
  await output.click();
  const version = data.locator('.monaco-list-row', { hasText: commit.slice(0, 7) }).first();
  await version.waitFor({ timeout: 30_000 });
  await runContextMenuItem(page, version, 'Checkout This Version');
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: 15_000 });
  await dialog.locator('.monaco-button', { hasText: /^Checkout$/ }).click();
  await page
    .locator('.notifications-toasts', { hasText: /victim\.txt.*leaves its directory/ })
    .waitFor({ timeout: 30_000 })
    .catch(async (error: Error) => {
      await screenshot(page, 'data-checkout-outside-failed');
      throw error;
    });
  await screenshot(page, 'data-checkout-refused-outside');
  assert.equal(readFileSync(victim, 'utf8'), 'precious\n');
  assert.equal(existsSync(join(demo.folder, 'data', 'climbing')), false, 'nothing was written, inside either');
});

function md5(bytes: Buffer): string {
  return createHash('md5').update(bytes).digest('hex');
}

/** A chain of `count` stages after a tracked raw.csv, each feeding the next: one column each, far wider than the panel. */
function widePipelineFolder(count: number): string {
  const folder = mkdtempSync(join(tmpdir(), 'mlops-wide-pipeline-'));
  mkdirSync(join(folder, '.dvc'));
  const stage = (i: number) => `step_${String(i).padStart(2, '0')}`;
  const stages = Array.from({ length: count }, (_, i) =>
    [`  ${stage(i + 1)}:`, `    cmd: python run.py ${i + 1}`, '    deps:', `    - ${i === 0 ? 'raw.csv' : `out/${stage(i)}`}`, '    outs:', `    - out/${stage(i + 1)}`].join('\n'),
  );
  writeFileSync(join(folder, 'dvc.yaml'), `stages:\n${stages.join('\n')}\n`);
  // The first stage reads DVC-tracked data, so the Data view has a row to show.
  const raw = 'id,amount\n1,10\n';
  writeFileSync(join(folder, 'raw.csv'), raw);
  writeFileSync(join(folder, 'raw.csv.dvc'), `outs:\n- md5: ${md5(Buffer.from(raw))}\n  size: ${raw.length}\n  hash: md5\n  path: raw.csv\n`);
  return folder;
}

type Box = { x: number; y: number; width: number; height: number };

/** The wheel reaches the webview asynchronously: measure until `ok` holds or 5 s have passed. */
async function settledBox(measure: () => Promise<Box>, ok: (box: Box) => boolean): Promise<Box> {
  const deadline = Date.now() + 5_000;
  for (let box = await measure(); ; box = await measure()) {
    if (ok(box) || Date.now() > deadline) return box;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const inside = (inner: Box, outer: Box) =>
  inner.x >= outer.x - 1 && inner.y >= outer.y - 1 && inner.x + inner.width <= outer.x + outer.width + 1 && inner.y + inner.height <= outer.y + outer.height + 1;

test('a 14-stage pipeline opens fitted to the panel, and zooms and pans by buttons, wheel, drag and keys', async () => {
  const { page } = session.workbench;
  const folder = widePipelineFolder(14);
  try {
    await openFolder(page, session.server.folderUrl(folder));
    // The command exists once the extension has activated: the Data view listing raw.csv shows that.
    await openContainer(page, 'MLOps');
    await viewPane(page, 'Data').locator('.monaco-list-row', { hasText: 'raw.csv' }).first().waitFor({ timeout: 90_000 });
    await runCommand(page, 'MLOps: Show Pipeline');
    const frame = webview(page);
    const svg = frame.locator('svg.dag');
    const stages = frame.locator('g.node.stage');
    await stages.nth(13).waitFor({ timeout: 60_000 });
    assert.equal(await stages.count(), 14);
    const boxes = async () => Promise.all((await stages.all()).map(async (s) => (await s.boundingBox())!));
    const frameBox = async () => (await svg.boundingBox())!;
    // Fitted on open: every stage, the last one included, lies inside the drawing's box.
    const view = await frameBox();
    const fittedBoxes = await boxes();
    for (const [i, box] of fittedBoxes.entries()) assert.ok(inside(box, view), `stage ${i + 1} ${JSON.stringify(box)} is outside ${JSON.stringify(view)}`);
    await screenshot(page, 'data-pipeline-wide-fitted');

    const first = () => stages.first().boundingBox().then((box) => box!);
    await frame.locator('button[aria-label^="Zoom in"]').click();
    const zoomedIn = await first();
    assert.ok(Math.abs(zoomedIn.width / fittedBoxes[0]!.width - 1.25) < 0.02, `the + button scaled a stage from ${fittedBoxes[0]!.width} to ${zoomedIn.width} px`);

    await page.mouse.move(view.x + view.width / 2, view.y + view.height / 2);
    await page.mouse.wheel(0, -400);
    const wheeled = await settledBox(first, (box) => box.width > zoomedIn.width * 1.5);
    assert.ok(wheeled.width > zoomedIn.width * 1.5, `the wheel zoomed a stage only from ${zoomedIn.width} to ${wheeled.width} px`);
    assert.ok(!(await boxes()).every((box) => inside(box, view)), 'zoomed in, some stages are out of view');
    assert.match(await frame.locator('.zoom-level').innerText(), /^\d+%$/);

    // A drag that starts on a stage pans the drawing and does not open the stage's definition.
    const middle = stages.nth(6);
    const grabbed = (await middle.boundingBox())!;
    await page.mouse.move(grabbed.x + grabbed.width / 2, grabbed.y + grabbed.height / 2);
    await page.mouse.down();
    await page.mouse.move(grabbed.x + grabbed.width / 2 - 150, grabbed.y + grabbed.height / 2 + 20, { steps: 8 });
    await page.mouse.up();
    const dropped = (await middle.boundingBox())!;
    assert.ok(Math.abs(dropped.x - (grabbed.x - 150)) < 3 && Math.abs(dropped.y - (grabbed.y + 20)) < 3, `the drag moved the stage from ${JSON.stringify(grabbed)} to ${JSON.stringify(dropped)}`);
    await screenshot(page, 'data-pipeline-wide-panned');
    assert.equal(await page.locator('.tabs-container .tab', { hasText: 'dvc.yaml' }).count(), 0, 'the drag opened dvc.yaml');

    // Keys act on the focused drawing: an arrow pans, 0 fits again.
    await svg.focus();
    await page.keyboard.press('ArrowLeft');
    assert.ok(Math.abs((await middle.boundingBox())!.x - (dropped.x + 48)) < 3, 'ArrowLeft did not pan the drawing by 48 px');
    await page.keyboard.press('0');
    for (const [i, box] of (await boxes()).entries()) assert.ok(Math.abs(box.x - fittedBoxes[i]!.x) < 1 && Math.abs(box.width - fittedBoxes[i]!.width) < 1, `0 did not fit stage ${i + 1} again`);

    // A plain click on a stage still opens its definition.
    await stages.last().click();
    await page.locator('.tabs-container .tab', { hasText: 'dvc.yaml' }).waitFor({ timeout: 30_000 });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
