// The trace explorer panel: one trace of one store in a webview (webviews/traceExplorer), its messages answered by
// ExplorerHost. A trace still being written (IN_PROGRESS) is read again when its store changes.
import * as vscode from 'vscode';
import type { TraceExplorerSession } from '../../core/traces/explorerSession';
import { traceName } from '../../core/traces/tracePresentation';
import type { ExplorerToHost, HostToExplorer } from '../../webviews/traceExplorer/contract';
import type { MlopsLog } from '../output';
import type { StoreEntry } from '../runs/trackingStores';
import { WebviewPanelHost } from '../webviews/panelHost';
import { ExplorerHost } from './explorerHost';

export interface ExplorerPanelDeps {
  extensionUri: vscode.Uri;
  log: MlopsLog;
  compare(entry: StoreEntry, session: TraceExplorerSession): void;
}

/** What the extension-host tests and the first-paint benchmark read through `mlops.traces.explorerStatus`. */
export interface ExplorerPanelStatus {
  storeUri: string;
  traceId: string;
  title: string;
  spans: number;
  painted?: { rows: number; selected: number; uiMs: number };
  /** From the open command to the tree and timeline on screen. */
  firstPaintMs?: number;
}

export class TraceExplorerPanel implements vscode.Disposable {
  private readonly host: WebviewPanelHost<HostToExplorer, ExplorerToHost>;
  private readonly explorer: ExplorerHost;
  private readonly opened = performance.now();
  /** Messages for the page before it said it listens, sent on 'ready'. */
  private pending: HostToExplorer[] | undefined = [];
  private painted: ExplorerPanelStatus['painted'];
  private firstPaintMs: number | undefined;

  constructor(
    deps: ExplorerPanelDeps,
    readonly entry: StoreEntry,
    readonly traceId: string,
    private selectSpanId: string | undefined,
    onDispose: () => void,
  ) {
    this.host = WebviewPanelHost.open<HostToExplorer, ExplorerToHost>(deps.extensionUri, { viewType: 'mlops.traceExplorer', title: `Trace ${traceId}`, bundle: 'traceExplorer' });
    this.host.panel.iconPath = new vscode.ThemeIcon('pulse');
    this.explorer = new ExplorerHost({
      post: (message) => {
        if (message.type === 'trace') this.host.panel.title = `Trace: ${traceName(message.trace.info)}`;
        if (this.pending) this.pending.push(message);
        else void this.host.post(message);
      },
      load: (id) => entry.services!.traces.getTrace(id),
      choices: [],
      revealRun: (runId) => void vscode.commands.executeCommand('mlops.runs.reveal', runId),
      compare: (session) => deps.compare(entry, session),
      painted: (message) => {
        this.painted = { rows: message.rows, selected: message.selected, uiMs: message.ms };
        if (this.firstPaintMs !== undefined) return;
        this.firstPaintMs = performance.now() - this.opened;
        const spans = this.explorer.session?.tree?.count ?? 0;
        deps.log.info(`trace explorer: ${traceId} (${spans} spans) on screen ${this.firstPaintMs.toFixed(0)} ms after opening, drawn in ${message.ms.toFixed(1)} ms`);
      },
      failed: (message) => deps.log.error(message),
    });
    // Reading starts at once, in parallel with the webview loading its bundle.
    void this.explorer.show(traceId, selectSpanId);
    this.host.onMessage((message) => this.receive(message));
    this.host.onDidDispose(onDispose);
  }

  get status(): ExplorerPanelStatus {
    const status: ExplorerPanelStatus = {
      storeUri: this.entry.uri,
      traceId: this.traceId,
      title: this.host.panel.title,
      spans: this.explorer.session?.tree?.count ?? 0,
    };
    if (this.painted) status.painted = this.painted;
    if (this.firstPaintMs !== undefined) status.firstPaintMs = this.firstPaintMs;
    return status;
  }

  shows(storeUri: string, traceId: string): boolean {
    return this.entry.uri === storeUri && this.traceId === traceId;
  }

  /** Shows the panel, selecting a span when asked (a compare row, a search elsewhere). */
  reveal(selectSpanId?: string): void {
    this.host.panel.reveal();
    if (selectSpanId && selectSpanId !== this.selectSpanId) {
      this.selectSpanId = selectSpanId;
      void this.explorer.show(this.traceId, selectSpanId);
    }
  }

  /** The store changed: a trace that was still running may have ended or grown. */
  storeChanged(): void {
    if (this.explorer.session?.trace.info.state === 'IN_PROGRESS') void this.explorer.show(this.traceId, this.selectSpanId);
  }

  dispose(): void {
    this.host.dispose();
  }

  private receive(message: ExplorerToHost): void {
    if (message.type === 'ready') {
      // A page that loads again (a reload) gets the trace again.
      const pending = this.pending ?? (this.explorer.session ? [this.explorer.traceMessage()] : []);
      this.pending = undefined;
      for (const queued of pending) void this.host.post(queued);
      return;
    }
    this.explorer.receive(message);
  }
}
