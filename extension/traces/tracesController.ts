// Everything behind the Traces view, loaded on its first use (see register.ts): the workspace's stores (the same
// resolution and watching as the Runs view, each location's traces service), the tree, the commands, the explorer
// and compare panels, and the live path (file watcher → CoalescingScheduler → tree refresh + running traces reread).
import type * as vscode from 'vscode';
import type { TraceExplorerSession } from '../../core/traces/explorerSession';
import type { TraceInfo } from '../../core/traces/trace';
import type { MlopsLog } from '../output';
import { type StoreEntry, TrackingStores } from '../runs/trackingStores';
import type { WorkspaceLocations } from '../workspace/workspaceLocations';
import { type ComparePanelStatus, TraceComparePanel } from './comparePanel';
import { type ExplorerPanelStatus, TraceExplorerPanel } from './explorerPanel';
import type { TracesNode } from './traceNodes';
import { compareInOrder, pickOtherTrace, tracesCommandHandlers } from './tracesCommands';
import { TracesTree } from './tracesTree';

/** One tree row as tests read it through `mlops.traces.inspect`. */
export interface InspectedTraceNode {
  kind: TracesNode['kind'];
  id?: string;
  label: string;
  description?: string;
  children?: InspectedTraceNode[];
}

export class TracesController implements vscode.Disposable {
  readonly tree: TracesTree;
  private readonly explorers = new Set<TraceExplorerPanel>();
  private readonly compares = new Set<TraceComparePanel>();
  private readonly handlers: Record<string, (...args: never[]) => unknown>;
  private readonly disposables: vscode.Disposable[];

  constructor(context: vscode.ExtensionContext, log: MlopsLog, view: vscode.TreeView<TracesNode>, workspace: WorkspaceLocations) {
    const stores = new TrackingStores(workspace, log);
    const tree = new TracesTree(stores, log);
    this.tree = tree;
    const open = (entry: StoreEntry, traceId: string, selectSpanId?: string) => {
      const shown = [...this.explorers].find((p) => p.shows(entry.uri, traceId));
      if (shown) {
        shown.reveal(selectSpanId);
        return;
      }
      const panel: TraceExplorerPanel = new TraceExplorerPanel(
        { extensionUri: context.extensionUri, log, compare: (from, session) => void compareWithPick(from, session) },
        entry,
        traceId,
        selectSpanId,
        () => this.explorers.delete(panel),
      );
      this.explorers.add(panel);
    };
    const compare = (entry: StoreEntry, older: TraceInfo, newer: TraceInfo) => {
      const shown = [...this.compares].find((p) => p.compares(entry.uri, older.traceId, newer.traceId));
      if (shown) {
        shown.reveal();
        return;
      }
      const panel: TraceComparePanel = new TraceComparePanel({ extensionUri: context.extensionUri, log, open }, entry, older, newer, () => this.compares.delete(panel));
      this.compares.add(panel);
    };
    const compareWithPick = async (entry: StoreEntry, session: TraceExplorerSession) => {
      const other = await pickOtherTrace({ tree }, entry, session.trace.info);
      if (other) compareInOrder({ compare }, entry, session.trace.info, other);
    };
    const reload = async () => {
      await stores.reset();
      tree.refresh();
    };
    this.handlers = {
      ...tracesCommandHandlers({ tree, view, stores, open, compare }),
      // For the extension-host tests: the rendered tree and the open panels.
      'mlops.traces.inspect': async (): Promise<InspectedTraceNode[]> => {
        await stores.idle();
        return inspect(tree, undefined, 0);
      },
      'mlops.traces.explorerStatus': (): { explorers: ExplorerPanelStatus[]; compares: ComparePanelStatus[] } => ({
        explorers: [...this.explorers].map((p) => p.status),
        compares: [...this.compares].map((p) => p.status),
      }),
    };
    this.disposables = [
      stores,
      tree,
      stores.onDidChangeStores(() => void reload()),
      workspace.onDidChange(() => void reload()),
      stores.onDidChange((entries) => {
        tree.refresh(entries);
        for (const panel of this.explorers) if (entries.some((e) => e.uri === panel.entry.uri)) panel.storeChanged();
      }),
    ];
  }

  execute(command: string, args: unknown[]): unknown {
    const handler = this.handlers[command];
    if (!handler) throw new Error(`${command} is not a Traces view command`);
    return (handler as (...a: unknown[]) => unknown)(...args);
  }

  dispose(): void {
    for (const panel of [...this.explorers, ...this.compares]) panel.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

async function inspect(tree: TracesTree, node: TracesNode | undefined, depth: number): Promise<InspectedTraceNode[]> {
  const children = await tree.getChildren(node);
  return Promise.all(
    children.map(async (child) => {
      const item = tree.getTreeItem(child);
      const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
      const described: InspectedTraceNode = {
        kind: child.kind,
        label,
        ...(item.id ? { id: item.id } : {}),
        ...(typeof item.description === 'string' ? { description: item.description } : {}),
      };
      if (depth < 4 && (child.kind === 'store' || child.kind === 'experiment')) described.children = await inspect(tree, child, depth + 1);
      return described;
    }),
  );
}
