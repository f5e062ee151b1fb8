import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { activateExtension } from './extensionUnderTest';

/** Polls until `read` returns a value: the language server starts after activation and answers asynchronously. */
async function poll<T>(what: string, read: () => T | undefined | Promise<T | undefined>, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export function registerLspTests(): void {
  describe('language server in the extension host', () => {
    let folder: string;
    let dvcYaml: vscode.Uri;

    before(async () => {
      await activateExtension();
      const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
      assert.ok(workspace, 'the demo workspace is open');
      folder = join(workspace, 'lsp-check');
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'params.yaml'), 'train:\n  lr: 0.1\n');
      writeFileSync(join(folder, 'train.py'), 'print(1)\n');
      writeFileSync(
        join(folder, 'dvc.yaml'),
        `stages:\n  train:\n    cmd: python train.py --lr \${train.lr} --dropout \${train.dropout}\n    deps:\n    - train.py\n`,
      );
      dvcYaml = vscode.Uri.file(join(folder, 'dvc.yaml'));
    });

    after(() => rmSync(folder, { recursive: true, force: true }));

    it('publishes a diagnostic for an unresolved templating reference and offers the quick fix adding it to params.yaml', async () => {
      const document = await vscode.workspace.openTextDocument(dvcYaml);
      await vscode.window.showTextDocument(document);
      const diagnostic = await poll('a diagnostic on lsp-check/dvc.yaml', () =>
        vscode.languages.getDiagnostics(dvcYaml).find((d) => d.message === "Could not find 'train.dropout'"),
      );
      assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
      assert.equal(diagnostic.source, 'mlops');
      assert.equal(document.getText(diagnostic.range), `\${train.dropout}`);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        dvcYaml,
        diagnostic.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      const fix = actions.find((a) => a.title === "Add 'train.dropout' to params.yaml");
      assert.ok(fix, `offered: ${actions.map((a) => a.title).join(' | ')}`);
      assert.ok(fix.edit && fix.edit.size > 0, 'the quick fix carries an edit');
      const [target, edits] = fix.edit.entries()[0]!;
      assert.equal(target.fsPath, join(folder, 'params.yaml'));
      assert.match(edits[0]!.newText, /dropout: null/);
    });
  });
}
