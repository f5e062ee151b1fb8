// Notebook support: the command that inserts the magics cell, the renderer's messaging channel for promotion, and
// completion for `%mlops` lines. The registry code behind them loads on first use (dynamic import), not during
// activation, which must stay under 50 ms.
import * as vscode from 'vscode';
import { RENDERER_ID, type RendererToHost } from '../../webviews/notebook/contract';
import type { MlopsLog } from '../output';
import { enableMagics } from './enableMagics';
import { registerMagicCompletion } from './magicCompletion';

export function registerNotebook(context: vscode.ExtensionContext, log: MlopsLog): void {
  const messaging = vscode.notebooks.createRendererMessaging(RENDERER_ID);
  context.subscriptions.push(
    vscode.commands.registerCommand('mlops.notebook.enableMagics', () => enableMagics(context)),
    messaging.onDidReceiveMessage(({ editor, message }) => {
      const request = message as RendererToHost;
      import('./rendererMessaging.js')
        .then(({ handleRendererMessage }) => handleRendererMessage(editor.notebook, request, (answer) => void messaging.postMessage(answer, editor), log))
        .catch((error: Error) => log.error(`notebook renderer request ${request.type} failed: ${error.message}`));
    }),
    registerMagicCompletion(),
  );
}
