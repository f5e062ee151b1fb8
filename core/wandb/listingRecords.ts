// The records a listing decodes — run, config, summary and exit — read straight from their bytes. protobufjs' full
// decoder builds a message object per record, item and timestamp and reads every string in 8-byte pieces joined
// together; for a folder of a thousand runs that garbage was a third of what a listing allocated, and the garbage
// collections it caused cost more than the decoding (listing 1,000 runs: median 1.9× the bare file reads without
// this path, 1.45× with it). protobufjs' Reader walks the Record with the same Reader methods the generated decoder
// uses, every field number looked up in wandb_internal.proto by name (listingSchema), and ASCII strings are sliced
// from the buffer whole. Anything this path does not expect (another record kind, a second oneof field, a wrong wire
// type, a non-ASCII string, a length past its message, damage) makes it decline the record, which the caller then
// decodes with decodeRecord, so results and errors stay the same.
import type protobuf from 'protobufjs';
import { type JsonItem, type RunRecordValues, readerOver, recordSchema, toNumber, type WandbRecord } from './records';

const VARINT = 0;
const LENGTH_DELIMITED = 2;
const START_GROUP = 3;
const END_GROUP = 4;
const NON_ASCII = /[^\x00-\x7f]/;

/** Thrown inside the reader to decline the record; never leaves this module. */
class Declined extends Error {}
const DECLINED = new Declined();

type ListingRecord = Extract<WandbRecord, { kind: 'run' | 'config' | 'summary' | 'exit' }>;
type RunStringKey = Exclude<keyof RunRecordValues, 'tags' | 'startTime'>;

/** The field numbers this reader reads, each looked up in wandb_internal.proto by its name. */
interface ListingSchema {
  /** Record.num, the one Record field outside the oneof. */
  num: number;
  oneof: Set<number>;
  run: number;
  config: number;
  summary: number;
  exit: number;
  runStrings: Map<number, RunStringKey>;
  runTags: number;
  runConfig: number;
  runSummary: number;
  runStartTime: number;
  /** RunRecord's varint fields no listing uses, each read as protobufjs reads it and dropped. */
  runUnusedVarints: Map<number, VarintRead>;
  /** ConfigRecord and SummaryRecord share their field numbers, as ConfigItem and SummaryItem do. */
  update: number;
  remove: number;
  itemKey: number;
  itemNestedKey: number;
  itemValueJson: number;
  /** RunExitRecord (exit_code, runtime) and Timestamp (seconds, nanos): two varints each. */
  exitValues: VarintPair;
  timestamp: VarintPair;
}

let schema: ListingSchema | undefined;

function listingSchema(): ListingSchema {
  if (schema) return schema;
  const record = recordSchema();
  const id = (type: protobuf.Type, name: string): number => {
    const field = type.fields[name];
    if (!field) throw new Error(`wandb_internal.proto: ${type.name} has no field ${name}`);
    return field.id;
  };
  const run = record.lookupType('wandb_internal.RunRecord');
  const items = record.lookupType('wandb_internal.ConfigRecord');
  const item = record.lookupType('wandb_internal.ConfigItem');
  const pair = (typeName: string, first: string, second: string, readFirst: VarintRead): VarintPair => {
    const type = record.lookupType(typeName);
    return { first: id(type, first), second: id(type, second), readFirst, readSecond: readInt32 };
  };
  const runStrings: [string, RunStringKey][] = [
    ['run_id', 'runId'],
    ['entity', 'entity'],
    ['project', 'project'],
    ['run_group', 'group'],
    ['job_type', 'jobType'],
    ['display_name', 'displayName'],
    ['notes', 'notes'],
    ['sweep_id', 'sweepId'],
    ['host', 'host'],
  ];
  schema = {
    num: id(record, 'num'),
    oneof: new Set(record.oneofs.record_type!.fieldsArray.map((field) => field.id)),
    run: id(record, 'run'),
    config: id(record, 'config'),
    summary: id(record, 'summary'),
    exit: id(record, 'exit'),
    runStrings: new Map(runStrings.map(([name, key]) => [id(run, name), key])),
    runTags: id(run, 'tags'),
    runConfig: id(run, 'config'),
    runSummary: id(run, 'summary'),
    runStartTime: id(run, 'start_time'),
    runUnusedVarints: new Map<number, VarintRead>([
      [id(run, 'starting_step'), readInt64],
      [id(run, 'resumed'), (reader) => Number(reader.bool())],
      [id(run, 'runtime'), readInt32],
    ]),
    update: id(items, 'update'),
    remove: id(items, 'remove'),
    itemKey: id(item, 'key'),
    itemNestedKey: id(item, 'nested_key'),
    itemValueJson: id(item, 'value_json'),
    exitValues: pair('wandb_internal.RunExitRecord', 'exit_code', 'runtime', readInt32),
    timestamp: pair('wandb_internal.Timestamp', 'seconds', 'nanos', readInt64),
  };
  return schema;
}

