// The 10,000-span agent trace the trace benchmarks share (test/bench/traces.bench.ts reads it into the explorer's
// model, test/bench/trace-explorer-ui.bench.ts paints it in code-server): a root, then steps of chain, retriever,
// chat model, tool and parser spans with the attributes such spans carry, written to an mlflow.db as MLflow >= 3.2
// stores it.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type WrittenSpan, type WrittenTrace, writeTracesToDb } from '../../core/demo/traceRecords';
import { openSqlite } from '../../core/sqlite/driver';
import { MLFLOW_SQLITE_SCHEMA } from '../../core/tracking/sqliteSchema';
import type { TraceInfo } from '../../core/traces/trace';

export const SPANS = 10_000;
const BENCH_DATA = join(__dirname, '..', '..', 'bench-data', 'traces');

/** A 10,000-span agent trace: a root, then steps of retriever, chat model, tool and parser spans. */
export function agentTrace(): WrittenTrace {
  const traceId = `tr-${'ab'.repeat(16)}`;
  const base = 1_765_380_539_408_424_000n;
  const spans: WrittenSpan[] = [];
  const add = (id: number, parent: number | null, type: string, start: bigint, attributes: Record<string, unknown>) =>
    spans.push({
      spanId: id.toString(16).padStart(16, '0'),
      parentSpanId: parent === null ? null : parent.toString(16).padStart(16, '0'),
      name: `${type.toLowerCase()} ${id}`,
      type,
      startNs: start,
      endNs: start + 900_000n,
      status: 'OK',
      attributes,
    });
  add(1, null, 'AGENT', base, { 'mlflow.spanInputs': { question: 'plan a trip' } });
  for (let step = 0; spans.length < SPANS; step++) {
    const stepId = 2 + step * 5;
    const start = base + BigInt(step) * 1_000_000n;
    add(stepId, 1, 'CHAIN', start, { 'mlflow.spanInputs': { step } });
    add(stepId + 1, stepId, 'RETRIEVER', start + 1000n, {
      'mlflow.spanInputs': { query: `step ${step} query about flights and hotels` },
      'mlflow.spanOutputs': [
        { page_content: 'Flights from SFO to JFK leave hourly.', metadata: { source: 'kb/flights.md', score: 0.82 }, id: `d${step}a` },
        { page_content: 'Hotels near JFK start at $180 a night.', metadata: { source: 'kb/hotels.md', score: 0.71 }, id: `d${step}b` },
      ],
    });
    add(stepId + 2, stepId, 'CHAT_MODEL', start + 2000n, {
      'mlflow.spanInputs': { messages: [{ role: 'system', content: 'You are a travel agent.' }, { role: 'user', content: `Step ${step}: what next?` }] },
      'mlflow.spanOutputs': { choices: [{ message: { role: 'assistant', content: 'Book the 9am flight and the airport hotel.' } }] },
      'mlflow.chat.tokenUsage': { input_tokens: 120, output_tokens: 14, total_tokens: 134 },
      model: 'gpt-4o-mini',
    });
    add(stepId + 3, stepId, 'TOOL', start + 3000n, { 'mlflow.spanInputs': { flight: 'DA123' }, 'mlflow.spanOutputs': { confirmation: `z${step}` } });
    if (spans.length < SPANS) add(stepId + 4, stepId, 'PARSER', start + 4000n, { 'mlflow.spanOutputs': { next: 'finish' } });
  }
  const info: TraceInfo = {
    traceId,
    experimentId: '1',
    requestTime: Number(base / 1_000_000n),
    executionDuration: 20_000,
    state: 'OK',
    requestPreview: null,
    responsePreview: null,
    clientRequestId: null,
    traceMetadata: {},
    tags: {},
  };
  return { info, spans: spans.slice(0, SPANS), assessments: [] };
}

/** The trace in a fresh mlflow.db: one `spans` row per span, as MLflow >= 3.2 stores it. */
export function agentTraceDb(trace: WrittenTrace): string {
  const path = join(BENCH_DATA, `spans-${SPANS}.db`);
  rmSync(path, { force: true });
  mkdirSync(BENCH_DATA, { recursive: true });
  const db = openSqlite(path);
  for (const statement of MLFLOW_SQLITE_SCHEMA) db.exec(statement);
  db.transaction(() => {
    db.prepare("INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage) VALUES (1, 'app', 'mlflow-artifacts:/1', 'active')").run();
    writeTracesToDb(db, [trace]);
  });
  db.close();
  return path;
}
