// Notebook support: the command that inserts the magics cell, the renderer's messaging channel for promotion, and
// completion for `%mlops` lines. The registry code behind them loads on first use (dynamic import), not during
// activation, which must stay under 50 ms.
import * as vscode from 'vscode';
import { RENDERER_ID, type RendererToHost } from '../../webviews/notebook/contract';
import type { MlopsLog } from '../output';
import type { WorkspaceLocations } from '../workspace/workspaceLocations';
import { enableMagics } from './enableMagics';
import { registerMagicCompletion } from './magicCompletion';

export function registerNotebook(context: vscode.ExtensionContext, log: MlopsLog, workspace: WorkspaceLocations): void {
  const messaging = vscode.notebooks.createRendererMessaging(RENDERER_ID);
  context.subscriptions.push(
    vscode.commands.registerCommand('mlops.notebook.enableMagics', () => enableMagics(context, workspace)),
    messaging.onDidReceiveMessage(({ editor, message }) => {
      const request = message as RendererToHost;
      import('./rendererMessaging.js')
        .then(({ handleRendererMessage }) => handleRendererMessage(editor.notebook, request, (answer) => void messaging.postMessage(answer, editor), log, workspace))
        .catch((error: Error) => log.error(`notebook renderer request ${request.type} failed: ${error.message}`));
    }),
    registerMagicCompletion(workspace),
  );
}
