// Worker-thread entry for reading parts of a large `.wandb` (segments.ts, segmentPool.ts). A job is a file's list of
// parts; this thread takes the next part no thread has taken from a counter in shared memory, reads it, sends the
// result, and takes another until none is left. The thread that asked waits without returning to its event loop:
// results arrive on the port it holds, and a flag in shared memory says whether this thread is still in a part.
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { ReuseBuffer } from './fileBytes';
import { readSegment, type SegmentRequest, type SegmentResult, segmentBuffers } from './segments';

export interface SegmentJob {
  job: number;
  requests: SegmentRequest[];
  /** Int32Array[1]: the index of the next part to take. */
  next: SharedArrayBuffer;
  /** Int32Array[threads]: 1 while the thread of `slot` may be reading a part. */
  busy: SharedArrayBuffer;
  slot: number;
}

export interface SegmentReply {
  job: number;
  index: number;
  result?: SegmentResult;
  failure?: string;
}

const replies = (workerData as { port: MessagePort }).port;
// Loaded: SegmentPool.warm() waits for this.
parentPort!.postMessage('started');

parentPort!.on('message', (job: SegmentJob) => {
  const next = new Int32Array(job.next);
  const busy = new Int32Array(job.busy);
  const buffer = new ReuseBuffer();
  for (;;) {
    // Marked busy before taking a part: the asking thread, once the counter is past the end, waits only for
    // threads marked busy, and a thread taking a part after that gets none.
    Atomics.store(busy, job.slot, 1);
    const index = Atomics.add(next, 0, 1);
    if (index < job.requests.length) replies.postMessage(...reply(job, index, buffer));
    Atomics.store(busy, job.slot, 0);
    Atomics.notify(busy, job.slot);
    if (index >= job.requests.length) return;
  }
});

function reply(job: SegmentJob, index: number, buffer: ReuseBuffer): [SegmentReply, ArrayBuffer[]] {
  try {
    const result = readSegment(job.requests[index]!, buffer);
    return [{ job: job.job, index, result }, segmentBuffers(result)];
  } catch (error) {
    return [{ job: job.job, index, failure: (error as Error).message }, []];
  }
}
