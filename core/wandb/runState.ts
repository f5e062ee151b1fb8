// What a run's records add up to: the run record, config and summary as W&B merges their updates, the history as
// one column per numeric key, system metrics, console output and how the run ended. Records are applied in file
// order, so following a growing file is applying its new records.
import { type HistoryMessage, type RunRecordValues, toNumber, type WandbRecord } from './records';

/**
 * One numeric history key's values in logging order, in growing Float64Arrays: a 200 MB run holds millions of
 * points, and typed storage keeps appending cheap (no element-kind transitions, no per-number boxing).
 */
export class HistoryColumn {
  length = 0;
  private stepData: Float64Array<ArrayBuffer> = new Float64Array(64);
  private timestampData: Float64Array<ArrayBuffer> = new Float64Array(64);
  private valueData: Float64Array<ArrayBuffer> = new Float64Array(64);

  push(step: number, timestamp: number, value: number): void {
    if (this.length === this.valueData.length) {
      this.stepData = grow(this.stepData);
      this.timestampData = grow(this.timestampData);
      this.valueData = grow(this.valueData);
    }
    this.stepData[this.length] = step;
    this.timestampData[this.length] = timestamp;
    this.valueData[this.length] = value;
    this.length++;
  }

  /** Makes room for `extra` more points in one step (a reader that can estimate a column's size avoids regrowing it). */
  reserve(extra: number): void {
    const capacity = this.length + extra;
    if (capacity <= this.valueData.length) return;
    this.stepData = resize(this.stepData, capacity);
    this.timestampData = resize(this.timestampData, capacity);
    this.valueData = resize(this.valueData, capacity);
  }

  get steps(): Float64Array {
    return this.stepData.subarray(0, this.length);
  }

  /** Milliseconds since the epoch (`_timestamp` × 1000). */
  get timestamps(): Float64Array {
    return this.timestampData.subarray(0, this.length);
  }

  get values(): Float64Array {
    return this.valueData.subarray(0, this.length);
  }
}

