// The span JSON MLflow writes (Span.to_dict(): the `content` column of the `spans` table and each entry of a
// trace's traces.json): OpenTelemetry ids as base64 of their bytes ("kesiIJFsiVU="), times as integer nanoseconds
// since epoch, status {code: "STATUS_CODE_OK", message}, and every attribute value a JSON-encoded string
// (`"mlflow.spanType": "\"CHAIN\""`). Read here into SpanRecord with hex ids and exact decimal times.
import type { SpanEvent, SpanRecord, SpanStatusCode } from './trace';
import { TRACE_KEYS } from './trace';

export class SpanJsonError extends Error {
  override name = 'SpanJsonError';
}

// Nanosecond times pass 2^53, so JSON.parse would round them (1766365010786544600 → …640). Quoting the integer
// before parsing keeps every digit. A key inside a JSON string value cannot match: its quotes are escaped there.
const NANOS = /"(start_time_unix_nano|end_time_unix_nano|time_unix_nano)":(\s*)(-?\d+)/g;

export function quoteNanos(json: string): string {
  return json.replace(NANOS, '"$1":$2"$3"');
}

/**
 * One span's JSON (a `spans.content` value). `traceId` is the MLflow trace id the store filed it under.
 * MLflow writes `"start_time_unix_nano": <digits>` near the start of each span, so the exact digits are read there
 * and the text is parsed as it is; a span with events (more nanosecond fields) or another layout is quoted first.
 */
export function parseSpanJson(json: string, traceId: string): SpanRecord {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(json) as Record<string, unknown>;
  } catch (error) {
    throw new SpanJsonError(`span JSON does not parse (${(error as Error).message})`);
  }
  const start = exactInteger(json, '"start_time_unix_nano":', parsed?.start_time_unix_nano, 0);
  const end = exactInteger(json, '"end_time_unix_nano":', parsed?.end_time_unix_nano, start ? json.indexOf(start) : 0);
  const hasEvents = Array.isArray(parsed?.events) && parsed.events.length > 0;
  if (start === undefined || end === undefined || hasEvents) return spanFromJson(JSON.parse(quoteNanos(json)), traceId);
  // Passed beside the object rather than written into it: turning a parsed double field into a string makes V8
  // migrate the shape of every span object parsed after it.
  return spanFromJson(parsed, traceId, { start, end });
}

/**
 * The digits after the first `key` in the text, when they are the value JSON.parse gave (so the key found is the
 * span's own); null for a JSON null; undefined when the text does not have that shape.
 */
function exactInteger(text: string, key: string, parsedValue: unknown, from: number): string | null | undefined {
  if (parsedValue === null) return null;
  if (typeof parsedValue !== 'number') return typeof parsedValue === 'string' && /^-?\d+$/.test(parsedValue) ? parsedValue : undefined;
  // MLflow writes end right after start, so its search starts there.
  const at = text.indexOf(key, from);
  if (at < 0) return undefined;
  let first = at + key.length;
  while (text.charCodeAt(first) === 32) first++;
  let to = first;
  if (text.charCodeAt(to) === 45) to++;
  while (to < text.length && text.charCodeAt(to) >= 48 && text.charCodeAt(to) <= 57) to++;
  const digits = text.slice(first, to);
  return digits !== '' && Number(digits) === parsedValue ? digits : undefined;
}

/** A trace's traces.json: `{"spans": [...]}` (MLflow 2.x and 3.x write the same shape). */
export function parseTraceDataJson(json: string, traceId: string): SpanRecord[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(quoteNanos(json));
  } catch (error) {
    throw new SpanJsonError(`traces.json does not parse (${(error as Error).message})`);
  }
  const spans = (parsed as { spans?: unknown } | null)?.spans;
  if (!Array.isArray(spans)) throw new SpanJsonError('traces.json has no "spans" list');
  return spans.map((span, index) => {
    try {
      return spanFromJson(span, traceId);
    } catch (error) {
      throw new SpanJsonError(`span ${index + 1} of traces.json: ${(error as Error).message}`);
    }
  });
}

export function spanFromJson(value: unknown, traceId: string, exact?: { start: string | null; end: string | null }): SpanRecord {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new SpanJsonError('a span is not an object');
  const span = value as Record<string, unknown>;
  const spanId = otelIdToHex(span.span_id, 8);
  if (spanId === undefined) throw new SpanJsonError(`span_id ${JSON.stringify(span.span_id)} is not an 8-byte id`);
  const start = exact ? exact.start : nanos(span.start_time_unix_nano);
  if (start === null) throw new SpanJsonError(`span ${spanId} has no start_time_unix_nano`);
  const attributes = rawAttributes(span.attributes);
  return {
    traceId,
    spanId,
    parentSpanId: otelIdToHex(span.parent_span_id, 8) ?? null,
    name: typeof span.name === 'string' ? span.name : '',
    spanType: spanTypeName(attributes[TRACE_KEYS.spanType]),
    startTimeUnixNano: start,
    endTimeUnixNano: exact ? exact.end : nanos(span.end_time_unix_nano),
    status: statusOf(span.status),
    rawAttributes: attributes,
    events: Array.isArray(span.events) ? span.events.map(eventOf) : [],
  };
}

