// MLOps: Open Monitoring Dashboard — from the palette, the Data view's title, a drift.yaml or a folder of batches in
// the Explorer. Registering does no I/O; the panel and core/monitor load on first use.
import { existsSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { MonitorSeries } from '../../core/monitor/monitorSeries';
import type { MlopsLog } from '../output';

export const MONITOR_COMMANDS = {
  /**
   * (clicked?: Uri, reference?: Uri) → the series the dashboard shows, or undefined (nothing picked, or the run
   * failed). `clicked`: a drift.yaml, or a folder of batches (`reference` then skips asking for the reference).
   */
  openDashboard: 'mlops.monitor.openDashboard',
  /** () → MonitorDashboardStatus[]: what each open dashboard computed and drew; for the extension-host tests. */
  status: 'mlops.monitor.status',
} as const;

const CONFIG_GLOB = '**/drift.{yaml,yml}';
const SKIPPED_FOLDERS = '**/{node_modules,.git,.dvc,.venv}/**';

export function registerMonitorCommands(context: vscode.ExtensionContext, log: MlopsLog): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(MONITOR_COMMANDS.openDashboard, (clicked?: unknown, reference?: unknown) =>
      openDashboard(context.extensionUri, log, clicked, reference instanceof vscode.Uri ? reference : undefined),
    ),
    vscode.commands.registerCommand(MONITOR_COMMANDS.status, async () => (await import('./dashboardPanel.js')).MonitorDashboardPanel.status()),
  );
}

async function openDashboard(extensionUri: vscode.Uri, log: MlopsLog, clicked: unknown, reference: vscode.Uri | undefined): Promise<MonitorSeries | undefined> {
  const config = await configFor(clicked, reference);
  if (!config) return undefined;
  const { MonitorDashboardPanel } = await import('./dashboardPanel.js');
  return MonitorDashboardPanel.show(extensionUri, log, config).run();
}

/** From a view's title VS Code passes no Uri; a drift.yaml or a folder clicked in the Explorer names what to show. */
async function configFor(clicked: unknown, reference: vscode.Uri | undefined): Promise<vscode.Uri | undefined> {
  if (!(clicked instanceof vscode.Uri)) return pickConfig();
  if (/^drift\.ya?ml$/i.test(basename(clicked.fsPath))) return clicked;
  const stat = await vscode.workspace.fs.stat(clicked).then(
    (s) => s,
    () => undefined,
  );
  return stat && stat.type & vscode.FileType.Directory ? folderConfig(clicked, reference) : pickConfig();
}

/**
 * A folder of batches: the drift.yaml whose batches lie in it, else one written into it for the reference the user
 * picks (picking it is the confirmation: the item says what is written).
 */
async function folderConfig(folder: vscode.Uri, reference: vscode.Uri | undefined): Promise<vscode.Uri | undefined> {
  const existing = (await configsWithBatches()).find((config) => config.batches.some((batch) => dirname(batch) === folder.fsPath));
  if (existing) return existing.uri;
  const { batchFolder, batchFolderConfig } = await import('../../core/monitor/batchFolder.js');
  const batches = batchFolder(folder.fsPath);
  const name = vscode.workspace.asRelativePath(folder, false);
  if (batches.batches.length < 2) {
    void vscode.window.showWarningMessage(`${name} holds ${batches.batches.length === 0 ? 'no data files' : 'one data file'}: a monitoring dashboard compares a series of batches (CSV, TSV or Parquet files) with a reference.`);
    return undefined;
  }
  const target = join(folder.fsPath, 'drift.yaml');
  if (existsSync(target)) {
    void vscode.window.showWarningMessage(`${name}/drift.yaml lists no batches. Add \`batches: ['${batches.pattern}']\` (and a reference:) to monitor this folder.`);
    await vscode.window.showTextDocument(vscode.Uri.file(target));
    return undefined;
  }
  const picked = reference ?? (await pickReference(folder, batches.batches.length, batches.pattern));
  if (!picked) return undefined;
  writeFileSync(target, batchFolderConfig(batches, picked.fsPath), { flag: 'wx' });
  return vscode.Uri.file(target);
}

/** The reference, from the workspace's data files outside the folder (the drift report's picker); the title says what picking writes. */
async function pickReference(folder: vscode.Uri, count: number, pattern: string): Promise<vscode.Uri | undefined> {
  const { pickDataFile } = await import('../drift/inputs.js');
  const name = vscode.workspace.asRelativePath(folder, false);
  return pickDataFile(`Monitoring ${name} (${count} batches): the reference they are compared with — writes ${name}/drift.yaml (batches ${pattern})`, (uri) => dirname(uri.fsPath) === folder.fsPath);
}

/** The drift.yaml files that list batches, with their batch files or globs. */
async function configsWithBatches(): Promise<Array<{ uri: vscode.Uri; batches: string[] }>> {
  const { loadDriftConfig } = await import('../../core/drift/driftConfig.js');
  const found = await vscode.workspace.findFiles(CONFIG_GLOB, SKIPPED_FOLDERS, 200);
  return found
    .flatMap((uri) => {
      try {
        const batches = loadDriftConfig(uri.fsPath).batches ?? [];
        return batches.length > 0 ? [{ uri, batches }] : [];
      } catch {
        return [];
      }
    })
    .sort((a, b) => a.uri.fsPath.localeCompare(b.uri.fsPath));
}

/** The drift.yaml files that list batches; a quick pick when there are several. */
async function pickConfig(): Promise<vscode.Uri | undefined> {
  const withBatches = (await configsWithBatches()).map((config) => config.uri);
  if (withBatches.length === 0) {
    void vscode.window.showWarningMessage(
      'No drift.yaml in this workspace lists batches. Add `reference:` and `batches: [data/batches/*.csv]` to a drift.yaml to monitor drift over time.',
    );
    return undefined;
  }
  if (withBatches.length === 1) return withBatches[0];
  const picked = await vscode.window.showQuickPick(
    withBatches.map((uri) => ({ label: vscode.workspace.asRelativePath(uri, false), uri })),
    { title: 'Monitoring dashboard: which drift.yaml?' },
  );
  return picked?.uri;
}
