// Runs column computations on worker threads, one column per message, the arrays transferred so nothing is copied.
// Falls back to this thread when the worker script is not beside this module (a bundle without it) or when only
// one column or one core is there to use.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ColumnDriftInput, ColumnDriftResult } from './columnDrift';
import type { RawColumn } from './columns';
import { type ColumnError, runPlannedColumn } from './datasetDrift';

type Outcome = ColumnDriftResult | ColumnError;

/** columnWorker.ts under tsx, columnWorker.js when compiled, driftColumnWorker.js beside a bundle. */
function workerScript(): string | undefined {
  return ['columnWorker.js', 'columnWorker.ts', 'driftColumnWorker.js'].map((f) => join(__dirname, f)).find(existsSync);
}

function transferables(column: RawColumn): ArrayBuffer[] {
  return [(column.kind === 'numeric' ? column.values.buffer : column.codes.buffer) as ArrayBuffer];
}

/** A .ts worker (tests, benchmarks under tsx) registers tsx itself: Node 20 workers do not inherit loader hooks. */
function startWorker(script: string): Worker {
  if (!script.endsWith('.ts')) return new Worker(script);
  const source = `require('tsx/cjs/api').register(); require(${JSON.stringify(script)});`;
  return new Worker(source, { eval: true });
}

export interface PoolOptions {
  threads?: number | undefined;
  signal?: AbortSignal | undefined;
  onColumnDone?: ((done: number, total: number) => void) | undefined;
}

export async function runColumns(inputs: ColumnDriftInput[], options: PoolOptions = {}): Promise<Outcome[]> {
  const threads = Math.min(options.threads ?? availableParallelism(), inputs.length);
  const script = workerScript();
  const results: Outcome[] = new Array(inputs.length);
  let done = 0;
  if (threads <= 1 || !script) {
    for (const [i, input] of inputs.entries()) {
      options.signal?.throwIfAborted();
      results[i] = runPlannedColumn(input);
      done++;
      options.onColumnDone?.(done, inputs.length);
    }
    return results;
  }
  const workers = Array.from({ length: threads }, () => startWorker(script));
  let next = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => reject(options.signal!.reason ?? new Error('cancelled'));
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const feed = (worker: Worker) => {
        if (next >= inputs.length) return;
        const id = next++;
        const input = inputs[id]!;
        worker.postMessage({ id, input }, [...transferables(input.reference), ...transferables(input.current)]);
      };
      for (const worker of workers) {
        worker.on('message', (message: { id: number; result?: Outcome; failure?: string }) => {
          if (message.failure !== undefined) {
            reject(new Error(`column '${inputs[message.id]!.name}': ${message.failure}`));
            return;
          }
          results[message.id] = message.result!;
          // Counted outside the optional call: its arguments are not evaluated when there is no callback.
          done++;
          options.onColumnDone?.(done, inputs.length);
          if (done === inputs.length) resolve();
          else feed(worker);
        });
        worker.on('error', reject);
        feed(worker);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
