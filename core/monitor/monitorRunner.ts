// `mlops monitor`: one drift (and quality) result per batch against one reference that is read, and whose numeric
// columns are sorted, once. The reference's arrays live in shared memory so every column task on a worker reads them
// without a copy; each batch's own arrays are transferred as in a single drift run.
import type { ColumnDriftResult } from '../drift/columnDrift';
import { DriftWorkerPool, readTableWith, runColumns } from '../drift/columnPool';
import { presentSorted, type RawColumn } from '../drift/columns';
import { assembleReport, type ColumnError, type ColumnTable, type DriftReport, mappingErrors, planColumns } from '../drift/datasetDrift';
import type { RunDriftOptions } from '../drift/driftRunner';
import { checkInputFile } from '../drift/inputFile';
import { assembleQuality, type Duplicates } from '../drift/tableQuality';

export interface BatchResult {
  path: string;
  report: DriftReport;
}

function shared<T extends Float64Array | Int32Array>(array: T): T {
  const Ctor = array.constructor as { new (buffer: SharedArrayBuffer): T };
  const copy = new Ctor(new SharedArrayBuffer(array.byteLength));
  copy.set(array as never);
  return copy;
}

function sharedColumn(column: RawColumn): RawColumn {
  return column.kind === 'numeric'
    ? { ...column, values: shared(column.values) }
    : { ...column, codes: shared(column.codes) };
}

export async function runMonitor(
  referencePath: string,
  batchPaths: string[],
  options: RunDriftOptions = {},
  onBatch?: (result: BatchResult, index: number) => void,
): Promise<BatchResult[]> {
  checkInputFile(referencePath);
  for (const path of batchPaths) checkInputFile(path);
  const pool = DriftWorkerPool.create(options.threads);
  const results: BatchResult[] = [];
  try {
    const read = (path: string) => readTableWith(pool, path, { signal: options.signal, duplicates: options.quality });
    const raw = await read(referencePath);
    const referenceDuplicates: Duplicates | undefined = raw.duplicates;
    const reference: ColumnTable = { rows: raw.rows, columns: new Map([...raw.columns].map(([n, c]) => [n, sharedColumn(c)])) };
    const sorted = new Map<string, Float64Array>();
    for (const [name, column] of reference.columns) {
      if (column.kind === 'numeric') sorted.set(name, shared(presentSorted(column.values)));
    }
    // The next batch is read while this one's columns are tested.
    let next = batchPaths.length ? read(batchPaths[0]!) : undefined;
    for (const [index, path] of batchPaths.entries()) {
      const current = await next!;
      next = index + 1 < batchPaths.length ? read(batchPaths[index + 1]!) : undefined;
      next?.catch(() => undefined);
      const duplicates = options.quality ? { reference: referenceDuplicates, current: current.duplicates } : {};
      const plans = planColumns(reference, current, options);
      const outcomes: (ColumnDriftResult | ColumnError)[] = [
        ...mappingErrors(options, new Set([...reference.columns.keys(), ...current.columns.keys()])),
        ...plans.flatMap((p) => (p.error ? [p.error] : [])),
      ];
      const inputs = plans.flatMap((p) => (p.input ? [{ ...p.input, referenceSorted: sorted.get(p.input.name) }] : []));
      outcomes.push(...(await runColumns(inputs, { pool, signal: options.signal, quality: options.quality })));
      const rows = { reference: reference.rows, current: current.rows };
      const report = assembleReport(outcomes, rows, options.driftShare);
      if (options.quality) report.quality = assembleQuality(report.columns, rows, duplicates);
      const result = { path, report };
      results.push(result);
      onBatch?.(result, index);
    }
  } finally {
    await pool?.close();
  }
  return results;
}
