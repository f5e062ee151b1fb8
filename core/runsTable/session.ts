// One open runs table over one store's experiments. A query runs as one search in the store (tableQuery.ts splits
// it), giving the order of every matching run; whole runs are read only for the rows on screen (window), so a table
// of 100k runs holds 100k ids, not 100k runs. Folding, grouping and "only differences" are decided here.
import { downsampleMinMax, metricSeries } from '../tracking/downsample';
import { type MetricSummary, type RunColumnReads, type RunHeader, runColumnsOf } from '../tracking/runColumns';
import type { Run, TrackingStore, ViewType } from '../tracking/store';
import { type CellValue, cellValue, type RowRun, rowRun } from './cells';
import { type ColumnSpec, columnSource, columnsFor, findColumn } from './columns';
import { type DisplayRow, groupedRows, nestedRows } from './displayRows';
import { compareWith, EMPTY_QUERY, type MetricMode, metricModeOf, planQuery, type QueryPlan, type TableQuery } from './tableQuery';

export interface TableState {
  columns: ColumnSpec[];
  /** Rows in display order: runs, and group rows when grouped. */
  rowCount: number;
  runCount: number;
  /** False while only the first page of the search is known (the rest is on its way). */
  complete: boolean;
  /** Param columns "only show differences" hides: the same value (or none) in every shown run. */
  sameParams: string[];
}

export interface TableRow {
  row: DisplayRow;
  /** For run rows. */
  run?: RowRun;
  cells?: Record<string, CellValue>;
}

/** Runs kept between windows; a table scrolled through 100k runs keeps the last ones seen, not all. */
const RUN_CACHE_LIMIT = 5000;

export class RunsTableSession {
  private readonly reads: RunColumnReads;
  private columns: ColumnSpec[] = [];
  private query: TableQuery = EMPTY_QUERY;
  private headers: RunHeader[] = [];
  private rows: DisplayRow[] = [];
  private complete = false;
  private sameParams: string[] = [];
  private groupValues: Map<string, string> | undefined;
  private sortValues: Map<string, number> | undefined;
  private readonly folded = new Set<string>();
  private readonly runCache = new Map<string, Run>();
  private generation = 0;

  constructor(
    private readonly store: TrackingStore,
    readonly experimentIds: readonly string[],
    private readonly viewType?: ViewType,
  ) {
    this.reads = runColumnsOf(store);
  }

  get currentQuery(): TableQuery {
    return this.query;
  }

  state(): TableState {
    return {
      columns: this.columns,
      rowCount: this.rows.length,
      runCount: this.headers.length,
      complete: this.complete,
      sameParams: this.sameParams,
    };
  }

  /**
   * The first `limit` runs when the store does the whole query (no grouping, core sort or core filter): a first
   * screen without reading the order of every run. undefined when the query needs all runs first, or was superseded.
   */
  async preview(query: TableQuery, limit: number): Promise<TableState | undefined> {
    const generation = ++this.generation;
    await this.ensureColumns();
    const plan = planQuery(query, this.columns);
    if (plan.corePredicates.length > 0 || plan.coreSort || query.groupBy !== undefined || query.onlyRunIds) return undefined;
    const headers = await this.reads.headers(this.selection(plan), limit);
    if (generation !== this.generation) return undefined;
    this.query = query;
    this.headers = headers;
    this.groupValues = undefined;
    this.sortValues = undefined;
    this.sameParams = [];
    this.complete = false;
    this.rows = nestedRows(headers, this.folded);
    return this.state();
  }

