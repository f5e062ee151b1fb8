// One contract for every trace store: the same traces written as mlruns/ and as mlflow.db, and served by a test
// server speaking MLflow's v3 wire format, must answer every search, order and page alike. Expected answers are
// computed here from the written traces with predicates of their own, not with core's evaluator.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { WrittenTrace } from '../../../core/demo/traceRecords';
import { MlflowRestClient } from '../../../core/rest/client';
import { FileTraceStore } from '../../../core/traces/file/fileTraceStore';
import { RestTraceStore } from '../../../core/traces/rest/restTraceStore';
import { SqliteTraceStore } from '../../../core/traces/sqlite/sqliteTraceStore';
import type { TraceInfo, TraceStore } from '../../../core/traces/trace';
import { type RunningTraceServer, startMlflowTraceServer } from '../../support/mlflowTraceServer';
import { type GeneratedTraceStores, TRACE_EXPERIMENTS, writeGeneratedTraceStores } from '../../support/traceStores';

type Predicate = (t: WrittenTrace) => boolean;

const spansOf = (t: WrittenTrace) => t.spans;
const FILTERS: Array<[string, Predicate]> = [
  ["attributes.status = 'ERROR'", (t) => t.info.state === 'ERROR'],
  ["attributes.status != 'OK'", (t) => t.info.state !== 'OK'],
  ["attributes.status IN ('ERROR', 'IN_PROGRESS')", (t) => t.info.state === 'ERROR' || t.info.state === 'IN_PROGRESS'],
  ['attributes.timestamp_ms > 1760000010000', (t) => t.info.requestTime > 1760000010000],
  ['trace.timestamp <= 1760000003000', (t) => t.info.requestTime <= 1760000003000],
  ['attributes.execution_time_ms > 1000', (t) => t.info.executionDuration !== null && t.info.executionDuration > 1000],
  ['attributes.end_time_ms >= 1760000020000', (t) => t.info.executionDuration !== null && t.info.requestTime + t.info.executionDuration >= 1760000020000],
  ["tags.env = 'prod'", (t) => t.info.tags.env === 'prod'],
  ["tags.env != 'prod'", (t) => t.info.tags.env !== undefined && t.info.tags.env !== 'prod'],
  ["tags.env LIKE 'p%'", (t) => t.info.tags.env?.startsWith('p') === true],
  ["tags.`mlflow.traceName` ILIKE 'RA%'", (t) => t.info.tags['mlflow.traceName']!.toLowerCase().startsWith('ra')],
  ["trace.name = 'agent'", (t) => t.info.tags['mlflow.traceName'] === 'agent'],
  ["name IN ('rag', 'chat')", (t) => ['rag', 'chat'].includes(t.info.tags['mlflow.traceName']!)],
  ["metadata.`mlflow.sourceRun` = 'run0'", (t) => t.info.traceMetadata['mlflow.sourceRun'] === 'run0'],
  ["attributes.run_id = 'run1'", (t) => t.info.traceMetadata['mlflow.sourceRun'] === 'run1'],
  ["metadata.`mlflow.user` = 'alice' AND attributes.status = 'OK'", (t) => t.info.traceMetadata['mlflow.user'] === 'alice' && t.info.state === 'OK'],
  ["attributes.request_id = 'tr-00000000000000000000000000000003'", (t) => t.info.traceId === 'tr-00000000000000000000000000000003'],
  ["attributes.client_request_id = 'client-5'", (t) => t.info.clientRequestId === 'client-5'],
  ["span.name = 'Retrieve'", (t) => spansOf(t).some((s) => s.name === 'Retrieve')],
  ["span.name LIKE 'Ret%'", (t) => spansOf(t).some((s) => s.name.startsWith('Ret'))],
  ["span.name ILIKE 'RETRIEVE' AND attributes.status = 'ERROR'", (t) => t.info.state === 'ERROR' && spansOf(t).some((s) => s.name.toLowerCase() === 'retrieve')],
  ["span.name ILIKE 'SEARCH%'", (t) => spansOf(t).some((s) => s.name.toLowerCase().startsWith('search'))],
  ["span.type = 'TOOL'", (t) => spansOf(t).some((s) => s.type === 'TOOL')],
  ["span.type IN ('LLM', 'AGENT')", (t) => spansOf(t).some((s) => s.type === 'LLM' || s.type === 'AGENT')],
  ["span.type = 'CHAT_MODEL' AND span.name = 'ChatOpenAI'", (t) => spansOf(t).some((s) => s.type === 'CHAT_MODEL' && s.name === 'ChatOpenAI')],
  // Two span clauses must hold on one span: no TOOL span is named ChatOpenAI.
  ["span.type = 'TOOL' AND span.name = 'ChatOpenAI'", () => false],
  [
    "attributes.status = 'OK' AND tags.env = 'prod' AND attributes.execution_time_ms >= 5",
    (t) => t.info.state === 'OK' && t.info.tags.env === 'prod' && (t.info.executionDuration ?? -1) >= 5,
  ],
];

