// What a person sees of the demo's feature store and Hugging Face cache: the Features view lists the Feast project's
// entities and feature views with merchant_risk marked stale, "Show Online Values…" for a typed entity key shows the
// row the online store holds, and Models › Hugging Face shows the cached model, its revisions with refs and size,
// the model card's metrics and the LoRA adapter under its base model. Every expectation is read from the demo's own
// files (features.py, the online store's SQLite tables, the cache's refs and blobs, the card, adapter_config.json).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { parse as parseYaml } from 'yaml';
import { formatByteSize } from '../../../core/format/byteSize';
import { openSqlite } from '../../../core/sqlite/driver';
import { freshDemoWorkspace } from '../harness/demoWorkspace';
import { uiSession } from '../harness/uiSession';
import { openFolder, restPointer, runContextMenuItem, screenshot, showOnlyView, viewPane, viewRow } from '../harness/workbench';

const demo = freshDemoWorkspace();
const session = uiSession({
  // The empty secondary side bar would squeeze the online values page in the screenshots.
  settings: { 'workbench.secondarySideBar.defaultVisibility': 'hidden' },
  cleanup: () => demo.remove(),
});
const featureRepo = join(demo.folder, 'feature_repo');
const hfCache = join(demo.folder, 'hf-cache');
const DAY_MS = 86_400_000;

interface DeclaredView {
  name: string;
  ttlDays: number;
}

/** The entities and feature views features.py declares (the names `feast apply` registered). */
function declaredObjects(): { project: string; entities: string[]; views: DeclaredView[] } {
  const source = readFileSync(join(featureRepo, 'features.py'), 'utf8');
  const project = /^project:\s*(\S+)/m.exec(readFileSync(join(featureRepo, 'feature_store.yaml'), 'utf8'))?.[1];
  assert.ok(project, 'feature_store.yaml names a project');
  const entities = [...source.matchAll(/Entity\(name="(\w+)"/g)].map((m) => m[1]!);
  const views = [...source.matchAll(/FeatureView\(\s*name="(\w+)",[\s\S]*?ttl=timedelta\(days=(\d+)\)/g)].map((m) => ({ name: m[1]!, ttlDays: Number(m[2]) }));
  assert.ok(entities.length > 0 && views.length > 0, 'features.py declares entities and feature views');
  return { project, entities, views };
}

interface OnlineRow {
  entityKey: Buffer;
  feature: string;
  value: string | number;
  /** The value is a Value.float_val (field 6). */
  float32: boolean;
  eventTs: string;
}

/** A view's rows as the SQLite online store holds them, values decoded from their feast.types.Value bytes. */
function onlineRows(project: string, view: string): OnlineRow[] {
  const db = openSqlite(join(featureRepo, 'data', 'online_store.db'), { readonly: true });
  try {
    return db.prepare(`SELECT entity_key, feature_name, value, event_ts FROM "${project}_${view}" ORDER BY rowid`).all().map((row) => {
      const value = Buffer.from(row['value'] as Uint8Array);
      return {
        entityKey: Buffer.from(row['entity_key'] as Uint8Array),
        feature: String(row['feature_name']),
        value: scalarValue(value),
        float32: value[0]! >> 3 === 6,
        eventTs: String(row['event_ts']),
      };
    });
  } finally {
    db.close();
  }
}

/** The one scalar field of a serialized feast.types.Value (Value.proto: 2 string, 4 int64, 5 double, 6 float). */
function scalarValue(bytes: Buffer): string | number {
  const field = bytes[0]! >> 3;
  let at = 1;
  const varint = (): number => {
    let result = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = bytes[at++]!;
      result += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return result;
    }
  };
  switch (field) {
    case 2: {
      const length = varint();
      return bytes.subarray(at, at + length).toString('utf8');
    }
    case 4:
      return varint();
    case 5:
      return bytes.readDoubleLE(1);
    case 6:
      return bytes.readFloatLE(1);
    default:
      throw new Error(`the demo's online store holds a Value with field ${field}, which this test does not decode`);
  }
}

function isStale(rows: OnlineRow[], ttlDays: number): boolean {
  const latest = Math.max(...rows.map((r) => Date.parse(`${r.eventTs.replace(' ', 'T')}Z`)));
  return Date.now() - latest > ttlDays * DAY_MS;
}

/** The text of the active editor, white space normalised (Monaco renders spaces as non-breaking). */
async function activeEditorText(page: Page, expected: string): Promise<string> {
  const lines = page.locator('.part.editor .editor-instance .monaco-editor .view-lines').filter({ hasText: expected }).first();
  await lines.waitFor({ timeout: 60_000 });
  return (await lines.innerText()).replace(/\s+/g, ' ');
}

/**
 * Expands a collapsed tree row (a click on a row without a command toggles it) and waits for a child. The last click
 * left the pointer over rows whose tooltip would take this click, so it rests first.
 */
async function expand(page: Page, view: string, row: string | RegExp, child: string | RegExp): Promise<void> {
  const target = viewRow(page, view, row);
  await target.waitFor({ timeout: 60_000 });
  await restPointer(page);
  if ((await target.getAttribute('aria-expanded')) !== 'true') await target.click();
  await viewRow(page, view, child).waitFor({ timeout: 60_000 });
}

async function level(page: Page, view: string, row: string | RegExp): Promise<number> {
  return Number(await viewRow(page, view, row).getAttribute('aria-level'));
}

test('the Features view lists the demo project’s entities and feature views, merchant_risk marked stale and its details a click away', async () => {
  const { page } = session.workbench;
  const { project, entities, views } = declaredObjects();
  await openFolder(page, session.server.folderUrl(demo.folder));
  await showOnlyView(page, 'Features');
  await expand(page, 'Features', project, 'Entities');
  await expand(page, 'Features', /^Entities/, entities[0]!);
  await expand(page, 'Features', /^Feature Views/, views[0]!.name);

  const text = await viewPane(page, 'Features').innerText();
  for (const entity of entities) assert.ok(text.includes(entity), `the Features view does not list entity '${entity}':\n${text}`);
  for (const view of views) {
    const stale = isStale(onlineRows(project, view.name), view.ttlDays);
    const row = (await viewRow(page, 'Features', view.name).innerText()).replace(/\s+/g, ' ');
    assert.match(row, new RegExp(`${view.name}\\s*${stale ? 'stale' : 'fresh'} · TTL ${view.ttlDays}d`), `feature view row: ${row}`);
  }
  assert.ok(views.some((v) => v.name === 'merchant_risk' && isStale(onlineRows(project, v.name), v.ttlDays)), 'the demo’s merchant_risk is older than its TTL');
  await screenshot(page, 'features-tree');

  // A click on a view opens its details page, read-only.
  await viewRow(page, 'Features', 'merchant_risk').click();
  const details = await activeEditorText(page, 'Feature view merchant_risk');
  assert.match(details, /freshness: stale/);
  const schema = /FeatureView\(\s*name="merchant_risk"[\s\S]*?schema=\[([^\]]*)\]/.exec(readFileSync(join(featureRepo, 'features.py'), 'utf8'))?.[1] ?? '';
  const fields = [...schema.matchAll(/Field\(name="(\w+)", dtype=(\w+)\)/g)];
  assert.ok(fields.length > 0, 'features.py gives merchant_risk a schema');
  for (const feature of fields) {
    assert.ok(details.includes(`| ${feature[1]} | ${feature[2]} |`), `the details page lacks ${feature[1]} (${feature[2]}):\n${details}`);
  }
});

/**
 * Runs "Show Online Values…" of a feature view's row, from its inline icon or its context menu, for a typed key; the
 * page's text once it opens.
 */
async function showOnlineValues(page: Page, view: string, from: 'inline' | 'menu', key: string): Promise<string> {
  const row = viewRow(page, 'Features', view);
  if (from === 'menu') await runContextMenuItem(page, row, 'Show Online Values…');
  else {
    await row.hover();
    await row.locator('.action-label[aria-label^="Show Online Values"]').click();
  }
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 30_000 });
  await input.fill(key);
  await page.keyboard.press('Enter');
  return activeEditorText(page, `${view} · ${key}`);
}

