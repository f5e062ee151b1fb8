// The threads that read parts of a large `.wandb` beside the thread that asked (segments.ts). They start with the
// first large read and stay for the next ones, not keeping the process alive. The asking thread reads the first part
// itself, then waits for the others synchronously (WandbRunFile's reads are synchronous); a thread that fails or
// does not answer in time has its part read by the asking thread instead, and is replaced.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { SegmentJob, SegmentReply } from './segmentWorker';
import { readSegment, type SegmentRequest, type SegmentResult } from './segments';

/**
 * How long to wait for another thread, at the least and as a multiple of the time this thread took for its own part:
 * a thread that died cannot say so to a thread waiting synchronously, so waiting must end on its own.
 */
const MIN_WAIT_MS = 10_000;
const WAIT_FACTOR = 5;
const MAX_THREADS = 3;

interface Reader {
  worker: Worker;
  replies: MessagePort;
}

/** A part sent to another thread, and how to wait for it. */
export interface PendingSegment {
  /**
   * The part's result: the other thread's, or read here when that thread failed or did not answer. `ownMs`: how long
   * this thread took for a part of the same size, which bounds the wait.
   */
  wait(ownMs: number): SegmentResult;
}

/** segmentWorker.ts under tsx, segmentWorker.js when compiled, wandbSegmentWorker.js beside a bundle. */
function workerScript(): string | undefined {
  return ['segmentWorker.js', 'segmentWorker.ts', 'wandbSegmentWorker.js'].map((f) => join(__dirname, f)).find(existsSync);
}

export class SegmentPool {
  private readonly readers: Array<Reader | undefined>;
  /** Parts the other threads read, and parts this thread read in their stead. */
  readonly counts = { answered: 0, readHere: 0 };

  private constructor(
    private readonly script: string,
    threads: number,
  ) {
    this.readers = new Array(threads).fill(undefined);
  }

  /** How many other threads read parts: one fewer than the machine's cores, at most MAX_THREADS, none on one core. */
  static threads(): number {
    return Math.max(0, Math.min(MAX_THREADS, availableParallelism() - 1));
  }

  /** The process's pool, or undefined when parts are not read in parallel (one core, or no worker script beside this module). */
  static shared(): SegmentPool | undefined {
    if (sharedPool === undefined) {
      const script = workerScript();
      sharedPool = script && SegmentPool.threads() > 0 ? new SegmentPool(script, SegmentPool.threads()) : null;
    }
    return sharedPool ?? undefined;
  }

  get size(): number {
    return this.readers.length;
  }

  /** Sends a part to reader `index` (0 ≤ index < size). */
  send(index: number, request: SegmentRequest): PendingSegment {
    const done = new SharedArrayBuffer(4);
    let reader: Reader;
    try {
      reader = this.reader(index);
      const job: SegmentJob = { request, done };
      reader.worker.postMessage(job);
    } catch {
      return { wait: () => this.readHere(request) };
    }
    return { wait: (ownMs) => this.reply(index, reader, done, Math.max(MIN_WAIT_MS, WAIT_FACTOR * ownMs)) ?? this.readHere(request) };
  }

  private reply(index: number, reader: Reader, done: SharedArrayBuffer, timeoutMs: number): SegmentResult | undefined {
    const answered = Atomics.wait(new Int32Array(done), 0, 0, timeoutMs) !== 'timed-out';
    const reply = answered ? (receiveMessageOnPort(reader.replies)?.message as SegmentReply | undefined) : undefined;
    if (reply && 'result' in reply) {
      this.counts.answered++;
      return reply.result;
    }
    // No answer, or a failure this thread will meet again when it reads the part (and report as its own).
    this.replace(index);
    return undefined;
  }

  private readHere(request: SegmentRequest): SegmentResult {
    this.counts.readHere++;
    return readSegment(request);
  }

  private reader(index: number): Reader {
    let reader = this.readers[index];
    if (!reader) {
      reader = startReader(this.script);
      this.readers[index] = reader;
    }
    return reader;
  }

  private replace(index: number): void {
    const reader = this.readers[index];
    this.readers[index] = undefined;
    if (reader) void reader.worker.terminate();
  }
}

let sharedPool: SegmentPool | null | undefined;

function startReader(script: string): Reader {
  const { port1, port2 } = new MessageChannel();
  const options = { workerData: { port: port2 }, transferList: [port2] };
  // A .ts worker (tests, benchmarks under tsx) registers tsx itself: Node 20 workers do not inherit loader hooks.
  const worker = script.endsWith('.ts')
    ? new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(script)});`, { ...options, eval: true })
    : new Worker(script, options);
  // A thread that fails to start or dies is found out by its silence (the reader waits synchronously, and this
  // event comes later on the event loop): it must not take the process down with it.
  worker.on('error', () => undefined);
  worker.unref();
  port1.unref();
  return { worker, replies: port1 };
}
