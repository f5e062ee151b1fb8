// What a run's records add up to: the run record, config and summary as W&B merges their updates, the history as
// one column per numeric key, system metrics, console output and how the run ended. Records are applied in file
// order, so following a growing file is applying its new records.
import { PointColumn, RowColumn, RowStamps } from './historyColumns';
import { type HistoryMessage, type RunRecordValues, toNumber, type WandbRecord } from './records';

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
  history: Map<string, RowColumn>;
  /** Each history row's `_step` and `_timestamp`; its count is the number of rows applied. */
  historyStamps: RowStamps;
  /** System metrics (stats records): `system.gpu.0.gpu`, `cpu`, `memory_percent`, … as columns over time. */
  stats: Map<string, PointColumn>;
  output: OutputLine[];
  exit?: { exitCode: number; runtime: number };
  /** A final or footer record was written: wandb closed the file. */
  closed: boolean;
}

export function emptyRunState(): WandbRunState {
  return { config: new Map(), summary: new Map(), history: new Map(), historyStamps: new RowStamps(), stats: new Map(), output: [], closed: false };
}

/** What a history item's key is to its row: a metric's column, or the row's `_step`, `_timestamp` or `_runtime`. */
export const KeyRole = { metric: 0, step: 1, timestamp: 2, runtime: 3 } as const;
export type KeyRole = (typeof KeyRole)[keyof typeof KeyRole];

export function keyRole(key: string): KeyRole {
  return key === '_step' ? KeyRole.step : key === '_timestamp' ? KeyRole.timestamp : key === '_runtime' ? KeyRole.runtime : KeyRole.metric;
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
        let column = state.stats.get(item.key);
        if (!column) {
          column = new PointColumn();
          state.stats.set(item.key, column);
        }
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
 * One history row's items, ready to apply: `keys[i]`, its role, and, where `numeric[i]` is 1, the number its
 * value_json holds in `values[i]`. `columns[i]` caches the column of `keys[i]`: a reader reusing one row for the next
 * clears it when the key changes.
 */
export interface HistoryRow {
  count: number;
  keys: string[];
  roles: Uint8Array;
  values: Float64Array;
  numeric: Uint8Array;
  columns: Array<RowColumn | undefined>;
}

export function emptyHistoryRow(capacity: number): HistoryRow {
  return { count: 0, keys: [], roles: new Uint8Array(capacity), values: new Float64Array(capacity), numeric: new Uint8Array(capacity), columns: [] };
}

function rowFromText(keys: string[], values: string[]): HistoryRow {
  const row = emptyHistoryRow(keys.length);
  row.count = keys.length;
  row.keys = keys;
  for (let i = 0; i < keys.length; i++) {
    row.roles[i] = keyRole(keys[i]!);
    const value = jsonNumber(values[i] ?? '');
    row.numeric[i] = value === undefined ? 0 : 1;
    row.values[i] = value ?? 0;
  }
  return row;
}

/** Applies one history row: `_step` (else the record's step, else the row count) and `_timestamp` stamp its numbers. */
export function applyHistoryRow(state: WandbRunState, row: HistoryRow, recordStep: number | undefined): void {
  const { count, keys, roles, values, numeric, columns } = row;
  const rowNumber = state.historyStamps.count;
  let step = recordStep ?? rowNumber;
  let numbered = recordStep === undefined;
  let timestamp = 0;
  for (let i = 0; i < count; i++) {
    if (roles[i] === KeyRole.step && numeric[i]) {
      step = values[i]!;
      numbered = false;
    } else if (roles[i] === KeyRole.timestamp) timestamp = numeric[i] ? Math.round(values[i]! * 1000) : 0;
  }
  state.historyStamps.push(step, timestamp, numbered);
  for (let i = 0; i < count; i++) {
    if (!numeric[i] || roles[i] !== KeyRole.metric) continue;
    let column = columns[i];
    if (!column) {
      column = historyColumn(state, keys[i]!);
      columns[i] = column;
    }
    column.push(rowNumber, values[i]!);
  }
}

// wandb-core writes every key as `nested_key` (a one-part path for a plain key); the Python writer uses `key`.
function itemKey(item: HistoryMessage['item'][number]): string {
  const path = item.nested_key;
  return path.length === 0 ? item.key : path.length === 1 ? path[0]! : path.join('/');
}

/** The history column of `key`, made empty when the run has none yet. */
export function historyColumn(state: WandbRunState, key: string): RowColumn {
  let column = state.history.get(key);
  if (!column) {
    column = new RowColumn(state.historyStamps);
    state.history.set(key, column);
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