/** The record decoded, or undefined when it is of another kind or needs protobufjs' full decoder. */
export function readListingRecord(bytes: Uint8Array): ListingRecord | undefined {
  try {
    return readRecord(readerOver(bytes));
  } catch {
    return undefined;
  }
}

function readRecord(reader: protobuf.Reader): ListingRecord | undefined {
  const fields = listingSchema();
  let record: ListingRecord | undefined;
  while (reader.pos < reader.len) {
    const tag = reader.tag();
    const field = tag >>> 3;
    if (field === fields.num) {
      expectWireType(tag, VARINT);
      readInt64(reader);
      continue;
    }
    if (!fields.oneof.has(field)) {
      skipUnknown(reader, tag);
      continue;
    }
    // Another kind of record, or a second oneof field (protobufjs keeps the last), is left to protobufjs.
    if (record) return undefined;
    expectWireType(tag, LENGTH_DELIMITED);
    const end = messageEnd(reader, reader.len);
    if (field === fields.run) record = readRun(reader, end, fields);
    else if (field === fields.config) record = { kind: 'config', ...readItemRecord(reader, end, fields) };
    else if (field === fields.summary) record = { kind: 'summary', ...readItemRecord(reader, end, fields) };
    else if (field === fields.exit) record = readExit(reader, end, fields);
    else return undefined;
  }
  return record;
}

/** RunRecord: what RunRecordValues holds, the config and summary beside it. */
function readRun(reader: protobuf.Reader, end: number, fields: ListingSchema): ListingRecord {
  const run: RunRecordValues = { runId: '', entity: '', project: '', displayName: '', group: '', jobType: '', notes: '', tags: [], sweepId: '', host: '', startTime: 0 };
  let config: JsonItem[] = [];
  let summary: JsonItem[] = [];
  // protobufjs merges a message field given twice into one; that is left to it.
  let messagesSeen = 0;
  while (reader.pos < end) {
    const tag = reader.tag();
    const field = tag >>> 3;
    const name = fields.runStrings.get(field);
    const unused = fields.runUnusedVarints.get(field);
    if (name) run[name] = readString(reader, tag, end);
    else if (field === fields.runTags) run.tags.push(readString(reader, tag, end));
    else if (unused) {
      expectWireType(tag, VARINT);
      unused(reader);
    } else if (field === fields.runConfig || field === fields.runSummary || field === fields.runStartTime) {
      // One bit per message field: a Set per listed run would be the garbage this path exists to avoid.
      const bit = field === fields.runConfig ? 1 : field === fields.runSummary ? 2 : 4;
      if (messagesSeen & bit) throw DECLINED;
      messagesSeen |= bit;
      const messageEnd = messageEndOf(reader, tag, end);
      if (field === fields.runConfig) config = readItemRecord(reader, messageEnd, fields).update;
      else if (field === fields.runSummary) summary = readItemRecord(reader, messageEnd, fields).update;
      else run.startTime = readTimestampMs(reader, messageEnd, fields);
    } else skipUnknown(reader, tag);
  }
  endsAt(reader, end);
  return { kind: 'run', run, config, summary };
}

/** ConfigRecord and SummaryRecord: `update` and `remove` lists of items, each read as records.ts reads them. */
function readItemRecord(reader: protobuf.Reader, end: number, fields: ListingSchema): { update: JsonItem[]; remove: string[] } {
  const update: JsonItem[] = [];
  const remove: string[] = [];
  while (reader.pos < end) {
    const tag = reader.tag();
    const field = tag >>> 3;
    if (field === fields.update) update.push(readItem(reader, messageEndOf(reader, tag, end), fields));
    else if (field === fields.remove) remove.push(readItem(reader, messageEndOf(reader, tag, end), fields).key);
    else skipUnknown(reader, tag);
  }
  endsAt(reader, end);
  return { update, remove };
}