/** The value cell of a feature's row on the online values page, e.g. `| risk_tier | "low" | 2026-… |`. */
function shownValue(text: string, feature: string, eventTs: string): string {
  const cell = new RegExp(`\\| ${feature} \\| ([^|]+) \\| ${eventTs.slice(0, 10)}`).exec(text);
  assert.ok(cell, `${feature} at ${eventTs} is missing from the online values page:\n${text}`);
  return cell[1]!.trim();
}

test('Show Online Values… (inline icon and context menu) for a typed entity key shows the values the online store holds for it', async () => {
  const { page } = session.workbench;
  const { project } = declaredObjects();
  // Not the first keys, which the input box offers already: the typed key is the one looked up.
  const merchant = 'm-004';
  const merchantRows = onlineRows(project, 'merchant_risk').filter((r) => r.entityKey.toString('utf8').endsWith(merchant));
  assert.ok(merchantRows.length >= 2, `the online store holds merchant_risk rows for ${merchant}`);
  const customer = 1007n;
  const customerRows = onlineRows(project, 'customer_stats').filter((r) => r.entityKey.readBigInt64LE(r.entityKey.length - 8) === customer);
  assert.ok(customerRows.some((r) => r.float32), `the online store holds a Float32 customer_stats value for ${customer}`);

  const merchantPage = await showOnlineValues(page, 'merchant_risk', 'inline', `merchant_id=${merchant}`);
  for (const row of merchantRows) assert.equal(shownValue(merchantPage, row.feature, row.eventTs), JSON.stringify(row.value), row.feature);
  await screenshot(page, 'features-online-values');

  const customerPage = await showOnlineValues(page, 'customer_stats', 'menu', `customer_id=${customer}`);
  for (const row of customerRows) {
    const shown = shownValue(customerPage, row.feature, row.eventTs);
    if (!row.float32) {
      assert.equal(shown, JSON.stringify(row.value), row.feature);
      continue;
    }
    // A Float32 is shown as a decimal that is that float32 again, in no more digits than a float32 holds.
    assert.equal(Math.fround(Number(shown)), row.value, `${row.feature} shows ${shown}, not the stored float32 ${row.value}`);
    assert.ok(shown.replace(/^-?0?\.?|\./g, '').length <= 9, `${row.feature} shows ${shown}, a widened double`);
  }
});

