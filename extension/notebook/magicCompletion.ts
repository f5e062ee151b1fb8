// Completion for `%mlops` lines in the Python cells of Jupyter notebooks; the rules live in core/notebook.
import * as vscode from 'vscode';
import type { PromotionContext } from '../../core/registry/promotion';
import { completeMagicLine, type MagicCompletion, wantsModelNames } from '../../core/notebook/magicCompletion';

const KINDS: Record<MagicCompletion['kind'], vscode.CompletionItemKind> = {
  subcommand: vscode.CompletionItemKind.Function,
  flag: vscode.CompletionItemKind.Property,
  value: vscode.CompletionItemKind.Value,
};

async function modelNames(document: vscode.TextDocument): Promise<string[]> {
  const notebook = vscode.workspace.notebookDocuments.find((nb) => nb.getCells().some((cell) => cell.document === document));
  if (!notebook) return [];
  let ctx: PromotionContext | undefined;
  try {
    const { notebookPromotionContext } = await import('./registryTarget.js');
    ctx = notebookPromotionContext(notebook.uri);
    return (await ctx.registry.listModels()).filter((m) => !m.isPrompt).map((m) => m.name);
  } catch {
    // No store for this notebook: subcommands and flags still complete.
    return [];
  } finally {
    ctx?.registry.close();
  }
}

export function registerMagicCompletion(): vscode.Disposable {
  return vscode.languages.registerCompletionItemProvider(
    { notebookType: 'jupyter-notebook', language: 'python' },
    {
      async provideCompletionItems(document, position) {
        const prefix = document.lineAt(position.line).text.slice(0, position.character);
        const names = wantsModelNames(prefix) ? await modelNames(document) : [];
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
