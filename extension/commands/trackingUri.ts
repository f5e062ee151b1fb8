import * as vscode from 'vscode';
import { parseTrackingUri, TrackingUriError } from '../../core/tracking/uri';
import { discoverStores } from '../../core/workspace/resolve';

interface StorePick extends vscode.QuickPickItem {
  uri?: string;
}

/** Quick pick of the stores found in the workspace, or a typed URI; saved as the workspace's `mlops.trackingUri`. */
export async function setTrackingUri(): Promise<void> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const detected: StorePick[] = folders.flatMap((folder) =>
    discoverStores(folder.uri.fsPath).map((uri) => ({ label: uri, description: `found in ${folder.name}`, uri })),
  );
  const typed: StorePick = { label: '$(edit) Enter a tracking URI…', detail: './mlruns, sqlite:///mlflow.db, http://host:5000' };
  const pick = await vscode.window.showQuickPick([...detected, typed], { title: 'MLflow tracking URI' });
  if (!pick) return;
  const uri = pick.uri ?? (await askForUri());
  if (!uri) return;
  const target = folders.length > 0 ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await vscode.workspace.getConfiguration('mlops').update('trackingUri', uri, target);
}

function askForUri(): Thenable<string | undefined> {
  const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
  return vscode.window.showInputBox({
    title: 'MLflow tracking URI',
    placeHolder: 'sqlite:///mlflow.db',
    validateInput: (value) => {
      try {
        parseTrackingUri(value, cwd);
        return undefined;
      } catch (error) {
        return error instanceof TrackingUriError ? error.message : String(error);
      }
    },
  });
}
