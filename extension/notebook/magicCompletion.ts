// Completion for `%mlops` lines in the Python cells of Jupyter notebooks; the rules live in core/notebook.
import * as vscode from 'vscode';
import { completeMagicLine, type MagicCompletion, wantsModelNames } from '../../core/notebook/magicCompletion';
import type { WorkspaceLocations } from '../workspace/workspaceLocations';
import type { NotebookPromotionContext } from './registryTarget';

const KINDS: Record<MagicCompletion['kind'], vscode.CompletionItemKind> = {
  subcommand: vscode.CompletionItemKind.Function,
  flag: vscode.CompletionItemKind.Property,
  value: vscode.CompletionItemKind.Value,
};

async function modelNames(document: vscode.TextDocument, workspace: WorkspaceLocations): Promise<string[]> {
  const notebook = vscode.workspace.notebookDocuments.find((nb) => nb.getCells().some((cell) => cell.document === document));
  if (!notebook) return [];
  let ctx: NotebookPromotionContext | undefined;
  try {
    const { notebookPromotionContext } = await import('./registryTarget.js');
    ctx = await notebookPromotionContext(notebook.uri, workspace);
    return (await ctx.registry.listModels()).filter((m) => !m.isPrompt).map((m) => m.name);
  } catch {
    // No store for this notebook: subcommands and flags still complete.
    return [];
  } finally {
    await ctx?.close();
  }
}

export function registerMagicCompletion(workspace: WorkspaceLocations): vscode.Disposable {
  return vscode.languages.registerCompletionItemProvider(
    { notebookType: 'jupyter-notebook', language: 'python' },
    {
      async provideCompletionItems(document, position) {
        const prefix = document.lineAt(position.line).text.slice(0, position.character);
        const names = wantsModelNames(prefix) ? await modelNames(document, workspace) : [];
        const word = document.getWordRangeAtPosition(position, /[\w.@/-]+/);
        return completeMagicLine(prefix, names).map((c) => {
          const item = new vscode.CompletionItem({ label: c.label, description: c.detail }, KINDS[c.kind]);
          if (word) item.range = word;
          return item;
        });
      },
    },
    ' ',
    '-',
  );
}
