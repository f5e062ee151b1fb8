// Issue 12's trace benchmarks, ratios printed in one run:
// 1. SqliteTraceStore.searchTraces over 100,000 traces (status and a tag, newest first, first page of 100) against
//    the same query written by hand for better-sqlite3, each returning the page's info, tags and metadata (<= 1.5).
// 2. A 10,000-span trace's rows of the spans table into the explorer's model (spanFromRow + buildSpanTree) against a
//    bare JSON.parse of the same span contents (<= 1.3); the SQLite read and the traces.json path (FileStore,
//    servers) are printed beside.
// Run: node --import tsx test/bench/traces.bench.ts (the 100k database is made once under bench-data/).
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { spanDictJson, type WrittenTrace, writeTracesToDb } from '../../core/demo/traceRecords';
import { openSqlite } from '../../core/sqlite/driver';
import { MLFLOW_SQLITE_HEAD, MLFLOW_SQLITE_SCHEMA } from '../../core/tracking/sqliteSchema';
import { parseTraceDataJson } from '../../core/traces/spanJson';
import { buildSpanTree } from '../../core/traces/spanTree';
import { SPAN_ROWS_SQL, SqliteTraceStore, spanFromRow } from '../../core/traces/sqlite/sqliteTraceStore';
import { medianMs } from '../support/benchStores';
import { agentTrace, agentTraceDb, SPANS } from '../support/benchTraces';

const TRACES = 100_000;
const BENCH_DATA = join(__dirname, '..', '..', 'bench-data', 'traces');

