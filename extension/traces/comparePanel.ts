// Two traces of one store side by side (webviews/traceCompare): both read, their span trees merged by core's
// diffSpanTrees, the rows sent once. A row's span opens in the explorer of its trace.
import * as vscode from 'vscode';
import { buildSpanTree, type SpanTree } from '../../core/traces/spanTree';
import type { Trace, TraceInfo } from '../../core/traces/trace';
import { diffSpanTrees } from '../../core/traces/traceDiff';
import { summarizeTrace, traceName } from '../../core/traces/tracePresentation';
import type { CompareSide, CompareToHost, HostToCompare } from '../../webviews/traceCompare/contract';
import type { MlopsLog } from '../output';
import type { StoreEntry } from '../runs/trackingStores';
import { WebviewPanelHost } from '../webviews/panelHost';

export interface ComparePanelDeps {
  extensionUri: vscode.Uri;
  log: MlopsLog;
  open(entry: StoreEntry, traceId: string, selectSpanId: string): void;
}

export interface ComparePanelStatus {
  left: string;
  right: string;
  rows?: number;
  added?: number;
  removed?: number;
  painted?: number;
}

export class TraceComparePanel implements vscode.Disposable {
  private readonly host: WebviewPanelHost<HostToCompare, CompareToHost>;
  private trees: { left: SpanTree; right: SpanTree } | undefined;
  private diff: HostToCompare | undefined;
  private ready = false;
  private paintedRows: number | undefined;

  constructor(
    private readonly deps: ComparePanelDeps,
    readonly entry: StoreEntry,
    readonly left: TraceInfo,
    readonly right: TraceInfo,
    onDispose: () => void,
  ) {
    this.host = WebviewPanelHost.open<HostToCompare, CompareToHost>(deps.extensionUri, {
      viewType: 'mlops.traceCompare',
      title: `Compare: ${traceName(left)} ↔ ${traceName(right)}`,
      bundle: 'traceCompare',
    });
    this.host.panel.iconPath = new vscode.ThemeIcon('diff');
    this.host.onMessage((message) => this.receive(message));
    this.host.onDidDispose(onDispose);
    void this.load();
  }

  get status(): ComparePanelStatus {
    const status: ComparePanelStatus = { left: this.left.traceId, right: this.right.traceId };
    if (this.diff?.type === 'diff') Object.assign(status, { rows: this.diff.rows.length, added: this.diff.added, removed: this.diff.removed });
    if (this.paintedRows !== undefined) status.painted = this.paintedRows;
    return status;
  }

  compares(storeUri: string, left: string, right: string): boolean {
    return this.entry.uri === storeUri && this.left.traceId === left && this.right.traceId === right;
  }

  reveal(): void {
    this.host.panel.reveal();
  }

  dispose(): void {
    this.host.dispose();
  }

  private async load(): Promise<void> {
    try {
      const traces = this.entry.services!.traces;
      const [left, right] = await Promise.all([traces.getTrace(this.left.traceId), traces.getTrace(this.right.traceId)]);
      this.trees = { left: treeOf(left), right: treeOf(right) };
      const diff = diffSpanTrees(this.trees.left, this.trees.right);
      this.diff = { type: 'diff', left: side(left, this.trees.left), right: side(right, this.trees.right), ...diff };
    } catch (error) {
      const message = `Cannot compare ${this.left.traceId} with ${this.right.traceId}: ${(error as Error).message}`;
      this.deps.log.error(message);
      this.diff = { type: 'error', message };
    }
    if (this.ready) void this.host.post(this.diff);
  }

  private receive(message: CompareToHost): void {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        if (this.diff) void this.host.post(this.diff);
        break;
      case 'openSpan': {
        const tree = this.trees?.[message.side];
        const span = tree?.spans[message.index];
        if (span) this.deps.open(this.entry, message.side === 'left' ? this.left.traceId : this.right.traceId, span.spanId);
        break;
      }
      case 'painted':
        this.paintedRows = message.rows;
        break;
    }
  }
}

/** Spans that cannot be read here (a server's artifact store) cannot be compared: the reason is the error. */
function treeOf(trace: Trace): SpanTree {
  if (trace.data.kind !== 'spans') throw new Error(trace.data.reason);
  return buildSpanTree(trace.data.spans);
}

function side(trace: Trace, tree: SpanTree): CompareSide {
  return {
    traceId: trace.info.traceId,
    name: traceName(trace.info),
    state: trace.info.state,
    executionDuration: trace.info.executionDuration,
    requestTime: trace.info.requestTime,
    spans: tree.count,
    totalTokens: summarizeTrace(trace.info).totalTokens,
  };
}