/**
 * An OpenTelemetry id as lowercase hex: MLflow's span JSON has base64 of the bytes, its `spans` table and OTLP/JSON
 * exports have hex. Undefined for an absent or malformed id.
 */
export function otelIdToHex(value: unknown, bytes: number): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  if (bytes === 8 && value.length === 12) {
    const fast = base64SpanIdToHex(value);
    if (fast !== undefined) return fast;
  }
  const hex = value.startsWith('0x') ? value.slice(2) : value;
  if (hex.length === bytes * 2 && /^[0-9a-fA-F]+$/.test(hex)) return hex.toLowerCase();
  if (value.length !== Math.ceil(bytes / 3) * 4 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return undefined;
  const decoded = Buffer.from(value, 'base64');
  return decoded.length === bytes ? decoded.toString('hex') : undefined;
}

const BASE64_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) BASE64_VALUE['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.charCodeAt(i)] = i;
const HEX_BYTE = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** "kesiIJFsiVU=" → "91eb2220916c8955" without a Buffer: a 10,000-span trace has 20,000 of these. */
function base64SpanIdToHex(value: string): string | undefined {
  if (value.charCodeAt(11) !== 61) return undefined;
  let hex = '';
  let bits = 0;
  let count = 0;
  for (let i = 0; i < 11; i++) {
    const code = value.charCodeAt(i);
    const sextet = code < 128 ? BASE64_VALUE[code]! : -1;
    if (sextet < 0) return undefined;
    bits = (bits << 6) | sextet;
    count += 6;
    if (count >= 8) {
      count -= 8;
      hex += HEX_BYTE[(bits >> count) & 0xff];
    }
  }
  return hex.length === 16 ? hex : undefined;
}

function nanos(value: unknown): string | null {
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return BigInt(Math.round(value)).toString();
  return null;
}

const STATUS_CODES: Record<string, SpanStatusCode> = {
  STATUS_CODE_OK: 'STATUS_CODE_OK',
  STATUS_CODE_ERROR: 'STATUS_CODE_ERROR',
  STATUS_CODE_UNSET: 'STATUS_CODE_UNSET',
  OK: 'STATUS_CODE_OK',
  ERROR: 'STATUS_CODE_ERROR',
  UNSET: 'STATUS_CODE_UNSET',
};

/** MLflow 2 wrote {status_code: "OK"}, MLflow 3 {code: "STATUS_CODE_OK"}; the spans table has "OK". */
export function statusCode(value: unknown): SpanStatusCode {
  return (typeof value === 'string' && STATUS_CODES[value]) || 'STATUS_CODE_UNSET';
}

/** The statuses without a message, shared: most spans have one of these. */
export const PLAIN_STATUS = new Map<SpanStatusCode, SpanRecord['status']>(
  (['STATUS_CODE_OK', 'STATUS_CODE_ERROR', 'STATUS_CODE_UNSET'] as const).map((code) => [code, Object.freeze({ code, message: '' })]),
);

function statusOf(value: unknown): SpanRecord['status'] {
  const status = (value ?? {}) as { code?: unknown; status_code?: unknown; message?: unknown; description?: unknown };
  const message = status.message ?? status.description;
  const code = statusCode(status.code ?? status.status_code);
  return typeof message === 'string' && message !== '' ? { code, message } : PLAIN_STATUS.get(code)!;
}

function rawAttributes(value: unknown): Record<string, string> {
  if (value === null || typeof value !== 'object') return {};
  const attributes = value as Record<string, unknown>;
  let allStrings = true;
  for (const key in attributes) {
    if (typeof attributes[key] !== 'string') {
      allStrings = false;
      break;
    }
  }
  // The parsed object is already what is wanted: MLflow wrote every value as a JSON string.
  if (allStrings) return attributes as Record<string, string>;
  const raw: Record<string, string> = {};
  for (const [key, attribute] of Object.entries(value as Record<string, unknown>)) {
    // MLflow stores every value JSON-encoded; a writer that did not is normalised to the same form.
    raw[key] = typeof attribute === 'string' ? attribute : JSON.stringify(attribute);
  }
  return raw;
}

function eventOf(value: unknown): SpanEvent {
  const event = (value ?? {}) as { name?: unknown; time_unix_nano?: unknown; timestamp?: unknown; attributes?: unknown };
  const attributes = event.attributes !== null && typeof event.attributes === 'object' ? (event.attributes as Record<string, unknown>) : {};
  return {
    name: typeof event.name === 'string' ? event.name : '',
    timeUnixNano: nanos(event.time_unix_nano ?? event.timestamp) ?? '0',
    attributes,
  };
}

/** The type from the raw `mlflow.spanType` value ('"CHAIN"'), without a JSON.parse when it is a plain string. */
function spanTypeName(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  if (raw.length >= 2 && raw[0] === '"' && raw[raw.length - 1] === '"' && !raw.includes('\\')) return raw.slice(1, -1);
  const decoded = decodeAttribute(raw);
  return typeof decoded === 'string' ? decoded : null;
}

/** One attribute's value decoded from its JSON string; a value that is not JSON is returned as the text it is. */
export function decodeAttribute(raw: string | undefined): unknown {
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

export function decodeSpanAttributes(span: SpanRecord): Record<string, unknown> {
  const decoded: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(span.rawAttributes)) decoded[key] = decodeAttribute(raw);
  return decoded;
}