/** A ConfigItem or SummaryItem: `key`, or its `nested_key` path joined by '/', and `value_json`. */
function readItem(reader: protobuf.Reader, end: number, fields: ListingSchema): JsonItem {
  let key = '';
  let path: string | undefined;
  let valueJson = '';
  while (reader.pos < end) {
    const tag = reader.tag();
    const field = tag >>> 3;
    if (field === fields.itemKey) key = readString(reader, tag, end);
    else if (field === fields.itemNestedKey) {
      const part = readString(reader, tag, end);
      path = path === undefined ? part : `${path}/${part}`;
    } else if (field === fields.itemValueJson) valueJson = readString(reader, tag, end);
    else skipUnknown(reader, tag);
  }
  endsAt(reader, end);
  return { key: path ?? key, valueJson };
}

function readExit(reader: protobuf.Reader, end: number, fields: ListingSchema): ListingRecord {
  const [exitCode, runtime] = readVarintPair(reader, end, fields.exitValues);
  return { kind: 'exit', exitCode, runtime };
}

/** Timestamp as records.ts's timestampMs reads it: seconds × 1000 plus whole milliseconds of nanos. */
function readTimestampMs(reader: protobuf.Reader, end: number, fields: ListingSchema): number {
  const [seconds, nanos] = readVarintPair(reader, end, fields.timestamp);
  return seconds * 1000 + Math.floor(nanos / 1e6);
}

/** A message of two varint fields (RunExitRecord, Timestamp), 0 when absent. */
interface VarintPair {
  first: number;
  second: number;
  readFirst: VarintRead;
  readSecond: VarintRead;
}

function readVarintPair(reader: protobuf.Reader, end: number, pair: VarintPair): [number, number] {
  const values: [number, number] = [0, 0];
  while (reader.pos < end) {
    const tag = reader.tag();
    const field = tag >>> 3;
    if (field === pair.first || field === pair.second) {
      expectWireType(tag, VARINT);
      if (field === pair.first) values[0] = pair.readFirst(reader);
      else values[1] = pair.readSecond(reader);
    } else skipUnknown(reader, tag);
  }
  endsAt(reader, end);
  return values;
}

type VarintRead = (reader: protobuf.Reader) => number;
const readInt32: VarintRead = (reader) => reader.int32();
const readInt64: VarintRead = (reader) => toNumber(reader.int64() as unknown as number | { toNumber(): number });

/** A length-delimited ASCII string within `end`, sliced whole from the buffer. */
function readString(reader: protobuf.Reader, tag: number, end: number): string {
  const stringEnd = messageEndOf(reader, tag, end);
  const text = (reader.buf as Buffer).toString('latin1', reader.pos, stringEnd);
  if (NON_ASCII.test(text)) throw DECLINED;
  reader.pos = stringEnd;
  return text;
}

/** The end of the length-delimited field whose tag was just read, declining other wire types and overruns. */
function messageEndOf(reader: protobuf.Reader, tag: number, end: number): number {
  expectWireType(tag, LENGTH_DELIMITED);
  return messageEnd(reader, end);
}

function messageEnd(reader: protobuf.Reader, end: number): number {
  const length = reader.size();
  const messageEnd = reader.pos + length;
  if (messageEnd > end) throw DECLINED;
  return messageEnd;
}

/** A field the schema does not name, skipped as protobufjs skips it; groups and field number 0 are left to protobufjs. */
function skipUnknown(reader: protobuf.Reader, tag: number): void {
  const wireType = tag & 7;
  if (tag >>> 3 === 0 || wireType === START_GROUP || wireType === END_GROUP) throw DECLINED;
  reader.skipType(wireType);
}

function expectWireType(tag: number, wireType: number): void {
  if ((tag & 7) !== wireType) throw DECLINED;
}

function endsAt(reader: protobuf.Reader, end: number): void {
  if (reader.pos !== end) throw DECLINED;
}
