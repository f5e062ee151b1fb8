// The trace explorer's model: the spans of one trace as a tree in flat typed arrays, in display order (pre-order,
// children by start time), so a virtualised tree and timeline of 10,000 spans read rows by index without walking
// objects. Spans whose parent is not in the trace (a partial export, a cycle) are shown as roots and counted.
// Attribute values stay undecoded here; spanContent.ts decodes the one span someone looks at.
import type { SpanRecord } from './trace';

/** MLflow's SpanType values (mlflow/entities/span.py) that get their own icon; anything else shows as UNKNOWN. */
export const SPAN_TYPES = ['LLM', 'CHAT_MODEL', 'CHAIN', 'AGENT', 'TOOL', 'RETRIEVER', 'EMBEDDING', 'PARSER', 'RERANKER', 'UNKNOWN'] as const;
export type SpanType = (typeof SPAN_TYPES)[number];
const UNKNOWN_CODE = SPAN_TYPES.indexOf('UNKNOWN');
const TYPE_CODES = new Map<string, number>(SPAN_TYPES.map((type, code) => [type, code]));

export interface SpanTree {
  readonly count: number;
  /** The spans in display order; every array below is indexed the same way. */
  readonly spans: readonly SpanRecord[];
  /** Index of the parent, -1 for a root. */
  readonly parent: Int32Array;
  readonly depth: Int32Array;
  /** One past the last descendant: the subtree of i is [i, subtreeEnd[i]). */
  readonly subtreeEnd: Int32Array;
  /** Nanoseconds from the trace's first start. */
  readonly startNs: Float64Array;
  /** Nanoseconds; -1 for a span that has not ended. */
  readonly durationNs: Float64Array;
  /** Index into SPAN_TYPES. */
  readonly typeCode: Uint8Array;
  /** 1 when the span's status is ERROR (MLflow sets it with every recorded exception). */
  readonly failed: Uint8Array;
  /** The earliest start, exact decimal nanoseconds since epoch. */
  readonly traceStartUnixNano: string;
  /** From the first start to the last end, nanoseconds. */
  readonly traceDurationNs: number;
  /** Spans shown as roots because their parent is not in the trace. */
  readonly orphanCount: number;
}

export function buildSpanTree(spans: readonly SpanRecord[]): SpanTree {
  const n = spans.length;
  const times = relativeTimes(spans);
  const byId = new Map<string, number>();
  for (let i = 0; i < n; i++) byId.set(spans[i]!.spanId, i);
  const parentOf = new Int32Array(n).fill(-1);
  let orphanCount = 0;
  for (let i = 0; i < n; i++) {
    const parentId = spans[i]!.parentSpanId;
    if (parentId === null) continue;
    const p = byId.get(parentId);
    if (p === undefined || p === i) orphanCount++;
    else parentOf[i] = p;
  }
  const order = displayOrder(parentOf, times.start);
  orphanCount += order.unreached;

  const position = new Int32Array(n);
  for (let k = 0; k < n; k++) position[order.indices[k]!] = k;
  const parent = new Int32Array(n);
  const depth = new Int32Array(n);
  const startNs = new Float64Array(n);
  const durationNs = new Float64Array(n);
  const typeCode = new Uint8Array(n);
  const failed = new Uint8Array(n);
  const ordered: SpanRecord[] = new Array(n);
  for (let k = 0; k < n; k++) {
    const i = order.indices[k]!;
    const span = spans[i]!;
    ordered[k] = span;
    const p = order.rootOverride[i] ? -1 : parentOf[i]!;
    parent[k] = p < 0 ? -1 : position[p]!;
    depth[k] = p < 0 ? 0 : depth[position[p]!]! + 1;
    startNs[k] = times.start[i]!;
    durationNs[k] = times.duration[i]!;
    typeCode[k] = typeCodeOf(span);
    failed[k] = span.status.code === 'STATUS_CODE_ERROR' ? 1 : 0;
  }
  const subtreeEnd = new Int32Array(n);
  for (let k = n - 1; k >= 0; k--) {
    subtreeEnd[k] = Math.max(subtreeEnd[k]!, k + 1);
    const p = parent[k]!;
    if (p >= 0) subtreeEnd[p] = Math.max(subtreeEnd[p]!, subtreeEnd[k]!);
  }
  return {
    count: n,
    spans: ordered,
    parent,
    depth,
    subtreeEnd,
    startNs,
    durationNs,
    typeCode,
    failed,
    traceStartUnixNano: times.base,
    traceDurationNs: times.extent,
    orphanCount,
  };
}

