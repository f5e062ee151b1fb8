// Prompt templates as read-only documents (scheme mlops-prompt), so VS Code's own editor and diff editor show them.
// The URI names the store, prompt and version: mlops-prompt:/<prompt>/version-<N>.txt?store=<store key>.
import * as vscode from 'vscode';
import { promptTemplate } from '../../core/registry/registry';
import type { ModelsService } from './modelsService';
import { PROMPT_SCHEME } from './register';

export function promptUri(storeKey: string, prompt: string, version: string): vscode.Uri {
  return vscode.Uri.from({
    scheme: PROMPT_SCHEME,
    path: `/${encodeURIComponent(prompt)}/version-${version}.txt`,
    query: new URLSearchParams({ store: storeKey }).toString(),
  });
}

export class PromptDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly open = new Set<string>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly service: ModelsService) {
    // A prompt version's template can change (a tag write); re-read every open one when the registry changes.
    this.subscription = service.onDidChange(() => {
      for (const uri of this.open) this.changed.fire(vscode.Uri.parse(uri));
    });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    this.open.add(uri.toString());
    const match = /^\/([^/]+)\/version-(\d+)\.txt$/.exec(uri.path);
    const storeKey = new URLSearchParams(uri.query).get('store') ?? '';
    if (!match) return `${uri.toString()} does not name a prompt version (expected /<prompt>/version-<N>.txt).`;
    const [, prompt, version] = match as unknown as [string, string, string];
    const name = decodeURIComponent(prompt);
    const store = await this.service.store(storeKey);
    const found = store?.versions.get(name)?.find((v) => v.version === version);
    if (!found) return `Prompt ${name} version ${version} is not in ${storeKey || 'any registry of this workspace'}. Refresh the Models view.`;
    return promptTemplate(found) ?? `Prompt ${name} version ${version} has no template (tag mlflow.prompt.text is missing).`;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
