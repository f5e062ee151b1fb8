// Wires the Models view into VS Code during activation without loading it: the registry code (YAML, the policy
// schema validator, the stores) costs hundreds of milliseconds to evaluate, and activation must stay under 50 ms.
// The tree, the prompt documents and the commands are thin forwarders that load modelsView.ts on first use, which is
// also when the first store read happens.
import * as vscode from 'vscode';
import { CoalescingScheduler } from '../../core/scheduling/coalescingScheduler';
import type { MlopsLog } from '../output';
import type { ModelsNode } from './modelsTree';
import type { ModelsView } from './modelsView';
import type { WorkspaceLocations } from '../workspace/workspaceLocations';

export const MODELS_COMMANDS = [
  'mlops.models.refresh',
  'mlops.models.promote',
  'mlops.models.setAlias',
  'mlops.models.undoLastPromotion',
  'mlops.models.openPromotion',
  'mlops.models.openPrompt',
  'mlops.models.comparePrompts',
  'mlops.models.revealRun',
  'mlops.models.hfDeleteRevision',
] as const;

export type ModelsCommandId = (typeof MODELS_COMMANDS)[number];

/** Prompt templates as read-only documents (see promptDocuments.ts). */
export const PROMPT_SCHEME = 'mlops-prompt';
// Registry writes by another process (a training script registering a version, `mlops promote` in a terminal) touch
// mlflow.db (and its WAL) or mlruns/models; a burst of them becomes one refresh.
const STORE_GLOBS = ['**/mlflow.db', '**/mlflow.db-wal', '**/mlruns/models/**'];
const REFRESH_DELAY_MS = 300;

export function registerModelsView(context: vscode.ExtensionContext, log: MlopsLog, workspace: WorkspaceLocations): void {
  let view: Promise<ModelsView> | undefined;
  const treeChanged = new vscode.EventEmitter<ModelsNode | undefined>();
  const promptChanged = new vscode.EventEmitter<vscode.Uri>();
  const load = (): Promise<ModelsView> => {
    view ??= import('./modelsView.js').then(({ createModelsView }) => {
      const created = createModelsView(context.extensionUri, log, workspace);
      context.subscriptions.push(
        created,
        created.tree.onDidChangeTreeData((node) => treeChanged.fire(node)),
        created.prompts.onDidChange((uri) => promptChanged.fire(uri)),
        ...watchStores(() => created.service.refresh()),
      );
      return created;
    });
    return view;
  };
  const tree: vscode.TreeDataProvider<ModelsNode> = {
    onDidChangeTreeData: treeChanged.event,
    getChildren: async (node) => (await load()).tree.getChildren(node),
    getTreeItem: async (node) => (await load()).tree.getTreeItem(node),
  };
  const prompts: vscode.TextDocumentContentProvider = {
    onDidChange: promptChanged.event,
    provideTextDocumentContent: async (uri) => (await load()).prompts.provideTextDocumentContent(uri),
  };
  context.subscriptions.push(
    treeChanged,
    promptChanged,
    vscode.window.registerTreeDataProvider('mlops.models', tree),
    vscode.workspace.registerTextDocumentContentProvider(PROMPT_SCHEME, prompts),
    // Settings, folders or the token changed: re-resolve the registries once the view is loaded.
    workspace.onDidChange(() => void view?.then((loaded) => loaded.service.refresh())),
    ...MODELS_COMMANDS.map((id) =>
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        const handler = (await load()).commands[id] as (...args: unknown[]) => Promise<unknown>;
        return handler(...args);
      }),
    ),
  );
}

/** Watches the registry stores once the view is loaded (before, there is nothing to refresh). */
function watchStores(refresh: () => void): vscode.Disposable[] {
  const scheduler = new CoalescingScheduler<string>(REFRESH_DELAY_MS, refresh);
  const watchers = STORE_GLOBS.map((glob) => vscode.workspace.createFileSystemWatcher(glob));
  const events = watchers.flatMap((watcher) => [watcher.onDidChange, watcher.onDidCreate, watcher.onDidDelete].map((event) => event((uri) => scheduler.schedule(uri.fsPath))));
  return [...watchers, ...events, { dispose: () => scheduler.dispose() }];
}
