// Notebook support: the command that inserts the magics cell, and the renderer's messaging channel for promotion.
import * as vscode from 'vscode';
import type { MlopsLog } from '../output';
import { enableMagics } from './enableMagics';
import { registerRendererMessaging } from './rendererMessaging';

export function registerNotebook(context: vscode.ExtensionContext, log: MlopsLog): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('mlops.notebook.enableMagics', () => enableMagics(context)),
    registerRendererMessaging(log),
  );
}
