// The records a listing decodes — run, config, summary and exit — read straight from their bytes. protobufjs' full
// decoder builds a message object per record, item and timestamp (int64s as LongBits) and reads every string in
// 8-byte pieces joined together; for a folder of a thousand runs that garbage was a third of what a listing
// allocated, and the garbage collections it caused cost more than the decoding. protobufjs' Reader walks the Record (field numbers and
// types from wandb_internal.proto, read with the same Reader methods the generated decoder uses), and ASCII strings
// are sliced from the buffer whole. Anything this path does not expect (another record kind, a second oneof field, a
// wrong wire type, a non-ASCII string, a length past its message, damage) makes it decline the record, which the
// caller then decodes with decodeRecord, so results and errors stay the same.
import type protobuf from 'protobufjs';
import { type JsonItem, RECORD_FIELD, type RunRecordValues, readerOver, toNumber, type WandbRecord } from './records';

const VARINT = 0;
const LENGTH_DELIMITED = 2;
const START_GROUP = 3;
const END_GROUP = 4;
/** Record.num, the one Record field outside the oneof that the schema names. */
const RECORD_NUM = 1;
const NON_ASCII = /[^\x00-\x7f]/;

/** Thrown inside the reader to decline the record; never leaves this module. */
class Declined extends Error {}
const DECLINED = new Declined();

type ListingRecord = Extract<WandbRecord, { kind: 'run' | 'config' | 'summary' | 'exit' }>;

/** The record decoded, or undefined when it is of another kind or needs protobufjs' full decoder. */
export function readListingRecord(bytes: Uint8Array): ListingRecord | undefined {
  try {
    return readRecord(readerOver(bytes));
  } catch {
    return undefined;
  }
}

function readRecord(reader: protobuf.Reader): ListingRecord | undefined {
  let record: ListingRecord | undefined;
  while (reader.pos < reader.len) {
    const tag = reader.tag();
    const field = tag >>> 3;
    if (field === RECORD_NUM) {
      expectWireType(tag, VARINT);
      skipInt64(reader);
      continue;
    }
    if (!ONEOF_FIELDS.has(field)) {
      skipUnknown(reader, tag);
      continue;
    }
    // Another kind of record, or a second oneof field (protobufjs keeps the last), is left to protobufjs.
    if (record || !LISTING_FIELDS.has(field)) return undefined;
    expectWireType(tag, LENGTH_DELIMITED);
    const end = messageEnd(reader, reader.len);
    record = readOneof(reader, field, end);
  }
  return record;
}

const ONEOF_FIELDS = new Set<number>(Object.values(RECORD_FIELD));
const { run: RUN, config: CONFIG, summary: SUMMARY, exit: EXIT } = RECORD_FIELD;
const LISTING_FIELDS = new Set<number>([RUN, CONFIG, SUMMARY, EXIT]);

function readOneof(reader: protobuf.Reader, field: number, end: number): ListingRecord {
  switch (field) {
    case RUN:
      return readRun(reader, end);
    case CONFIG: {
      const { update, remove } = readItemRecord(reader, end);
      return { kind: 'config', update, remove };
    }
    case SUMMARY: {
      const { update, remove } = readItemRecord(reader, end);
      return { kind: 'summary', update, remove };
    }
    default:
      return readExit(reader, end);
  }
}

/** RunRecord's string fields (wandb_internal.proto) and the RunRecordValues each fills. */
const RUN_STRING_FIELDS: Record<number, Exclude<keyof RunRecordValues, 'tags' | 'startTime'>> = {
  1: 'runId',
  2: 'entity',
  3: 'project',
  6: 'group',
  7: 'jobType',
  8: 'displayName',
  9: 'notes',
  12: 'sweepId',
  13: 'host',
};
const RUN_TAGS = 10;
/** RunRecord's varint fields no listing uses (starting_step, resumed, runtime): read, as protobufjs reads them, and dropped. */
const RUN_UNUSED_VARINTS = new Set([14, 18, 20]);
/** RunRecord's message fields (config, summary, start_time), one bit each. */
const RUN_MESSAGE_FIELDS: Record<number, number> = { 4: 1, 5: 2, 17: 4 };

