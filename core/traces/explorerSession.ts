// The trace explorer's host-side model, shared by the explorer panel and the notebook renderer's host: one trace
// read once, its span tree built once (spanTree.ts), and answers to what the UI asks — the tree as plain columns
// for the first paint, one span's decoded content when selected, the spans a search finds. A 10,000-span trace
// crosses to the UI as ten arrays of numbers and names; attribute values cross only for the span someone opens.
import { type SpanDetail, spanDetail, type TokenUsage, traceTokenUsage } from './spanContent';
import { buildSpanTree, firstError, nanosBetween, searchSpans, slowestSpan, type SpanTree } from './spanTree';
import type { Assessment, SpanEvent, SpanStatusCode, Trace, TraceInfo } from './trace';

/** The span tree as columns: entry i of every array is span i in display order. */
export interface ExplorerTree {
  count: number;
  names: string[];
  /** Index of the parent, -1 for a root. */
  parent: number[];
  depth: number[];
  /** One past the last descendant: the subtree of i is [i, subtreeEnd[i]). */
  subtreeEnd: number[];
  /** Nanoseconds from the trace's first start. */
  startNs: number[];
  /** Nanoseconds; -1 for a span that has not ended. */
  durationNs: number[];
  /** Index into SPAN_TYPES. */
  typeCode: number[];
  /** 1 when the span failed or recorded an exception. */
  failed: number[];
  traceDurationNs: number;
  /** Spans shown as roots because their parent is missing. */
  orphanCount: number;
  /** -1 when there is none. */
  slowest: number;
  firstError: number;
}

export interface ExplorerTrace {
  info: TraceInfo;
  assessments: Assessment[];
  /** null when the spans cannot be read here; `unavailable` says why. */
  tree: ExplorerTree | null;
  unavailable: string | null;
  tokenUsage: TokenUsage | null;
}

export interface SpanView {
  index: number;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  status: { code: SpanStatusCode; message: string };
  /** Exact decimal nanoseconds since epoch. */
  startTimeUnixNano: string;
  endTimeUnixNano: string | null;
  /** Nanoseconds from the trace's first start. */
  startNs: number;
  /** Nanoseconds; -1 while the span is open. */
  durationNs: number;
  /** Every event, exceptions included (the detail lists exceptions with their stack trace), with its offset from the span's start. */
  events: Array<SpanEvent & { offsetNs: number }>;
  detail: SpanDetail;
  /** Assessments logged against this span. */
  assessments: Assessment[];
}

export class TraceExplorerSession {
  readonly tree: SpanTree | null;

  constructor(readonly trace: Trace) {
    this.tree = trace.data.kind === 'spans' ? buildSpanTree(trace.data.spans) : null;
  }

  get traceId(): string {
    return this.trace.info.traceId;
  }

  view(): ExplorerTrace {
    const { trace, tree } = this;
    return {
      info: trace.info,
      assessments: trace.assessments,
      tree: tree && explorerTree(tree),
      unavailable: trace.data.kind === 'unavailable' ? trace.data.reason : null,
      tokenUsage: traceTokenUsage(trace.info) ?? null,
    };
  }

  /** The span at a display index, decoded; undefined when there is no such row. */
  span(index: number): SpanView | undefined {
    const span = this.tree?.spans[index];
    if (!span) return undefined;
    return {
      index,
      spanId: span.spanId,
      parentSpanId: span.parentSpanId,
      name: span.name,
      status: span.status,
      startTimeUnixNano: span.startTimeUnixNano,
      endTimeUnixNano: span.endTimeUnixNano,
      startNs: this.tree!.startNs[index]!,
      durationNs: this.tree!.durationNs[index]!,
      events: span.events.map((event) => ({ ...event, offsetNs: nanosBetween(span.startTimeUnixNano, event.timeUnixNano) })),
      detail: spanDetail(span),
      assessments: this.trace.assessments.filter((a) => a.spanId === span.spanId),
    };
  }

  /** The display index of a span id, -1 when the trace has none. */
  indexOf(spanId: string): number {
    return this.tree ? this.tree.spans.findIndex((s) => s.spanId === spanId) : -1;
  }

  /** Display indices of the spans whose name or any attribute value contains the text, ignoring case. */
  search(text: string): number[] {
    return this.tree ? Array.from(searchSpans(this.tree, text)) : [];
  }
}

function explorerTree(tree: SpanTree): ExplorerTree {
  return {
    count: tree.count,
    names: tree.spans.map((s) => s.name),
    parent: Array.from(tree.parent),
    depth: Array.from(tree.depth),
    subtreeEnd: Array.from(tree.subtreeEnd),
    startNs: Array.from(tree.startNs),
    durationNs: Array.from(tree.durationNs),
    typeCode: Array.from(tree.typeCode),
    failed: Array.from(tree.failed),
    traceDurationNs: tree.traceDurationNs,
    orphanCount: tree.orphanCount,
    slowest: tree.count > 0 ? slowestSpan(tree) : -1,
    firstError: firstError(tree),
  };
}
