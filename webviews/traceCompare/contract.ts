// The one message contract of the trace comparison (extension/traces/comparePanel.ts ↔ main.ts): the host sends
// both traces' summaries and their merged span rows (core/traces/traceDiff.ts); the UI asks to open a span.
import type { DiffRow } from '../../core/traces/traceDiff';
import type { TraceState } from '../../core/traces/trace';

export type { DiffRow };

export interface CompareSide {
  traceId: string;
  name: string;
  state: TraceState;
  /** Milliseconds; null while running. */
  executionDuration: number | null;
  requestTime: number;
  spans: number;
  totalTokens: number | null;
}

export type HostToCompare =
  | { type: 'diff'; left: CompareSide; right: CompareSide; rows: DiffRow[]; added: number; removed: number; matched: number; durationDeltaNs: number }
  | { type: 'error'; message: string };

export type CompareToHost =
  | { type: 'ready' }
  /** Open the span of a row in the explorer of its trace. */
  | { type: 'openSpan'; side: 'left' | 'right'; index: number }
  | { type: 'painted'; rows: number };
