// Worker-thread entry: computes one column's drift per message. The typed arrays arrive transferred, not copied.
import { parentPort } from 'node:worker_threads';
import type { ColumnDriftInput } from './columnDrift';
import { runPlannedColumn } from './datasetDrift';

export interface WorkerRequest {
  id: number;
  input: ColumnDriftInput;
}

parentPort?.on('message', (request: WorkerRequest) => {
  try {
    parentPort!.postMessage({ id: request.id, result: runPlannedColumn(request.input) });
  } catch (error) {
    parentPort!.postMessage({ id: request.id, failure: error instanceof Error ? error.message : String(error) });
  }
});
