// The explorer's host model on real traces: the columns the UI draws equal the span tree core builds, a selected
// span carries its decoded content, search finds spans by name and content. And what MLflow's notebook display puts
// in application/databricks.mlflow.trace, in each form it has had, read into the same traces.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { TraceExplorerSession } from '../../../core/traces/explorerSession';
import { FileTraceStore } from '../../../core/traces/file/fileTraceStore';
import { NotebookTraceError, parseNotebookTracePayload } from '../../../core/traces/notebookTrace';
import { buildSpanTree } from '../../../core/traces/spanTree';
import { SqliteTraceStore } from '../../../core/traces/sqlite/sqliteTraceStore';
import { decodeSpanAttributes } from '../../../core/traces/spanJson';
import type { SpanRecord, Trace } from '../../../core/traces/trace';
import { spanToWire, traceInfoToWire } from '../../../core/traces/traceWire';

const FIXTURES = join(__dirname, '../../fixtures/mlflow3');
const LANGGRAPH = join(FIXTURES, 'agentic-business-ops/mlruns');
const LANGGRAPH_EXPERIMENT = '565662728625871820';
const LANGGRAPH_TRACE = 'tr-063c14b0fe1f3adb1317fb067b403e84';

async function dspy(): Promise<Trace> {
  const store = new SqliteTraceStore(join(FIXTURES, 'dspyjup/mlflow.db'));
  try {
    return await store.getTrace('tr-c3f8ccfcfd1ce910d7277a703eedd5e9');
  } finally {
    await store.close();
  }
}

/** A span's fields with its attributes decoded: stores may hold spans as lazily parsed objects. */
function plain(span: SpanRecord) {
  const { traceId, spanId, parentSpanId, name, spanType, startTimeUnixNano, endTimeUnixNano, status, events } = span;
  return { traceId, spanId, parentSpanId, name, spanType, startTimeUnixNano, endTimeUnixNano, status, events, attributes: decodeSpanAttributes(span) };
}

function spans(trace: Trace) {
  assert.equal(trace.data.kind, 'spans');
  return trace.data.kind === 'spans' ? trace.data.spans : [];
}

describe('trace explorer session', () => {
  it('the DSPy agent: columns equal the span tree, the root selected first, one span decoded on demand', async () => {
    const trace = await dspy();
    const session = new TraceExplorerSession(trace);
    const view = session.view();
    const tree = buildSpanTree(spans(trace));
    assert.equal(view.tree!.count, 30);
    assert.deepEqual(view.tree!.names, tree.spans.map((s) => s.name));
    assert.deepEqual(view.tree!.parent, Array.from(tree.parent));
    assert.deepEqual(view.tree!.durationNs, Array.from(tree.durationNs));
    assert.equal(view.tree!.names[view.tree!.slowest], 'Predict.forward');
    assert.equal(view.tree!.firstError, -1);
    assert.equal(view.unavailable, null);
    // The view crosses to a webview as JSON: nothing in it may be lost on the way.
    assert.deepEqual(JSON.parse(JSON.stringify(view)), view);

    const root = session.span(0)!;
    assert.equal(root.name, 'ReAct.forward');
    assert.equal(root.detail.type, 'AGENT');
    assert.equal(root.startNs, 0);
    assert.equal(root.durationNs, 19_417_042_000);
    // DSPy's LM.__call__ is a CHAT_MODEL span (SPAN_TYPES index 1) whose inputs are OpenAI-style messages.
    const lm = view.tree!.typeCode.indexOf(1);
    assert.equal(view.tree!.names[lm], 'LM.__call__');
    assert.deepEqual(session.span(lm)!.detail.chatMessages?.map((m) => m.role).slice(0, 2), ['system', 'user']);
    assert.equal(session.span(30), undefined);
    assert.equal(session.indexOf(root.spanId), 0);
  });

  it('search by name and by content, in display order', async () => {
    const session = new TraceExplorerSession(await dspy());
    const tools = session.search('tool.');
    assert.ok(tools.length > 0);
    assert.ok(tools.every((i) => session.view().tree!.names[i]!.toLowerCase().includes('tool.') || JSON.stringify(session.span(i)!.detail).toLowerCase().includes('tool.')));
    assert.deepEqual(tools, [...tools].sort((a, b) => a - b));
    assert.deepEqual(session.search(''), []);
  });

  it('a trace whose spans are elsewhere says why and has no tree', () => {
    const reason = 'The spans of trace tr-1 are in the artifact store at s3://bucket/x (s3:)…';
    const session = new TraceExplorerSession({
      info: { traceId: 'tr-1', experimentId: '1', requestTime: 0, executionDuration: 1, state: 'OK', requestPreview: null, responsePreview: null, clientRequestId: null, traceMetadata: {}, tags: {} },
      assessments: [],
      data: { kind: 'unavailable', reason },
    });
    assert.deepEqual([session.view().tree, session.view().unavailable, session.span(0), session.search('x')], [null, reason, undefined, []]);
  });
});

