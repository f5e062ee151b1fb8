// The one message contract of the trace explorer, between its UI (explorer.ts, in the explorer panel and in the
// notebook renderer) and the host that holds the trace (extension/traces/explorerPanel.ts and the notebook's
// renderer messaging). Host → UI sends the trace as columns and one span at a time; UI → host sends intents.
import type { ExplorerTrace, ExplorerTree, SpanView } from '../../core/traces/explorerSession';

export type { ExplorerTrace, ExplorerTree, SpanView };

/** Other traces the same output or panel can show (a notebook cell that produced several). */
export interface TraceChoice {
  traceId: string;
  label: string;
}

export type HostToExplorer =
  /** A trace to show; `select` is the display index to select first (-1: the root). */
  | { type: 'trace'; trace: ExplorerTrace; choices: TraceChoice[]; select: number }
  | { type: 'span'; span: SpanView }
  | { type: 'searchResults'; query: string; matches: number[] }
  /** The trace could not be read: what happened and what to do. */
  | { type: 'error'; message: string };

export type ExplorerToHost =
  | { type: 'ready' }
  | { type: 'selectSpan'; index: number }
  | { type: 'search'; query: string }
  | { type: 'chooseTrace'; traceId: string }
  | { type: 'revealRun'; runId: string }
  /** Pick another trace of the experiment and compare the two. */
  | { type: 'compare' }
  /** The tree and timeline are on screen (tests and the first-paint benchmark read it). */
  | { type: 'painted'; traceId: string; rows: number; selected: number; ms: number };
