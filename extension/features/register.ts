// The Features view as activation sees it: the tree view and the command ids. The Feast readers
// (featuresController.ts) load on the first getChildren or command, so activation reads nothing.
import * as vscode from 'vscode';
import type { FeatureTreeNode } from '../../core/feast/featuresTree';
import type { MlopsLog } from '../output';
import type { FeaturesController } from './featuresController';

const COMMANDS = ['mlops.features.refresh', 'mlops.features.showDetails', 'mlops.features.showOnlineValues', 'mlops.features.goToDefinition'];

export function registerFeaturesView(context: vscode.ExtensionContext, log: MlopsLog): void {
  const changed = new vscode.EventEmitter<FeatureTreeNode | undefined>();
  let controller: Promise<FeaturesController> | undefined;
  const load = (): Promise<FeaturesController> => {
    controller ??= import('./featuresController.js').then(({ FeaturesController }) => {
      const created = new FeaturesController(log, () => changed.fire(undefined));
      context.subscriptions.push(created);
      return created;
    });
    return controller;
  };
  const provider: vscode.TreeDataProvider<FeatureTreeNode> = {
    onDidChangeTreeData: changed.event,
    getChildren: async (node) => (await load()).getChildren(node),
    getTreeItem: async (node) => (await load()).getTreeItem(node),
  };
  const view = vscode.window.createTreeView('mlops.features', { treeDataProvider: provider, showCollapseAll: true });
  context.subscriptions.push(
    changed,
    view,
    ...COMMANDS.map((id) => vscode.commands.registerCommand(id, async (...args: unknown[]) => (await load()).execute(id, args[0] as FeatureTreeNode | undefined))),
  );
}
