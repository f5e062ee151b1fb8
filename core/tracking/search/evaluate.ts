// In-memory search over loaded runs, with MLflow's semantics (SearchUtils.filter, sort and paginate): a run missing
// the key never matches (not even `!=`), NaN compares unequal to everything, and ordering puts numbers first, then
// NaN, then missing values, whatever the direction. The default order is start_time DESC, run_id ASC.
import type { Experiment, Run, SearchRunsRequest } from '../store';
import { matchesViewType, SEARCH_MAX_RESULTS_DEFAULT } from '../store';
import { type FilterClause, type OrderByClause, parseAndCheckFilter, parseOrderBy, translateKeyAlias } from './filter';
import { decodePageToken, encodePageToken } from './pageToken';

type Scalar = string | number | null | undefined;

export function filterRuns(runs: Run[], filter: string | undefined): Run[] {
  const clauses = parseAndCheckFilter(filter);
  if (clauses.length === 0) return runs;
  return runs.filter((run) => clauses.every((clause) => runMatches(run, clause)));
}

export function runMatches(run: Run, clause: FilterClause): boolean {
  const compare = comparisonFunction(clause.comparator);
  const key = translateKeyAlias(clause.key);
  if (clause.type === 'dataset') {
    return (run.inputs?.datasetInputs ?? []).some((input) => {
      const lhs = key === 'context' ? input.context : key === 'name' ? input.name : input.digest;
      return lhs !== undefined && compare(lhs, clause.value);
    });
  }
  const lhs = lookup(run, clause.type, key);
  if (clause.comparator === 'IS NULL') return lhs === undefined || lhs === null;
  if (clause.comparator === 'IS NOT NULL') return lhs !== undefined && lhs !== null;
  if (lhs === undefined || lhs === null) return false;
  const numeric = clause.type === 'metric' || (clause.type === 'attribute' && typeof lhs === 'number');
  const rhs = numeric ? Number(clause.value) : clause.value;
  return compare(lhs, rhs);
}

/** A run's value for a search identifier: a param, tag, latest metric or attribute; undefined when it has none. */
export function lookup(run: Run, type: FilterClause['type'], key: string): Scalar {
  switch (type) {
    case 'metric':
      return run.data.metrics.find((m) => m.key === key)?.value;
    case 'parameter':
      return run.data.params.find((p) => p.key === key)?.value;
    case 'tag':
      return run.data.tags.find((t) => t.key === key)?.value;
    case 'attribute':
      return attributeValue(run, key);
    case 'dataset':
      return undefined;
  }
}

function attributeValue(run: Run, key: string): Scalar {
  const info = run.info;
  switch (key) {
    case 'run_id':
      return info.runId;
    case 'run_name':
      return info.runName;
    case 'user_id':
      return info.userId;
    case 'status':
      return info.status;
    case 'start_time':
      return info.startTime;
    case 'end_time':
      return info.endTime;
    case 'artifact_uri':
      return info.artifactUri;
    default:
      return undefined;
  }
}

type Compare = (lhs: string | number, rhs: FilterClause['value'] | number) => boolean;

function comparisonFunction(comparator: string): Compare {
  switch (comparator) {
    case '>':
      return (a, b) => (a as number) > (b as number);
    case '>=':
      return (a, b) => (a as number) >= (b as number);
    case '<':
      return (a, b) => (a as number) < (b as number);
    case '<=':
      return (a, b) => (a as number) <= (b as number);
    case '=':
      return (a, b) => a === b;
    case '!=':
      return (a, b) => a !== b;
    case 'LIKE':
      return (a, b) => likeToRegExp(String(b), '').test(String(a));
    case 'ILIKE':
      return (a, b) => likeToRegExp(String(b), 'i').test(String(a));
    case 'IN':
      return (a, b) => (b as string[]).includes(String(a));
    case 'NOT IN':
      return (a, b) => !(b as string[]).includes(String(a));
    default:
      return () => false;
  }
}

/** SQL LIKE: `%` any run, `_` one character, everything else literal (MLflow anchors unless the pattern has `%`). */
export function likeToRegExp(pattern: string, flags: string): RegExp {
  let source = '';
  for (const ch of pattern) {
    if (ch === '%') source += '.*';
    else if (ch === '_') source += '.';
    else source += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, `${flags}s`);
}

/** SearchUtils.sort: the natural order, then each order_by applied from last to first with a stable sort. */
export function sortRuns(runs: Run[], orderBy: string[] | undefined): Run[] {
  const clauses = (orderBy ?? []).map(parseOrderBy);
  const sorted = [...runs].sort(naturalOrder);
  for (const clause of [...clauses].reverse()) sorted.sort((a, b) => compareBy(a, b, clause));
  return sorted;
}

function naturalOrder(a: Run, b: Run): number {
  if (a.info.startTime !== b.info.startTime) return b.info.startTime - a.info.startTime;
  return a.info.runId < b.info.runId ? -1 : a.info.runId > b.info.runId ? 1 : 0;
}

/** Numbers (or strings) in the asked direction, then NaN, then missing — in both directions, as MLflow does. */
function compareBy(a: Run, b: Run, clause: OrderByClause): number {
  const key = translateKeyAlias(clause.key);
  const va = lookup(a, clause.type, key);
  const vb = lookup(b, clause.type, key);
  const ra = rank(va);
  const rb = rank(vb);
  if (ra !== rb) return ra - rb;
  if (ra !== 0) return 0;
  const order = va! < vb! ? -1 : va! > vb! ? 1 : 0;
  return clause.ascending ? order : -order;
}

function rank(value: Scalar): number {
  if (value === undefined || value === null) return 2;
  if (typeof value === 'number' && Number.isNaN(value)) return 1;
  return 0;
}

/** SearchUtils.paginate: an offset page token; the next token only when more runs follow. */
export function paginate<T>(items: T[], pageToken: string | undefined, maxResults: number): { items: T[]; nextPageToken?: string } {
  const start = decodePageToken(pageToken);
  const end = start + maxResults;
  const page = items.slice(start, end);
  return end < items.length ? { items: page, nextPageToken: encodePageToken(end) } : { items: page };
}

/** Filter, order and page runs already loaded in memory (FileStore, and the test REST server). */
export function searchLoadedRuns(runs: Run[], request: SearchRunsRequest): { items: Run[]; nextPageToken?: string } {
  const wanted = new Set(request.experimentIds);
  const candidates = runs.filter(
    (run) => wanted.has(run.info.experimentId) && matchesViewType(run.info.lifecycleStage, request.viewType),
  );
  const ordered = sortRuns(filterRuns(candidates, request.filter), request.orderBy);
  return paginate(ordered, request.pageToken, request.maxResults ?? SEARCH_MAX_RESULTS_DEFAULT);
}

/** MLflow's default experiment order: creation_time DESC, then experiment_id ASC; missing times last. */
export function compareExperiments(a: Experiment, b: Experiment): number {
  const ta = a.creationTime ?? Number.NEGATIVE_INFINITY;
  const tb = b.creationTime ?? Number.NEGATIVE_INFINITY;
  if (ta !== tb) return tb > ta ? 1 : -1;
  return a.experimentId < b.experimentId ? -1 : a.experimentId > b.experimentId ? 1 : 0;
}
