// "MLOps: Enable notebook magics": inserts the cell that loads the IPython extension shipped in this package, so the
// magics work without `pip install`: python/ on sys.path, and MLOPS_CLI pointing at this extension's dist/cli.js run
// by VS Code's own runtime (ELECTRON_RUN_AS_NODE is set by the magics for that child process only).
import * as vscode from 'vscode';
import { folderOf, type WorkspaceLocations } from '../workspace/workspaceLocations';

/** A Python string literal for any path (JSON string syntax is valid Python for these characters). */
const pyString = (text: string): string => JSON.stringify(text);

export function magicsCellSource(extensionPath: string, runtimePath: string, trackingUri: string): string {
  const python = vscode.Uri.joinPath(vscode.Uri.file(extensionPath), 'python').fsPath;
  const cli = vscode.Uri.joinPath(vscode.Uri.file(extensionPath), 'dist', 'cli.js').fsPath;
  const lines = [
    'import os, sys',
    `sys.path.insert(0, ${pyString(python)})`,
    `os.environ.setdefault("MLOPS_CLI", ${pyString(`"${runtimePath}" "${cli}"`)})`,
  ];
  if (trackingUri) lines.push(`os.environ.setdefault("MLFLOW_TRACKING_URI", ${pyString(trackingUri)})`);
  lines.push('%load_ext mlops_workbench');
  return lines.join('\n');
}

/** Inserts the cell first: the magics must be loaded before any cell uses them. */
export async function enableMagics(context: vscode.ExtensionContext, workspace: WorkspaceLocations): Promise<void> {
  const editor = vscode.window.activeNotebookEditor;
  if (!editor) {
    void vscode.window.showErrorMessage('MLOps: open a Jupyter notebook (.ipynb) first, then run "MLOps: Enable notebook magics" again.');
    return;
  }
  const source = magicsCellSource(context.extensionPath, process.execPath, await kernelTrackingUri(editor.notebook.uri, workspace));
  const cell = new vscode.NotebookCellData(vscode.NotebookCellKind.Code, source, 'python');
  const edit = new vscode.WorkspaceEdit();
  edit.set(editor.notebook.uri, [vscode.NotebookEdit.insertCells(0, [cell])]);
  await vscode.workspace.applyEdit(edit);
}

/**
 * The store the views show for the notebook's folder, absolute so the kernel's cwd does not matter. A URI this
 * toolkit cannot read (postgresql://…) still goes to the kernel: MLflow there may well read it.
 */
async function kernelTrackingUri(notebook: vscode.Uri, workspace: WorkspaceLocations): Promise<string> {
  const folder = folderOf(notebook);
  const location = folder ? await workspace.forFolder(folder, 'tracking') : undefined;
  if (!location) return '';
  return 'message' in location ? location.uri : location.key;
}
