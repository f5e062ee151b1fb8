// What a notebook output holds for a trace. MLflow's own MIME type `application/databricks.mlflow.trace`
// (mlflow/entities/trace.py _serialize_for_mimebundle, mlflow/tracing/display/display_handler.py) has carried, by
// version: the whole Trace.to_json() ({"info", "data"}; 2.14–2.x), the request id as a JSON string, and
// {"trace_id", "sql_warehouse_id"} (3.x) — one of these, or a list of them when a cell produced several traces.
// Our own `%mlops trace` output is the CLI's {"trace": {"trace_info", "data"}} in MLflow's REST v3 shape.
import { quoteNanos, spanFromJson } from './spanJson';
import type { Assessment, Trace } from './trace';
import { assessmentFromWire, traceInfoFromWire } from './traceWire';

export type NotebookTracePayload = { kind: 'traces'; traces: Trace[] } | { kind: 'ids'; traceIds: string[] };

export class NotebookTraceError extends Error {
  override name = 'NotebookTraceError';
}

/** The output item's text (JSON) as traces to show, or the ids of traces to read from the workspace's store. */
export function parseNotebookTracePayload(text: string): NotebookTracePayload {
  let parsed: unknown;
  try {
    parsed = JSON.parse(quoteNanos(text));
  } catch (error) {
    throw new NotebookTraceError(`The trace output is not JSON (${(error as Error).message}); re-run the cell to display the trace again.`);
  }
  const items = Array.isArray(parsed) ? parsed : [parsed];
  if (items.length === 0) throw new NotebookTraceError('The trace output lists no traces.');
  const ids = items.map(idOnly);
  if (ids.every((id) => id !== undefined)) return { kind: 'ids', traceIds: ids as string[] };
  return { kind: 'traces', traces: items.map((item, i) => traceFromDict(item, `trace ${i + 1} of the output`)) };
}

/** A bare id: "tr-…", or {"trace_id": "tr-…"} with nothing of the trace itself. */
function idOnly(item: unknown): string | undefined {
  if (typeof item === 'string' && item !== '') return item;
  if (!isRecord(item) || 'info' in item || 'data' in item || 'trace' in item || 'trace_info' in item) return undefined;
  return typeof item.trace_id === 'string' ? item.trace_id : typeof item.request_id === 'string' ? item.request_id : undefined;
}

/**
 * Trace.to_dict() ({"info", "data"}: span attributes JSON-encoded, ids base64) or the REST v3 Trace our CLI prints
 * ({"trace": {"trace_info", "data"}} or its inner object: attributes decoded, ids hex).
 */
export function traceFromDict(value: unknown, what = 'the trace'): Trace {
  const outer = isRecord(value) && isRecord(value.trace) ? value.trace : value;
  if (!isRecord(outer)) throw new NotebookTraceError(`${what} is not an object.`);
  const wire = isRecord(outer.trace_info);
  const rawInfo = wire ? outer.trace_info : outer.info;
  if (!isRecord(rawInfo)) throw new NotebookTraceError(`${what} has no "info" or "trace_info".`);
  const info = traceInfoFromWire(rawInfo);
  if (!info) throw new NotebookTraceError(`${what} has no trace id.`);
  const data = isRecord(outer.data) ? outer.data : {};
  const rawSpans = Array.isArray(data.spans) ? data.spans : [];
  const spans = rawSpans.map((span, index) => {
    try {
      return spanFromJson(wire ? encodeAttributes(span) : span, info.traceId);
    } catch (error) {
      throw new NotebookTraceError(`span ${index + 1} of ${what}: ${(error as Error).message}`);
    }
  });
  const rawAssessments = Array.isArray(rawInfo.assessments) ? rawInfo.assessments : [];
  const assessments = rawAssessments.filter(isRecord).map(assessmentFromWire).filter((a): a is Assessment => a !== undefined);
  return { info, assessments, data: { kind: 'spans', spans } };
}

/** The REST shape decodes attribute values; SpanRecord keeps them JSON-encoded, as MLflow stores them. */
function encodeAttributes(span: unknown): unknown {
  if (!isRecord(span) || !isRecord(span.attributes)) return span;
  return { ...span, attributes: Object.fromEntries(Object.entries(span.attributes).map(([key, value]) => [key, JSON.stringify(value)])) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