/** MLflow's default order: timestamp_ms DESC, then request_id ASC. */
function byDefaultOrder(a: WrittenTrace, b: WrittenTrace): number {
  return b.info.requestTime - a.info.requestTime || (a.info.traceId < b.info.traceId ? -1 : 1);
}

/** Missing values last in either direction, then the default order. */
function nullsLast<T>(value: (t: WrittenTrace) => T | undefined, ascending: boolean) {
  return (a: WrittenTrace, b: WrittenTrace): number => {
    const va = value(a);
    const vb = value(b);
    if (va === undefined || vb === undefined || va === null || vb === null) return va === vb ? byDefaultOrder(a, b) : va === undefined ? 1 : -1;
    if (va === vb) return byDefaultOrder(a, b);
    return (va < vb ? -1 : 1) * (ascending ? 1 : -1);
  };
}

const ORDERS: Array<[string[], (a: WrittenTrace, b: WrittenTrace) => number]> = [
  [[], byDefaultOrder],
  [['attributes.timestamp_ms ASC'], (a, b) => a.info.requestTime - b.info.requestTime || (a.info.traceId < b.info.traceId ? -1 : 1)],
  [['attributes.execution_time_ms ASC'], nullsLast((t) => t.info.executionDuration ?? undefined, true)],
  [['attributes.execution_time_ms DESC'], nullsLast((t) => t.info.executionDuration ?? undefined, false)],
  [['tags.env DESC'], nullsLast((t) => t.info.tags.env, false)],
  [['name'], nullsLast((t) => t.info.tags['mlflow.traceName'], true)],
];

interface StoreUnderTest {
  name: string;
  store: TraceStore;
}

