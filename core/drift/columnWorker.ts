// Worker-thread entry for the drift pool: reads a file into typed columns, or computes one column's drift. Typed
// arrays travel transferred, never copied.
import { parentPort } from 'node:worker_threads';
import type { ColumnDriftInput } from './columnDrift';
import type { RawColumn } from './columns';
import { runPlannedColumn } from './datasetDrift';
import { findDuplicates } from './tableQuality';
import { readTable } from './tableReaders';

export type WorkerTask =
  | { task: 'column'; input: ColumnDriftInput; quality?: boolean | undefined }
  | { task: 'read'; path: string; keep?: string[] | undefined; duplicates?: boolean | undefined };

export interface WorkerRequest {
  id: number;
  work: WorkerTask;
}

/** The buffers to transfer with a column: none when it lives in shared memory (a reference kept for many batches). */
export function columnBuffers(column: RawColumn): ArrayBuffer[] {
  const buffer = column.kind === 'numeric' ? column.values.buffer : column.codes.buffer;
  return buffer instanceof ArrayBuffer ? [buffer] : [];
}

async function handle(request: WorkerRequest): Promise<void> {
  const port = parentPort!;
  const { id, work } = request;
  try {
    if (work.task === 'column') {
      port.postMessage({ id, result: runPlannedColumn(work.input, work.quality) });
      return;
    }
    const table = await readTable(work.path, {
      keep: work.keep ? new Set(work.keep) : undefined,
      onProgress: (fraction) => port.postMessage({ id, progress: fraction }),
    });
    // Duplicates need every column of the file, which only this thread holds before the columns are sent.
    const duplicates = work.duplicates ? findDuplicates(table) : undefined;
    const columns = [...table.columns.entries()];
    port.postMessage({ id, result: { rows: table.rows, columns, duplicates } }, columns.flatMap(([, c]) => columnBuffers(c)));
  } catch (error) {
    port.postMessage({
      id,
      failure: error instanceof Error ? error.message : String(error),
      inputError: error instanceof Error && error.name === 'DriftInputError',
    });
  }
}

parentPort?.on('message', (request: WorkerRequest) => {
  void handle(request);
});
