// Everything behind the Runs view, loaded on its first use (see runsView.ts): stores, tree, command handlers, plot
// panels and the live-update path (file watcher → CoalescingScheduler → store.invalidate → tree refresh + open plots
// update). Stores are resolved on the tree's first getChildren.
import * as vscode from 'vscode';
import type { MlopsLog } from '../output';
import { RunsTables } from '../runsTable/tableCommands';
import { ConsoleOutputDocuments } from './consoleOutput';
import { PlotPanel, type PlotPanelStatus, type PlotRequest } from './plotPanel';
import type { RunsNode } from './runNodes';
import { runsCommandHandlers } from './runsCommands';
import { RunsTree } from './runsTree';
import { TrackingStores } from './trackingStores';
import type { WorkspaceLocations } from '../workspace/workspaceLocations';

/** One tree row as tests read it through `mlops.runs.inspect`. */
export interface InspectedNode {
  kind: RunsNode['kind'];
  /** The TreeItem id: `<store uri>|run|<run id>` for runs. */
  id?: string;
  label: string;
  description?: string;
  children?: InspectedNode[];
}

export class RunsController implements vscode.Disposable {
  readonly tree: RunsTree;
  /** Run console-output documents (runsView.ts registers their scheme at activation). */
  readonly consoleOutput: ConsoleOutputDocuments;
  private readonly panels = new Set<PlotPanel>();
  private readonly handlers: Record<string, (...args: never[]) => unknown>;
  private readonly disposables: vscode.Disposable[];

  constructor(context: vscode.ExtensionContext, log: MlopsLog, view: vscode.TreeView<RunsNode>, workspace: WorkspaceLocations) {
    const stores = new TrackingStores(workspace, log);
    const tree = new RunsTree(stores, log);
    const panels = this.panels;
    this.tree = tree;
    this.consoleOutput = new ConsoleOutputDocuments(stores);
    const openPlot = async (request: PlotRequest) => {
      const open = [...panels].find((p) => p.plots(request.runs));
      if (open) {
        if (request.metrics) open.showMetrics(request.metrics);
        open.reveal();
        return;
      }
      const panel: PlotPanel = new PlotPanel(context.extensionUri, stores, log, request, () => panels.delete(panel));
      panels.add(panel);
      panel.reveal();
    };
    const reload = async () => {
      await stores.reset();
      tree.refresh();
    };
    const tables = new RunsTables(context, log, stores, view, openPlot);
    this.handlers = {
      ...runsCommandHandlers({ tree, view, stores, workspace, openPlot }),
      ...tables.handlers(),
      // For the extension-host tests: the rendered tree (stores, experiments, runs) and the open plots' status.
      // With a run id, that run is expanded fully (sections, values, artifacts).
      'mlops.runs.inspect': async (expandRunId?: string): Promise<InspectedNode[]> => {
        await stores.idle();
        return inspect(tree, undefined, 0, expandRunId);
      },
      'mlops.runs.plotStatus': (): PlotPanelStatus[] => [...panels].map((p) => p.status),
    };
    // A sweep file (sweep.yaml, or any YAML with method and parameters) edited beside a W&B folder regroups its runs.
    const yamlFiles = vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}');
    const yamlChanged = (uri: vscode.Uri) => tree.yamlFileChanged(uri.fsPath);
    this.disposables = [
      yamlFiles,
      yamlFiles.onDidChange(yamlChanged),
      yamlFiles.onDidCreate(yamlChanged),
      yamlFiles.onDidDelete(yamlChanged),
      this.consoleOutput,
      stores,
      tree,
      tables,
      stores.onDidChangeStores(() => void reload()),
      // Settings, folders or the token changed: the same locations may now resolve differently.
      workspace.onDidChange(() => void reload()),
      stores.onDidChange((entries) => {
        tree.refresh(entries);
        for (const panel of panels) if (panel.shows(entries)) void panel.update();
        tables.storesChanged(entries);
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('mlops.runs.keyMetric')) tree.refresh();
      }),
    ];
  }

  execute(command: string, args: unknown[]): unknown {
    const handler = this.handlers[command];
    if (!handler) throw new Error(`${command} is not a Runs view command`);
    return (handler as (...a: unknown[]) => unknown)(...args);
  }

  dispose(): void {
    for (const panel of this.panels) panel.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

const INSPECT_KINDS = new Set<RunsNode['kind']>(['store', 'experiment', 'sweep', 'run', 'message', 'loadMore']);

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
