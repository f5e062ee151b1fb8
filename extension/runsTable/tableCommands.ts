// The runs table and parallel-coordinates commands: which experiments of which store (an experiment or several
// selected in the Runs view, a W&B sweep — its runs, sorted by its metric —, a store node, the palette's pick, or
// {storeUri, experimentIds} from another command), the open panels, and their live updates when a store changes.
import * as vscode from 'vscode';
import { RunsTableSession } from '../../core/runsTable/session';
import { EMPTY_QUERY } from '../../core/runsTable/tableQuery';
import { sweepTableQuery } from '../../core/runsView/sweeps';
import { type Experiment, listExperiments } from '../../core/tracking/index';
import type { MlopsLog } from '../output';
import type { PlotRequest } from '../runs/plotPanel';
import type { RunsNode } from '../runs/runNodes';
import type { StoreEntry, TrackingStores } from '../runs/trackingStores';
import { ParallelPanel, type ParallelPanelStatus } from './parallelPanel';
import { type RunsSource, RunsTablePanel, type TablePanelStatus } from './tablePanel';

/** What another command (or a test) passes instead of a tree node. */
export interface RunsSourceRequest {
  storeUri: string;
  experimentIds: string[];
}

export interface RunsTablesStatus {
  tables: TablePanelStatus[];
  parallels: ParallelPanelStatus[];
}

type Target = RunsNode | RunsSourceRequest | undefined;

export class RunsTables implements vscode.Disposable {
  private readonly tables = new Set<RunsTablePanel>();
  private readonly parallels = new Set<ParallelPanel>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: MlopsLog,
    private readonly stores: TrackingStores,
    private readonly view: vscode.TreeView<RunsNode>,
    private readonly openPlot: (request: PlotRequest) => Promise<void>,
  ) {}

  handlers(): Record<string, (...args: never[]) => unknown> {
    return {
      'mlops.runs.openTable': (target?: Target, selected?: RunsNode[]) => this.openTable(target, selected),
      'mlops.runs.openParallelCoordinates': (target?: Target, selected?: RunsNode[]) => this.openParallel(target, selected),
      'mlops.runsTable.status': (): RunsTablesStatus => ({
        tables: [...this.tables].map((t) => t.status),
        parallels: [...this.parallels].map((p) => p.status),
      }),
    };
  }

  /** A store changed on disk: its open tables re-run their queries. */
  storesChanged(entries: readonly StoreEntry[]): void {
    for (const table of this.tables) if (table.shows(entries)) void table.refresh();
  }

  dispose(): void {
    for (const panel of [...this.tables, ...this.parallels]) panel.dispose();
  }

  private async openTable(target: Target, selected?: RunsNode[]): Promise<void> {
    const source = await this.pickSource(target, selected);
    if (!source) return;
    const open = [...this.tables].find((t) => t.showsSource(source));
    if (open) return open.reveal();
    const deps = {
      extensionUri: this.context.extensionUri,
      workspaceState: this.context.workspaceState,
      log: this.log,
      openPlot: this.openPlot,
      openParallel: (from: RunsSource, session: RunsTableSession, runIds: string[], table: RunsTablePanel) =>
        this.showParallel(from, session, runIds, table),
    };
    const panel: RunsTablePanel = new RunsTablePanel(deps, source, () => this.tables.delete(panel));
    this.tables.add(panel);
  }

  private async openParallel(target: Target, selected?: RunsNode[]): Promise<void> {
    const source = await this.pickSource(target, selected);
    if (!source) return;
    const session = new RunsTableSession(source.entry.store!, source.experimentIds);
    await session.apply(source.query ?? EMPTY_QUERY);
    await this.showParallel(source, session, session.shownRunIds(), undefined);
  }

  private async showParallel(source: RunsSource, session: RunsTableSession, runIds: string[], table: RunsTablePanel | undefined): Promise<void> {
    if (runIds.length < 2) {
      void vscode.window.showInformationMessage('Parallel coordinates need two or more runs.');
      return;
    }
    const panel: ParallelPanel = new ParallelPanel(this.context.extensionUri, this.log, source, session, runIds, table, () => this.parallels.delete(panel));
    this.parallels.add(panel);
  }

  /** The experiments a command acts on, asking with quick picks when nothing in the tree says. */
  private async pickSource(target: Target, selected?: RunsNode[]): Promise<RunsSource | undefined> {
    if (target && 'storeUri' in target) {
      const entry = (await this.stores.list()).find((e) => e.uri === target.storeUri);
      if (!entry?.store) throw new Error(`No open tracking store ${target.storeUri}.`);
      return this.sourceOf(entry, await this.experimentsOf(entry, target.experimentIds));
    }
    const nodes = selected && selected.length > 0 ? selected : target ? [target] : [...this.view.selection];
    const sweep = nodes.find((n): n is Extract<RunsNode, { kind: 'sweep' }> => n.kind === 'sweep');
    if (sweep) {
      const name = `sweep ${sweep.sweep.sweepId}`;
      return { entry: sweep.entry, experimentIds: [sweep.experimentId], experimentNames: [name], query: sweepTableQuery(sweep.sweep) };
    }
    const experiments = nodes.filter((n): n is Extract<RunsNode, { kind: 'experiment' }> => n.kind === 'experiment');
    if (experiments.length > 0) {
      const entry = experiments[0]!.entry;
      return this.sourceOf(entry, experiments.filter((n) => n.entry.uri === entry.uri).map((n) => n.experiment));
    }
    const storeNode = nodes.find((n): n is Extract<RunsNode, { kind: 'store' }> => n.kind === 'store');
    const entry = storeNode?.entry ?? (await this.pickStore());
    if (!entry?.store) return undefined;
    const all = await listExperiments(entry.store);
    if (storeNode) return this.sourceOf(entry, all);
    const picks = await vscode.window.showQuickPick(
      all.map((experiment) => ({ label: experiment.name, description: `id ${experiment.experimentId}`, experiment })),
      { title: 'Runs of which experiments?', canPickMany: true },
    );
    return picks && picks.length > 0 ? this.sourceOf(entry, picks.map((p) => p.experiment)) : undefined;
  }

  private async pickStore(): Promise<StoreEntry | undefined> {
    const entries = (await this.stores.list()).filter((e) => e.store);
    if (entries.length <= 1) {
      if (entries.length === 0) void vscode.window.showInformationMessage('No tracking store is open: set mlops.trackingUri, or open a folder with mlruns/ or mlflow.db.');
      return entries[0];
    }
    const pick = await vscode.window.showQuickPick(
      entries.map((entry) => ({ label: entry.label, description: entry.uri, entry })),
      { title: 'Runs of which tracking store?' },
    );
    return pick?.entry;
  }

  private async experimentsOf(entry: StoreEntry, ids: string[]): Promise<Experiment[]> {
    const all = await listExperiments(entry.store!, 'all');
    return ids.map((id) => all.find((e) => e.experimentId === id) ?? { experimentId: id, name: id, artifactLocation: '', lifecycleStage: 'active', tags: [] });
  }

  private sourceOf(entry: StoreEntry, experiments: Experiment[]): RunsSource | undefined {
    if (experiments.length === 0) return undefined;
    return { entry, experimentIds: experiments.map((e) => e.experimentId), experimentNames: experiments.map((e) => e.name) };
  }
}
