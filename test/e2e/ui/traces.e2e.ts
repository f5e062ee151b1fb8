// MLflow 3 traces as a person meets them in real VS Code (code-server), on the demo's traced RAG agent: the Traces
// view lists them, a click opens the explorer (span tree beside the waterfall), the LLM span reads as a
// conversation, MLflow's filter leaves the failed request (its exception and stack trace one click away), two traces
// compare span by span, and a notebook whose stored outputs hold MLflow's own trace MIME type renders our explorer.
// Expected values are read from the stores here, with SQL and file reads of their own.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import { parse } from 'yaml';
import { openSqlite } from '../../../core/sqlite/driver';
import { freshDemoWorkspace } from '../harness/demoWorkspace';
import { repoRoot } from '../harness/paths';
import { uiSession } from '../harness/uiSession';
import { openFolder, quickOpen, runCommand, runContextMenuItem, screenshot, showOnlyView, viewPane, webviewWith } from '../harness/workbench';

const demo = freshDemoWorkspace();
const session = uiSession({
  ready: (started) => started.workbench.page.setViewportSize({ width: 1600, height: 1000 }),
  cleanup: () => demo.remove(),
});

function query(sql: string): Array<Record<string, unknown>> {
  const db = openSqlite(join(demo.folder, 'mlflow.db'), { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}

function traceAsking(question: string): string {
  return String(query(`SELECT request_id FROM trace_info WHERE request_preview LIKE '%${question}%'`)[0]!.request_id);
}

function spanNames(traceId: string): string[] {
  return query(`SELECT name FROM spans WHERE trace_id = '${traceId}' ORDER BY start_time_unix_nano`).map((r) => String(r.name));
}

function tracesPane(page: Page) {
  return viewPane(page, 'Traces');
}

function traceRow(page: Page, question: string) {
  return tracesPane(page).locator('.monaco-list-row', { hasText: question }).first();
}

async function explorerOf(page: Page, traceId: string): Promise<Frame> {
  return webviewWith(page, `.trace-explorer .summary:has-text("${traceId}")`, 90_000);
}


test('the Traces view lists the demo agent’s traces of both stores, newest first', async () => {
  const { page } = session.workbench;
  await openFolder(page, session.server.folderUrl(demo.folder));
  await showOnlyView(page, 'Traces');
  const questions = query('SELECT request_preview FROM trace_info ORDER BY timestamp_ms DESC').map((r) => JSON.parse(String(r.request_preview)).messages[0].content as string);
  assert.equal(questions.length, 10);
  await traceRow(page, questions[0]!).waitFor({ timeout: 90_000 });
  const shown = await tracesPane(page).locator('.monaco-list-row').allInnerTexts();
  const order = questions.map((q) => shown.findIndex((row) => row.includes(q)));
  assert.ok(order.every((i) => i >= 0), `every trace of mlflow.db is listed: ${shown.join(' | ')}`);
  assert.deepEqual(order, [...order].sort((a, b) => a - b), 'newest first');
  const failed = shown.find((row) => row.includes('Where is my order B-2210?'))!;
  assert.match(failed, /support_agent[\s\S]*6\.\d\d s · \d+ tokens/);
  assert.ok(shown.some((row) => row.includes('mlruns')), 'the mlruns/ store is listed too');
  await screenshot(page, 'traces-view');
});

test('a click opens the explorer: the span tree beside its waterfall, the LLM span as a conversation', async () => {
  const { page } = session.workbench;
  const traceId = traceAsking('Where is my order A-1042?');
  await traceRow(page, 'Where is my order A-1042?').click();
  const explorer = await explorerOf(page, traceId);
  const rows = explorer.locator('.rows-canvas .row:visible');
  await rows.first().waitFor({ timeout: 30_000 });
  assert.deepEqual(await rows.locator('.name').allInnerTexts(), spanNames(traceId));
  // Bars as a share of the timeline's width: every span has one, the root's spans the whole trace.
  const shares = await explorer.locator('.rows-canvas .row:visible .bar').evaluateAll((bars) => bars.map((b) => b.getBoundingClientRect().width / b.parentElement!.getBoundingClientRect().width));
  assert.ok(shares.every((share) => share > 0), `every span has a bar: ${shares}`);
  assert.ok(shares[0]! > 0.99, `the root spans the timeline: ${shares[0]}`);
  await explorer.locator('.rows-canvas .row', { hasText: 'ChatOpenAI' }).first().click();
  await explorer.locator('.span-detail .span-name', { hasText: 'ChatOpenAI' }).waitFor({ timeout: 30_000 });
  const conversation = explorer.locator('.span-detail .conversation');
  assert.equal(await conversation.locator('.message.role-user .content').innerText(), 'Where is my order A-1042?');
  assert.match(await conversation.locator('.message.role-assistant .tool-call').innerText(), /lookup_order_status[\s\S]*A-1042/);
  assert.match(await explorer.locator('.span-detail table.tokens').innerText(), /Total\s+\d+/);
  await explorer.locator('.rows-canvas .row', { hasText: 'retrieve_docs' }).first().click();
  await explorer.locator('.span-detail .span-name', { hasText: 'retrieve_docs' }).waitFor({ timeout: 30_000 });
  const documents = explorer.locator('.span-detail .documents .document');
  await documents.first().waitFor({ timeout: 30_000 });
  assert.equal(await documents.count(), 3);
  assert.match(await documents.first().locator('.score').innerText(), /^score 0\.\d+$/);
  await explorer.locator('.rows-canvas .row', { hasText: 'ChatOpenAI' }).first().click();
  await explorer.locator('.span-detail .span-name', { hasText: 'ChatOpenAI' }).waitFor({ timeout: 30_000 });
  await screenshot(page, 'trace-explorer-llm-span');
});

/**
 * MLOps: Filter Traces… with `filter` typed into its input box. The box closes when focus leaves it, and a webview
 * still loading from the step before can take the focus as it opens: the command is then run again.
 */
async function filterTraces(page: Page, filter: string): Promise<void> {
  // The input box, not the palette row that opened it: its input carries the box's title.
  const input = page.locator('.quick-input-widget input[aria-label^="Filter traces"]');
  for (let attempt = 1; ; attempt++) {
    await runCommand(page, 'MLOps: Filter Traces…');
    await input.waitFor({ timeout: 15_000 });
    const filled = await input.fill(filter, { timeout: 5_000 }).then(
      () => true,
      (error: Error) => (attempt < 3 ? false : Promise.reject(error)),
    );
    if (filled) break;
  }
  await page.keyboard.press('Enter');
}

test("filter attributes.status = 'ERROR' leaves the failed trace; its first error shows the exception", async () => {
  const { page } = session.workbench;
  const failedId = String(query("SELECT request_id FROM trace_info WHERE status = 'ERROR'")[0]!.request_id);
  await filterTraces(page, "attributes.status = 'ERROR'");
  await tracesPane(page).locator('.monaco-list-row', { hasText: 'No traces match the filter' }).waitFor({ timeout: 30_000 });
  const rows = await tracesPane(page).locator('.monaco-list-row', { hasText: 'support_agent' }).allInnerTexts();
  assert.equal(rows.length, 1, rows.join(' | '));
  assert.ok(rows[0]!.includes('Where is my order B-2210?'));
  await traceRow(page, 'Where is my order B-2210?').click();
  const explorer = await explorerOf(page, failedId);
  await explorer.locator('button', { hasText: 'First error' }).click();
  await explorer.locator('.span-detail .span-name', { hasText: 'lookup_order_status' }).waitFor({ timeout: 30_000 });
  const exception = explorer.locator('.span-detail .exception');
  assert.equal(await exception.locator('.exception-head').innerText(), 'TimeoutError: orders-api did not answer within 5 s');
  assert.match(await exception.locator('.stacktrace').innerText(), /^Traceback \(most recent call last\):/);
  assert.match(await explorer.locator('.trace-pane .assessments').innerText(), /SCORER_ERROR/);
  await screenshot(page, 'trace-explorer-error');
  await filterTraces(page, '');
  await traceRow(page, 'How do I reset my password?').waitFor({ timeout: 30_000 });
});

test('two traces compare span by span: the tool call and the second LLM call are added', async () => {
  const { page } = session.workbench;
  await traceRow(page, 'How do I reset my password?').click();
  await traceRow(page, 'Where is my order A-1042?').click({ modifiers: ['Control'] });
  await runContextMenuItem(page, traceRow(page, 'Where is my order A-1042?'), 'Compare Traces');
  const compare = await webviewWith(page, '.trace-compare .compare-row', 90_000);
  const rows = await compare.locator('.compare-row').evaluateAll((elements) => elements.map((e) => [(e as HTMLElement).dataset.status, e.querySelector('.name')!.textContent]));
  const older = spanNames(traceAsking('How do I reset my password?'));
  const newer = spanNames(traceAsking('Where is my order A-1042?'));
  assert.deepEqual(rows.filter(([s]) => s === 'same').map(([, n]) => n), older);
  assert.deepEqual(rows.filter(([s]) => s === 'added').map(([, n]) => n).sort(), ['ChatOpenAI', 'lookup_order_status']);
  assert.equal(rows.length, newer.length);
  await screenshot(page, 'trace-compare');
});

test('a notebook whose outputs hold application/databricks.mlflow.trace renders them in our explorer', async () => {
  const { page } = session.workbench;
  // Outputs render as their cells scroll into view: a tall page shows both explorers at once.
  await page.setViewportSize({ width: 1600, height: 2000 });
  const traceId = traceAsking('Where is my order A-1042?');
  // MLflow 2.x displayed the whole Trace.to_json(): a real LangGraph trace's files make one.
  const fixture = join(repoRoot, 'test', 'fixtures', 'mlflow3', 'agentic-business-ops', 'mlruns', '565662728625871820', 'traces', 'tr-063c14b0fe1f3adb1317fb067b403e84');
  const wholeTrace = `{"info": ${JSON.stringify(parse(readFileSync(join(fixture, 'trace_info.yaml'), 'utf8')))}, "data": ${readFileSync(join(fixture, 'artifacts', 'traces.json'), 'utf8')}}`;
  const output = (payload: string, text: string) => ({ output_type: 'display_data', metadata: {}, data: { 'application/databricks.mlflow.trace': payload, 'text/plain': text } });
  const notebook = {
    cells: [
      // MLflow 3 displays the trace id; the explorer reads the trace from the workspace's store.
      { cell_type: 'code', metadata: {}, source: 'agent.invoke("Where is my order A-1042?")', execution_count: 1, outputs: [output(JSON.stringify(traceId), `Trace(trace_id=${traceId})`)] },
      { cell_type: 'code', metadata: {}, source: 'graph.invoke(state)', execution_count: 2, outputs: [output(wholeTrace, 'Trace(request_id=tr-063c14b0fe1f3adb1317fb067b403e84)')] },
    ],
    metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' }, language_info: { name: 'python' } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  mkdirSync(join(demo.folder, 'notebooks'), { recursive: true });
  writeFileSync(join(demo.folder, 'notebooks', 'traced.ipynb'), JSON.stringify(notebook, null, 1));
  await quickOpen(page, 'traced.ipynb');
  const frame = await webviewWith(page, '.mlops-output .trace-explorer .rows-canvas .row', 120_000);
  assert.equal(await frame.locator('.trace-explorer').count(), 2);
  const fromStore = frame.locator(`.trace-explorer:has(.summary:has-text("${traceId}"))`);
  const whole = frame.locator('.trace-explorer:has(.summary:has-text("tr-063c14b0fe1f3adb1317fb067b403e84"))');
  await fromStore.locator('.rows-canvas .row').first().waitFor({ timeout: 60_000 });
  await whole.locator('.rows-canvas .row').first().waitFor({ timeout: 60_000 });
  assert.deepEqual(await fromStore.locator('.rows-canvas .row:visible .name').allInnerTexts(), spanNames(traceId));
  const spans = JSON.parse(readFileSync(join(fixture, 'artifacts', 'traces.json'), 'utf8')).spans as Array<{ name: string; parent_span_id: string | null }>;
  assert.equal(await whole.locator('.rows-canvas .row:visible .name').first().innerText(), spans.find((s) => s.parent_span_id === null)!.name);
  assert.match(await whole.locator('.summary').innerText(), new RegExp(`${spans.length} spans`));
  await fromStore.locator('.rows-canvas .row', { hasText: 'ChatOpenAI' }).first().click();
  await fromStore.locator('.span-detail .span-name', { hasText: 'ChatOpenAI' }).waitFor({ timeout: 30_000 });
  assert.equal(await fromStore.locator('.span-detail .conversation .message.role-user .content').innerText(), 'Where is my order A-1042?');
  await screenshot(page, 'trace-notebook');
});
