// Reports we write (a directory comparison, `git show` of a commit, a feature view's details, online values) opened
// as read-only documents under our own scheme: no Untitled buffer that asks to be saved, and a title that names them.
import * as vscode from 'vscode';

export class ReportDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly scheme: string) {}

  /** Opens `text` read-only under a name whose extension picks the language (`.md`, `.diff`). */
  async show(name: string, text: string): Promise<void> {
    const uri = vscode.Uri.from({ scheme: this.scheme, path: `/${name}` });
    const known = this.texts.has(uri.path);
    this.texts.set(uri.path, text);
    // An open document of the same name would keep its old text otherwise.
    if (known) this.changed.fire(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { preview: true });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.path) ?? 'This report is no longer available; run the command again.\n';
  }

  dispose(): void {
    this.changed.dispose();
  }
}