describe("MLflow's notebook trace MIME payloads", () => {
  it('ids: a JSON string, a list of them, and the 3.x {trace_id, sql_warehouse_id}', () => {
    assert.deepEqual(parseNotebookTracePayload('"tr-abc"'), { kind: 'ids', traceIds: ['tr-abc'] });
    assert.deepEqual(parseNotebookTracePayload('["tr-a", "tr-b"]'), { kind: 'ids', traceIds: ['tr-a', 'tr-b'] });
    assert.deepEqual(parseNotebookTracePayload('[{"trace_id": "tr-a", "sql_warehouse_id": null}]'), { kind: 'ids', traceIds: ['tr-a'] });
  });

  it("Trace.to_json(): a real LangGraph trace's trace_info and traces.json, read as the FileStore reads them", async () => {
    const folder = join(LANGGRAPH, LANGGRAPH_EXPERIMENT, 'traces', LANGGRAPH_TRACE);
    const info = parse(readFileSync(join(folder, 'trace_info.yaml'), 'utf8'));
    const data = readFileSync(join(folder, 'artifacts', 'traces.json'), 'utf8');
    // As Trace.to_json() writes it: {"info": TraceInfo.to_dict(), "data": TraceData.to_dict()}, integers unquoted.
    const payload = `{"info": ${JSON.stringify(info)}, "data": ${data}}`;
    const parsed = parseNotebookTracePayload(payload);
    assert.equal(parsed.kind, 'traces');
    const [trace] = parsed.kind === 'traces' ? parsed.traces : [];
    const fromStore = await new FileTraceStore(LANGGRAPH).getTrace(LANGGRAPH_TRACE);
    assert.equal(trace!.info.traceId, LANGGRAPH_TRACE);
    assert.equal(trace!.info.executionDuration, fromStore.info.executionDuration);
    assert.deepEqual(spans(trace!).map(plain), spans(fromStore).map(plain));
  });

  it('our CLI\'s {"trace": {"trace_info", "data"}} (decoded attributes, hex ids) reads back to the same spans', async () => {
    const trace = await dspy();
    const wire = { trace: { trace_info: traceInfoToWire(trace.info), data: { spans: spans(trace).map(spanToWire) } } };
    const parsed = parseNotebookTracePayload(JSON.stringify(wire));
    assert.equal(parsed.kind, 'traces');
    const [read] = parsed.kind === 'traces' ? parsed.traces : [];
    assert.equal(read!.info.traceId, trace.info.traceId);
    assert.deepEqual(spans(read!).map(plain), spans(trace).map(plain));
  });

  it('bad output: an error that says what to do', () => {
    assert.throws(() => parseNotebookTracePayload('{not json'), (e: Error) => e instanceof NotebookTraceError && /re-run the cell/.test(e.message));
    assert.throws(() => parseNotebookTracePayload('[]'), /lists no traces/);
    assert.throws(() => parseNotebookTracePayload('{"info": {}, "data": {}}'), /no trace id/);
  });
});
