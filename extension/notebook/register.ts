// Notebook support: the command that inserts the magics cell, and the renderer's messaging channel for promotion.
import * as vscode from 'vscode';
import type { MlopsLog } from '../output';
import { enableMagics } from './enableMagics';

export function registerNotebook(context: vscode.ExtensionContext, _log: MlopsLog): void {
  context.subscriptions.push(vscode.commands.registerCommand('mlops.notebook.enableMagics', () => enableMagics(context)));
}