/**
 * Start offsets and durations in nanoseconds without BigInt: the decimal strings split into seconds and the nine
 * nanosecond digits, each part small enough for a double to hold exactly.
 */
function relativeTimes(spans: readonly SpanRecord[]): { start: Float64Array; duration: Float64Array; base: string; extent: number } {
  const n = spans.length;
  const start = new Float64Array(n);
  const duration = new Float64Array(n);
  if (n === 0) return { start, duration, base: '0', extent: 0 };
  let base = spans[0]!.startTimeUnixNano;
  for (const span of spans) if (lessThan(span.startTimeUnixNano, base)) base = span.startTimeUnixNano;
  const [baseSeconds, baseNanos] = split(base);
  const offset = (time: string) => {
    const [seconds, nanos] = split(time);
    return (seconds - baseSeconds) * 1e9 + (nanos - baseNanos);
  };
  let extent = 0;
  for (let i = 0; i < n; i++) {
    const span = spans[i]!;
    start[i] = offset(span.startTimeUnixNano);
    duration[i] = span.endTimeUnixNano === null ? -1 : offset(span.endTimeUnixNano) - start[i]!;
    extent = Math.max(extent, start[i]! + Math.max(duration[i]!, 0));
  }
  return { start, duration, base, extent };
}

/** to − from for two exact decimal nanosecond times (a difference within one trace fits a double exactly). */
export function nanosBetween(from: string, to: string): number {
  const [fromSeconds, fromNanos] = split(from);
  const [toSeconds, toNanos] = split(to);
  return (toSeconds - fromSeconds) * 1e9 + (toNanos - fromNanos);
}

function split(time: string): [number, number] {
  const cut = Math.max(0, time.length - 9);
  return [cut === 0 ? 0 : Number(time.slice(0, cut)), Number(time.slice(cut))];
}

function lessThan(a: string, b: string): boolean {
  return a.length !== b.length ? a.length < b.length : a < b;
}

/** Pre-order over roots and children sorted by start; spans no root reaches (a parent cycle) become roots. */
function displayOrder(parentOf: Int32Array, start: Float64Array): { indices: Int32Array; rootOverride: Uint8Array; unreached: number } {
  const n = parentOf.length;
  const childCount = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) childCount[parentOf[i]! + 1]!++;
  // Children of every parent (slot 0 holds the roots) in one array: a counting sort over the spans taken in start
  // order, so each parent's children come out sorted without a sort per parent.
  const first = new Int32Array(n + 2);
  for (let p = 0; p <= n; p++) first[p + 1] = first[p]! + childCount[p]!;
  const fill = first.slice(0, n + 1);
  const children = new Int32Array(n);
  for (const i of byStart(start)) children[fill[parentOf[i]! + 1]!++] = i;
  const indices = new Int32Array(n);
  const visited = new Uint8Array(n);
  const rootOverride = new Uint8Array(n);
  let written = 0;
  const stack: number[] = [];
  const walk = (root: number) => {
    stack.push(root);
    while (stack.length > 0) {
      const i = stack.pop()!;
      if (visited[i]) continue;
      visited[i] = 1;
      indices[written++] = i;
      for (let c = first[i + 2]! - 1; c >= first[i + 1]!; c--) stack.push(children[c]!);
    }
  };
  for (let c = first[0]!; c < first[1]!; c++) walk(children[c]!);
  let unreached = 0;
  for (let i = 0; i < n; i++) {
    if (visited[i]) continue;
    rootOverride[i] = 1;
    unreached++;
    walk(i);
  }
  return { indices, rootOverride, unreached };
}

