// The Traces view: stores → experiments that have traces → traces, newest first (or the chosen order), 100 per page
// ("Load more" reads the next). One store that fails becomes one node naming it; the others keep working.
import * as vscode from 'vscode';
import { visible } from '../../core/format/visibleText';
import { listExperiments, StoreError } from '../../core/tracking/index';
import type { TraceInfo } from '../../core/traces/trace';
import { holdsTraces } from '../../core/workspace/location';
import type { MlopsLog } from '../output';
import { ServerChildren } from '../runs/serverChildren';
import type { StoreEntry, TrackingStores } from '../runs/trackingStores';
import { type TracesNode, treeItem } from './traceNodes';

const TRACES_PAGE_SIZE = 100;

interface LoadedTraces {
  traces: TraceInfo[];
  nextPageToken?: string;
}

export class TracesTree implements vscode.TreeDataProvider<TracesNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TracesNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** MLflow trace filter applied to every experiment. */
  filter: string | undefined;
  orderBy: string[] = [];
  private readonly loaded = new Map<string, Promise<LoadedTraces>>();
  /** Pages asked for per experiment, kept across live refreshes so "Load more" survives new traces arriving. */
  private readonly pagesWanted = new Map<string, number>();
  private readonly logged = new Set<string>();
  private readonly servers = new ServerChildren<TracesNode>(() => this.changed.fire(undefined));

  constructor(
    private readonly stores: TrackingStores,
    private readonly log: MlopsLog,
  ) {}

  dispose(): void {
    this.changed.dispose();
  }

  /** Drops the read traces (of some stores, or all) and redraws. */
  refresh(entries?: readonly StoreEntry[]): void {
    for (const key of [...this.loaded.keys()]) {
      if (!entries || entries.some((e) => key.startsWith(`${e.uri}\0`))) this.loaded.delete(key);
    }
    this.servers.drop(entries);
    this.changed.fire(undefined);
  }

  loadMore(entry: StoreEntry, experimentId: string): void {
    const key = cacheKey(entry, experimentId);
    this.pagesWanted.set(key, (this.pagesWanted.get(key) ?? 1) + 1);
    this.loaded.delete(key);
    // A server's experiment nodes carry how many traces were shown: they are read again with the longer page.
    this.servers.drop([entry]);
    this.changed.fire(undefined);
  }

  /** Every trace read so far, by store (the compare picker offers them). */
  async loadedTraces(entry: StoreEntry): Promise<TraceInfo[]> {
    const pages = [...this.loaded].filter(([key]) => key.startsWith(`${entry.uri}\0`)).map(([, page]) => page.catch(() => ({ traces: [] })));
    return (await Promise.all(pages)).flatMap((page) => page.traces);
  }

  getTreeItem(node: TracesNode): vscode.TreeItem {
    return treeItem(node, Date.now());
  }

  async getChildren(node?: TracesNode): Promise<TracesNode[]> {
    if (!node) {
      const entries = traceStores(await this.stores.list());
      if (entries.length === 1) return this.storeLevel(entries[0]!);
      return entries.map((entry) => ({ kind: 'store', entry }));
    }
    switch (node.kind) {
      case 'store':
        return this.storeLevel(node.entry);
      case 'experiment':
        return this.experimentChildren(node.entry, node.experiment.experimentId);
      default:
        return [];
    }
  }

  private async storeLevel(entry: StoreEntry): Promise<TracesNode[]> {
    return this.servers.level(entry, () => this.storeChildren(entry), (label) => message('info', label, entry.uri));
  }

  /** Experiments that have (matching) traces; each one's first page is read here and kept for its expansion. */
  private async storeChildren(entry: StoreEntry): Promise<TracesNode[]> {
    if (!entry.services || !entry.store) return [message('error', `Cannot open ${entry.uri}`, entry.openError ?? entry.uri)];
    try {
      const experiments = await listExperiments(entry.store);
      const pages = await Promise.all(experiments.map((e) => this.page(entry, e.experimentId)));
      const withTraces = experiments.map((experiment, i) => ({ experiment, page: pages[i]! })).filter(({ page }) => page.traces.length > 0);
      const nodes = this.warningNodes(entry);
      if (withTraces.length === 0) {
        nodes.push(message('info', this.filter ? 'No traces match the filter' : 'No traces in this store', this.filter ?? entry.store.location));
      }
      for (const { experiment, page } of withTraces) {
        nodes.push({ kind: 'experiment', entry, experiment, shown: page.traces.length, more: page.nextPageToken !== undefined, expanded: withTraces.length === 1 });
      }
      return nodes;
    } catch (error) {
      return [this.failure(entry, error)];
    }
  }

  private async experimentChildren(entry: StoreEntry, experimentId: string): Promise<TracesNode[]> {
    try {
      const page = await this.page(entry, experimentId);
      const nodes: TracesNode[] = page.traces.map((info) => ({ kind: 'trace', entry, info }));
      if (page.nextPageToken) nodes.push({ kind: 'loadMore', entry, experimentId });
      return nodes;
    } catch (error) {
      return [this.failure(entry, error)];
    }
  }

  private page(entry: StoreEntry, experimentId: string): Promise<LoadedTraces> {
    const key = cacheKey(entry, experimentId);
    let page = this.loaded.get(key);
    if (!page) {
      page = this.readTraces(entry, experimentId, this.pagesWanted.get(key) ?? 1);
      this.loaded.set(key, page);
      // A failed read is not kept: the next expansion or refresh tries again.
      page.catch(() => this.loaded.get(key) === page && this.loaded.delete(key));
    }
    return page;
  }

  private async readTraces(entry: StoreEntry, experimentId: string, pages: number): Promise<LoadedTraces> {
    const traces: TraceInfo[] = [];
    let pageToken: string | undefined;
    for (let i = 0; i < pages; i++) {
      const page = await entry.services!.traces.searchTraces({
        experimentIds: [experimentId],
        maxResults: TRACES_PAGE_SIZE,
        ...(this.filter ? { filter: this.filter } : {}),
        ...(this.orderBy.length > 0 ? { orderBy: this.orderBy } : {}),
        ...(pageToken ? { pageToken } : {}),
      });
      traces.push(...page.items);
      pageToken = page.nextPageToken;
      if (!pageToken) break;
    }
    return pageToken ? { traces, nextPageToken: pageToken } : { traces };
  }

  /** Trace files the store skipped: logged once, shown under the store while they last. */
  private warningNodes(entry: StoreEntry): TracesNode[] {
    return (entry.services?.traces.warnings ?? []).map((warning) => {
      const line = visible`${warning.path}${warning.line === undefined ? '' : `:${warning.line}`}: ${warning.message}`;
      this.logOnce(line, 'warn');
      return message('warning', line, warning.message);
    });
  }

  private failure(entry: StoreEntry, error: unknown): TracesNode {
    const text = (error as Error).message ?? String(error);
    const location = entry.store?.location ?? entry.uri;
    const line = text.includes(location) ? text : `${location}: ${text}`;
    this.logOnce(line, 'error');
    const timedOut = error instanceof StoreError && error.code === 'TIMEOUT';
    return message('error', timedOut ? `Server not answering: ${location} (refresh to retry)` : line, text);
  }

  private logOnce(line: string, level: 'warn' | 'error'): void {
    if (this.logged.has(line)) return;
    this.logged.add(line);
    this.log[level](line);
  }
}

function cacheKey(entry: StoreEntry, experimentId: string): string {
  return `${entry.uri}\0${experimentId}`;
}

function message(severity: 'error' | 'warning' | 'info', label: string, detail: string): TracesNode {
  return { kind: 'message', severity, label, detail };
}

/** The stores a trace can live in; one that failed to open stays, so its error shows. */
export function traceStores(entries: StoreEntry[]): StoreEntry[] {
  return entries.filter((entry) => !entry.services || holdsTraces(entry.services.location));
}
