// The host half of the trace explorer's contract, shared by the explorer panel and the notebook renderer: it holds
// one TraceExplorerSession (core) and answers the UI's intents — a span's content, a search, another trace of the
// same output. Where the messages travel (a panel's webview, a notebook's renderer messaging) is the caller's.
import { TraceExplorerSession } from '../../core/traces/explorerSession';
import type { Trace } from '../../core/traces/trace';
import type { ExplorerToHost, HostToExplorer, TraceChoice } from '../../webviews/traceExplorer/contract';

export interface ExplorerHostOptions {
  post(message: HostToExplorer): void;
  /** Reads a trace (from a store, or from what a notebook output holds). */
  load(traceId: string): Promise<Trace>;
  choices: TraceChoice[];
  revealRun(runId: string): void;
  compare?(session: TraceExplorerSession): void;
  painted?(message: Extract<ExplorerToHost, { type: 'painted' }>): void;
  /** A trace that could not be read, for the output channel. */
  failed(message: string): void;
}

export class ExplorerHost {
  private current: TraceExplorerSession | undefined;
  /** Loads come in order; a slow read never replaces a later choice. */
  private loading = 0;

  constructor(private readonly options: ExplorerHostOptions) {}

  get session(): TraceExplorerSession | undefined {
    return this.current;
  }

  /** Reads the trace and sends it; `selectSpanId` is selected first (else the root). */
  async show(traceId: string, selectSpanId?: string): Promise<void> {
    const ticket = ++this.loading;
    let trace: Trace;
    try {
      trace = await this.options.load(traceId);
    } catch (error) {
      const message = `Cannot read trace ${traceId}: ${(error as Error).message}`;
      this.options.failed(message);
      if (ticket === this.loading) this.options.post({ type: 'error', message });
      return;
    }
    if (ticket !== this.loading) return;
    this.current = new TraceExplorerSession(trace);
    this.options.post(this.traceMessage(selectSpanId));
  }

  /** The current trace as the UI's 'trace' message. */
  traceMessage(selectSpanId?: string): Extract<HostToExplorer, { type: 'trace' }> {
    const session = this.current!;
    return { type: 'trace', trace: session.view(), choices: this.options.choices, select: selectSpanId ? session.indexOf(selectSpanId) : -1 };
  }

  receive(message: ExplorerToHost): void {
    const session = this.current;
    switch (message.type) {
      case 'selectSpan': {
        const span = session?.span(message.index);
        if (span) this.options.post({ type: 'span', span });
        break;
      }
      case 'search':
        this.options.post({ type: 'searchResults', query: message.query, matches: session ? session.search(message.query) : [] });
        break;
      case 'chooseTrace':
        if (this.options.choices.some((c) => c.traceId === message.traceId)) void this.show(message.traceId);
        break;
      case 'revealRun':
        this.options.revealRun(message.runId);
        break;
      case 'compare':
        if (session) this.options.compare?.(session);
        break;
      case 'painted':
        this.options.painted?.(message);
        break;
      case 'ready':
        break;
    }
  }
}
