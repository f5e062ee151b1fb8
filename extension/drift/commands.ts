// The drift commands. Registering them does no I/O; the drift engine and the panel are loaded on first use, so
// activation does not pay for evaluating core/drift.
import * as vscode from 'vscode';
import type { DriftReportPayload } from '../../webviews/drift/contract';
import type { MlopsLog } from '../output';
import type { ExportFormat } from './reportPanel';

export const DRIFT_COMMANDS = {
  /** (clicked?: Uri, selected?: Uri[]) → the payload the panel shows, or undefined (dismissed, cancelled, failed). */
  report: 'mlops.drift.report',
  /** (target?: Uri) → where the active panel's report was written. */
  exportHtml: 'mlops.drift.exportHtml',
  exportJson: 'mlops.drift.exportJson',
  /** () → the payload the active report panel shows; internal (not in the palette), for extension-host tests. */
  shownReport: 'mlops.drift.shownReport',
} as const;

export function registerDriftCommands(context: vscode.ExtensionContext, log: MlopsLog): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(DRIFT_COMMANDS.report, (clicked?: vscode.Uri, selected?: vscode.Uri[]) =>
      openReport(context.extensionUri, log, clicked, selected),
    ),
    vscode.commands.registerCommand(DRIFT_COMMANDS.exportHtml, (target?: vscode.Uri) => exportActive('html', target)),
    vscode.commands.registerCommand(DRIFT_COMMANDS.exportJson, (target?: vscode.Uri) => exportActive('json', target)),
    vscode.commands.registerCommand(DRIFT_COMMANDS.shownReport, shownReport),
  );
}

async function openReport(
  extensionUri: vscode.Uri,
  log: MlopsLog,
  clicked: unknown,
  selected: unknown,
): Promise<DriftReportPayload | undefined> {
  const [{ chooseSource }, { DriftReportPanel }] = await Promise.all([import('./inputs.js'), import('./reportPanel.js')]);
  // From a keybinding or the editor title VS Code may pass other things than Uris; only Uris select files.
  const clickedUri = clicked instanceof vscode.Uri ? clicked : undefined;
  const selectedUris = Array.isArray(selected) ? selected.filter((u): u is vscode.Uri => u instanceof vscode.Uri) : undefined;
  let source: Awaited<ReturnType<typeof chooseSource>>;
  try {
    source = await chooseSource(clickedUri, selectedUris);
  } catch (error) {
    const message = `Drift report: ${(error as Error).message}`;
    log.error(message);
    void vscode.window.showErrorMessage(message);
    return undefined;
  }
  if (!source) return undefined;
  return DriftReportPanel.show(extensionUri, log, source).run('command');
}

async function exportActive(format: ExportFormat, target: unknown): Promise<vscode.Uri | undefined> {
  const { DriftReportPanel } = await import('./reportPanel.js');
  const panel = DriftReportPanel.active();
  if (!panel) {
    void vscode.window.showWarningMessage('No drift report is open; run "MLOps: Drift Report" first.');
    return undefined;
  }
  return panel.export(format, target instanceof vscode.Uri ? target : undefined);
}

async function shownReport(): Promise<DriftReportPayload | undefined> {
  const { DriftReportPanel } = await import('./reportPanel.js');
  return DriftReportPanel.active()?.report;
}
