// "Show Console Output" on a run whose store keeps one (W&B: files/output.log or the .wandb output records, read by
// core/wandb/consoleOutput.ts). The text is served under its own URI scheme by a TextDocumentContentProvider, so
// the editor is read-only and never a file on disk; it is read again when the run's store changes (a running run
// keeps printing). The `.log` name gives it VS Code's log highlighting.
import * as vscode from 'vscode';
import { runLabel } from '../../core/runsView/runPresentation';
import type { Run } from '../../core/tracking/index';
import { CONSOLE_OUTPUT_SCHEME } from './consoleOutputScheme';
import type { StoreEntry, TrackingStores } from './trackingStores';

/** `mlops-run-output:/<run name> output.log?store=<store uri>&run=<run id>`. */
export function consoleOutputUri(storeUri: string, run: Run): vscode.Uri {
  const name = runLabel(run).replace(/[\\/\0-\x1f\x7f-\x9f]/g, '_');
  return vscode.Uri.from({ scheme: CONSOLE_OUTPUT_SCHEME, path: `/${name} output.log`, query: new URLSearchParams({ store: storeUri, run: run.info.runId }).toString() });
}

export class ConsoleOutputDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly listening: vscode.Disposable;

  constructor(private readonly stores: TrackingStores) {
    this.listening = stores.onDidChange((entries) => this.storesChanged(entries));
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const query = new URLSearchParams(uri.query);
    const storeUri = query.get('store') ?? '';
    const store = (await this.stores.list()).find((e) => e.uri === storeUri)?.store;
    if (!store?.getConsoleOutput) throw new Error(`The tracking store ${storeUri} is not open in this workspace, or keeps no console output.`);
    return (await store.getConsoleOutput(query.get('run') ?? '')).text;
  }

  dispose(): void {
    this.listening.dispose();
    this.changed.dispose();
  }

  private storesChanged(entries: StoreEntry[]): void {
    const changed = new Set(entries.map((e) => e.uri));
    for (const document of vscode.workspace.textDocuments) {
      if (document.uri.scheme === CONSOLE_OUTPUT_SCHEME && changed.has(new URLSearchParams(document.uri.query).get('store') ?? '')) this.changed.fire(document.uri);
    }
  }
}

/** Opens the run's console output, or says why there is none (naming the files looked at). */
export async function showConsoleOutput(entry: StoreEntry, run: Run): Promise<void> {
  const store = entry.store;
  if (!store?.getConsoleOutput) {
    void vscode.window.showInformationMessage(`${runLabel(run)}: this store keeps no console output (W&B runs do: files/output.log or the .wandb output records).`);
    return;
  }
  const output = await store.getConsoleOutput(run.info.runId);
  if (output.kind === 'none') {
    void vscode.window.showInformationMessage(`${runLabel(run)} has no console output yet: no files/output.log and no output records in ${output.source}.`);
    return;
  }
  const document = await vscode.workspace.openTextDocument(consoleOutputUri(entry.uri, run));
  const shown = document.languageId === 'log' ? document : await vscode.languages.setTextDocumentLanguage(document, 'log');
  await vscode.window.showTextDocument(shown, { preview: false });
}
