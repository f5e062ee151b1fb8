// Notebook support: the command that inserts the magics cell, the renderer's messaging channel for promotion, and
// completion for `%mlops` lines.
import * as vscode from 'vscode';
import type { MlopsLog } from '../output';
import { enableMagics } from './enableMagics';
import { registerMagicCompletion } from './magicCompletion';
import { registerRendererMessaging } from './rendererMessaging';

export function registerNotebook(context: vscode.ExtensionContext, log: MlopsLog): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('mlops.notebook.enableMagics', () => enableMagics(context)),
    registerRendererMessaging(log),
    registerMagicCompletion(),
  );
}
