// History rows applied straight from their bytes: history is nearly all of a `.wandb` file, and a run logs the same
// keys row after row, so decoding every HistoryItem into a message with fresh key strings costs far more than reading
// the file. protobufjs' Reader walks the Record, the HistoryRecord and each HistoryItem (field numbers from the
// schema in wandb_internal.proto); an item whose bytes before its value_json match the same position of the previous
// row reuses that row's key and column, and a new one is decoded with protobufjs' HistoryItem type. Anything this
// path does not expect (a value that is not ASCII, value_json not last, a wrong wire type, damage) makes it decline
// the row, which the caller then decodes with the full message decoder, so results and errors stay the same.
import type protobuf from 'protobufjs';
import { readerOver, recordSchema, toNumber } from './records';
import { applyHistoryRow, emptyHistoryRow, type HistoryRow, jsonNumber, KeyRole, keyRole, type WandbRunState } from './runState';

const LENGTH_DELIMITED = 2;
/** Rows read before the columns are sized for the rest. */
const SIZING_ROWS = 256;

interface Schema {
  history: number;
  item: number;
  step: number;
  valueJson: number;
  itemType: protobuf.Type;
  stepType: protobuf.Type;
}

let schema: Schema | undefined;

function historySchema(): Schema {
  if (schema) return schema;
  const record = recordSchema();
  const historyType = record.lookupType('wandb_internal.HistoryRecord');
  const itemType = record.lookupType('wandb_internal.HistoryItem');
  schema = {
    history: record.fields.history!.id,
    item: historyType.fields.item!.id,
    step: historyType.fields.step!.id,
    valueJson: itemType.fields.value_json!.id,
    itemType,
    stepType: record.lookupType('wandb_internal.HistoryStep'),
  };
  return schema;
}

/** What one position of a row held last time: the item's bytes before its value, and the key they spell. */
interface Slot {
  signature: Uint8Array;
  key: string;
  role: KeyRole;
}

/** Applies history rows to one run's state, reusing the previous row's keys and columns. */
export class HistoryRowReader {
  private readonly schema = historySchema();
  private readonly slots: Slot[] = [];
  private row: HistoryRow = emptyHistoryRow(16);

  private applied = 0;
  private firstOffset = -1;

  /**
   * `endOffset`: the file offset where the bytes being read end. The rows so far and the bytes they took tell how many
   * rows are still to come, to size the columns once the first rows show how dense they are.
   */
  constructor(
    private readonly state: WandbRunState,
    private readonly endOffset: number,
  ) {}

  /**
   * Applies the Record in bytes[start, end) holding a history row, found at file offset `offset`; false (nothing
   * applied) when the row needs the full decoder.
   */
  apply(bytes: Uint8Array, start: number, end: number, offset: number): boolean {
    if (this.firstOffset < 0) this.firstOffset = offset;
    try {
      return this.read(bytes, start, end, offset);
    } catch {
      return false;
    }
  }

  private read(record: Uint8Array, start: number, recordEnd: number, offset: number): boolean {
    const reader = readerOver(record, start, recordEnd);
    const bytes = reader.buf as Buffer;
    const { history, item, step } = this.schema;
    let end = -1;
    while (reader.pos < reader.len) {
      const tag = reader.uint32();
      if (tag >>> 3 === history && (tag & 7) === LENGTH_DELIMITED) {
        const length = reader.uint32();
        end = reader.pos + length;
        break;
      }
      reader.skipType(tag & 7);
    }
    if (end < 0 || end > reader.len) return false;
    // The row's bytes as Latin-1 text, once: each value_json is a slice of it (a JSON number is ASCII).
    const text = bytes.toString('latin1', reader.pos, end);
    const textStart = reader.pos;
    let count = 0;
    let recordStep: number | undefined;
    while (reader.pos < end) {
      const tag = reader.uint32();
      const field = tag >>> 3;
      if (field === item && (tag & 7) === LENGTH_DELIMITED) {
        if (count === this.row.values.length) this.widen();
        if (!this.readItem(reader, bytes, count, text, textStart)) return false;
        count++;
      } else if (field === step && (tag & 7) === LENGTH_DELIMITED) {
        recordStep = toNumber((this.schema.stepType.decode(reader, reader.uint32()) as unknown as { num: number }).num);
      } else reader.skipType(tag & 7);
    }
    if (reader.pos !== end) return false;
    this.row.count = count;
    applyHistoryRow(this.state, this.row, recordStep);
    if (++this.applied === SIZING_ROWS) this.sizeColumns(offset);
    return true;
  }

