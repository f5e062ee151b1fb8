// Wires the Runs view: stores, tree, commands, plot panels and the live-update path
// (file watcher → CoalescingScheduler → store.invalidate → tree refresh + open plots update).
// Nothing here touches a store: stores are resolved on the view's first getChildren, never during activation.
import * as vscode from 'vscode';
import type { MlopsLog } from '../output';
import { PlotPanel, type PlotPanelStatus, type PlotRequest } from './plotPanel';
import type { RunsNode } from './runNodes';
import { registerRunsCommands } from './runsCommands';
import { RunsTree } from './runsTree';
import { TrackingStores } from './trackingStores';

/** One tree row as tests read it through `mlops.runs.inspect`. */
export interface InspectedNode {
  kind: RunsNode['kind'];
  /** The TreeItem id: `<store uri>|run|<run id>` for runs. */
  id?: string;
  label: string;
  description?: string;
  children?: InspectedNode[];
}

export function registerRunsView(context: vscode.ExtensionContext, log: MlopsLog): void {
  const stores = new TrackingStores(context.secrets, log);
  const tree = new RunsTree(stores, log);
  const view = vscode.window.createTreeView('mlops.runs', { treeDataProvider: tree, canSelectMany: true, showCollapseAll: true });
  const panels = new Set<PlotPanel>();

  const openPlot = async (request: PlotRequest) => {
    const panel: PlotPanel = new PlotPanel(context.extensionUri, stores, log, request, () => panels.delete(panel));
    panels.add(panel);
    panel.reveal();
  };
  const reload = async () => {
    await stores.reset();
    tree.refresh();
  };

  context.subscriptions.push(
    stores,
    tree,
    view,
    {
      dispose: () => {
        for (const panel of panels) panel.dispose();
      },
    },
    stores.onDidChange((entries) => {
      tree.refresh(entries);
      for (const panel of panels) if (panel.shows(entries)) void panel.update();
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('mlops.trackingUri')) void reload();
      else if (event.affectsConfiguration('mlops.runs.keyMetric')) tree.refresh();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void reload()),
    ...registerRunsCommands({ tree, view, stores, secrets: context.secrets, openPlot, reload }),
    // For the extension-host tests: the rendered tree (stores, experiments, runs) and the open plots' status.
    // With a run id, that run is expanded fully (sections, values, artifacts).
    vscode.commands.registerCommand('mlops.runs.inspect', async (expandRunId?: string): Promise<InspectedNode[]> => {
      await stores.idle();
      return inspect(tree, undefined, 0, expandRunId);
    }),
    vscode.commands.registerCommand('mlops.runs.plotStatus', (): PlotPanelStatus[] => [...panels].map((p) => p.status)),
  );
}

const INSPECT_KINDS = new Set<RunsNode['kind']>(['store', 'experiment', 'run', 'message', 'loadMore']);

async function inspect(tree: RunsTree, node: RunsNode | undefined, depth: number, expandRunId?: string): Promise<InspectedNode[]> {
  const whole = node !== undefined && expandRunId !== undefined && insideRun(node, expandRunId);
  const children = (await tree.getChildren(node)).filter((n) => whole || INSPECT_KINDS.has(n.kind));
  return Promise.all(
    children.map(async (child) => {
      const item = tree.getTreeItem(child);
      const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
      const described: InspectedNode = {
        kind: child.kind,
        label,
        ...(item.id ? { id: item.id } : {}),
        ...(typeof item.description === 'string' ? { description: item.description } : {}),
      };
      if (depth < 8 && child.kind !== 'message' && child.kind !== 'loadMore') {
        described.children = await inspect(tree, child, depth + 1, expandRunId);
      }
      return described;
    }),
  );
}

function insideRun(node: RunsNode, runId: string): boolean {
  if (node.kind === 'run') return node.tree.run.info.runId === runId;
  if (node.kind === 'section') return node.run.info.runId === runId;
  return node.kind === 'artifact';
}
