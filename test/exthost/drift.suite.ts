import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { DriftReportJson } from '../../core/drift/reportJson';
import { DRIFT_COMMANDS } from '../../extension/drift/commands';
import type { DriftReportPayload } from '../../webviews/drift/contract';
import { activateExtension } from './extensionUnderTest';

/** The demo's current.csv shifts exactly these two columns (core/demo/transactions.ts). */
const SHIFTED = ['amount', 'distance_km'];

function drifted(payload: DriftReportPayload | undefined): string[] {
  assert.ok(payload, 'the command returned the report it showed');
  return payload.report.columns
    .filter((c) => c.drift_detected)
    .map((c) => c.column_name)
    .sort();
}

function driftTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('mlops.driftReport'));
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export function registerDriftTests(): void {
  describe('drift report', () => {
    let folder: string;
    let scratch: string;
    let extensionPath: string;

    before(async () => {
      extensionPath = (await activateExtension()).extension.extensionPath;
      const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
      assert.ok(root, 'the demo workspace is open');
      folder = root;
      scratch = join(folder, 'drift-suite');
      mkdirSync(scratch, { recursive: true });
    });

    after(async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      rmSync(scratch, { recursive: true, force: true });
    });

    it('reports the demo reference/current CSVs in a panel flagging exactly amount and distance_km', async () => {
      const reference = vscode.Uri.file(join(folder, 'reference.csv'));
      const current = vscode.Uri.file(join(folder, 'current.csv'));
      const payload = await vscode.commands.executeCommand<DriftReportPayload | undefined>(DRIFT_COMMANDS.report, reference, [reference, current]);
      assert.deepEqual(drifted(payload), SHIFTED);
      assert.equal(payload?.report.number_of_columns, 8);
      assert.equal(payload?.report.rows_reference, payload?.report.rows_current);
      assert.deepEqual(payload?.sources, { reference: 'reference.csv', current: 'current.csv' });
      // The tab model is updated asynchronously after the panel is created.
      await until('one drift report panel', async () => (driftTabs().length === 1 ? true : undefined));
      const shown = await vscode.commands.executeCommand<DriftReportPayload | undefined>(DRIFT_COMMANDS.shownReport);
      assert.equal(shown?.generatedAt, payload?.generatedAt);
    });

    it('ships the column worker beside the bundle, so reports read and test columns on worker threads', () => {
      // core/drift/columnPool.ts falls back to the extension host's own thread without it.
      assert.ok(existsSync(join(extensionPath, 'dist', 'driftColumnWorker.js')));
      assert.ok(existsSync(join(extensionPath, 'dist', 'webviews', 'drift.js')), 'the report UI that HTML exports inline');
    });

    it('exports the shown report as JSON and as a self-contained HTML file', async () => {
      const jsonTarget = vscode.Uri.file(join(scratch, 'report.json'));
      const htmlTarget = vscode.Uri.file(join(scratch, 'report.html'));
      assert.equal((await vscode.commands.executeCommand<vscode.Uri>(DRIFT_COMMANDS.exportJson, jsonTarget))?.fsPath, jsonTarget.fsPath);
      assert.equal((await vscode.commands.executeCommand<vscode.Uri>(DRIFT_COMMANDS.exportHtml, htmlTarget))?.fsPath, htmlTarget.fsPath);
      const json = JSON.parse(readFileSync(jsonTarget.fsPath, 'utf8')) as DriftReportJson;
      const flagged = Object.entries(json.columns)
        .filter(([, c]) => c.drift_detected)
        .map(([name]) => name)
        .sort();
      assert.deepEqual(flagged, SHIFTED);
      const html = readFileSync(htmlTarget.fsPath, 'utf8');
      assert.match(html, /<script type="application\/json" id="drift-report-data">/);
      assert.match(html, /default-src 'none'/);
      assert.doesNotMatch(html, /<script[^>]+src=/, 'the UI script is inline, not loaded');
    });

    it('re-runs when an input file changes', async () => {
      const reference = join(scratch, 'reference.csv');
      const current = join(scratch, 'current.csv');
      copyFileSync(join(folder, 'reference.csv'), reference);
      copyFileSync(join(folder, 'current.csv'), current);
      const first = await vscode.commands.executeCommand<DriftReportPayload | undefined>(
        DRIFT_COMMANDS.report,
        vscode.Uri.file(reference),
        [vscode.Uri.file(reference), vscode.Uri.file(current)],
      );
      assert.deepEqual(drifted(first), SHIFTED);
      // The current data becomes the reference data: nothing drifts any more.
      copyFileSync(reference, current);
      // Waits for the re-run that read the changed file: the watcher may first report the copies made before the
      // first run, re-running on the same data.
      const next = await until('the re-run after current.csv changed', async () => {
        const shown = await vscode.commands.executeCommand<DriftReportPayload | undefined>(DRIFT_COMMANDS.shownReport);
        return shown && shown.generatedAt !== first?.generatedAt && drifted(shown).length === 0 ? shown : undefined;
      });
      assert.deepEqual(drifted(next), []);
      assert.equal(next.report.dataset_drift, false);
    });

    it('reads reference, current and the column mapping from a drift.yaml', async () => {
      copyFileSync(join(folder, 'reference.csv'), join(scratch, 'reference.csv'));
      copyFileSync(join(folder, 'current.csv'), join(scratch, 'current.csv'));
      const config = join(scratch, 'drift.yaml');
      writeFileSync(config, 'reference: reference.csv\ncurrent: current.csv\nignored: [amount]\n');
      const payload = await vscode.commands.executeCommand<DriftReportPayload | undefined>(DRIFT_COMMANDS.report, vscode.Uri.file(config));
      assert.deepEqual(drifted(payload), ['distance_km']);
      assert.equal(payload?.report.number_of_columns, 7);
    });

    it('shows no report for a drift.yaml without its data files or with a missing file', async () => {
      const config = join(scratch, 'drift.yaml');
      writeFileSync(config, 'reference: reference.csv\n');
      assert.equal(await vscode.commands.executeCommand(DRIFT_COMMANDS.report, vscode.Uri.file(config)), undefined);
      writeFileSync(config, 'reference: reference.csv\ncurrent: missing.csv\n');
      assert.equal(await vscode.commands.executeCommand(DRIFT_COMMANDS.report, vscode.Uri.file(config)), undefined);
    });
  });
}
