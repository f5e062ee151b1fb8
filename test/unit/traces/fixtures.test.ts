// Real traces from public repositories (test/fixtures/mlflow3/SOURCES.md), read by the stores and by readers
// written here independently: raw SQL over the DSPy database, and plain file reads (the `yaml` package, a regex
// over json.dumps' fixed key order for the exact nanosecond integers) over the LangGraph FileStore. Every trace's
// info and every span (count, names, parent links, times) must agree, and the REST store must read the same
// through a server speaking MLflow's v3 routes.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
import { MlflowRestClient } from '../../../core/rest/client';
import { openSqlite } from '../../../core/sqlite/driver';
import { FileTraceStore } from '../../../core/traces/file/fileTraceStore';
import { RestTraceStore } from '../../../core/traces/rest/restTraceStore';
import { SqliteTraceStore } from '../../../core/traces/sqlite/sqliteTraceStore';
import type { Trace, TraceStore } from '../../../core/traces/trace';
import { startMlflowTraceServer } from '../../support/mlflowTraceServer';

const FIXTURES = join(__dirname, '../../fixtures/mlflow3');
const DSPY_DB = join(FIXTURES, 'dspyjup/mlflow.db');
const AGENTIC = join(FIXTURES, 'agentic-business-ops/mlruns');
const AGENTIC_EXPERIMENT = '565662728625871820';

interface ExpectedSpan {
  spanId: string;
  parentSpanId: string | null;
  name: string;
  start: string;
  end: string | null;
}

interface ExpectedTrace {
  traceId: string;
  experimentId: string;
  requestTime: number;
  executionDuration: number;
  state: string;
  tags: Record<string, string>;
  metadata: Record<string, string>;
  spans: ExpectedSpan[];
}

/** The DSPy database through SQL of its own: trace_info, its key/value tables, and the spans table's columns. */
function dspyByRawSql(): ExpectedTrace[] {
  const db = openSqlite(DSPY_DB, { readonly: true });
  try {
    const pairs = (table: string, id: string) =>
      Object.fromEntries(db.prepare(`SELECT key, value FROM ${table} WHERE request_id = ?`).all(id).map((r) => [String(r.key), String(r.value ?? '')]));
    return db.prepare('SELECT * FROM trace_info').all().map((row) => {
      const id = String(row.request_id);
      const spans = db
        .prepare(
          'SELECT span_id, parent_span_id, name, CAST(start_time_unix_nano AS TEXT) AS s, CAST(end_time_unix_nano AS TEXT) AS e FROM spans WHERE trace_id = ?',
        )
        .all(id)
        .map((s) => ({ spanId: String(s.span_id), parentSpanId: s.parent_span_id ? String(s.parent_span_id) : null, name: String(s.name), start: String(s.s), end: String(s.e) }));
      return {
        traceId: id,
        experimentId: String(row.experiment_id),
        requestTime: Number(row.timestamp_ms),
        executionDuration: Number(row.execution_time_ms),
        state: String(row.status),
        tags: pairs('trace_tags', id),
        metadata: pairs('trace_request_metadata', id),
        spans,
      };
    });
  } finally {
    db.close();
  }
}

/** json.dumps writes span keys in a fixed order, so one regex reads ids, names and the exact integers. */
const SPAN_HEAD =
  /"span_id": "([^"]+)", "parent_span_id": (null|"[^"]+"), "name": "((?:[^"\\]|\\.)*)", "start_time_unix_nano": (\d+), "end_time_unix_nano": (\d+)/g;

function base64ToHex(value: string): string {
  return Buffer.from(value, 'base64').toString('hex');
}