  /** Reads item `index` of the row into the row's key and value; false when it needs the full decoder. */
  private readItem(reader: protobuf.Reader, bytes: Buffer, index: number, text: string, textStart: number): boolean {
    const length = reader.uint32();
    const start = reader.pos;
    const end = start + length;
    if (end > reader.len) return false;
    let valueTag = -1;
    let valueStart = end;
    let valueEnd = end;
    while (reader.pos < end) {
      const at = reader.pos;
      const tag = reader.uint32();
      if (valueTag >= 0) return false;
      if (tag >>> 3 !== this.schema.valueJson) {
        reader.skipType(tag & 7);
        continue;
      }
      if ((tag & 7) !== LENGTH_DELIMITED) return false;
      valueTag = at;
      const valueLength = reader.uint32();
      valueStart = reader.pos;
      reader.skip(valueLength);
      valueEnd = reader.pos;
    }
    if (reader.pos !== end) return false;
    const slot = this.slotOf(index, bytes, start, valueTag >= 0 ? valueTag : end, end);
    // `_runtime` is row metadata no column keeps: its value needs no parsing.
    const value = slot.role === KeyRole.runtime ? undefined : jsonNumber(text.slice(valueStart - textStart, valueEnd - textStart));
    // Not a number: only ASCII text is known to read as the full decoder reads it (which rejects broken UTF-8).
    if (value === undefined && !isAscii(bytes, valueStart, valueEnd)) return false;
    this.row.keys[index] = slot.key;
    this.row.roles[index] = slot.role;
    this.row.numeric[index] = value === undefined ? 0 : 1;
    this.row.values[index] = value ?? 0;
    return true;
  }

  /** The slot of the item bytes[start, end), whose bytes before its value end at signatureEnd: the last row's when they match. */
  private slotOf(index: number, bytes: Uint8Array, start: number, signatureEnd: number, end: number): Slot {
    const slot = this.slots[index];
    if (slot && sameBytes(slot.signature, bytes, start, signatureEnd)) return slot;
    // A new key: protobufjs decodes the whole item (and checks the UTF-8 of its strings).
    const decoded = this.schema.itemType.decode(bytes.subarray(start, end)) as unknown as { key: string; nested_key: string[] };
    const key = decoded.nested_key.length === 0 ? decoded.key : decoded.nested_key.join('/');
    this.row.columns[index] = undefined;
    // A copy (Buffer's slice is a view): the bytes read are reused for the next part of the file.
    const fresh = { signature: new Uint8Array(bytes.subarray(start, signatureEnd)), key, role: keyRole(key) };
    this.slots[index] = fresh;
    return fresh;
  }

  /** Reserves each column's expected share of the rows still to come, as dense as it was in the first rows. */
  private sizeColumns(offset: number): void {
    const left = Math.ceil((this.applied * (this.endOffset - offset)) / Math.max(1, offset - this.firstOffset));
    this.state.historyStamps.reserve(left);
    for (const column of this.state.history.values()) column.reserve(Math.ceil((left * column.length) / this.state.historyStamps.count));
  }

  private widen(): void {
    // Called in the middle of a row: the items read so far move over.
    const wider = emptyHistoryRow(this.row.values.length * 2);
    wider.roles.set(this.row.roles);
    wider.values.set(this.row.values);
    wider.numeric.set(this.row.numeric);
    this.row = { ...wider, keys: this.row.keys, columns: this.row.columns };
  }
}

function isAscii(bytes: Uint8Array, start: number, end: number): boolean {
  let any = 0;
  for (let i = start; i < end; i++) any |= bytes[i]!;
  return (any & 0x80) === 0;
}

function sameBytes(expected: Uint8Array, bytes: Uint8Array, start: number, end: number): boolean {
  if (expected.length !== end - start) return false;
  for (let i = 0; i < expected.length; i++) if (expected[i] !== bytes[start + i]) return false;
  return true;
}
