// Worker-thread entry for reading a part of a large `.wandb` (segments.ts). The reading thread waits for the reply
// without returning to its event loop: the reply goes on the port it holds, and a flag in shared memory wakes it.
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { readSegment, type SegmentRequest, type SegmentResult, segmentBuffers } from './segments';

export interface SegmentJob {
  request: SegmentRequest;
  /** An Int32Array's memory: set to 1 once the reply is on the port. */
  done: SharedArrayBuffer;
}

export type SegmentReply = { result: SegmentResult } | { failure: string };

const replies = (workerData as { port: MessagePort }).port;

parentPort!.on('message', (job: SegmentJob) => {
  let reply: SegmentReply;
  let transfer: ArrayBuffer[] = [];
  try {
    const result = readSegment(job.request);
    reply = { result };
    transfer = segmentBuffers(result);
  } catch (error) {
    reply = { failure: (error as Error).message };
  }
  replies.postMessage(reply, transfer);
  const done = new Int32Array(job.done);
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
});
