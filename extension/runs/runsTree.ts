// The Runs view: stores → experiments → runs (children nested under their parent run) → Metrics / Params / Tags /
// Artifacts. Runs are read 100 per page per experiment ("Load more" reads the next page). A store that fails, or a
// file it had to skip, becomes one node naming the file or URL (and a line in the MLOps output); the rest of the tree
// keeps working.
import { dirname, join, sep } from 'node:path';
import * as vscode from 'vscode';
import { visible } from '../../core/format/visibleText';
import type { LoggedModel } from '../../core/loggedModels/loggedModel';
import { artifactFolder, listArtifacts } from '../../core/runsView/artifacts';
import { nestRuns } from '../../core/runsView/runPresentation';
import { groupSweeps, sweepIdOf } from '../../core/runsView/sweeps';
import { listExperiments, type Run, StoreError, type StoreWarning } from '../../core/tracking/index';
import { loggedModelSections, sectionValues } from '../loggedModels/loggedModelItems';
import { findSweepConfigs, type SweepConfig } from '../../core/wandb/sweepConfig';
import type { MlopsLog } from '../output';
import { type RunsNode, treeItem } from './runNodes';
import { ServerChildren } from './serverChildren';
import type { StoreEntry, TrackingStores } from './trackingStores';

const RUNS_PAGE_SIZE = 100;
/** Experiments whose first page is read before they are opened (see prefetch). */
const PREFETCHED_EXPERIMENTS = 3;
const MAX_WARNING_NODES = 5;

interface LoadedRuns {
  runs: Run[];
  nextPageToken?: string;
}

