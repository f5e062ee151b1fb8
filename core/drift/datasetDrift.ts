// The dataset-level answer of Evidently's DataDriftPreset: every column tested, the share of drifted columns
// against drift_share (0.5 by default), columns ordered by drift score descending as Evidently's table shows them.
// A column that cannot be tested (present in one file only, empty, wrong type for its test) is reported with its
// error and left out of the counts, never aborting the rest.
import { type ColumnDriftInput, type ColumnDriftResult, ColumnDriftError, computeColumnDrift, prepareColumn } from './columnDrift';
import { computeColumnQuality } from './columnQuality';
import { inferColumnType } from './columnType';
import type { RawColumn } from './columns';
import type { ColumnType, StatTestName } from './statTestRegistry';
import type { DataQualityReport } from './tableQuality';

/** Evidently's DataDriftPreset drift_share. */
export const DEFAULT_DRIFT_SHARE = 0.5;

export interface ColumnTable {
  rows: number;
  /** Columns in file order. */
  columns: Map<string, RawColumn>;
}

export interface ColumnOverride {
  stattest?: StatTestName | undefined;
  threshold?: number | undefined;
}

/** Evidently's ColumnMapping subset that matters for drift, plus per-column test overrides. */
export interface DriftOptions {
  target?: string | undefined;
  prediction?: string | undefined;
  numerical?: string[] | undefined;
  categorical?: string[] | undefined;
  ignored?: string[] | undefined;
  driftShare?: number | undefined;
  /** Applies to every column without its own override. */
  stattest?: StatTestName | undefined;
  threshold?: number | undefined;
  columns?: Record<string, ColumnOverride> | undefined;
}

export interface ColumnError {
  column_name: string;
  error: string;
}

export interface DriftReport {
  dataset_drift: boolean;
  drift_share: number;
  share_of_drifted_columns: number;
  number_of_drifted_columns: number;
  number_of_columns: number;
  rows_reference: number;
  rows_current: number;
  columns: ColumnDriftResult[];
  errors: ColumnError[];
  /** Only when quality checks were asked for. */
  quality?: DataQualityReport | undefined;
}

export interface PlannedColumn {
  input?: ColumnDriftInput;
  error?: ColumnError;
}

function resolveType(name: string, ref: RawColumn, cur: RawColumn, options: DriftOptions): ColumnType {
  if (options.categorical?.includes(name)) return 'cat';
  if (options.numerical?.includes(name)) return 'num';
  return inferColumnType(name, ref, cur, { target: options.target, prediction: options.prediction });
}

/** Which columns to test and how; columns in one file only become errors here. */
export function planColumns(reference: ColumnTable, current: ColumnTable, options: DriftOptions = {}): PlannedColumn[] {
  const ignored = new Set(options.ignored ?? []);
  const names = [...new Set([...reference.columns.keys(), ...current.columns.keys()])].filter((n) => !ignored.has(n));
  const plans: PlannedColumn[] = [];
  for (const name of names) {
    const ref = reference.columns.get(name);
    const cur = current.columns.get(name);
    if (!ref || !cur) {
      const where = ref ? 'reference' : 'current';
      plans.push({ error: { column_name: name, error: `column '${name}' is only in the ${where} data; add it to both files or ignore it` } });
      continue;
    }
    const override = options.columns?.[name];
    plans.push({
      input: {
        name,
        columnType: resolveType(name, ref, cur, options),
        reference: ref,
        current: cur,
        stattest: override?.stattest ?? options.stattest,
        threshold: override?.threshold ?? options.threshold,
      },
    });
  }
  return plans;
}

/** Columns the mapping names that neither file has. */
export function mappingErrors(options: DriftOptions, present: ReadonlySet<string>): ColumnError[] {
  const listed = [...(options.numerical ?? []), ...(options.categorical ?? []), ...Object.keys(options.columns ?? {})];
  return [...new Set(listed)]
    .filter((name) => !present.has(name))
    .map((name) => ({ column_name: name, error: `column '${name}' is in the column mapping but in neither file` }));
}

/** Runs one planned column (and its quality figures), turning its failure into a per-column error. */
export function runPlannedColumn(input: ColumnDriftInput, withQuality = false): ColumnDriftResult | ColumnError {
  try {
    const prepared = prepareColumn(input);
    const result = computeColumnDrift(input, prepared);
    if (withQuality) result.quality = computeColumnQuality(input, prepared);
    return result;
  } catch (error) {
    if (error instanceof ColumnDriftError) return { column_name: input.name, error: error.message };
    throw error;
  }
}

export function isColumnError(result: ColumnDriftResult | ColumnError): result is ColumnError {
  return 'error' in result;
}

/** Aggregates column results into the dataset answer. */
export function assembleReport(
  results: (ColumnDriftResult | ColumnError)[],
  rows: { reference: number; current: number },
  driftShare = DEFAULT_DRIFT_SHARE,
): DriftReport {
  const columns = results.filter((r): r is ColumnDriftResult => !isColumnError(r));
  const errors = results.filter(isColumnError);
  columns.sort((a, b) => scoreForOrder(b) - scoreForOrder(a));
  const drifted = columns.filter((c) => c.drift_detected).length;
  const share = columns.length ? drifted / columns.length : 0;
  return {
    dataset_drift: columns.length > 0 && share >= driftShare,
    drift_share: driftShare,
    share_of_drifted_columns: share,
    number_of_drifted_columns: drifted,
    number_of_columns: columns.length,
    rows_reference: rows.reference,
    rows_current: rows.current,
    columns,
    errors,
  };
}

function scoreForOrder(column: ColumnDriftResult): number {
  return Number.isNaN(column.drift_score) ? Number.NEGATIVE_INFINITY : column.drift_score;
}

/** The whole report in this thread; see driftRunner.ts for the streamed, multi-threaded path. */
export function computeDriftReport(reference: ColumnTable, current: ColumnTable, options: DriftOptions = {}): DriftReport {
  const plans = planColumns(reference, current, options);
  const present = new Set([...reference.columns.keys(), ...current.columns.keys()]);
  const results = [...mappingErrors(options, present), ...plans.map((p) => (p.error ? p.error : runPlannedColumn(p.input!)))];
  return assembleReport(results, { reference: reference.rows, current: current.rows }, options.driftShare);
}
