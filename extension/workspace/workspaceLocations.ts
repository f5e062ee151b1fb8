// The workspace's stores as every view and the notebook see them: VS Code's folders and their `mlops.trackingUri`
// settings handed to the one core resolver (core/workspace/resolve.ts), with one connection for all of them —
// credentials from secret storage and the environment, and the interactive deadline. Cheap to create during
// activation: nothing is read until a view asks.
import * as vscode from 'vscode';
import { connectionFromEnv } from '../../core/workspace/connection';
import type { ConnectionOptions, LocationProblem, LocationRole, WorkspaceLocation } from '../../core/workspace/location';
import { type ResolvedWorkspace, resolveFolder, resolveWorkspace, type WorkspaceFolderInput } from '../../core/workspace/resolve';

/** SecretStorage key of the REST bearer token (set by mlops.setTrackingToken; never in settings). */
export const TRACKING_TOKEN_SECRET = 'mlops.trackingToken';
/** The longest a view waits for one answer from a tracking server, retries included. */
export const INTERACTIVE_DEADLINE_MS = 10_000;

export class WorkspaceLocations implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the answer may differ: a folder or its setting changed, or the token was set or removed. */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscriptions = [
      this.changed,
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('mlops.trackingUri')) this.changed.fire();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.changed.fire()),
      secrets.onDidChange((event) => {
        if (event.key === TRACKING_TOKEN_SECRET) this.changed.fire();
      }),
    ];
  }

  /** Every store of every folder, in MLflow's order per folder. */
  async resolve(role: LocationRole): Promise<ResolvedWorkspace> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    return resolveWorkspace({
      folders: folders.map(folderInput),
      env: process.env,
      role,
      connection: await this.connection(),
      // A window without a folder still shows the store its settings or MLFLOW_TRACKING_URI name (runs only:
      // promotions need a folder for their policy and journal).
      ...(role === 'tracking' ? { folderless: { path: process.cwd(), explicitUri: vscode.workspace.getConfiguration('mlops').get<string>('trackingUri') } } : {}),
    });
  }

  /** The one store of a folder (a notebook acts on one registry, as MLflow's client does), or why it has none. */
  async forFolder(folder: vscode.WorkspaceFolder, role: LocationRole): Promise<WorkspaceLocation | LocationProblem | undefined> {
    return resolveFolder({ folder: folderInput(folder), env: process.env, role, connection: await this.connection() });
  }

  /** Stores `token` for every view, or removes it when blank. */
  async setToken(token: string): Promise<void> {
    if (token.trim()) await this.secrets.store(TRACKING_TOKEN_SECRET, token.trim());
    else await this.secrets.delete(TRACKING_TOKEN_SECRET);
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  /**
   * The one credential source of the Runs view, the Models view and the notebook: the token in secret storage wins
   * over MLFLOW_TRACKING_TOKEN; username, password and TLS come from the environment as MLflow reads them.
   */
  private async connection(): Promise<ConnectionOptions> {
    const fromEnv = connectionFromEnv(process.env);
    const token = await this.secrets.get(TRACKING_TOKEN_SECRET);
    // A view waiting on a dead server says so within seconds: the budget caps MLflow's timeout, retries and backoff
    // (120 s, 7 and up to two minutes each), which still apply inside it.
    const rest = { ...fromEnv.rest, totalDeadlineMs: INTERACTIVE_DEADLINE_MS, ...(token ? { token } : {}) };
    return { ...fromEnv, rest, busyTimeoutMs: 2000 };
  }
}

/** The workspace folder a file belongs to; a file outside every folder goes with the first. */
export function folderOf(resource: vscode.Uri): vscode.WorkspaceFolder | undefined {
  return vscode.workspace.getWorkspaceFolder(resource) ?? vscode.workspace.workspaceFolders?.[0];
}

function folderInput(folder: vscode.WorkspaceFolder): WorkspaceFolderInput {
  const setting = vscode.workspace.getConfiguration('mlops', folder.uri).get<string>('trackingUri');
  return { path: folder.uri.fsPath, name: folder.name, explicitUri: setting };
}