describe('trace store contract (file, SQLite, REST)', () => {
  let generated: GeneratedTraceStores;
  let server: RunningTraceServer;
  const stores: StoreUnderTest[] = [];

  before(async () => {
    generated = writeGeneratedTraceStores();
    server = await startMlflowTraceServer(new SqliteTraceStore(generated.db));
    stores.push(
      { name: 'file', store: new FileTraceStore(generated.mlruns) },
      { name: 'sqlite', store: new SqliteTraceStore(generated.db) },
      { name: 'rest', store: new RestTraceStore(new MlflowRestClient(server.url, { maxRetries: 0 })) },
    );
  });

  after(async () => {
    for (const { store } of stores) await store.close();
    await server.close();
    rmSync(generated.dir, { recursive: true, force: true });
  });

  async function searchAll(store: TraceStore, filter: string | undefined, orderBy: string[], pageSize = 7): Promise<TraceInfo[]> {
    const found: TraceInfo[] = [];
    let pageToken: string | undefined;
    do {
      const page = await store.searchTraces({ experimentIds: TRACE_EXPERIMENTS, filter, orderBy, maxResults: pageSize, pageToken });
      found.push(...page.items);
      pageToken = page.nextPageToken;
    } while (pageToken);
    return found;
  }

  for (const [filter, predicate] of FILTERS) {
    it(`filter ${filter}`, async () => {
      const expected = generated.traces.filter(predicate).sort(byDefaultOrder).map((t) => t.info.traceId);
      // Each filter (but the one that must match nothing) splits the set, or it would tell stores apart poorly.
      if (!filter.startsWith("span.type = 'TOOL' AND")) assert.ok(expected.length > 0 && expected.length < generated.traces.length, filter);
      for (const { name, store } of stores) {
        const found = await searchAll(store, filter, []);
        assert.deepEqual(found.map((i) => i.traceId), expected, `${name}: ${filter}`);
      }
    });
  }

  for (const [orderBy, compare] of ORDERS) {
    it(`order by ${orderBy.join(', ') || '(default)'}`, async () => {
      const expected = [...generated.traces].sort(compare).map((t) => t.info.traceId);
      for (const { name, store } of stores) {
        assert.deepEqual((await searchAll(store, undefined, orderBy, 5)).map((i) => i.traceId), expected, name);
      }
    });
  }

  it('reads every trace info field alike', async () => {
    const byId = new Map(generated.traces.map((t) => [t.info.traceId, t.info]));
    for (const { name, store } of stores) {
      const found = await searchAll(store, undefined, [], 100);
      assert.equal(found.length, generated.traces.length, name);
      for (const info of found) {
        const written = byId.get(info.traceId)!;
        const tags = name === 'file' ? { ...written.tags, 'mlflow.artifactLocation': info.tags['mlflow.artifactLocation']! } : written.tags;
        const expectedTags = name === 'file' ? tags : { ...tags, 'mlflow.trace.spansLocation': 'TRACKING_STORE' };
        assert.deepEqual(info, { ...written, tags: expectedTags }, `${name}: ${info.traceId}`);
      }
    }
  });

  it('reads every span and assessment of a trace alike', async () => {
    for (const written of generated.traces.slice(0, 8)) {
      for (const { name, store } of stores) {
        const trace = await store.getTrace(written.info.traceId);
        assert.equal(trace.data.kind, 'spans', name);
        if (trace.data.kind !== 'spans') continue;
        const seen = trace.data.spans
          .map((s) => [s.spanId, s.parentSpanId, s.name, s.startTimeUnixNano, s.endTimeUnixNano, s.status.code, JSON.parse(s.rawAttributes['mlflow.spanType']!)])
          .sort();
        const expected = written.spans
          .map((s) => [s.spanId, s.parentSpanId, s.name, String(s.startNs), String(s.endNs), `STATUS_CODE_${s.status}`, s.type])
          .sort();
        assert.deepEqual(seen, expected, `${name}: ${written.info.traceId}`);
        assert.deepEqual(trace.assessments, written.assessments, `${name}: assessments of ${written.info.traceId}`);
      }
    }
  });

  it('refuses the same bad filters with MLflow wording', async () => {
    const bad: Array<[string, RegExp]> = [
      ["attributes.status LIKE 'E%'", /Invalid comparator 'LIKE'/],
      ["attributes.timestamp_ms > 'yesterday'", /Expected numeric value type for numeric attribute/],
      ["params.x = '1'", /Invalid entity type 'params'/],
      ["attributes.nope = '1'", /Invalid attribute key 'nope'/],
      ["span.kind = 'x'", /Invalid span key 'kind'/],
      ["attributes.status = 'OK' OR tags.env = 'prod'", /Invalid clause\(s\) in filter string/],
    ];
    for (const [filter, message] of bad) {
      for (const { name, store } of stores) {
        await assert.rejects(store.searchTraces({ experimentIds: TRACE_EXPERIMENTS, filter }), message, `${name}: ${filter}`);
      }
    }
  });

  it('answers NOT_FOUND for a trace it does not have', async () => {
    for (const { name, store } of stores) {
      await assert.rejects(store.getTrace('tr-ffffffffffffffffffffffffffffffff'), (error: Error & { code?: string }) => error.code === 'NOT_FOUND', name);
    }
  });

  it('an MLflow 2 server answers through the 2.0 routes', async () => {
    const old = await startMlflowTraceServer(new SqliteTraceStore(generated.db), { mlflow2: true });
    try {
      const store = new RestTraceStore(new MlflowRestClient(old.url, { maxRetries: 0 }));
      await store.searchTraces({ experimentIds: TRACE_EXPERIMENTS }).catch(() => undefined);
      assert.ok(old.requests.includes('GET /api/2.0/mlflow/traces'), old.requests.join(', '));
    } finally {
      await old.close();
    }
  });
});
