import type * as vscode from 'vscode';

/**
 * A view with nothing to show yet. VS Code renders a view's `viewsWelcome` text only when its tree is empty, so
 * the Runs, Data and Models views start with this provider until their store is wired in.
 */
export class EmptyTree implements vscode.TreeDataProvider<never> {
  getTreeItem(element: never): vscode.TreeItem {
    return element;
  }

  getChildren(): never[] {
    return [];
  }
}
