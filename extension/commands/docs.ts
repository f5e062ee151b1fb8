import * as vscode from 'vscode';

/** Opens the README shipped inside the extension: it works offline, unlike a web page. */
export async function openDocs(extensionUri: vscode.Uri): Promise<void> {
  await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.joinPath(extensionUri, 'README.md'));
}
