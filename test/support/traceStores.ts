// One set of traces written twice, as an mlruns/ folder and as an mlflow.db in MLflow's schema (core/demo/
// traceRecords.ts lays both out as MLflow 3 does), so the trace stores can be compared on identical data. The set
// covers what the search grammar distinguishes: states, equal timestamps, in-progress traces without a duration,
// tags and metadata present or missing, span names differing only in case, span types, and assessments.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type WrittenSpan, type WrittenTrace, writeTracesToDb, writeTracesToMlruns } from '../../core/demo/traceRecords';
import { openSqlite } from '../../core/sqlite/driver';
import { MLFLOW_SQLITE_HEAD, MLFLOW_SQLITE_SCHEMA } from '../../core/tracking/sqliteSchema';
import type { Assessment, TraceState } from '../../core/traces/trace';

export const TRACE_EXPERIMENTS = ['1', '2'];
const BASE_MS = 1_760_000_000_000;

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

function span(id: number, parent: number | null, name: string, type: string, startNs: bigint, durationNs: bigint, status: WrittenSpan['status'] = 'OK'): WrittenSpan {
  return {
    spanId: hex(id, 16),
    parentSpanId: parent === null ? null : hex(parent, 16),
    name,
    type,
    startNs,
    endNs: startNs + durationNs,
    status,
    attributes: { 'mlflow.spanInputs': { query: `q${id}` }, 'mlflow.spanOutputs': `answer ${id}` },
  };
}

/** 24 traces over two experiments; trace i is `tr-<i as 32 hex>`. */
export function generatedTraces(): WrittenTrace[] {
  const states: TraceState[] = ['OK', 'OK', 'ERROR', 'OK', 'IN_PROGRESS', 'OK'];
  const names = ['rag', 'agent', 'chat'];
  return Array.from({ length: 24 }, (_, i) => {
    const traceId = `tr-${hex(i + 1, 32)}`;
    const state = states[i % states.length]!;
    // Every fourth trace shares its timestamp with the one before: the request_id tie-breaker decides.
    const requestTime = BASE_MS + (i - (i % 4 === 3 ? 1 : 0)) * 1000;
    const startNs = BigInt(requestTime) * 1_000_000n + 123_456n;
    const tags: Record<string, string> = { 'mlflow.traceName': names[i % 3]! };
    if (i % 2 === 0) tags.env = i % 4 === 0 ? 'prod' : 'dev';
    const metadata: Record<string, string> = { 'mlflow.user': i % 5 === 0 ? 'alice' : 'bob', 'mlflow.trace_schema.version': '3' };
    if (i % 3 === 0) metadata['mlflow.sourceRun'] = `run${i % 2}`;
    const spans = [
      span(i * 10 + 1, null, i % 3 === 1 ? 'Agent.run' : 'Chain.invoke', i % 3 === 1 ? 'AGENT' : 'CHAIN', startNs, 5_000_000n * BigInt(i + 1)),
      span(i * 10 + 2, i * 10 + 1, i % 2 === 0 ? 'Retrieve' : 'retrieve', 'RETRIEVER', startNs + 1000n, 1_000_000n),
      span(i * 10 + 3, i * 10 + 1, 'ChatOpenAI', i % 4 === 0 ? 'LLM' : 'CHAT_MODEL', startNs + 2_000_000n, 2_000_000n, state === 'ERROR' ? 'ERROR' : 'OK'),
    ];
    if (i % 5 === 2) spans.push(span(i * 10 + 4, i * 10 + 3, 'search_docs', 'TOOL', startNs + 2_500_000n, 500_000n));
    const assessments: Assessment[] =
      i % 6 === 0
        ? [
            {
              assessmentId: `a-${hex(i, 8)}`,
              name: 'relevance',
              kind: 'feedback',
              value: i % 12 === 0,
              error: null,
              rationale: 'checked by hand',
              source: { type: 'HUMAN', id: 'alice' },
              spanId: null,
              runId: null,
              createTime: requestTime + 10,
              lastUpdateTime: requestTime + 10,
              metadata: {},
              overrides: null,
              valid: true,
            },
          ]
        : [];
    return {
      info: {
        traceId,
        experimentId: TRACE_EXPERIMENTS[i % 2]!,
        requestTime,
        executionDuration: state === 'IN_PROGRESS' ? null : 5 * (i + 1) * (i % 7 === 0 ? 100 : 1),
        state,
        requestPreview: `{"query": "question ${i}"}`,
        responsePreview: state === 'OK' ? `"answer ${i}"` : null,
        clientRequestId: i % 4 === 1 ? `client-${i}` : null,
        traceMetadata: metadata,
        tags,
      },
      spans,
      assessments,
    };
  });
}

export interface GeneratedTraceStores {
  dir: string;
  mlruns: string;
  db: string;
  traces: WrittenTrace[];
}

export function writeGeneratedTraceStores(traces: WrittenTrace[] = generatedTraces()): GeneratedTraceStores {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-traces-'));
  const mlruns = join(dir, 'mlruns');
  for (const id of TRACE_EXPERIMENTS) {
    mkdirSync(join(mlruns, id), { recursive: true });
    writeFileSync(
      join(mlruns, id, 'meta.yaml'),
      `artifact_location: file://${join(mlruns, id)}\ncreation_time: ${BASE_MS}\nexperiment_id: '${id}'\nlast_update_time: ${BASE_MS}\nlifecycle_stage: active\nname: app-${id}\n`,
    );
  }
  writeTracesToMlruns(mlruns, traces);
  const db = join(dir, 'mlflow.db');
  const sqlite = openSqlite(db);
  try {
    for (const statement of MLFLOW_SQLITE_SCHEMA) sqlite.exec(statement);
    sqlite.transaction(() => {
      sqlite.prepare('INSERT INTO alembic_version (version_num) VALUES (?)').run(MLFLOW_SQLITE_HEAD);
      const experiment = sqlite.prepare(
        'INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time) VALUES (?, ?, ?, ?, ?, ?)',
      );
      for (const id of TRACE_EXPERIMENTS) experiment.run(Number(id), `app-${id}`, `mlflow-artifacts:/${id}`, 'active', BASE_MS, BASE_MS);
      writeTracesToDb(sqlite, traces);
    });
  } finally {
    sqlite.close();
  }
  return { dir, mlruns, db, traces };
}