/** The LangGraph FileStore through plain reads: trace_info.yaml, one file per tag and metadata key, traces.json. */
function agenticByRawFiles(): ExpectedTrace[] {
  const tracesDir = join(AGENTIC, AGENTIC_EXPERIMENT, 'traces');
  const keyFiles = (dir: string) => Object.fromEntries(readdirSync(dir).map((k) => [k, readFileSync(join(dir, k), 'utf8')]));
  return readdirSync(tracesDir).map((id) => {
    const dir = join(tracesDir, id);
    const info = parse(readFileSync(join(dir, 'trace_info.yaml'), 'utf8')) as Record<string, unknown>;
    const text = readFileSync(join(dir, 'artifacts/traces.json'), 'utf8');
    const spans = [...text.matchAll(SPAN_HEAD)].map((m) => ({
      spanId: base64ToHex(m[1]!),
      parentSpanId: m[2] === 'null' ? null : base64ToHex(m[2]!.slice(1, -1)),
      name: JSON.parse(`"${m[3]}"`) as string,
      start: m[4]!,
      end: m[5]!,
    }));
    assert.equal(spans.length, (JSON.parse(text) as { spans: unknown[] }).spans.length, `${id}: every span matched`);
    return {
      traceId: String(info.trace_id),
      experimentId: String((info.trace_location as { mlflow_experiment: { experiment_id: string } }).mlflow_experiment.experiment_id),
      requestTime: Date.parse(String(info.request_time)),
      executionDuration: Number(info.execution_duration_ms),
      state: String(info.state),
      tags: keyFiles(join(dir, 'tags')),
      metadata: keyFiles(join(dir, 'request_metadata')),
      spans,
    };
  });
}

async function assertStoreReads(store: TraceStore, expected: ExpectedTrace[], label: string): Promise<void> {
  const experimentIds = [...new Set(expected.map((t) => t.experimentId))];
  const page = await store.searchTraces({ experimentIds, maxResults: 100 });
  assert.deepEqual(page.items.map((i) => i.traceId).sort(), expected.map((t) => t.traceId).sort(), label);
  for (const want of expected) {
    const trace: Trace = await store.getTrace(want.traceId);
    const { info } = trace;
    assert.deepEqual(
      [info.experimentId, info.requestTime, info.executionDuration, info.state, info.tags, info.traceMetadata],
      [want.experimentId, want.requestTime, want.executionDuration, want.state, want.tags, want.metadata],
      `${label}: info of ${want.traceId}`,
    );
    assert.equal(trace.data.kind, 'spans', `${label}: spans of ${want.traceId}`);
    if (trace.data.kind !== 'spans') continue;
    const seen = trace.data.spans.map((s) => ({ spanId: s.spanId, parentSpanId: s.parentSpanId, name: s.name, start: s.startTimeUnixNano, end: s.endTimeUnixNano }));
    const bySpan = (a: ExpectedSpan, b: ExpectedSpan) => (a.spanId < b.spanId ? -1 : 1);
    assert.deepEqual(seen.sort(bySpan), [...want.spans].sort(bySpan), `${label}: spans of ${want.traceId}`);
  }
}

