// Writes `.wandb` run files in W&B's real format (framing.ts, records.ts): the header, 32 KiB blocks with CRC'd
// FULL/FIRST/MIDDLE/LAST chunks and protobuf Records. The demo workspace and the tests write their runs with it;
// `blockBase: 7` writes the misaligned layout of wandb-core before 0.17.6.
import { appendFileSync, writeFileSync } from 'node:fs';
import { BLOCK_SIZE, type BlockBase, CHUNK_FIRST, CHUNK_FULL, CHUNK_LAST, CHUNK_MIDDLE, crc32 } from './framing';
import { recordSchema } from './records';

const CHUNK_HEADER = 7;

/** What a record says, in the writer's words; values are JSON text, as W&B stores them. */
export type RecordInput =
  | { run: { runId: string; project: string; displayName?: string; entity?: string; group?: string; jobType?: string; notes?: string; tags?: string[]; sweepId?: string; startTimeMs?: number; config?: Record<string, unknown> } }
  | { config: Record<string, unknown>; remove?: string[] }
  | { summary: Record<string, unknown> }
  | { history: Record<string, unknown>; step?: number }
  | { stats: Record<string, number>; timestampMs: number }
  | { output: string; timestampMs: number; stream?: 'stdout' | 'stderr' }
  | { exit: number; runtime?: number }
  | { final: true }
  | { header: true }
  | { footer: true };

/** The protobuf bytes of one Record. */
export function encodeRecord(input: RecordInput, num = 0): Uint8Array {
  const type = recordSchema();
  return type.encode(type.fromObject({ num, ...recordObject(input) })).finish();
}

/** A whole `.wandb` file: header then every record framed. */
export function encodeRunFile(records: RecordInput[], options: { blockBase?: BlockBase } = {}): Uint8Array {
  const writer = new RunFileWriter(options.blockBase ?? 0);
  for (const [i, record] of records.entries()) writer.add(encodeRecord(record, i + 1));
  return writer.bytes();
}

/** Frames records into a `.wandb` file, block by block, as W&B's datastore writer does. */
export class RunFileWriter {
  private readonly parts: Uint8Array[] = [];
  private length = 0;

  /** `appendAt`: continue a file of that many bytes instead of starting one with its header. */
  constructor(
    private readonly base: BlockBase = 0,
    appendAt?: number,
  ) {
    if (appendAt !== undefined) this.length = appendAt;
    else this.push(Uint8Array.of(0x3a, 0x57, 0x26, 0x42, 0xe1, 0xbe, 0x00));
  }

  /** Frames one record's bytes; returns the framed bytes added (to append to a file). */
  add(record: Uint8Array): Uint8Array {
    const start = this.parts.length;
    let left = record;
    let first = true;
    for (;;) {
      const space = this.blockEnd() - this.length;
      if (space < CHUNK_HEADER) {
        this.push(new Uint8Array(space));
        continue;
      }
      const room = space - CHUNK_HEADER;
      const last = left.length <= room;
      const payload = left.subarray(0, Math.min(room, left.length));
      const type = first ? (last ? CHUNK_FULL : CHUNK_FIRST) : last ? CHUNK_LAST : CHUNK_MIDDLE;
      this.push(chunk(type, payload));
      left = left.subarray(payload.length);
      first = false;
      if (last) break;
    }
    return concat(this.parts.slice(start));
  }

  bytes(): Uint8Array {
    return concat(this.parts);
  }

  private blockEnd(): number {
    const offset = this.length - this.base;
    return this.length - (offset % BLOCK_SIZE) + BLOCK_SIZE;
  }

  private push(bytes: Uint8Array): void {
    this.parts.push(bytes);
    this.length += bytes.length;
  }
}

export function writeRunFile(path: string, records: RecordInput[], options: { blockBase?: BlockBase } = {}): void {
  writeFileSync(path, encodeRunFile(records, options));
}

/** Appends records to an aligned file of `size` bytes (what a live wandb process does between flushes). */
export function appendRecords(path: string, size: number, records: RecordInput[], firstNum = 1): void {
  const writer = new RunFileWriter(0, size);
  const framed = records.map((record, i) => writer.add(encodeRecord(record, firstNum + i)));
  appendFileSync(path, concat(framed));
}

function recordObject(input: RecordInput): Record<string, unknown> {
  if ('run' in input) {
    const run = input.run;
    const start = run.startTimeMs ?? 0;
    return {
      run: {
        run_id: run.runId,
        project: run.project,
        display_name: run.displayName ?? '',
        entity: run.entity ?? '',
        run_group: run.group ?? '',
        job_type: run.jobType ?? '',
        notes: run.notes ?? '',
        tags: run.tags ?? [],
        sweep_id: run.sweepId ?? '',
        start_time: { seconds: Math.floor(start / 1000), nanos: (start % 1000) * 1e6 },
        config: { update: jsonItems(run.config ?? {}) },
      },
    };
  }
  if ('config' in input) return { config: { update: jsonItems(input.config), remove: (input.remove ?? []).map((key) => ({ key })) } };
  if ('summary' in input) return { summary: { update: jsonItems(input.summary) } };
  if ('history' in input) return { history: { item: jsonItems(input.history), ...(input.step === undefined ? {} : { step: { num: input.step } }) } };
  // StatsItem has no nested_key: a stats key keeps its slashes (`disk./.usagePercent`).
  if ('stats' in input) return { stats: { timestamp: timestamp(input.timestampMs), item: Object.entries(input.stats).map(([key, value]) => ({ key, value_json: jsonText(value) })) } };
  if ('output' in input) return { output_raw: { output_type: input.stream === 'stderr' ? 0 : 1, timestamp: timestamp(input.timestampMs), line: input.output } };
  if ('exit' in input) return { exit: { exit_code: input.exit, runtime: input.runtime ?? 0 } };
  if ('final' in input) return { final: {} };
  if ('header' in input) return { header: {} };
  return { footer: {} };
}

/** Keys with '/' become nested keys, as `wandb.log({"val": {"loss": 1}})` writes them. */
function jsonItems(values: Record<string, unknown>): Array<Record<string, unknown>> {
  return Object.entries(values).map(([key, value]) => {
    const json = jsonText(value);
    return key.includes('/') ? { nested_key: key.split('/'), value_json: json } : { key, value_json: json };
  });
}

/** Python's json.dumps spelling: NaN and ±Infinity as bare words. */
function jsonText(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  return JSON.stringify(value);
}

function timestamp(ms: number): { seconds: number; nanos: number } {
  return { seconds: Math.floor(ms / 1000), nanos: Math.round((ms % 1000) * 1e6) };
}

function chunk(type: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(CHUNK_HEADER + payload.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, crc32(payload, crc32(Uint8Array.of(type))), true);
  view.setUint16(4, payload.length, true);
  out[6] = type;
  out.set(payload, CHUNK_HEADER);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  return Buffer.concat(parts);
}