interface CachedRevision {
  commit: string;
  refs: string[];
  size: number;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]));
}

/** The demo cache's one model as huggingface_hub lays it out: refs/ files name commits, snapshot files link to blobs. */
function cachedModel(): { repoId: string; revisions: CachedRevision[] } {
  const [folder, ...others] = readdirSync(hfCache).filter((name) => name.startsWith('models--'));
  assert.ok(folder && others.length === 0, 'the demo cache holds one model');
  const repo = join(hfCache, folder);
  const refsDir = join(repo, 'refs');
  // Named by their path under refs/, as scan_cache_dir names them: `main`, and `refs/pr/1` for a pull request.
  const refs = filesUnder(refsDir).map((file) => ({ name: relative(refsDir, file), commit: readFileSync(file, 'utf8').trim() }));
  const revisions = readdirSync(join(repo, 'snapshots')).map((commit) => {
    const blobs = new Set(filesUnder(join(repo, 'snapshots', commit)).map((file) => realpathSync(file)));
    return { commit, refs: refs.filter((r) => r.commit === commit).map((r) => r.name), size: [...blobs].reduce((sum, blob) => sum + statSync(blob).size, 0) };
  });
  return { repoId: folder.slice('models--'.length).replace('--', '/'), revisions };
}

function cardMetrics(commit: string): { type: string; value: number }[] {
  const card = readFileSync(join(hfCache, readdirSync(hfCache)[0]!, 'snapshots', commit, 'README.md'), 'utf8');
  const frontMatter = parseYaml(/^---\n([\s\S]*?)\n---/.exec(card)![1]!) as { 'model-index': { results: { metrics: { type: string; value: number }[] }[] }[] };
  return frontMatter['model-index'].flatMap((entry) => entry.results.flatMap((result) => result.metrics));
}

test('Models › Hugging Face shows the cached model, its revisions with refs and size, card metrics and the LoRA adapter under it', async () => {
  const { page } = session.workbench;
  const { repoId, revisions } = cachedModel();
  const adapterConfig = JSON.parse(readFileSync(join(demo.folder, 'outputs', 'tiny-sentiment-lora', 'adapter_config.json'), 'utf8'));
  assert.equal(adapterConfig.base_model_name_or_path, repoId, 'the demo adapter’s base is the cached model');
  const main = revisions.find((r) => r.refs.includes('main'));
  assert.ok(main && revisions.length >= 2, 'the demo model has a main revision and another one');

  await showOnlyView(page, 'Models');
  await expand(page, 'Models', /Hugging Face\s*1 cached/, repoId);
  await expand(page, 'Models', repoId, main.commit.slice(0, 8));
  const repoLevel = await level(page, 'Models', repoId);
  for (const revision of revisions) {
    const row = (await viewRow(page, 'Models', revision.commit.slice(0, 8)).innerText()).replace(/\s+/g, ' ');
    for (const part of [...revision.refs, formatByteSize(revision.size)]) assert.ok(row.includes(part), `revision ${revision.commit} row lacks ${part}: ${row}`);
    assert.equal(await level(page, 'Models', revision.commit.slice(0, 8)), repoLevel + 1);
  }
  const adapterRow = new RegExp(`${adapterConfig.peft_type} adapter\\s*r=${adapterConfig.r} · α=${adapterConfig.lora_alpha}`);
  await viewRow(page, 'Models', adapterRow).waitFor({ timeout: 30_000 });
  assert.equal(await level(page, 'Models', adapterRow), repoLevel + 1, 'the adapter sits under its base model');

  const metrics = cardMetrics(main.commit);
  await expand(page, 'Models', main.commit.slice(0, 8), `${metrics[0]!.type}: ${metrics[0]!.value}`);
  for (const metric of metrics) {
    const label = `${metric.type}: ${metric.value}`;
    await viewRow(page, 'Models', label).waitFor({ timeout: 30_000 });
    assert.equal(await level(page, 'Models', label), repoLevel + 2, `${label} sits under revision ${main.commit.slice(0, 8)}`);
  }
  await screenshot(page, 'models-hugging-face');
});
