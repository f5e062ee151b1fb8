// What a person sees in the Data view and the pipeline panel of the demo workspace: the versions of
// data/train.csv from git history, "Checkout This Version" (after the modal) putting an older version on disk, and
// the DVC pipeline drawn with its stale stage marked.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { freshDemoWorkspace } from '../harness/demoWorkspace';
import { uiSession } from '../harness/uiSession';
import { openContainer, openFolder, runCommand, runContextMenuItem, screenshot, viewPane, webview } from '../harness/workbench';

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
  await openContainer(page, 'MLOps');
  const data = viewPane(page, 'Data');
  await data.waitFor({ timeout: 30_000 });
  // The side bar splits its height between Runs, Data and Models: collapse the other two so every row has room.
  for (const name of ['Runs', 'Models']) {
    const header = viewPane(page, name).locator('.pane-header');
    if ((await header.getAttribute('aria-expanded')) === 'true') await header.click();
  }
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

function md5(bytes: Buffer): string {
  return createHash('md5').update(bytes).digest('hex');
}
