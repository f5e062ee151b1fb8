import { bundleLoadStart } from './activationClock';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { useNativeBuilds } from '../core/sqlite/driver';
import { openDocs } from './commands/docs';
import { registerDataView } from './data/register';
import { registerDriftCommands } from './drift/commands';
import { registerFeaturesView } from './features/register';
import { setTrackingUri } from './commands/trackingUri';
import { registerModelsView } from './models/register';
import { registerMonitorCommands } from './monitor/commands';
import { registerNotebook } from './notebook/register';
import { MlopsLog } from './output';
import { registerRunsView } from './runs/runsView';
import { registerTracesView } from './traces/register';
import { WorkspaceLocations } from './workspace/workspaceLocations';

/** What activate() hands back: tests and other extensions read it through `extension.exports`. */
export interface MlopsApi {
  activationMs: number;
  /** The stores every view resolves, with the shared credentials (the extension-host tests build views on it). */
  workspace: WorkspaceLocations;
}

// Every import above has been evaluated by now: this is the end of code loading.
const codeLoadingMs = performance.now() - bundleLoadStart;

export function activate(context: vscode.ExtensionContext): MlopsApi {
  const activateStart = performance.now();
  useNativeBuilds(join(context.extensionPath, 'native', 'better-sqlite3'));
  const log = new MlopsLog();
  const workspace = new WorkspaceLocations(context.secrets);
  context.subscriptions.push(log, workspace);
  registerRunsView(context, log, workspace);
  registerDataView(context, log);
  registerModelsView(context, log, workspace);
  registerTracesView(context, log, workspace);
  registerFeaturesView(context, log);
  context.subscriptions.push(
    vscode.commands.registerCommand('mlops.openDemo', () => import('./commands/demo.js').then(({ openDemo }) => openDemo(context, log))),
    vscode.commands.registerCommand('mlops.setTrackingUri', setTrackingUri),
    vscode.commands.registerCommand('mlops.openDocs', () => openDocs(context.extensionUri)),
    vscode.commands.registerCommand('mlops.showOutput', () => log.channel.show(true)),
    vscode.commands.registerCommand('mlops.ci.addWorkflow', () =>
      import('./commands/ciWorkflow.js').then(({ addCiWorkflow }) => addCiWorkflow(context, log)).catch((error: Error) => {
        log.error(`Add CI Workflow: ${error.message}`);
        void vscode.window.showErrorMessage(`MLOps: Add CI Workflow failed: ${error.message}`);
      }),
    ),
  );
  registerDriftCommands(context, log);
  registerMonitorCommands(context, log);
  registerNotebook(context, log, workspace);
  // The server is a child process; starting it after activate() returns keeps activation itself short.
  setTimeout(() => {
    import('./languageClient/start.js')
      .then(({ startLanguageClient }) => startLanguageClient(context, log))
      .then(
      (client) => context.subscriptions.push({ dispose: () => void client.stop() }),
      (error: Error) => log.error(`the language server did not start: ${error.message}`),
    );
  }, 0);
  // VS Code's own measure of activation: code loading plus the activate() call, not the time the host waits between.
  const activateCallMs = performance.now() - activateStart;
  const activationMs = codeLoadingMs + activateCallMs;
  log.info(
    `MLOps Workbench ${context.extension.packageJSON.version} activated in ${activationMs.toFixed(1)} ms ` +
      `(code loading ${codeLoadingMs.toFixed(1)} ms, activate() ${activateCallMs.toFixed(1)} ms)`,
  );
  return { activationMs, workspace };
}

export function deactivate(): void {}