  /** Runs the query over every matching run; undefined when a newer query started meanwhile. */
  async apply(query: TableQuery): Promise<TableState | undefined> {
    const generation = ++this.generation;
    await this.ensureColumns();
    const plan = planQuery(query, this.columns);
    let headers = await this.reads.headers(this.selection(plan));
    if (query.onlyRunIds) {
      const wanted = new Set(query.onlyRunIds);
      headers = headers.filter((h) => wanted.has(h.runId));
    }
    headers = await this.applyCore(plan, query, headers);
    const ids = headers.map((h) => h.runId);
    const sortColumn = query.sort ? findColumn(this.columns, query.sort.column) : undefined;
    const groupColumn = query.groupBy === undefined ? undefined : findColumn(this.columns, `params.${query.groupBy}`);
    const groupValues = groupColumn ? ((await this.columnValues(groupColumn, ids, query)) as Map<string, string>) : undefined;
    const sortValues = groupColumn && sortColumn?.group === 'metrics' ? numbers(await this.columnValues(sortColumn, ids, query)) : undefined;
    const sameParams = query.onlyDifferences ? await this.unvaryingParams(ids) : [];
    if (generation !== this.generation) return undefined;
    this.query = query;
    this.headers = headers;
    this.groupValues = groupValues;
    this.sortValues = sortValues;
    this.sameParams = sameParams;
    this.complete = true;
    this.layout();
    return this.state();
  }

  /** Re-reads the store (it changed) and re-runs the current query; scroll positions are the caller's to keep. */
  async refresh(): Promise<TableState | undefined> {
    this.runCache.clear();
    this.columns = [];
    return this.apply(this.query);
  }

  /** Folds or unfolds a parent run (by run id) or a group (by its key). */
  toggleFold(key: string): TableState {
    if (!this.folded.delete(key)) this.folded.add(key);
    this.layout();
    return this.state();
  }

  /** The rows [offset, offset + count) with their runs' cells. */
  async window(offset: number, count: number): Promise<TableRow[]> {
    const rows = this.rows.slice(Math.max(0, offset), Math.max(0, offset + count));
    const runIds = rows.flatMap((row) => (row.kind === 'run' ? [row.runId] : []));
    const runs = await this.loadRuns(runIds);
    const summaries = await this.windowSummaries(runIds);
    return rows.map((row) => {
      if (row.kind !== 'run') return { row };
      const run = runs.get(row.runId);
      if (!run) return { row };
      const cells: Record<string, CellValue> = {};
      for (const column of this.columns) {
        const mode = metricModeOf(this.query, column);
        cells[column.id] = cellValue(run, column, mode, summaries.get(summaryKey(column.key, mode))?.get(run.info.runId));
      }
      return { row, run: rowRun(run), cells };
    });
  }

  /** Every shown run's id, in display order (folded children included). */
  shownRunIds(): string[] {
    return this.headers.map((h) => h.runId);
  }

  /** One column's values, as the table shows them under the current query, for the given runs. */
  values(columnId: string, runIds: readonly string[]): Promise<Map<string, string | number>> {
    const column = findColumn(this.columns, columnId);
    return column ? this.columnValues(column, runIds, this.query) : Promise.resolve(new Map());
  }

  /** A metric's history, reduced to about `points` points, for a sparkline. */
  async sparkline(runId: string, key: string, points: number): Promise<{ x: number[]; y: number[] }> {
    const series = downsampleMinMax(metricSeries(await this.store.getMetricHistory(runId, key)), Math.max(1, Math.floor(points / 4)));
    return { x: Array.from(series.x), y: Array.from(series.y) };
  }

  /** Whole runs of the given ids (for export and the plot), read through the same cache as windows. */
  async runs(runIds: readonly string[]): Promise<Map<string, Run>> {
    return this.loadRuns(runIds);
  }

  private async ensureColumns(): Promise<void> {
    if (this.columns.length > 0) return;
    this.columns = columnsFor(await this.reads.keys(this.experimentIds, this.viewType));
  }

  private selection(plan: QueryPlan) {
    return {
      experimentIds: [...this.experimentIds],
      ...(plan.storeFilter ? { filter: plan.storeFilter } : {}),
      ...(plan.storeOrder.length > 0 ? { orderBy: plan.storeOrder } : {}),
      ...(this.viewType ? { viewType: this.viewType } : {}),
    };
  }

