// The Traces view as activation sees it: the tree view and the command ids, nothing more. The stores, the trace
// readers and the explorer (tracesController.ts) load on the first getChildren or command, so activation stays
// within its budget and reads nothing.
import * as vscode from 'vscode';
import type { MlopsLog } from '../output';
import type { WorkspaceLocations } from '../workspace/workspaceLocations';
import type { TracesNode } from './traceNodes';
import type { TracesController } from './tracesController';

const COMMANDS = [
  'mlops.traces.refresh',
  'mlops.traces.filter',
  'mlops.traces.sort',
  'mlops.traces.loadMore',
  'mlops.traces.open',
  'mlops.traces.compare',
  'mlops.traces.copyTraceId',
  'mlops.traces.revealRun',
  'mlops.traces.showForRun',
  'mlops.traces.inspect',
  'mlops.traces.explorerStatus',
];

export function registerTracesView(context: vscode.ExtensionContext, log: MlopsLog, workspace: WorkspaceLocations): void {
  const changed = new vscode.EventEmitter<TracesNode | undefined>();
  let controller: Promise<TracesController> | undefined;
  const load = (): Promise<TracesController> => {
    controller ??= import('./tracesController.js').then(({ TracesController }) => {
      const created = new TracesController(context, log, view, workspace);
      context.subscriptions.push(created, created.tree.onDidChangeTreeData((node) => changed.fire(node)));
      return created;
    });
    return controller;
  };
  const provider: vscode.TreeDataProvider<TracesNode> = {
    onDidChangeTreeData: changed.event,
    getChildren: async (node) => (await load()).tree.getChildren(node),
    getTreeItem: async (node) => (await load()).tree.getTreeItem(node),
  };
  const view = vscode.window.createTreeView('mlops.traces', { treeDataProvider: provider, canSelectMany: true, showCollapseAll: true });
  context.subscriptions.push(
    changed,
    view,
    ...COMMANDS.map((id) => vscode.commands.registerCommand(id, async (...args: unknown[]) => (await load()).execute(id, args))),
  );
}
