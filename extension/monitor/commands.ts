// MLOps: Open Monitoring Dashboard — from the palette, the Data view's title or a drift.yaml in the Explorer.
// Registering does no I/O; the panel and core/monitor load on first use.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { MonitorSeries } from '../../core/monitor/monitorSeries';
import type { MlopsLog } from '../output';

export const MONITOR_COMMANDS = {
  /** (config?: Uri) → the series the dashboard shows, or undefined (no drift.yaml picked, or the run failed). */
  openDashboard: 'mlops.monitor.openDashboard',
  /** () → MonitorDashboardStatus[]: what each open dashboard computed and drew; for the extension-host tests. */
  status: 'mlops.monitor.status',
} as const;

const CONFIG_GLOB = '**/drift.{yaml,yml}';
const SKIPPED_FOLDERS = '**/{node_modules,.git,.dvc,.venv}/**';

export function registerMonitorCommands(context: vscode.ExtensionContext, log: MlopsLog): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(MONITOR_COMMANDS.openDashboard, (clicked?: unknown) => openDashboard(context.extensionUri, log, clicked)),
    vscode.commands.registerCommand(MONITOR_COMMANDS.status, async () => (await import('./dashboardPanel.js')).MonitorDashboardPanel.status()),
  );
}

async function openDashboard(extensionUri: vscode.Uri, log: MlopsLog, clicked: unknown): Promise<MonitorSeries | undefined> {
  // From a view's title VS Code passes no Uri; only a drift.yaml clicked in the Explorer names the config.
  const config = clicked instanceof vscode.Uri && /^drift\.ya?ml$/i.test(basename(clicked.fsPath)) ? clicked : await pickConfig();
  if (!config) return undefined;
  const { MonitorDashboardPanel } = await import('./dashboardPanel.js');
  return MonitorDashboardPanel.show(extensionUri, log, config).run();
}

/** The drift.yaml files that list batches; a quick pick when there are several. */
async function pickConfig(): Promise<vscode.Uri | undefined> {
  const { loadDriftConfig } = await import('../../core/drift/driftConfig.js');
  const found = await vscode.workspace.findFiles(CONFIG_GLOB, SKIPPED_FOLDERS, 200);
  const withBatches = found
    .filter((uri) => {
      try {
        return (loadDriftConfig(uri.fsPath).batches?.length ?? 0) > 0;
      } catch {
        return false;
      }
    })
    .sort((a, b) => a.fsPath.localeCompare(b.fsPath));
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
