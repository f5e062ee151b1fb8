// W&B's records (`wandb_internal.Record`) decoded with protobufjs over the trimmed schema in wandb_internal.proto,
// into plain typed values. Only the record kinds a local reader needs are decoded; others come back as `other`.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import protobuf from 'protobufjs';

/** One `key`/`nested_key` + `value_json` item of a config, summary or history record; nested keys joined by '/'. */
export interface JsonItem {
  key: string;
  valueJson: string;
}

export interface RunRecordValues {
  runId: string;
  entity: string;
  project: string;
  displayName: string;
  group: string;
  jobType: string;
  notes: string;
  tags: string[];
  sweepId: string;
  host: string;
  /** Milliseconds since the epoch; 0 when absent. */
  startTime: number;
}

export type WandbRecord =
  // The run record's config and summary sit beside its values: they are applied to the run state's maps, and the
  // state keeps the values alone (a listing holds a thousand runs).
  | { kind: 'run'; run: RunRecordValues; config: JsonItem[]; summary: JsonItem[] }
  | { kind: 'config'; update: JsonItem[]; remove: string[] }
  | { kind: 'summary'; update: JsonItem[]; remove: string[] }
  | { kind: 'history'; items: JsonItem[]; step: number | undefined }
  | { kind: 'stats'; timestamp: number; items: JsonItem[] }
  | { kind: 'output'; stream: 'stdout' | 'stderr'; timestamp: number; line: string; raw: boolean }
  | { kind: 'exit'; exitCode: number; runtime: number }
  | { kind: 'final' }
  | { kind: 'header' }
  | { kind: 'footer' }
  | { kind: 'other' };

/** Record field numbers of the oneof (wandb_internal.proto), for telling a record's kind without decoding it. */
export const RECORD_FIELD = { history: 2, summary: 3, output: 4, config: 5, stats: 7, outputRaw: 13, run: 17, exit: 18, final: 20, header: 21, footer: 22 } as const;

// The schema sits beside this module in the sources and beside the bundle in dist/ (scripts/build.mjs copies it).
const PROTO_CANDIDATES = [join(__dirname, 'wandb_internal.proto'), join(__dirname, '..', 'core', 'wandb', 'wandb_internal.proto')];

let recordType: protobuf.Type | undefined;

export function recordSchema(): protobuf.Type {
  if (recordType) return recordType;
  const file = PROTO_CANDIDATES.find(existsSync);
  if (!file) throw new Error(`wandb_internal.proto is missing beside ${__dirname}; reinstall the extension or rebuild (npm run build).`);
  const { root } = protobuf.parse(readFileSync(file, 'utf8'), { keepCase: true });
  recordType = root.lookupType('wandb_internal.Record');
  return recordType;
}

let sharedReader: protobuf.Reader | undefined;

/**
 * protobufjs' Reader over bytes[start, end): one Reader reused for every record (its buf, pos and len are public),
 * as files hold hundreds of thousands of records. Valid until the next call.
 */
export function readerOver(bytes: Uint8Array, start = 0, end = bytes.length): protobuf.Reader {
  sharedReader ??= protobuf.Reader.create(Buffer.alloc(0));
  // A Buffer, as protobufjs' BufferReader expects (it reads strings with Buffer methods); a view, not a copy.
  sharedReader.buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  sharedReader.pos = start;
  sharedReader.len = end;
  sharedReader.view = null;
  return sharedReader;
}

/** The Record's oneof field number (0 when it has none) read with protobufjs' Reader, skipping the other fields. */
export function recordField(bytes: Uint8Array, start = 0, end = bytes.length): number {
  const reader = readerOver(bytes, start, end);
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    const field = tag >>> 3;
    if (field !== 1 && field !== 16 && field !== 19 && field !== 200) return field;
    reader.skipType(tag & 7);
  }
  return 0;
}

/** A history record as protobufjs decodes it (HistoryRecord: item = 1, step = 2). */
export interface HistoryMessage {
  item: Array<{ key: string; nested_key: string[]; value_json: string }>;
  step?: { num: number | { toNumber(): number } } | null;
}