  /** The filters and the sort the store could not do, over its answer. */
  private async applyCore(plan: QueryPlan, query: TableQuery, headers: RunHeader[]): Promise<RunHeader[]> {
    let kept = headers;
    for (const predicate of plan.corePredicates) {
      const values = numbers(await this.columnValues(predicate.column, kept.map((h) => h.runId), query));
      kept = kept.filter((h) => {
        const value = values.get(h.runId);
        return value !== undefined && compareWith(predicate.comparator, value, predicate.operand);
      });
    }
    if (!plan.coreSort) return kept;
    const { column, descending } = plan.coreSort;
    const values = numbers(await this.columnValues(column, kept.map((h) => h.runId), query));
    // MLflow's order whatever the direction: numbers, then NaN, then runs without a value; ties keep the store's order.
    const rank = (v: number | undefined) => (v === undefined ? 2 : Number.isNaN(v) ? 1 : 0);
    return kept
      .map((header, index) => ({ header, index, value: values.get(header.runId) }))
      .sort((a, b) => {
        const ra = rank(a.value);
        const rb = rank(b.value);
        if (ra !== rb || ra !== 0) return ra - rb || a.index - b.index;
        const order = a.value! - b.value!;
        return (descending ? -order : order) || a.index - b.index;
      })
      .map((entry) => entry.header);
  }

  private async columnValues(column: ColumnSpec, runIds: readonly string[], query: TableQuery): Promise<Map<string, string | number>> {
    const mode = metricModeOf(query, column);
    if (column.group === 'metrics' && mode.kind !== 'latest') {
      const summaries = await this.reads.metricSummaries(column.key, runIds, mode.kind === 'step' ? mode.step : undefined);
      const values = new Map<string, number>();
      for (const [id, summary] of summaries) {
        const value = mode.kind === 'min' ? summary.min : mode.kind === 'max' ? summary.max : summary.atStep;
        if (value !== undefined) values.set(id, value);
      }
      return values;
    }
    const source = columnSource(column);
    if (source) return this.reads.values(source.entity, source.key, runIds);
    const [starts, ends] = await Promise.all([
      this.reads.values('attribute', 'start_time', runIds),
      this.reads.values('attribute', 'end_time', runIds),
    ]);
    const durations = new Map<string, number>();
    for (const [id, end] of ends) {
      const start = starts.get(id);
      if (start !== undefined) durations.set(id, Number(end) - Number(start));
    }
    return durations;
  }

  private async unvaryingParams(runIds: readonly string[]): Promise<string[]> {
    if (runIds.length === 0) return [];
    const same: string[] = [];
    for (const column of this.columns) {
      if (column.group !== 'params') continue;
      const values = await this.reads.values('param', column.key, runIds);
      const distinct = new Set(values.values());
      if (values.size === 0 || (values.size === runIds.length && distinct.size === 1)) same.push(column.key);
    }
    return same;
  }

  private layout(): void {
    this.rows = this.groupValues
      ? groupedRows(this.headers, this.groupValues, this.sortValues, this.folded)
      : nestedRows(this.headers, this.folded);
  }

  private async loadRuns(runIds: readonly string[]): Promise<Map<string, Run>> {
    const missing = runIds.filter((id) => !this.runCache.has(id));
    if (missing.length > 0) {
      if (this.runCache.size + missing.length > RUN_CACHE_LIMIT) this.runCache.clear();
      for (const run of await this.reads.runs(missing)) this.runCache.set(run.info.runId, run);
    }
    const runs = new Map<string, Run>();
    for (const id of runIds) {
      const run = this.runCache.get(id);
      if (run) runs.set(id, run);
    }
    return runs;
  }

  /** Summaries for the metric columns shown as min, max or at a step, for the runs of one window. */
  private async windowSummaries(runIds: readonly string[]): Promise<Map<string, Map<string, MetricSummary>>> {
    const summaries = new Map<string, Map<string, MetricSummary>>();
    for (const [key, mode] of Object.entries(this.query.metricModes)) {
      if (mode.kind === 'latest' || runIds.length === 0) continue;
      summaries.set(summaryKey(key, mode), await this.reads.metricSummaries(key, runIds, mode.kind === 'step' ? mode.step : undefined));
    }
    return summaries;
  }
}

function summaryKey(key: string, mode: MetricMode): string {
  return `${key}\0${mode.kind === 'step' ? mode.step : mode.kind}`;
}

function numbers(values: Map<string, string | number>): Map<string, number> {
  const result = new Map<string, number>();
  for (const [id, value] of values) {
    const number = typeof value === 'number' ? value : Number(value);
    if (typeof value === 'number' || (value.trim() !== '' && !Number.isNaN(number))) result.set(id, number);
  }
  return result;
}
