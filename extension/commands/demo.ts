import { join } from 'node:path';
import * as vscode from 'vscode';
import { generateDemoWorkspace } from '../../core/demo/generate';
import type { MlopsLog } from '../output';

/**
 * Generates the demo workspace under the extension's global storage (once) and opens it. The generator writes
 * mlflow.db through whichever SQLite driver this host can load and commits the DVC history with git.
 */
export async function openDemo(context: vscode.ExtensionContext, log: MlopsLog): Promise<void> {
  const folder = join(context.globalStorageUri.fsPath, 'demo-workspace');
  const existing = await vscode.workspace.fs.stat(vscode.Uri.file(join(folder, 'mlflow.db'))).then(
    () => true,
    () => false,
  );
  if (!existing) {
    try {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Generating the MLOps demo workspace…' },
        async () => {
          const summary = generateDemoWorkspace(folder);
          log.info(`demo workspace generated in ${summary.folder} (${summary.runs} runs)`);
        },
      );
    } catch (error) {
      const message = `Could not generate the demo workspace in ${folder}: ${(error as Error).message}`;
      log.error(message);
      void vscode.window.showErrorMessage(message);
      return;
    }
  }
  await vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(folder), { forceNewWindow: false });
}