/** RunRecord: what RunRecordValues holds, the config and summary beside it. */
function readRun(reader: protobuf.Reader, end: number): ListingRecord {
  const run: RunRecordValues = { runId: '', entity: '', project: '', displayName: '', group: '', jobType: '', notes: '', tags: [], sweepId: '', host: '', startTime: 0 };
  let config: JsonItem[] = [];
  let summary: JsonItem[] = [];
  // protobufjs merges a message field given twice into one; that is left to it.
  let messagesSeen = 0;
  while (reader.pos < end) {
    const tag = reader.tag();
    const field = tag >>> 3;
    const bit = RUN_MESSAGE_FIELDS[field] ?? 0;
    if (messagesSeen & bit) throw DECLINED;
    messagesSeen |= bit;
    const name = RUN_STRING_FIELDS[field];
    if (name) run[name] = readString(reader, tag, end);
    else if (field === RUN_TAGS) run.tags.push(readString(reader, tag, end));
    else if (field === 4) config = readItemRecord(reader, messageEndOf(reader, tag, end)).update;
    else if (field === 5) summary = readItemRecord(reader, messageEndOf(reader, tag, end)).update;
    else if (field === 17) run.startTime = readTimestampMs(reader, messageEndOf(reader, tag, end));
    else if (RUN_UNUSED_VARINTS.has(field)) {
      expectWireType(tag, VARINT);
      if (field === 14) skipInt64(reader);
      else if (field === 18) reader.bool();
      else reader.int32();
    } else skipUnknown(reader, tag);
  }
  endsAt(reader, end);
  return { kind: 'run', run, config, summary };
}

/** ConfigRecord and SummaryRecord: `update` and `remove` lists of items, each read as records.ts reads them. */
function readItemRecord(reader: protobuf.Reader, end: number): { update: JsonItem[]; remove: string[] } {
  const update: JsonItem[] = [];
  const remove: string[] = [];
  while (reader.pos < end) {
    const tag = reader.tag();
    const field = tag >>> 3;
    if (field === 1) update.push(readItem(reader, messageEndOf(reader, tag, end)));
    else if (field === 2) remove.push(readItem(reader, messageEndOf(reader, tag, end)).key);
    else skipUnknown(reader, tag);
  }
  endsAt(reader, end);
  return { update, remove };
}

/** A ConfigItem or SummaryItem: `key`, or its `nested_key` path joined by '/', and `value_json`. */
function readItem(reader: protobuf.Reader, end: number): JsonItem {
  let key = '';
  let path: string | undefined;
  let valueJson = '';
  while (reader.pos < end) {
    const tag = reader.tag();
    const field = tag >>> 3;
    if (field === 1) key = readString(reader, tag, end);
    else if (field === 2) {
      const part = readString(reader, tag, end);
      path = path === undefined ? part : `${path}/${part}`;
    } else if (field === 16) valueJson = readString(reader, tag, end);
    else skipUnknown(reader, tag);
  }
  endsAt(reader, end);
  return { key: path ?? key, valueJson };
}

function readExit(reader: protobuf.Reader, end: number): ListingRecord {
  const [exitCode, runtime] = readVarintPair(reader, end, readInt32, readInt32);
  return { kind: 'exit', exitCode, runtime };
}

/** Timestamp as records.ts's timestampMs reads it: seconds × 1000 plus whole milliseconds of nanos. */
function readTimestampMs(reader: protobuf.Reader, end: number): number {
  const [seconds, nanos] = readVarintPair(reader, end, (r) => toNumber(r.int64() as unknown as number | { toNumber(): number }), readInt32);
  return seconds * 1000 + Math.floor(nanos / 1e6);
}

/** A message of two varint fields numbered 1 and 2 (RunExitRecord, Timestamp), 0 when absent. */
function readVarintPair(reader: protobuf.Reader, end: number, first: VarintRead, second: VarintRead): [number, number] {
  const values: [number, number] = [0, 0];
  while (reader.pos < end) {
    const tag = reader.tag();
    const field = tag >>> 3;
    if (field === 1 || field === 2) {
      expectWireType(tag, VARINT);
      values[field - 1] = (field === 1 ? first : second)(reader);
    } else skipUnknown(reader, tag);
  }
  endsAt(reader, end);
  return values;
}

type VarintRead = (reader: protobuf.Reader) => number;
const readInt32: VarintRead = (reader) => reader.int32();

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

/** An int64 passed over where protobufjs' int64() would read it (a varint ending within 10 bytes), without its LongBits. */
function skipInt64(reader: protobuf.Reader): void {
  for (let i = 0; i < 10; i++) {
    if (reader.pos >= reader.len) throw DECLINED;
    if (reader.buf[reader.pos++]! < 0x80) return;
  }
  throw DECLINED;
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
