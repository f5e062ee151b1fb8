// A small pool of worker threads for the drift job: the two files are read in parallel, then columns are tested in
// parallel, arrays transferred both ways. Without the worker script beside this module (a bundle that does not
// ship it) or with a single thread, the same work runs in this thread.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ColumnDriftInput, ColumnDriftResult } from './columnDrift';
import type { RawColumn } from './columns';
import { columnBuffers, type WorkerRequest, type WorkerTask } from './columnWorker';
import { type ColumnError, type ColumnTable, runPlannedColumn } from './datasetDrift';
import { type Duplicates, findDuplicates } from './tableQuality';
import { DriftInputError, type ReadOptions, readTable } from './tableReaders';

type Outcome = ColumnDriftResult | ColumnError;

/** columnWorker.ts under tsx, columnWorker.js when compiled, driftColumnWorker.js beside a bundle. */
function workerScript(): string | undefined {
  return ['columnWorker.js', 'columnWorker.ts', 'driftColumnWorker.js'].map((f) => join(__dirname, f)).find(existsSync);
}

/** A .ts worker (tests, benchmarks under tsx) registers tsx itself: Node 20 workers do not inherit loader hooks. */
function startWorker(script: string): Worker {
  if (!script.endsWith('.ts')) return new Worker(script);
  const source = `require('tsx/cjs/api').register(); require(${JSON.stringify(script)});`;
  return new Worker(source, { eval: true });
}

interface Pending {
  work: WorkerTask;
  transfer: ArrayBuffer[];
  resolve(value: unknown): void;
  reject(error: Error): void;
  onProgress?: ((fraction: number) => void) | undefined;
}

interface Reply {
  id: number;
  result?: unknown;
  progress?: number;
  failure?: string;
  inputError?: boolean;
}

export class DriftWorkerPool {
  private readonly idle: Worker[] = [];
  private readonly queue: { id: number; pending: Pending }[] = [];
  private readonly running = new Map<number, Pending>();
  private nextId = 0;

  private constructor(private readonly workers: Worker[]) {
    for (const worker of workers) {
      worker.on('message', (reply: Reply) => this.onReply(worker, reply));
      worker.on('error', (error) => this.failAll(error));
      this.idle.push(worker);
    }
  }

  /** A pool, or undefined when work should stay in this thread. */
  static create(threads = availableParallelism()): DriftWorkerPool | undefined {
    const script = workerScript();
    if (threads <= 1 || !script) return undefined;
    return new DriftWorkerPool(Array.from({ length: threads }, () => startWorker(script)));
  }

  run(work: WorkerTask, transfer: ArrayBuffer[] = [], onProgress?: (fraction: number) => void): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, pending: { work, transfer, resolve, reject, onProgress } });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.failAll(new Error('drift workers closed'));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private dispatch(): void {
    while (this.idle.length && this.queue.length) {
      const worker = this.idle.pop()!;
      const { id, pending } = this.queue.shift()!;
      this.running.set(id, pending);
      const request: WorkerRequest = { id, work: pending.work };
      worker.postMessage(request, pending.transfer);
    }
  }

  private onReply(worker: Worker, reply: Reply): void {
    const pending = this.running.get(reply.id);
    if (!pending) return;
    if (reply.progress !== undefined) {
      pending.onProgress?.(reply.progress);
      return;
    }
    this.running.delete(reply.id);
    this.idle.push(worker);
    if (reply.failure !== undefined) {
      pending.reject(reply.inputError ? new DriftInputError(reply.failure) : new Error(reply.failure));
    } else pending.resolve(reply.result);
    this.dispatch();
  }

  private failAll(error: Error): void {
    for (const pending of this.running.values()) pending.reject(error);
    for (const { pending } of this.queue) pending.reject(error);
    this.running.clear();
    this.queue.length = 0;
  }
}

export interface PoolOptions {
  pool?: DriftWorkerPool | undefined;
  signal?: AbortSignal | undefined;
  onColumnDone?: ((done: number, total: number) => void) | undefined;
  quality?: boolean | undefined;
}

/** Rejects with the abort reason as soon as `signal` fires; the abandoned work's own outcome is then ignored. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  promise.catch(() => undefined);
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason ?? new Error('cancelled'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export async function runColumns(inputs: ColumnDriftInput[], options: PoolOptions = {}): Promise<Outcome[]> {
  let done = 0;
  const finished = () => {
    done++;
    options.onColumnDone?.(done, inputs.length);
  };
  const { pool } = options;
  if (!pool || inputs.length <= 1) {
    const results: Outcome[] = [];
    for (const input of inputs) {
      options.signal?.throwIfAborted();
      results.push(runPlannedColumn(input, options.quality));
      finished();
    }
    return results;
  }
  const all = Promise.all(
    inputs.map(async (input) => {
      const transfer = [...columnBuffers(input.reference), ...columnBuffers(input.current)];
      const result = (await pool.run({ task: 'column', input, quality: options.quality }, transfer)) as Outcome;
      finished();
      return result;
    }),
  );
  return abortable(all, options.signal);
}

/** Reads a table in a pool worker (so two files read in parallel), or here without a pool. */
/** With `duplicates`, the table also carries its duplicated rows and columns, counted in the reading thread. */
export async function readTableWith(
  pool: DriftWorkerPool | undefined,
  path: string,
  options: ReadOptions & { duplicates?: boolean | undefined },
): Promise<ColumnTable & { duplicates?: Duplicates | undefined }> {
  if (!pool) {
    const table = await readTable(path, options);
    return options.duplicates ? { ...table, duplicates: findDuplicates(table) } : table;
  }
  options.signal?.throwIfAborted();
  const work: WorkerTask = { task: 'read', path, keep: options.keep ? [...options.keep] : undefined, duplicates: options.duplicates };
  const reply = (await abortable(pool.run(work, [], options.onProgress), options.signal)) as {
    rows: number;
    columns: [string, RawColumn][];
    duplicates?: Duplicates;
  };
  return { rows: reply.rows, columns: new Map(reply.columns), duplicates: reply.duplicates };
}
