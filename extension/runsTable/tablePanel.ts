// The runs table editor: one panel over one store's experiments, backed by a RunsTableSession. The UI asks for
// windows of rows as it scrolls; every query, fold or store change produces a new generation of state, and rows of
// an older generation are dropped on both sides, so a slow answer never paints over a newer one.
import * as vscode from 'vscode';
import { RunsTableSession } from '../../core/runsTable/session';
import { tableCsv } from '../../core/runsTable/tableCsv';
import { QueryError, type TableQuery } from '../../core/runsTable/tableQuery';
import { EMPTY_LAYOUT, type HostToTable, type TableLayout, type TableRow, type TableState, type TableToHost } from '../../webviews/runsTable/contract';
import type { MlopsLog } from '../output';
import type { PlotRequest } from '../runs/plotPanel';
import type { StoreEntry } from '../runs/trackingStores';
import { saveExport } from '../webviews/exportFile';
import { WebviewPanelHost } from '../webviews/panelHost';

/** Runs shown before the whole order is read: a first screen for any store size. */
const PREVIEW_ROWS = 200;
/** The grid asks for rows in blocks of 100 (webviews/runsTable/grid.ts); the first block is sent unasked. */
const FIRST_SCREEN_ROWS = 100;

interface FirstScreen {
  state: TableState;
  rows: TableRow[];
}

/** The experiments of one store a table or chart shows. */
export interface RunsSource {
  entry: StoreEntry;
  experimentIds: string[];
  /** For titles. */
  experimentNames: string[];
  /** What it opens with instead of every run unsorted (a sweep: its runs, its metric best first). */
  query?: TableQuery;
}

export interface TablePanelDeps {
  extensionUri: vscode.Uri;
  workspaceState: vscode.Memento;
  log: MlopsLog;
  openPlot(request: PlotRequest): Promise<void>;
  openParallel(source: RunsSource, session: RunsTableSession, runIds: string[], table: RunsTablePanel): Promise<void>;
}

/** What the extension-host and UI tests read back through `mlops.runsTable.status`. */
export interface TablePanelStatus {
  title: string;
  storeUri: string;
  experimentIds: string[];
  query: TableQuery;
  state: TableState;
  generation: number;
  painted?: { generation: number; rows: number; selected: number };
  /** From the command to the first rows on screen. */
  firstPaintMs?: number;
}

export class RunsTablePanel implements vscode.Disposable {
  readonly session: RunsTableSession;
  private readonly host: WebviewPanelHost<HostToTable, TableToHost>;
  private readonly opened = performance.now();
  private generation = 0;
  private painted: TablePanelStatus['painted'];
  private firstPaintMs: number | undefined;
  private running: Promise<void> = Promise.resolve();
  private readonly title: string;
  /** The opening query's first screen, read while VS Code creates the webview rather than after it says ready. */
  private readonly opening: Promise<FirstScreen | undefined>;

  constructor(
    private readonly deps: TablePanelDeps,
    readonly source: RunsSource,
    onDispose: () => void,
  ) {
    this.session = new RunsTableSession(source.entry.store!, source.experimentIds);
    this.title = `Runs: ${source.experimentNames.join(', ')}`;
    this.host = WebviewPanelHost.open<HostToTable, TableToHost>(deps.extensionUri, { viewType: 'mlops.runsTable', title: this.title, bundle: 'runsTable' });
    this.host.onMessage((message) => this.receive(message));
    this.host.onDidDispose(onDispose);
    // A failure here is not reported: the query runs again once the UI is ready, and reports it there.
    this.opening = this.firstScreen(this.openingQuery()).catch(() => undefined);
  }

  get status(): TablePanelStatus {
    const status: TablePanelStatus = {
      title: this.title,
      storeUri: this.source.entry.uri,
      experimentIds: this.source.experimentIds,
      query: this.session.currentQuery,
      state: this.session.state(),
      generation: this.generation,
    };
    if (this.painted) status.painted = this.painted;
    if (this.firstPaintMs !== undefined) status.firstPaintMs = this.firstPaintMs;
    return status;
  }

  /** Whether this table shows the same experiments of the same store (a second request reveals it). */
  showsSource(source: RunsSource): boolean {
    return (
      source.entry.uri === this.source.entry.uri &&
      source.experimentIds.join('\0') === this.source.experimentIds.join('\0') &&
      source.query?.filter === this.source.query?.filter
    );
  }

  shows(entries: readonly StoreEntry[]): boolean {
    return entries.some((e) => e.uri === this.source.entry.uri);
  }

  reveal(): void {
    this.host.panel.reveal();
  }

  /** The store changed: the same query again; the UI keeps its scroll position. */
  refresh(): Promise<void> {
    return this.run(async () => {
      const state = await this.session.refresh();
      if (state) await this.postState(state);
    });
  }

  /** A brush in parallel coordinates opened from this table: only those runs, or all again (null). */
  brush(runIds: string[] | null): Promise<void> {
    const { onlyRunIds: _dropped, ...rest } = this.session.currentQuery;
    return this.applyQuery(runIds ? { ...rest, onlyRunIds: runIds } : rest);
  }

  dispose(): void {
    this.host.dispose();
  }