describe('real MLflow 3 traces', () => {
  const temps: string[] = [];
  after(() => {
    for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  });

  it('DSPy ReAct trace in the spans table: info and all 30 spans as raw SQL reads them', async () => {
    const expected = dspyByRawSql();
    assert.equal(expected.length, 1);
    assert.equal(expected[0]!.spans.length, 30);
    await assertStoreReads(new SqliteTraceStore(DSPY_DB), expected, 'sqlite');
  });

  it('LangGraph FileStore traces: info and every span as plain file reads see them', async () => {
    const expected = agenticByRawFiles();
    assert.deepEqual(expected.map((t) => t.spans.length).sort((a, b) => a - b), [3, 4, 16, 16]);
    await assertStoreReads(new FileTraceStore(AGENTIC), expected, 'file');
  });

  it('the REST store reads both through MLflow v3 routes, nanoseconds exact', async () => {
    for (const [store, expected] of [
      [new SqliteTraceStore(DSPY_DB), dspyByRawSql()],
      [new FileTraceStore(AGENTIC), agenticByRawFiles()],
    ] as const) {
      const server = await startMlflowTraceServer(store);
      try {
        await assertStoreReads(new RestTraceStore(new MlflowRestClient(server.url, { maxRetries: 0 })), expected, 'rest');
      } finally {
        await server.close();
      }
    }
  });

  it('the failed LangGraph trace and the filter that finds it', async () => {
    const store = new FileTraceStore(AGENTIC);
    const page = await store.searchTraces({ experimentIds: [AGENTIC_EXPERIMENT], filter: "attributes.status = 'ERROR'" });
    assert.deepEqual(page.items.map((i) => i.traceId), ['tr-97d6815ddb71a2b9ed52357c13c58161']);
  });

  it('databases without traces (MLflow 3.11 schema, logged-model store) search to nothing', async () => {
    for (const db of ['cookmate-ai/mlflow.db', 'heart-disease-2024ab05143/mlflow.db']) {
      const store = new SqliteTraceStore(join(FIXTURES, db));
      assert.deepEqual(await store.searchTraces({ experimentIds: ['0', '1'] }), { items: [] }, db);
      await store.close();
    }
  });

  function dspyCopyWithoutSpanRows(artifactLocation: string): { dir: string; db: string } {
    const dir = mkdtempSync(join(tmpdir(), 'mlops-dspy-'));
    temps.push(dir);
    const db = join(dir, 'mlflow.db');
    copyFileSync(DSPY_DB, db);
    const sqlite = openSqlite(db);
    sqlite.exec('DELETE FROM spans');
    sqlite.prepare("DELETE FROM trace_tags WHERE key = 'mlflow.trace.spansLocation'").run();
    sqlite.prepare("UPDATE trace_tags SET value = ? WHERE key = 'mlflow.artifactLocation'").run(artifactLocation);
    sqlite.close();
    return { dir, db };
  }

  it('older traces: traces.json under an mlflow.artifactLocation inside the workspace is read', async () => {
    const spansJson = `{"spans": [${openSqlite(DSPY_DB, { readonly: true }).prepare('SELECT content FROM spans').all().map((r) => String(r.content)).join(', ')}]}`;
    const { dir, db } = dspyCopyWithoutSpanRows('placeholder');
    const artifacts = join(dir, 'mlruns/1/traces/t/artifacts');
    mkdirSync(artifacts, { recursive: true });
    writeFileSync(join(artifacts, 'traces.json'), spansJson);
    const sqlite = openSqlite(db);
    sqlite.prepare("UPDATE trace_tags SET value = ? WHERE key = 'mlflow.artifactLocation'").run(`file://${artifacts}`);
    sqlite.close();
    const trace = await new SqliteTraceStore(db).getTrace('tr-c3f8ccfcfd1ce910d7277a703eedd5e9');
    assert.equal(trace.data.kind === 'spans' && trace.data.spans.length, 30);
  });

  it('says plainly where spans are that cannot be read from here', async () => {
    const cases: Array<[string, RegExp]> = [
      ['mlflow-artifacts:/1/traces/tr-c3f8ccfcfd1ce910d7277a703eedd5e9/artifacts', /artifact store at mlflow-artifacts:.*only the tracking server can read/],
      ['/Users/okonma/Desktop/PyProj/DSPyJup/mlruns/1/traces/x/artifacts', /outside the workspace/],
      ['file:C:/Users/hanae/mlruns/1/traces/x/artifacts', /Windows path/],
    ];
    for (const [location, reason] of cases) {
      const { db } = dspyCopyWithoutSpanRows(location);
      const trace = await new SqliteTraceStore(db).getTrace('tr-c3f8ccfcfd1ce910d7277a703eedd5e9');
      assert.equal(trace.data.kind, 'unavailable', location);
      if (trace.data.kind === 'unavailable') assert.match(trace.data.reason, reason);
    }
  });
});