function grow(data: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> {
  return resize(data, data.length * 2);
}

function resize(data: Float64Array<ArrayBuffer>, capacity: number): Float64Array<ArrayBuffer> {
  const bigger = new Float64Array(capacity);
  bigger.set(data);
  return bigger;
}

export interface OutputLine {
  stream: 'stdout' | 'stderr';
  timestamp: number;
  line: string;
}

export interface WandbRunState {
  run?: RunRecordValues;
  /** Top-level config key → value_json, `_wandb` included (the mapping leaves it out). */
  config: Map<string, string>;
  /** Summary key ('/'-joined when nested) → value_json. */
  summary: Map<string, string>;
  history: Map<string, HistoryColumn>;
  historyRows: number;
  /** System metrics (stats records): `system.gpu.0.gpu`, `cpu`, `memory_percent`, … as columns over time. */
  stats: Map<string, HistoryColumn>;
  output: OutputLine[];
  exit?: { exitCode: number; runtime: number };
  /** A final or footer record was written: wandb closed the file. */
  closed: boolean;
}

export function emptyRunState(): WandbRunState {
  return { config: new Map(), summary: new Map(), history: new Map(), historyRows: 0, stats: new Map(), output: [], closed: false };
}

/** Keys every history row carries: row metadata, not metrics. */
const ROW_KEYS = new Set(['_step', '_runtime', '_timestamp']);

/** A row metadata key whose value no column or stamp uses. */
export function isUnreadRowKey(key: string): boolean {
  return key === '_runtime';
}

export function applyRecord(state: WandbRunState, record: WandbRecord): void {
  switch (record.kind) {
    case 'run':
      state.run = record.run;
      for (const item of record.config) state.config.set(item.key, item.valueJson);
      for (const item of record.summary) state.summary.set(item.key, item.valueJson);
      return;
    case 'config':
      for (const item of record.update) state.config.set(item.key, item.valueJson);
      for (const key of record.remove) state.config.delete(key);
      return;
    case 'summary':
      for (const item of record.update) state.summary.set(item.key, item.valueJson);
      for (const key of record.remove) state.summary.delete(key);
      return;
    case 'history':
      applyHistoryRow(state, rowFromText(record.items.map((item) => item.key), record.items.map((item) => item.valueJson)), record.step);
      return;
    case 'stats':
      for (const item of record.items) {
        const value = jsonNumber(item.valueJson);
        if (value === undefined) continue;
        const column = columnOf(state.stats, item.key);
        column.push(column.length, record.timestamp, value);
      }
      return;
    case 'output':
      state.output.push({ stream: record.stream, timestamp: record.timestamp, line: record.line });
      return;
    case 'exit':
      state.exit = { exitCode: record.exitCode, runtime: record.runtime };
      return;
    case 'final':
    case 'footer':
      state.closed = true;
      return;
    default:
      return;
  }
}

/** A history row from protobufjs' decoded HistoryRecord (decodeHistoryMessage). */
export function applyHistoryMessage(state: WandbRunState, message: HistoryMessage): void {
  const items = message.item;
  applyHistoryRow(state, rowFromText(items.map(itemKey), items.map((item) => item.value_json)), message.step ? toNumber(message.step.num) : undefined);
}

/**
 * One history row's items, ready to apply: `keys[i]` and, where `numeric[i]` is 1, the number its value_json holds in
 * `values[i]`. `columns[i]` caches the column of `keys[i]`: a reader reusing one row for the next clears it when the key changes.
 */
export interface HistoryRow {
  count: number;
  keys: string[];
  values: Float64Array;
  numeric: Uint8Array;
  columns: Array<HistoryColumn | undefined>;
}

export function emptyHistoryRow(capacity: number): HistoryRow {
  return { count: 0, keys: [], values: new Float64Array(capacity), numeric: new Uint8Array(capacity), columns: [] };
}

function rowFromText(keys: string[], values: string[]): HistoryRow {
  const row = emptyHistoryRow(keys.length);
  row.count = keys.length;
  row.keys = keys;
  for (let i = 0; i < keys.length; i++) {
    const value = jsonNumber(values[i] ?? '');
    row.numeric[i] = value === undefined ? 0 : 1;
    row.values[i] = value ?? 0;
  }
  return row;
}

/** Applies one history row: `_step` (else the record's step, else the row count) and `_timestamp` stamp its numbers. */
export function applyHistoryRow(state: WandbRunState, row: HistoryRow, recordStep: number | undefined): void {
  const { count, keys, values, numeric, columns } = row;
  let step = recordStep ?? state.historyRows;
  let timestamp = 0;
  for (let i = 0; i < count; i++) {
    if (keys[i] === '_step' && numeric[i]) step = values[i]!;
    else if (keys[i] === '_timestamp') timestamp = numeric[i] ? Math.round(values[i]! * 1000) : 0;
  }
  for (let i = 0; i < count; i++) {
    if (!numeric[i] || ROW_KEYS.has(keys[i]!)) continue;
    let column = columns[i];
    if (!column) {
      column = columnOf(state.history, keys[i]!);
      columns[i] = column;
    }
    column.push(step, timestamp, values[i]!);
  }
  state.historyRows++;
}

// wandb-core writes every key as `nested_key` (a one-part path for a plain key); the Python writer uses `key`.
function itemKey(item: HistoryMessage['item'][number]): string {
  const path = item.nested_key;
  return path.length === 0 ? item.key : path.length === 1 ? path[0]! : path.join('/');
}

function columnOf(columns: Map<string, HistoryColumn>, key: string): HistoryColumn {
  let column = columns.get(key);
  if (!column) {
    column = new HistoryColumn();
    columns.set(key, column);
  }
  return column;
}

/**
 * A value_json that is a number (Python's json.dumps also writes NaN, Infinity, -Infinity), without JSON.parse:
 * Number() reads every JSON number and those three words, and gives NaN for strings, booleans, objects and null.
 */
export function jsonNumber(json: string): number | undefined {
  if (json === '' || json === 'true' || json === 'false') return undefined;
  const value = Number(json);
  if (!Number.isNaN(value)) return value;
  return json === 'NaN' ? Number.NaN : undefined;
}
