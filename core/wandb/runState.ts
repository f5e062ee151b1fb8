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
  const bigger = new Float64Array(data.length * 2);
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

export function applyRecord(state: WandbRunState, record: WandbRecord): void {
  switch (record.kind) {
    case 'run':
      state.run = record.run;
      for (const item of record.run.config) state.config.set(item.key, item.valueJson);
      for (const item of record.run.summary) state.summary.set(item.key, item.valueJson);
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
      applyHistory(state, record.items.map((item) => ({ key: item.key, nested_key: [], value_json: item.valueJson })), record.step);
      return;
    case 'stats':
      for (const item of record.items) {
        const value = jsonNumber(item.valueJson);
        if (value !== undefined) pushValue(state.stats, item.key, state.stats.get(item.key)?.length ?? 0, record.timestamp, value);
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

/** A history row from protobufjs' decoded HistoryRecord (decodeHistoryMessage), without intermediate copies. */
export function applyHistoryMessage(state: WandbRunState, message: HistoryMessage): void {
  applyHistory(state, message.item, message.step ? toNumber(message.step.num) : undefined);
}

function applyHistory(state: WandbRunState, items: HistoryMessage['item'], recordStep: number | undefined): void {
  let step = recordStep ?? state.historyRows;
  let timestamp = 0;
  // wandb-core writes every key as `nested_key` (a one-part path for a plain key); the Python writer uses `key`.
  const keys = items.map(itemKey);
  for (let i = 0; i < items.length; i++) {
    if (keys[i] === '_step') step = jsonNumber(items[i]!.value_json) ?? step;
    else if (keys[i] === '_timestamp') timestamp = Math.round((jsonNumber(items[i]!.value_json) ?? 0) * 1000);
  }
  for (let i = 0; i < items.length; i++) {
    const key = keys[i]!;
    if (ROW_KEYS.has(key)) continue;
    const value = jsonNumber(items[i]!.value_json);
    if (value !== undefined) pushValue(state.history, key, step, timestamp, value);
  }
  state.historyRows++;
}

function itemKey(item: HistoryMessage['item'][number]): string {
  const path = item.nested_key;
  return path.length === 0 ? item.key : path.length === 1 ? path[0]! : path.join('/');
}

function pushValue(columns: Map<string, HistoryColumn>, key: string, step: number, timestamp: number, value: number): void {
  let column = columns.get(key);
  if (!column) {
    column = new HistoryColumn();
    columns.set(key, column);
  }
  column.push(step, timestamp, value);
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