/** Span indices by start time, ties in stored order; stores mostly hand spans over already in that order. */
function byStart(start: Float64Array): Int32Array | number[] {
  const n = start.length;
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) sorted = start[i - 1]! <= start[i]!;
  if (sorted) {
    const identity = new Int32Array(n);
    for (let i = 0; i < n; i++) identity[i] = i;
    return identity;
  }
  return Array.from({ length: n }, (_, i) => i).sort((a, b) => start[a]! - start[b]! || a - b);
}

function typeCodeOf(span: SpanRecord): number {
  return (span.spanType === null ? undefined : TYPE_CODES.get(span.spanType)) ?? UNKNOWN_CODE;
}

export function spanTypeAt(tree: SpanTree, index: number): SpanType {
  return SPAN_TYPES[tree.typeCode[index]!]!;
}

/** What the row functions below read: a SpanTree, or its columns as they crossed to a webview (explorerSession.ts). */
export interface TreeShape {
  readonly count: number;
  readonly parent: ArrayLike<number>;
  readonly subtreeEnd: ArrayLike<number>;
}

/** Rows of a tree view with some spans collapsed (collapsed[i] = 1 hides i's descendants). */
export function visibleRows(tree: TreeShape, collapsed: Uint8Array): Int32Array {
  const rows = new Int32Array(tree.count);
  let count = 0;
  for (let i = 0; i < tree.count; ) {
    rows[count++] = i;
    i = collapsed[i] ? tree.subtreeEnd[i]! : i + 1;
  }
  return rows.slice(0, count);
}

/** Indices from the root down to the span's parent: what to expand to reveal it. */
export function ancestorsOf(tree: TreeShape, index: number): number[] {
  const path: number[] = [];
  for (let p = tree.parent[index]!; p >= 0; p = tree.parent[p]!) path.unshift(p);
  return path;
}

/** The longest span below the roots (a root spans everything); the root itself for a one-span trace. -1 if empty. */
export function slowestSpan(tree: SpanTree): number {
  let best = -1;
  for (let i = 0; i < tree.count; i++) {
    if (tree.depth[i] === 0 && tree.count > 1) continue;
    if (best < 0 || tree.durationNs[i]! > tree.durationNs[best]!) best = i;
  }
  return best < 0 && tree.count > 0 ? 0 : best;
}

/**
 * Where errors arose: failed spans none of whose children failed (an error propagates up, so its ancestors fail
 * too), in display order.
 */
export function errorOrigins(tree: SpanTree): Int32Array {
  const failedChild = new Uint8Array(tree.count);
  for (let i = 0; i < tree.count; i++) if (tree.failed[i] && tree.parent[i]! >= 0) failedChild[tree.parent[i]!] = 1;
  const origins: number[] = [];
  for (let i = 0; i < tree.count; i++) if (tree.failed[i] && !failedChild[i]) origins.push(i);
  return Int32Array.from(origins);
}

/** The error origin that started first; -1 when nothing failed. */
export function firstError(tree: SpanTree): number {
  let best = -1;
  for (const i of errorOrigins(tree)) if (best < 0 || tree.startNs[i]! < tree.startNs[best]!) best = i;
  return best;
}

/** Spans whose name or any attribute value contains the text, ignoring case, in display order. */
export function searchSpans(tree: SpanTree, text: string): Int32Array {
  const needle = text.toLowerCase();
  if (needle === '') return new Int32Array(0);
  const found: number[] = [];
  for (let i = 0; i < tree.count; i++) {
    const span = tree.spans[i]!;
    if (span.name.toLowerCase().includes(needle) || Object.values(span.rawAttributes).some((v) => v.toLowerCase().includes(needle))) found.push(i);
  }
  return Int32Array.from(found);
}
