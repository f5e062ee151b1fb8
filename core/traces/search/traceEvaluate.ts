// Trace search over traces already in memory (the file store, and the test server), with the semantics the SQLite
// store's query has: a trace without the tag, metadata or value never matches (not even `!=`); span clauses hold when
// one span satisfies all of them; missing values sort last in either direction.
import type { Page } from '../../tracking/store';
import { likeToRegExp, paginate } from '../../tracking/search/evaluate';
import type { SearchTracesRequest, SpanRecord, TraceInfo } from '../trace';
import { SEARCH_TRACES_DEFAULT_MAX_RESULTS } from '../trace';
import { parseTraceFilter, parseTraceOrderBy, spanClauses, type TraceClause, type TraceOrder } from './traceFilter';

type Value = string | number | undefined;

/** A trace's value for a search key; undefined when it has none. */
export function traceValue(info: TraceInfo, entity: TraceOrder['entity'], key: string): Value {
  if (entity === 'tag') return info.tags[key];
  if (entity === 'metadata') return info.traceMetadata[key];
  switch (key) {
    case 'request_id':
      return info.traceId;
    case 'timestamp_ms':
      return info.requestTime;
    case 'execution_time_ms':
      return info.executionDuration ?? undefined;
    case 'end_time_ms':
      return info.executionDuration === null ? undefined : info.requestTime + info.executionDuration;
    case 'status':
      return info.state;
    case 'client_request_id':
      return info.clientRequestId ?? undefined;
    case 'experiment_id':
      return info.experimentId;
    default:
      return undefined;
  }
}

export function compareValue(lhs: Value, comparator: TraceClause['comparator'], rhs: TraceClause['value']): boolean {
  if (lhs === undefined) return false;
  switch (comparator) {
    case '=':
      return lhs === rhs;
    case '!=':
      return lhs !== rhs;
    case '>':
      return lhs > rhs;
    case '>=':
      return lhs >= rhs;
    case '<':
      return lhs < rhs;
    case '<=':
      return lhs <= rhs;
    case 'LIKE':
      return likeToRegExp(String(rhs), '').test(String(lhs));
    case 'ILIKE':
      return likeToRegExp(String(rhs), 'i').test(String(lhs));
    case 'IN':
      return (rhs as string[]).includes(String(lhs));
    case 'NOT IN':
      return !(rhs as string[]).includes(String(lhs));
  }
}

/**
 * Does the trace match every clause? `spansOf` is called only when a clause looks at spans; undefined spans (not
 * readable from here) match no span clause.
 */
export function traceMatches(info: TraceInfo, clauses: readonly TraceClause[], spansOf: () => SpanRecord[] | undefined): boolean {
  for (const clause of clauses) {
    if (clause.entity === 'span') continue;
    if (!compareValue(traceValue(info, clause.entity, clause.key), clause.comparator, clause.value)) return false;
  }
  const onSpans = spanClauses(clauses);
  if (onSpans.length === 0) return true;
  const spans = spansOf() ?? [];
  return spans.some((span) =>
    onSpans.every((clause) => compareValue((clause.key === 'name' ? span.name : span.spanType) ?? undefined, clause.comparator, clause.value)),
  );
}

export function compareTraces(a: TraceInfo, b: TraceInfo, orders: readonly TraceOrder[]): number {
  for (const order of orders) {
    const va = traceValue(a, order.entity, order.key);
    const vb = traceValue(b, order.entity, order.key);
    if (va === undefined || vb === undefined) {
      if (va !== vb) return va === undefined ? 1 : -1;
      continue;
    }
    const cmp = order.key === 'experiment_id' ? compareIds(String(va), String(vb)) : va < vb ? -1 : va > vb ? 1 : 0;
    if (cmp !== 0) return order.ascending ? cmp : -cmp;
  }
  return 0;
}

/** Experiment ids are integers in MLflow's SQL store, so they order as numbers where both are. */
function compareIds(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (a !== '' && b !== '' && Number.isFinite(na) && Number.isFinite(nb) && na !== nb) return na < nb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Filter, order and page traces held in memory. */
export function searchLoadedTraces(
  infos: readonly TraceInfo[],
  request: SearchTracesRequest,
  spansOf: (info: TraceInfo) => SpanRecord[] | undefined,
): Page<TraceInfo> {
  const clauses = parseTraceFilter(request.filter);
  const orders = parseTraceOrderBy(request.orderBy);
  const wanted = new Set(request.experimentIds);
  const matching = infos.filter((info) => wanted.has(info.experimentId) && traceMatches(info, clauses, () => spansOf(info)));
  matching.sort((a, b) => compareTraces(a, b, orders));
  const page = paginate(matching, request.pageToken, request.maxResults ?? SEARCH_TRACES_DEFAULT_MAX_RESULTS);
  return page.nextPageToken ? { items: page.items, nextPageToken: page.nextPageToken } : { items: page.items };
}