function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function traceDb(): string {
  const path = join(BENCH_DATA, `mlflow-traces-${TRACES}.db`);
  if (existsSync(path)) return path;
  mkdirSync(BENCH_DATA, { recursive: true });
  const random = seeded(7);
  const started = performance.now();
  const db = openSqlite(path);
  try {
    for (const statement of MLFLOW_SQLITE_SCHEMA) db.exec(statement);
    db.transaction(() => {
      db.prepare('INSERT INTO alembic_version (version_num) VALUES (?)').run(MLFLOW_SQLITE_HEAD);
      db.prepare("INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage) VALUES (1, 'app', 'mlflow-artifacts:/1', 'active')").run();
      const traces: WrittenTrace[] = Array.from({ length: TRACES }, (_, i) => {
        const roll = random();
        return {
          info: {
            traceId: `tr-${i.toString(16).padStart(32, '0')}`,
            experimentId: '1',
            requestTime: 1_760_000_000_000 + i * 1000 + Math.floor(random() * 500),
            executionDuration: Math.floor(random() * 5000),
            state: roll < 0.8 ? 'OK' : roll < 0.95 ? 'ERROR' : 'IN_PROGRESS',
            requestPreview: `{"question": "how do I ${i}?"}`,
            responsePreview: `"answer ${i}"`,
            clientRequestId: null,
            traceMetadata: { 'mlflow.user': 'alice', 'mlflow.trace.tokenUsage': '{"input_tokens": 10, "output_tokens": 5, "total_tokens": 15}' },
            tags: { 'mlflow.traceName': 'rag', env: ['prod', 'dev', 'staging'][Math.floor(random() * 3)]! },
          },
          spans: [],
          assessments: [],
        };
      });
      writeTracesToDb(db, traces);
    });
  } catch (error) {
    db.close();
    rmSync(path, { force: true });
    throw error;
  }
  db.close();
  console.log(`generated ${path} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return path;
}

const HAND_SQL = `
  SELECT t.request_id, t.experiment_id, t.timestamp_ms, t.execution_time_ms, t.status, t.client_request_id,
         t.request_preview, t.response_preview
  FROM trace_info t JOIN trace_tags g ON g.request_id = t.request_id AND g.key = 'env'
  WHERE t.experiment_id = 1 AND t.status = 'ERROR' AND g.value = 'prod'
  ORDER BY t.timestamp_ms DESC, t.request_id LIMIT 100`;

async function searchRatio(): Promise<number> {
  const path = traceDb();
  const raw = new Database(path, { readonly: true });
  const hand = raw.prepare(HAND_SQL);
  const handWritten = () => {
    const rows = hand.all() as Array<{ request_id: string }>;
    const ids = rows.map((r) => r.request_id);
    const marks = ids.map(() => '?').join(',');
    // The same data the store returns with each trace: its tags and metadata.
    raw.prepare(`SELECT request_id, key, value FROM trace_tags WHERE request_id IN (${marks})`).all(...ids);
    raw.prepare(`SELECT request_id, key, value FROM trace_request_metadata WHERE request_id IN (${marks})`).all(...ids);
    return ids;
  };
  const store = new SqliteTraceStore(path);
  const request = { experimentIds: ['1'], filter: "attributes.status = 'ERROR' AND tags.env = 'prod'", maxResults: 100 };
  const viaStore = async () => (await store.searchTraces(request)).items.map((i) => i.traceId);
  const [handIds, storeIds] = [handWritten(), await viaStore()];
  if (handIds.length !== 100 || handIds.join() !== storeIds.join()) throw new Error('the store and the hand-written SQL disagree on the first page');
  const [h, m] = await alternating(handWritten, viaStore);
  console.log(
    `sqlite ${TRACES} traces, status = 'ERROR' and tags.env = 'prod', newest first, first 100: hand-written SQL ${h.toFixed(2)} ms, SqliteTraceStore ${m.toFixed(2)} ms, ratio ${(m / h).toFixed(2)} (target <= 1.5)`,
  );
  await store.close();
  raw.close();
  return m / h;
}

async function modelRatios(): Promise<void> {
  const trace = agentTrace();
  const contents = trace.spans.map((s) => spanDictJson(trace.info.traceId, s));
  const megabytes = contents.reduce((n, c) => n + c.length, 0) / 1e6;
  const bare = () => contents.map((c) => JSON.parse(c) as unknown);

  // The explorer's model from a trace's rows of the spans table, read as the store reads them, against JSON.parse of
  // the same contents: both start from what is in memory.
  const path = agentTraceDb(trace);
  const raw = openSqlite(path, { readonly: true });
  const rows = raw.prepare(SPAN_ROWS_SQL).all(trace.info.traceId);
  raw.close();
  const fromRows = () => buildSpanTree(rows.map((row) => spanFromRow(trace.info.traceId, row)));
  const tree = fromRows();
  if (tree.count !== SPANS || tree.orphanCount !== 0) throw new Error('the model lost spans');
  const [b, m] = await alternating(bare, fromRows);
  console.log(
    `${SPANS}-span trace (${megabytes.toFixed(1)} MB of span JSON) from its spans-table rows into the explorer's model: JSON.parse of the contents ${b.toFixed(1)} ms, spanFromRow + buildSpanTree ${m.toFixed(1)} ms, ratio ${(m / b).toFixed(2)} (target <= 1.3)`,
  );
  // The whole open, the store's SQLite read included, printed beside.
  const store = new SqliteTraceStore(path);
  const fromStore = async () => {
    const loaded = await store.getTrace(trace.info.traceId);
    return loaded.data.kind === 'spans' ? buildSpanTree(loaded.data.spans) : undefined;
  };
  const [sb, sm] = await alternating(bare, fromStore);
  console.log(`  with the SQLite read (getTrace + buildSpanTree): ${sm.toFixed(1)} ms, ratio ${(sm / sb).toFixed(2)} to the bare parse (not a target)`);
  await store.close();

  // FileStore and servers hand over one traces.json, parsed whole: reported beside, against JSON.parse of that file.
  const file = `{"spans": [${contents.join(', ')}]}`;
  const [fb, fm] = await alternating(
    () => JSON.parse(file),
    () => buildSpanTree(parseTraceDataJson(file, trace.info.traceId)),
  );
  console.log(
    `the same trace as traces.json (FileStore, server): JSON.parse ${fb.toFixed(1)} ms, parseTraceDataJson + buildSpanTree ${fm.toFixed(1)} ms, ratio ${(fm / fb).toFixed(2)} (not a target; every span is decoded)`,
  );
}

/** Medians of both, measured in alternating rounds so that a burst of load on this shared machine hits both alike. */
async function alternating(baseline: () => unknown, measured: () => unknown): Promise<[number, number]> {
  const a: number[] = [];
  const b: number[] = [];
  for (let round = 0; round < 7; round++) {
    a.push(await medianMs(baseline, 5));
    b.push(await medianMs(measured, 5));
  }
  const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  return [median(a), median(b)];
}

(async () => {
  await searchRatio();
  await modelRatios();
})();
