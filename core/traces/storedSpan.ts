// A span read from MLflow's `spans` table (MLflow >= 3.2): the columns hold what the tree and timeline need (ids as
// hex, name, type, status, start and end as BIGINT nanoseconds), so the span's JSON `content` — megabytes for an
// LLM call's inputs and outputs — is parsed only when its attributes, events or an error's message are first read.
// A 10,000-span trace then opens at the cost of its columns (test/bench/traces.bench.ts).
import { PLAIN_STATUS, parseSpanJson, statusCode } from './spanJson';
import type { SpanEvent, SpanRecord, SpanStatusCode } from './trace';

export interface SpanColumns {
  spanId: string;
  parentSpanId: string | null;
  name: string;
  spanType: string | null;
  /** The status column: OK, ERROR or UNSET. */
  status: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string | null;
}

/**
 * A class rather than an object of getters: building 10,000 of those cost 30 times more. Its status, rawAttributes
 * and events are prototype getters, so spread or postMessage it through plainSpan.
 */
export class StoredSpan implements SpanRecord {
  readonly spanId: string;
  readonly parentSpanId: string | null;
  readonly name: string;
  readonly spanType: string | null;
  readonly startTimeUnixNano: string;
  readonly endTimeUnixNano: string | null;
  readonly #code: SpanStatusCode;
  readonly #content: string;
  #decoded: SpanRecord | undefined;

  constructor(
    readonly traceId: string,
    columns: SpanColumns,
    content: string,
  ) {
    this.spanId = columns.spanId;
    this.parentSpanId = columns.parentSpanId;
    this.name = columns.name;
    this.spanType = columns.spanType;
    this.startTimeUnixNano = columns.startTimeUnixNano;
    this.endTimeUnixNano = columns.endTimeUnixNano;
    this.#code = statusCode(columns.status);
    this.#content = content;
  }

  /** OpenTelemetry gives only an error a description, so other statuses need no parse. */
  get status(): SpanRecord['status'] {
    return this.#code === 'STATUS_CODE_ERROR' ? { code: this.#code, message: this.#full().status.message } : PLAIN_STATUS.get(this.#code)!;
  }

  get rawAttributes(): Record<string, string> {
    return this.#full().rawAttributes;
  }

  get events(): SpanEvent[] {
    return this.#full().events;
  }

  #full(): SpanRecord {
    this.#decoded ??= parseSpanJson(this.#content, this.traceId);
    return this.#decoded;
  }
}

/** A span as a plain object with every field (for spreading, structured clone, deep comparison); decodes a stored one. */
export function plainSpan(span: SpanRecord): SpanRecord {
  const { traceId, spanId, parentSpanId, name, spanType, startTimeUnixNano, endTimeUnixNano, status, rawAttributes, events } = span;
  return { traceId, spanId, parentSpanId, name, spanType, startTimeUnixNano, endTimeUnixNano, status, rawAttributes, events };
}
