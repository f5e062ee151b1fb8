// How a trace reads in a list (the Traces view, `mlops traces`, the notebook magic, the compare picker): its name,
// state, latency, token total and a one-line request preview, decided once here so every adapter shows the same
// thing.
import { traceTokenUsage } from './spanContent';
import type { TraceInfo, TraceState } from './trace';
import { TRACE_KEYS } from './trace';

export interface TraceSummary {
  traceId: string;
  /** mlflow.traceName, else the trace id. */
  name: string;
  state: TraceState;
  /** "340 ms", "6.66 s", "3 min 7 s"; '' while in progress. */
  latency: string;
  requestTime: number;
  totalTokens: number | null;
  /** The request preview on one line, at most `previewLength` characters. */
  request: string;
  /** The run that produced the trace (mlflow.sourceRun), to link the two. */
  sourceRunId: string | null;
}

export function summarizeTrace(info: TraceInfo, previewLength = 80): TraceSummary {
  return {
    traceId: info.traceId,
    name: traceName(info),
    state: info.state,
    latency: info.executionDuration === null ? '' : formatLatency(info.executionDuration),
    requestTime: info.requestTime,
    totalTokens: traceTokenUsage(info)?.totalTokens ?? null,
    request: oneLine(mainText(info.requestPreview ?? ''), previewLength),
    sourceRunId: info.traceMetadata[TRACE_KEYS.sourceRun] || null,
  };
}

/** The `mlflow.traceName` tag (the root span's name), else the trace id. */
export function traceName(info: TraceInfo): string {
  return info.tags[TRACE_KEYS.traceName] || info.traceId;
}

export function formatLatency(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms - minutes * 60_000) / 1000)} s`;
}

/** Nanosecond durations of spans, in the same words. */
export function formatSpanDuration(ns: number): string {
  if (ns < 0) return 'open';
  if (ns < 1_000_000) return `${(ns / 1000).toFixed(ns < 10_000 ? 1 : 0)} µs`;
  return formatLatency(ns / 1e6);
}

/** "1,234 tokens"; one token reads "1 token". */
export function formatTokens(count: number): string {
  return `${count.toLocaleString('en-US')} token${count === 1 ? '' : 's'}`;
}

/** MLflow's trace filter for the traces recorded under a run (metadata mlflow.sourceRun). */
export function tracesOfRunFilter(runId: string): string {
  return `metadata.\`${TRACE_KEYS.sourceRun}\` = '${runId.replace(/'/g, "\\'")}'`;
}

/**
 * MLflow's previews are JSON of the root span's inputs ({"question": "…"}, {"messages": [...]}): the one input or
 * the last user message says more than the braces around it. Anything else is shown as written.
 */
function mainText(preview: string): string {
  let value: unknown;
  try {
    value = JSON.parse(preview);
  } catch {
    return preview;
  }
  if (typeof value === 'string') return value;
  if (!isRecord(value)) return preview;
  const messages = Array.isArray(value.messages) ? value.messages.filter(isRecord) : [];
  const lastUser = messages.reverse().find((m) => (m.role === 'user' || m.type === 'human') && typeof m.content === 'string');
  if (lastUser) return lastUser.content as string;
  const values = Object.values(value);
  return values.length === 1 && typeof values[0] === 'string' ? values[0] : preview;
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