export class RunsTree implements vscode.TreeDataProvider<RunsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RunsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** MLflow filter string applied to every experiment's runs. */
  filter: string | undefined;
  orderBy: string[] = [];
  private readonly loaded = new Map<string, LoadedRuns>();
  /** Reads in flight, shared by a prefetch and the click it anticipates. */
  private readonly reading = new Map<string, Promise<LoadedRuns>>();
  /** Pages a user asked for per experiment, kept across refreshes so "Load more" survives a live update. */
  private readonly pagesWanted = new Map<string, number>();
  private readonly logged = new Set<string>();
  /** Sweep configurations in each W&B folder's project, by store; read again on refresh or when a YAML file there changes. */
  private readonly sweepConfigs = new Map<string, { project: string; configs: SweepConfig[] }>();
  private readonly servers = new ServerChildren<RunsNode>(() => this.changed.fire(undefined));

  constructor(
    private readonly stores: TrackingStores,
    private readonly log: MlopsLog,
  ) {}

  dispose(): void {
    this.changed.dispose();
  }

  /** Drops cached runs (of some stores, or all) and redraws. */
  refresh(entries?: StoreEntry[]): void {
    for (const cache of [this.loaded, this.reading]) {
      for (const key of [...cache.keys()]) {
        if (!entries || entries.some((e) => key.startsWith(`${e.uri}\0`))) cache.delete(key);
      }
    }
    for (const uri of [...this.sweepConfigs.keys()]) if (!entries || entries.some((e) => e.uri === uri)) this.sweepConfigs.delete(uri);
    this.servers.drop(entries);
    this.changed.fire(undefined);
  }

  /** A YAML file was saved, added or deleted: the sweeps of the W&B stores whose project holds it are grouped again. */
  yamlFileChanged(path: string): void {
    const stale = [...this.sweepConfigs].filter(([, read]) => path.startsWith(read.project + sep));
    if (stale.length === 0) return;
    for (const [uri] of stale) this.sweepConfigs.delete(uri);
    this.changed.fire(undefined);
  }

  loadMore(entry: StoreEntry, experimentId: string): void {
    const key = cacheKey(entry, experimentId);
    this.pagesWanted.set(key, (this.pagesWanted.get(key) ?? 1) + 1);
    this.loaded.delete(key);
    this.reading.delete(key);
    this.changed.fire(undefined);
  }

  /** Metric keys of the runs read so far (the sort picker offers them). */
  loadedMetricKeys(): string[] {
    const keys = new Set<string>();
    for (const page of this.loaded.values()) for (const run of page.runs) for (const m of run.data.metrics) keys.add(m.key);
    return [...keys].sort();
  }

  getTreeItem(node: RunsNode): vscode.TreeItem {
    const setting = vscode.workspace.getConfiguration('mlops').get<string>('runs.keyMetric') ?? '';
    return treeItem(node, setting.trim(), Date.now());
  }

  async getChildren(node?: RunsNode): Promise<RunsNode[]> {
    if (!node) {
      const entries = await this.stores.list();
      if (entries.length === 1) return this.storeLevel(entries[0]!);
      return entries.map((entry) => ({ kind: 'store', entry }));
    }
    switch (node.kind) {
      case 'store':
        return this.storeLevel(node.entry);
      case 'experiment':
        return this.experimentChildren(node.entry, node.experiment.experimentId);
      case 'sweep':
        return nestRuns(node.sweep.runs).map((tree) => ({ kind: 'run', entry: node.entry, tree, best: tree.run.info.runId === node.sweep.best?.runId }));
      case 'run': {
        const { entry, tree } = node;
        const children: RunsNode[] = tree.children.map((child) => ({ kind: 'run', entry, tree: child }));
        for (const section of ['metrics', 'params', 'tags', 'artifacts'] as const) children.push({ kind: 'section', entry, run: tree.run, section });
        const models = await this.runModels(entry, tree.run);
        if (models.length > 0) children.push({ kind: 'loggedModels', entry, run: tree.run, models });
        return children;
      }
      case 'loggedModels':
        return node.models.map((model) => ({ kind: 'loggedModel', entry: node.entry, model }));
      case 'loggedModel':
        return loggedModelSections(node.model).map((section) => ({ kind: 'loggedSection', entry: node.entry, model: node.model, section }));
      case 'loggedSection':
        return sectionValues(node.model, node.section).map((v) => ({ kind: 'value', label: v.label, value: v.description }));
      case 'section':
        return this.sectionChildren(node);
      case 'artifact':
        return listArtifacts(node.artifact.path).map((artifact) => ({ kind: 'artifact', artifact }));
      default:
        return [];
    }
  }

  private async storeLevel(entry: StoreEntry): Promise<RunsNode[]> {
    return this.servers.level(entry, () => this.storeChildren(entry), (label) => message('info', label, entry.uri));
  }

  private async storeChildren(entry: StoreEntry): Promise<RunsNode[]> {
    if (!entry.store) return [message('error', `Cannot open ${entry.uri}`, entry.openError ?? entry.uri)];
    try {
      const experiments = await listExperiments(entry.store);
      const experimentFolders = experiments.map((e) => experimentFolder(entry, e.experimentId));
      const nodes: RunsNode[] = this.warningNodes(entry, (w) => !experimentFolders.some((folder) => w.path.startsWith(folder)));
      if (experiments.length === 0) nodes.push(message('info', 'No experiments in this store', entry.store.location));
      this.prefetch(entry, experiments.slice(0, PREFETCHED_EXPERIMENTS).map((e) => e.experimentId));
      return [...nodes, ...experiments.map((experiment): RunsNode => ({ kind: 'experiment', entry, experiment }))];
    } catch (error) {
      return [this.failure(entry, error)];
    }
  }

  /**
   * The first page of the experiments a user is likely to open next, read while they look at the list: a click then
   * shows runs at once. Only for mlflow.db, where a page is one query; a file store would read whole experiments and
   * a server would be asked for pages nobody may open.
   */
  private prefetch(entry: StoreEntry, experimentIds: string[]): void {
    if (entry.store?.kind !== 'sqlite') return;
    setTimeout(() => {
      for (const id of experimentIds) void this.page(entry, id).catch(() => undefined);
    }, 0);
  }

  /** The experiment's runs as far as the user has paged, read once however many ask at the same time. */
  private page(entry: StoreEntry, experimentId: string): Promise<LoadedRuns> {
    const key = cacheKey(entry, experimentId);
    const loaded = this.loaded.get(key);
    if (loaded) return Promise.resolve(loaded);
    let reading = this.reading.get(key);
    if (!reading) {
      reading = this.readRuns(entry, experimentId, this.pagesWanted.get(key) ?? 1).then(
        (page) => {
          if (this.reading.get(key) === reading) this.loaded.set(key, page);
          return page;
        },
        (error: unknown) => {
          if (this.reading.get(key) === reading) this.reading.delete(key);
          throw error;
        },
      );
      this.reading.set(key, reading);
    }
    return reading;
  }

  private async experimentChildren(entry: StoreEntry, experimentId: string): Promise<RunsNode[]> {
    let page: LoadedRuns;
    try {
      page = await this.page(entry, experimentId);
    } catch (error) {
      return [this.failure(entry, error)];
    }
    const folder = experimentFolder(entry, experimentId);
    const nodes: RunsNode[] = this.warningNodes(entry, (w) => w.path.startsWith(folder));
    if (page.runs.length === 0) {
      nodes.push(message('info', this.filter ? 'No runs match the filter' : 'No runs', this.filter ?? ''));
    }
    const { sweeps, others } = page.runs.some((run) => sweepIdOf(run)) ? groupSweeps(page.runs, this.sweepConfigsOf(entry)) : { sweeps: [], others: page.runs };
    for (const sweep of sweeps) nodes.push({ kind: 'sweep', entry, experimentId, sweep });
    for (const tree of nestRuns(others)) nodes.push({ kind: 'run', entry, tree });
    if (page.nextPageToken) nodes.push({ kind: 'loadMore', entry, experimentId });
    return nodes;
  }

  /** The sweep files of the project a W&B folder belongs to (the folder holding `wandb/`); unreadable ones logged once. */
  private sweepConfigsOf(entry: StoreEntry): SweepConfig[] {
    const cached = this.sweepConfigs.get(entry.uri);
    if (cached) return cached.configs;
    const project = dirname(entry.store!.location);
    const found = findSweepConfigs(project);
    for (const problem of found.problems) this.logOnce('warn', problem.message);
    this.sweepConfigs.set(entry.uri, { project, configs: found.configs });
    return found.configs;
  }

  private async readRuns(entry: StoreEntry, experimentId: string, pages: number): Promise<LoadedRuns> {
    const runs: Run[] = [];
    let pageToken: string | undefined;
    for (let i = 0; i < pages; i++) {
      const page = await entry.store!.searchRuns({
        experimentIds: [experimentId],
        maxResults: RUNS_PAGE_SIZE,
        ...(this.filter ? { filter: this.filter } : {}),
        ...(this.orderBy.length > 0 ? { orderBy: this.orderBy } : {}),
        ...(pageToken ? { pageToken } : {}),
      });
      runs.push(...page.items);
      pageToken = page.nextPageToken;
      if (!pageToken) break;
    }
    return pageToken ? { runs, nextPageToken: pageToken } : { runs };
  }

  /** The models the run logged (MLflow 3); none for older stores, or when they cannot be read (logged once). */
  private async runModels(entry: StoreEntry, run: Run): Promise<LoggedModel[]> {
    if (!entry.services) return [];
    try {
      return await entry.services.loggedModels.modelsOfRun(run.info.runId, run.info.experimentId);
    } catch (error) {
      this.logOnce('warn', `${entry.uri}: logged models of run ${run.info.runId}: ${(error as Error).message}`);
      return [];
    }
  }

  private sectionChildren(node: Extract<RunsNode, { kind: 'section' }>): RunsNode[] {
    const { run, entry } = node;
    switch (node.section) {
      case 'metrics':
        return [...run.data.metrics]
          .sort((a, b) => a.key.localeCompare(b.key))
          .map((m) => ({ kind: 'metric', entry, run, key: m.key, value: m.value, step: m.step }));
      case 'params':
      case 'tags':
        return [...run.data[node.section]]
          .sort((a, b) => a.key.localeCompare(b.key))
          .map((p) => ({ kind: 'value', label: p.key, value: p.value }));
      case 'artifacts': {
        const folder = artifactFolder(entry.store!.kind, entry.store!.location, run.info);
        if (folder.kind === 'unavailable') return [message('info', 'Artifacts not available here', folder.reason)];
        const artifacts = listArtifacts(folder.path);
        if (artifacts.length === 0) return [message('info', 'No artifacts', folder.path)];
        return artifacts.map((artifact) => ({ kind: 'artifact', artifact }));
      }
    }
  }

  /**
   * New store warnings go to the output channel once; the tree shows them while they last, each under the experiment
   * whose folder holds the file, the rest (skipped experiments, database and server problems) under the store.
   */
  private warningNodes(entry: StoreEntry, belongsHere: (warning: StoreWarning) => boolean): RunsNode[] {
    const all = entry.store?.warnings ?? [];
    for (const warning of all) this.logOnce('warn', describeWarning(warning));
    const warnings = all.filter(belongsHere);
    const nodes = warnings.slice(0, MAX_WARNING_NODES).map((w) => message('warning', describeWarning(w), w.message));
    if (warnings.length > MAX_WARNING_NODES) {
      nodes.push(message('warning', `${warnings.length - MAX_WARNING_NODES} more problems: see the MLOps output`, ''));
    }
    return nodes;
  }

  /** A store that fails becomes one error node under it; a server past its deadline says so in its label. */
  private failure(entry: StoreEntry, error: unknown): RunsNode {
    const text = (error as Error).message ?? String(error);
    const location = entry.store?.location ?? entry.uri;
    const line = text.includes(location) ? text : `${location}: ${text}`;
    this.logOnce('error', line);
    const timedOut = error instanceof StoreError && error.code === 'TIMEOUT';
    return message('error', timedOut ? `Server not answering: ${location} (refresh to retry)` : line, text);
  }

  /** Each problem once in the output channel, however often the tree is redrawn. */
  private logOnce(level: 'warn' | 'error', line: string): void {
    if (this.logged.has(line)) return;
    this.logged.add(line);
    this.log[level](line);
  }
}

/** The folder a file store keeps an experiment's runs in (with a trailing separator); other stores have none. */
function experimentFolder(entry: StoreEntry, experimentId: string): string {
  return entry.store?.kind === 'file' ? join(entry.store.location, experimentId) + sep : '\0';
}

function cacheKey(entry: StoreEntry, experimentId: string): string {
  return `${entry.uri}\0${experimentId}`;
}

/** Paths and messages quote store data: shown escaped, so a crafted folder name cannot reorder the label. */
function describeWarning(warning: StoreWarning): string {
  return visible`${warning.path}${warning.line === undefined ? '' : `:${warning.line}`}: ${warning.message}`;
}

function message(severity: 'error' | 'warning' | 'info', label: string, detail: string): RunsNode {
  return { kind: 'message', severity, label, detail };
}
