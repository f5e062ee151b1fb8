// The whole job from two files: read (streamed), plan, compute columns on worker threads, assemble. Wide or long
// inputs are read in column groups so that at most `memoryBudgetBytes` of column data is held at once; each group
// re-reads the files (CSV) or reads only its columns (Parquet).
import { statSync } from 'node:fs';
import type { ColumnDriftResult } from './columnDrift';
import { DriftWorkerPool, readTableWith, runColumns } from './columnPool';
import { assembleReport, type ColumnError, type DriftOptions, type DriftReport, mappingErrors, planColumns } from './datasetDrift';
import { checkInputFile } from './inputFile';
import { assembleQuality, type Duplicates } from './tableQuality';
import { estimateRows, readColumnNames, tableFormat } from './tableReaders';

export interface DriftProgress {
  phase: 'reading reference' | 'reading current' | 'testing columns';
  /** 0..1 within the phase. */
  fraction: number;
  /** Column group being processed, 1-based, and how many there are. */
  group: number;
  groups: number;
}

export interface RunDriftOptions extends DriftOptions {
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: DriftProgress) => void) | undefined;
  threads?: number | undefined;
  /** Budget for column data held in memory (both files together). Default 2 GiB. */
  memoryBudgetBytes?: number | undefined;
  /** Also compute the data-quality figures (report.quality). */
  quality?: boolean | undefined;
}

const DEFAULT_BUDGET = 2 * 1024 ** 3;

/** Bytes of typed-array data a file turns into: 8 per cell (Parquet: its size × 8, a generous bound). */
function estimateColumnBytes(path: string, columns: number): number {
  if (tableFormat(path) === 'parquet') return statSync(path).size * 8;
  return estimateRows(path) * columns * 8;
}

function groupsOf<T>(items: T[], groups: number): T[][] {
  const size = Math.ceil(items.length / groups);
  return Array.from({ length: groups }, (_, g) => items.slice(g * size, (g + 1) * size)).filter((g) => g.length);
}

export async function runDrift(referencePath: string, currentPath: string, options: RunDriftOptions = {}): Promise<DriftReport> {
  checkInputFile(referencePath);
  checkInputFile(currentPath);
  const [refNames, curNames] = await Promise.all([readColumnNames(referencePath), readColumnNames(currentPath)]);
  const ignored = new Set(options.ignored ?? []);
  const names = [...new Set([...refNames, ...curNames])].filter((n) => !ignored.has(n));
  const estimate =
    estimateColumnBytes(referencePath, refNames.length) + estimateColumnBytes(currentPath, curNames.length);
  const groupCount = Math.max(1, Math.min(names.length, Math.ceil(estimate / (options.memoryBudgetBytes ?? DEFAULT_BUDGET))));
  const groups = groupsOf(names, groupCount);
  const results: (ColumnDriftResult | ColumnError)[] = mappingErrors(options, new Set([...refNames, ...curNames]));
  let rows = { reference: 0, current: 0 };
  let duplicates: { reference?: Duplicates | undefined; current?: Duplicates | undefined } = {};
  const pool = DriftWorkerPool.create(options.threads);
  try {
    for (const [g, group] of groups.entries()) {
      const keep = new Set(group);
      const progress = (phase: DriftProgress['phase']) => (fraction: number) =>
        options.onProgress?.({ phase, fraction, group: g + 1, groups: groups.length });
      // Duplicated rows need every column at once, which only a single group holds.
      const withDuplicates = options.quality && groups.length === 1;
      const [reference, current] = await Promise.all([
        readTableWith(pool, referencePath, { keep, signal: options.signal, onProgress: progress('reading reference'), duplicates: withDuplicates }),
        readTableWith(pool, currentPath, { keep, signal: options.signal, onProgress: progress('reading current'), duplicates: withDuplicates }),
      ]);
      rows = { reference: reference.rows, current: current.rows };
      if (withDuplicates) duplicates = { reference: reference.duplicates, current: current.duplicates };
      const plans = planColumns(reference, current, options);
      const inputs = plans.flatMap((p) => (p.input ? [p.input] : []));
      results.push(...plans.flatMap((p) => (p.error ? [p.error] : [])));
      reference.columns.clear();
      current.columns.clear();
      const onDone = progress('testing columns');
      const outcomes = await runColumns(inputs, {
        pool,
        signal: options.signal,
        onColumnDone: (done, total) => onDone(done / total),
        quality: options.quality,
      });
      results.push(...outcomes);
    }
  } finally {
    await pool?.close();
  }
  const report = assembleReport(results, rows, options.driftShare);
  if (options.quality) report.quality = assembleQuality(report.columns, rows, duplicates);
  return report;
}