  private receive(message: TableToHost): void {
    switch (message.type) {
      case 'ready':
        void this.start();
        return;
      case 'query':
        void this.applyQuery(message.query);
        return;
      case 'refresh':
        this.source.entry.store?.invalidate();
        void this.refresh();
        return;
      case 'rows':
        void this.sendRows(message.generation, message.offset, message.count);
        return;
      case 'toggleFold':
        void this.run(async () => {
          await this.postState(this.session.toggleFold(message.key));
        });
        return;
      case 'setLayout':
        void this.deps.workspaceState.update(this.layoutKey(), message.layout);
        return;
      case 'sparkline':
        void this.session
          .sparkline(message.runId, message.key, 120)
          .then((line) => this.host.post({ type: 'sparkline', runId: message.runId, key: message.key, ...line }))
          .catch((error: Error) => this.deps.log.warn(`sparkline of ${message.key}: ${error.message}`));
        return;
      case 'plot':
        void this.deps.openPlot({ runs: message.runIds.map((runId) => ({ storeUri: this.source.entry.uri, runId })) });
        return;
      case 'parallel':
        void this.deps.openParallel(this.source, this.session, message.runIds.length > 0 ? message.runIds : this.session.shownRunIds(), this);
        return;
      case 'copyIds':
        void vscode.env.clipboard.writeText(message.runIds.join('\n')).then(() => {
          void vscode.window.setStatusBarMessage(`Copied ${message.runIds.length === 1 ? 'run id' : `${message.runIds.length} run ids`}`, 3000);
        });
        return;
      case 'reveal':
        void vscode.commands.executeCommand('mlops.runs.reveal', message.runId);
        return;
      case 'exportCsv':
        void this.exportCsv(message.columns).catch((error: Error) => this.fail(error));
        return;
      case 'painted':
        this.painted = { generation: message.generation, rows: message.rows, selected: message.selected };
        if (this.firstPaintMs === undefined && message.rows > 0) {
          this.firstPaintMs = performance.now() - this.opened;
          this.deps.log.info(
            `runs table ${this.title}: first rows on screen ${message.sinceReadyMs.toFixed(0)} ms after the webview was ready (${this.firstPaintMs.toFixed(0)} ms after opening, as the host saw it)`,
          );
        }
        return;
    }
  }

  private openingQuery(): TableQuery {
    return this.source.query ?? this.session.currentQuery;
  }

  private async start(): Promise<void> {
    const layout = this.deps.workspaceState.get<TableLayout>(this.layoutKey()) ?? EMPTY_LAYOUT;
    // Posts arrive in order, so init, state and rows go out together without waiting for each to be delivered.
    void this.host.post({ type: 'init', title: this.title, layout, query: this.openingQuery() });
    await this.applyQuery(this.openingQuery(), this.opening);
  }

  /** The store's first page of the query and the rows of its first screen; undefined when the store cannot page it. */
  private async firstScreen(query: TableQuery): Promise<FirstScreen | undefined> {
    const state = await this.session.preview(query, PREVIEW_ROWS);
    return state && { state, rows: await this.session.window(0, FIRST_SCREEN_ROWS) };
  }

  /** A first screen from the store's first page when it can (already read, for the opening query), then the whole order. */
  private applyQuery(query: TableQuery, prepared?: Promise<FirstScreen | undefined>): Promise<void> {
    return this.run(async () => {
      try {
        const screen = await (prepared ?? this.firstScreen(query));
        if (screen) {
          // The first screen's rows go with its state, before reading the whole order: SQLite reads block this
          // thread, and the UI's own request for them would wait behind that read.
          void this.postState(screen.state);
          await this.host.post({ type: 'rows', generation: this.generation, offset: 0, rows: screen.rows });
        }
        const state = await this.session.apply(query);
        if (state) await this.postState(state);
      } catch (error) {
        if (error instanceof QueryError) {
          await this.host.post({ type: 'queryError', message: error.message, ...(error.column ? { column: error.column } : {}) });
          return;
        }
        throw error;
      }
    });
  }

  /** Queries run one after another; an error is reported and the next one still runs. */
  private run(work: () => Promise<void>): Promise<void> {
    this.running = this.running.then(work).catch((error: Error) => this.fail(error));
    return this.running;
  }

  private postState(state: TableState): Thenable<boolean> {
    this.generation++;
    return this.host.post({ type: 'state', generation: this.generation, state, query: this.session.currentQuery });
  }

  private async sendRows(generation: number, offset: number, count: number): Promise<void> {
    if (generation !== this.generation) return;
    try {
      const rows = await this.session.window(offset, count);
      if (generation === this.generation) await this.host.post({ type: 'rows', generation, offset, rows });
    } catch (error) {
      this.fail(error as Error);
    }
  }

  private async exportCsv(columnIds: string[]): Promise<void> {
    const columns = columnIds.flatMap((id) => this.session.state().columns.filter((c) => c.id === id));
    const csv = await tableCsv(this.session, columns);
    await saveExport(this.deps.log, 'runs.csv', { CSV: ['csv'] }, Buffer.from(csv, 'utf8'));
  }

  private layoutKey(): string {
    return `mlops.runsTable.layout/${this.source.entry.uri}`;
  }

  private fail(error: Error): void {
    this.deps.log.error(`runs table ${this.title}: ${error.message}`);
    void this.host.post({ type: 'error', message: error.message });
  }
}