let historyType: protobuf.Type | undefined;

/**
 * Decodes a Record known to hold a history row straight into its HistoryRecord: history is most of a file, so this
 * path skips the Record wrapper and the copies decodeRecord makes.
 */
export function decodeHistoryMessage(bytes: Uint8Array): HistoryMessage {
  historyType ??= recordSchema().lookupType('wandb_internal.HistoryRecord');
  const reader = protobuf.Reader.create(bytes);
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag >>> 3 === RECORD_FIELD.history) return historyType.decode(reader, reader.uint32()) as unknown as HistoryMessage;
    reader.skipType(tag & 7);
  }
  return { item: [] };
}

/** Decodes one record; throws protobufjs' error on bytes that are not a Record. */
export function decodeRecord(bytes: Uint8Array): WandbRecord {
  // biome-ignore lint/suspicious/noExplicitAny: protobufjs messages are untyped; each field is read into a typed value below.
  const message = recordSchema().decode(bytes) as any;
  switch (message.record_type as string | undefined) {
    case 'run':
      return { kind: 'run', run: runValues(message.run), config: message.run.config ? items(message.run.config.update) : [], summary: message.run.summary ? items(message.run.summary.update) : [] };
    case 'config':
      return { kind: 'config', update: items(message.config.update), remove: removed(message.config.remove) };
    case 'summary':
      return { kind: 'summary', update: items(message.summary.update), remove: removed(message.summary.remove) };
    case 'history':
      return { kind: 'history', items: items(message.history.item), step: message.history.step ? toNumber(message.history.step.num) : undefined };
    case 'stats':
      return { kind: 'stats', timestamp: timestampMs(message.stats.timestamp), items: items(message.stats.item) };
    case 'output':
    case 'output_raw': {
      const output = message.output ?? message.output_raw;
      return { kind: 'output', stream: output.output_type === 1 ? 'stdout' : 'stderr', timestamp: timestampMs(output.timestamp), line: output.line, raw: message.record_type === 'output_raw' };
    }
    case 'exit':
      return { kind: 'exit', exitCode: message.exit.exit_code, runtime: message.exit.runtime };
    case 'final':
      return { kind: 'final' };
    case 'header':
      return { kind: 'header' };
    case 'footer':
      return { kind: 'footer' };
    default:
      return { kind: 'other' };
  }
}

// biome-ignore lint/suspicious/noExplicitAny: a decoded RunRecord message.
function runValues(run: any): RunRecordValues {
  return {
    runId: run.run_id,
    entity: run.entity,
    project: run.project,
    displayName: run.display_name,
    group: run.run_group,
    jobType: run.job_type,
    notes: run.notes,
    tags: [...run.tags],
    sweepId: run.sweep_id,
    host: run.host,
    startTime: timestampMs(run.start_time),
  };
}

/** A config, summary, history or stats item's key: `key`, or the `nested_key` path joined by '/' (as W&B's UI shows it). */
// biome-ignore lint/suspicious/noExplicitAny: decoded item messages.
function items(list: any[]): JsonItem[] {
  return list.map((item) => ({ key: item.nested_key && item.nested_key.length > 0 ? item.nested_key.join('/') : item.key, valueJson: item.value_json }));
}

// biome-ignore lint/suspicious/noExplicitAny: decoded item messages.
function removed(list: any[]): string[] {
  return list.map((item) => (item.nested_key && item.nested_key.length > 0 ? item.nested_key.join('/') : item.key));
}

/** int64 fields come back as numbers or Long objects (protobufjs uses `long` when it is installed). */
export function toNumber(value: number | { toNumber(): number } | string | null | undefined): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Number(value);
  return value.toNumber();
}

// biome-ignore lint/suspicious/noExplicitAny: a decoded Timestamp message.
function timestampMs(timestamp: any): number {
  if (!timestamp) return 0;
  return toNumber(timestamp.seconds) * 1000 + Math.floor((timestamp.nanos ?? 0) / 1e6);
}
