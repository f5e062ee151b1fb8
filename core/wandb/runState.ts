// What a run's records add up to: the run record, config and summary as W&B merges their updates, the history as
// one column per numeric key, system metrics, console output and how the run ended. Records are applied in file
// order, so following a growing file is applying its new records.
import type { JsonItem, RunRecordValues, WandbRecord } from './records';

/** One numeric history key's values, in logging order. */
export interface HistoryColumn {
  steps: number[];
  /** Milliseconds since the epoch (`_timestamp` × 1000). */
  timestamps: number[];
  values: number[];
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
      applyHistory(state, record.items, record.step);
      return;
    case 'stats':
      for (const item of record.items) {
        const value = jsonNumber(item.valueJson);
        if (value !== undefined) pushValue(state.stats, item.key, state.stats.get(item.key)?.steps.length ?? 0, record.timestamp, value);
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

function applyHistory(state: WandbRunState, items: JsonItem[], recordStep: number | undefined): void {
  let step = recordStep ?? state.historyRows;
  let timestamp = 0;
  for (const item of items) {
    if (item.key === '_step') step = jsonNumber(item.valueJson) ?? step;
    else if (item.key === '_timestamp') timestamp = Math.round((jsonNumber(item.valueJson) ?? 0) * 1000);
  }
  for (const item of items) {
    if (ROW_KEYS.has(item.key)) continue;
    const value = jsonNumber(item.valueJson);
    if (value !== undefined) pushValue(state.history, item.key, step, timestamp, value);
  }
  state.historyRows++;
}

function pushValue(columns: Map<string, HistoryColumn>, key: string, step: number, timestamp: number, value: number): void {
  let column = columns.get(key);
  if (!column) {
    column = { steps: [], timestamps: [], values: [] };
    columns.set(key, column);
  }
  column.steps.push(step);
  column.timestamps.push(timestamp);
  column.values.push(value);
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
