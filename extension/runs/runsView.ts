// The Runs view as activation sees it: the tree view and the command ids, nothing more. The stores, the MLflow
// readers and the plot panels (runsController.ts) load on the first getChildren or command, so activation stays
// within its 50 ms budget and does no store I/O.
import * as vscode from 'vscode';
import type { MlopsLog } from '../output';
import { CONSOLE_OUTPUT_SCHEME } from './consoleOutputScheme';
import type { RunsController } from './runsController';
import type { RunsNode } from './runNodes';
import type { WorkspaceLocations } from '../workspace/workspaceLocations';

const COMMANDS = [
  'mlops.runs.refresh',
  'mlops.runs.filter',
  'mlops.runs.reveal',
  'mlops.runs.sort',
  'mlops.runs.copyRunId',
  'mlops.runs.compare',
  'mlops.runs.openPlot',
  'mlops.runs.loadMore',
  'mlops.setTrackingToken',
  'mlops.runs.inspect',
  'mlops.runs.plotStatus',
  'mlops.runs.openTable',
  'mlops.runs.openParallelCoordinates',
  'mlops.runsTable.status',
  'mlops.runs.showConsoleOutput',
];

/** Forwards to the real tree once it is loaded, and re-fires its change events. */
class DeferredRunsTree implements vscode.TreeDataProvider<RunsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RunsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private forwarding: vscode.Disposable | undefined;

  constructor(private readonly load: () => Promise<RunsController>) {}

  attach(controller: RunsController): void {
    this.forwarding = controller.tree.onDidChangeTreeData((node) => this.changed.fire(node));
  }

  async getChildren(node?: RunsNode): Promise<RunsNode[]> {
    return (await this.load()).tree.getChildren(node);
  }

  async getTreeItem(node: RunsNode): Promise<vscode.TreeItem> {
    return (await this.load()).tree.getTreeItem(node);
  }

  dispose(): void {
    this.forwarding?.dispose();
    this.changed.dispose();
  }
}

/**
 * Serves run console-output documents through the controller's provider once it is loaded; registered at activation,
 * so an editor restored from the last session finds its provider.
 */
class DeferredConsoleOutput implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private forwarding: vscode.Disposable | undefined;

  constructor(private readonly load: () => Promise<RunsController>) {}

  attach(controller: RunsController): void {
    this.forwarding = controller.consoleOutput.onDidChange((uri) => this.changed.fire(uri));
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    return (await this.load()).consoleOutput.provideTextDocumentContent(uri);
  }

  dispose(): void {
    this.forwarding?.dispose();
    this.changed.dispose();
  }
}

export function registerRunsView(context: vscode.ExtensionContext, log: MlopsLog, workspace: WorkspaceLocations): void {
  let controller: Promise<RunsController> | undefined;
  const load = (): Promise<RunsController> => {
    controller ??= import('./runsController.js').then(({ RunsController }) => {
      const created = new RunsController(context, log, view, workspace);
      provider.attach(created);
      consoleOutput.attach(created);
      return created;
    });
    return controller;
  };
  const provider = new DeferredRunsTree(load);
  const consoleOutput = new DeferredConsoleOutput(load);
  const view = vscode.window.createTreeView('mlops.runs', { treeDataProvider: provider, canSelectMany: true, showCollapseAll: true });
  context.subscriptions.push(
    provider,
    view,
    consoleOutput,
    vscode.workspace.registerTextDocumentContentProvider(CONSOLE_OUTPUT_SCHEME, consoleOutput),
    ...COMMANDS.map((id) => vscode.commands.registerCommand(id, async (...args: unknown[]) => (await load()).execute(id, args))),
    { dispose: () => void controller?.then((c) => c.dispose()) },
  );
}
