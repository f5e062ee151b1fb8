// The threads that read parts of a large `.wandb` beside the thread that asked (segments.ts). They start with the
// first large read and stay for the next ones, not keeping the process alive. The asking thread reads the first part
// itself, then takes parts from the same shared counter as the others until none is left, so that a thread that
// starts late or runs slow leaves more parts to the rest. WandbRunFile's reads are synchronous: the asking thread
// waits for the others without returning to its event loop. A part whose thread failed or did not answer in time is
// read by the asking thread instead, and that thread is replaced.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { ReuseBuffer } from './fileBytes';
import type { SegmentJob, SegmentReply } from './segmentWorker';
import { readSegment, type SegmentRequest, type SegmentResult } from './segments';

/**
 * How long to wait for another thread, at the least and as a multiple of the time this thread took for its own
 * parts: a thread that died cannot say so to a thread waiting synchronously, so waiting must end on its own.
 */
const MIN_WAIT_MS = 10_000;
const WAIT_FACTOR = 5;
const MAX_THREADS = 3;

interface Reader {
  worker: Worker;
  replies: MessagePort;
  /** Settles when the thread has loaded its script (or failed to). */
  started: Promise<void>;
}

/** segmentWorker.ts under tsx, segmentWorker.js when compiled, wandbSegmentWorker.js beside a bundle. */
function workerScript(): string | undefined {
  return ['segmentWorker.js', 'segmentWorker.ts', 'wandbSegmentWorker.js'].map((f) => join(__dirname, f)).find(existsSync);
}

export class SegmentPool {
  private readonly readers: Array<Reader | undefined>;
  private jobs = 0;
  /** Parts the other threads read, and parts this thread read (after the first). */
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

  /**
   * Starts the threads ahead of a large read (a listing that meets a large run file calls it), so that the read does
   * not wait for them to load; settles once they have.
   */
  async warm(): Promise<void> {
    await Promise.all(this.readers.map((_, slot) => this.reader(slot).started));
  }

  /**
   * Reads every part of a file: the first with `readFirst` in this thread, the others shared between this thread and
   * the pool's. Returns the results of parts 1, 2, … in file order.
   */
  read(requests: SegmentRequest[], readFirst: (buffer: ReuseBuffer) => void): SegmentResult[] {
    const job = ++this.jobs;
    // Part 0 is this thread's: the counter starts at 1.
    const next = new Int32Array(new SharedArrayBuffer(4)).fill(1);
    const busy = new Int32Array(new SharedArrayBuffer(4 * this.readers.length));
    const sent = this.readers.map((_, slot) => this.send(slot, { job, requests, next: next.buffer as SharedArrayBuffer, busy: busy.buffer as SharedArrayBuffer, slot }));
    const started = performance.now();
    const buffer = new ReuseBuffer();
    readFirst(buffer);
    const results = new Map<number, SegmentResult>();
    for (let index = Atomics.add(next, 0, 1); index < requests.length; index = Atomics.add(next, 0, 1)) results.set(index, this.readHere(requests[index]!, buffer));
    this.collect(job, busy, sent, Math.max(MIN_WAIT_MS, WAIT_FACTOR * (performance.now() - started)), results);
    return requests.slice(1).map((request, i) => results.get(i + 1) ?? this.readHere(request));
  }

  /** Sends the job to reader `slot`; false when that thread cannot be started or reached. */
  private send(slot: number, job: SegmentJob): boolean {
    try {
      this.reader(slot).worker.postMessage(job);
      return true;
    } catch {
      this.replace(slot);
      return false;
    }
  }

  /** Waits for the threads still in a part, then takes every result they sent. */
  private collect(job: number, busy: Int32Array, sent: boolean[], timeoutMs: number, results: Map<number, SegmentResult>): void {
    const deadline = performance.now() + timeoutMs;
    for (const [slot, reader] of this.readers.entries()) {
      if (!reader || !sent[slot]) continue;
      while (Atomics.load(busy, slot) === 1 && performance.now() < deadline) Atomics.wait(busy, slot, 1, deadline - performance.now());
      for (let message = receiveMessageOnPort(reader.replies); message; message = receiveMessageOnPort(reader.replies)) {
        const reply = message.message as SegmentReply;
        // A failed part is read again here, which meets the same failure and reports it as this thread's own.
        if (reply.job !== job || !reply.result) continue;
        results.set(reply.index, reply.result);
        this.counts.answered++;
      }
      if (Atomics.load(busy, slot) === 1) this.replace(slot);
    }
  }

  private readHere(request: SegmentRequest, buffer?: ReuseBuffer): SegmentResult {
    this.counts.readHere++;
    return readSegment(request, buffer);
  }

  private reader(slot: number): Reader {
    let reader = this.readers[slot];
    if (!reader) {
      reader = startReader(this.script);
      this.readers[slot] = reader;
    }
    return reader;
  }

  private replace(slot: number): void {
    const reader = this.readers[slot];
    this.readers[slot] = undefined;
    if (reader) void reader.worker.terminate();
  }
}

let sharedPool: SegmentPool | null | undefined;

function startReader(script: string): Reader {
  const { port1, port2 } = new MessageChannel();
  // No flags of the host process (the VS Code extension host's may not all be valid for a worker).
  const options = { workerData: { port: port2 }, transferList: [port2], execArgv: [] };
  // A .ts worker (tests, benchmarks under tsx) registers tsx itself: Node 20 workers do not inherit loader hooks.
  const worker = script.endsWith('.ts')
    ? new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(script)});`, { ...options, eval: true })
    : new Worker(script, options);
  // A thread that fails to start or dies is found out by its silence (the reader waits synchronously, and this
  // event comes later on the event loop): it must not take the process down with it.
  worker.on('error', () => undefined);
  // Kept from ending the process only until it has started, so that warm() settles.
  const started = new Promise<void>((resolve) => {
    worker.once('message', () => resolve());
    worker.once('exit', () => resolve());
  }).then(() => worker.unref());
  port1.unref();
  return { worker, replies: port1, started };
}
