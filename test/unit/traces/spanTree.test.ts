// The explorer's model on real traces (the DSPy ReAct agent, the failed LangGraph run) and on shapes real traces
// rarely show: orphans, a parent cycle, open spans, collapsed rows.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FileTraceStore } from '../../../core/traces/file/fileTraceStore';
import { spanDetail, traceTokenUsage } from '../../../core/traces/spanContent';
import { ancestorsOf, buildSpanTree, firstError, searchSpans, slowestSpan, spanTypeAt, visibleRows } from '../../../core/traces/spanTree';
import { SqliteTraceStore } from '../../../core/traces/sqlite/sqliteTraceStore';
import type { SpanRecord, Trace } from '../../../core/traces/trace';

const FIXTURES = join(__dirname, '../../fixtures/mlflow3');

async function dspyTrace(): Promise<Trace> {
  return new SqliteTraceStore(join(FIXTURES, 'dspyjup/mlflow.db')).getTrace('tr-c3f8ccfcfd1ce910d7277a703eedd5e9');
}

async function langGraphTrace(id: string): Promise<Trace> {
  return new FileTraceStore(join(FIXTURES, 'agentic-business-ops/mlruns')).getTrace(id);
}

function spansOf(trace: Trace): SpanRecord[] {
  assert.equal(trace.data.kind, 'spans');
  return trace.data.kind === 'spans' ? trace.data.spans : [];
}

function span(id: string, parent: string | null, start: number, end: number | null, extra: Partial<SpanRecord> = {}): SpanRecord {
  return {
    traceId: 'tr-1',
    spanId: id.padStart(16, '0'),
    parentSpanId: parent === null ? null : parent.padStart(16, '0'),
    name: `span ${id}`,
    spanType: null,
    startTimeUnixNano: String(1_700_000_000_000_000_000n + BigInt(start)),
    endTimeUnixNano: end === null ? null : String(1_700_000_000_000_000_000n + BigInt(end)),
    status: { code: 'STATUS_CODE_OK', message: '' },
    rawAttributes: {},
    events: [],
    ...extra,
  };
}

describe('span tree', () => {
  it('DSPy ReAct: the agent root, its predictors and tools in start order, exact offsets', async () => {
    const tree = buildSpanTree(spansOf(await dspyTrace()));
    assert.equal(tree.count, 30);
    assert.equal(tree.orphanCount, 0);
    assert.deepEqual([tree.spans[0]!.name, spanTypeAt(tree, 0), tree.depth[0]], ['ReAct.forward', 'AGENT', 0]);
    // Children of the root, in the order the agent ran them.
    const children = [...Array(tree.count).keys()].filter((i) => tree.parent[i] === 0).map((i) => tree.spans[i]!.name);
    assert.deepEqual(children.slice(0, 4), ['Predict.forward', 'Tool.fetch_flight_info', 'Predict.forward', 'Tool.pick_flight']);
    // Offsets come from the decimal strings: 1765380539631650000 - 1765380539408424000.
    const predict = tree.spans.findIndex((s) => s.spanId === '1c437e8cdc2c727b');
    assert.equal(tree.startNs[predict], 223_226_000);
    assert.equal(tree.durationNs[predict], 2_837_478_000);
    assert.equal(tree.traceDurationNs, 19_417_042_000);
    for (let i = 1; i < tree.count; i++) assert.ok(tree.parent[i]! < i && tree.depth[i] === tree.depth[tree.parent[i]!]! + 1, 'parents precede children');
    assert.equal(tree.subtreeEnd[0], 30);
    assert.equal(tree.spans[slowestSpan(tree)]!.name, 'Predict.forward');
    assert.equal(firstError(tree), -1);
    assert.deepEqual(ancestorsOf(tree, tree.count - 1).map((i) => tree.spans[i]!.name)[0], 'ReAct.forward');
  });

  it('the failed LangGraph run: the first error is the model call that raised, with its exception', async () => {
    const tree = buildSpanTree(spansOf(await langGraphTrace('tr-97d6815ddb71a2b9ed52357c13c58161')));
    const failed = firstError(tree);
    assert.equal(tree.spans[failed]!.name, 'ChatOpenAI');
    const [exception] = spanDetail(tree.spans[failed]!).exceptions;
    assert.match(exception!.type, /BadRequestError/);
    assert.match(exception!.message, /sonar-reasoning/);
    assert.ok(exception!.stacktrace.includes('Traceback'));
  });

  it('orphans and a parent cycle become roots, counted; open spans have no duration', () => {
    const tree = buildSpanTree([
      span('1', null, 0, 100),
      span('2', '1', 10, null),
      span('3', 'ff', 5, 20),
      span('4', '5', 30, 40),
      span('5', '4', 31, 39),
    ]);
    assert.equal(tree.orphanCount, 2);
    assert.deepEqual([...tree.parent], [-1, 0, -1, -1, 3]);
    assert.equal(tree.durationNs[1], -1);
    assert.deepEqual([...tree.subtreeEnd], [2, 2, 3, 5, 5]);
  });

  it('collapsed rows skip their subtree; search looks in names and attribute values', () => {
    const tree = buildSpanTree([
      span('1', null, 0, 100),
      span('2', '1', 10, 20, { name: 'Retriever', rawAttributes: { 'mlflow.spanInputs': '"the Query"' } }),
      span('3', '2', 11, 19),
      span('4', '1', 30, 40),
    ]);
    const collapsed = new Uint8Array(tree.count);
    collapsed[1] = 1;
    assert.deepEqual([...visibleRows(tree, collapsed)], [0, 1, 3]);
    assert.deepEqual([...searchSpans(tree, 'retriever')], [1]);
    assert.deepEqual([...searchSpans(tree, 'QUERY')], [1]);
  });

  it('10,000 spans: built without recursion, every child after its parent', () => {
    const spans = Array.from({ length: 10_000 }, (_, i) => span(i.toString(16), i === 0 ? null : Math.floor((i - 1) / 3).toString(16), i, i + 10));
    const tree = buildSpanTree(spans);
    assert.equal(tree.count, 10_000);
    assert.equal(tree.subtreeEnd[0], 10_000);
    for (let i = 1; i < tree.count; i++) assert.ok(tree.parent[i]! < i);
  });
});

describe('span content', () => {
  it('DSPy LM call: the chat from OpenAI-style messages and the strings it answered', async () => {
    const lm = spansOf(await dspyTrace()).find((s) => s.spanId === '4bdc7814b1ece4a4')!;
    const detail = spanDetail(lm);
    assert.equal(detail.type, 'CHAT_MODEL');
    assert.deepEqual(detail.chatMessages?.map((m) => m.role), ['system', 'user', 'assistant']);
    assert.match(detail.chatMessages![2]!.content, /next_thought/);
    assert.equal(detail.attributes.model, 'openai/gpt-4o-mini');
  });

  it('LangChain chat model: batched inputs, generations, token usage; the trace total from metadata', async () => {
    const trace = await langGraphTrace('tr-063c14b0fe1f3adb1317fb067b403e84');
    const chat = spansOf(trace).find((s) => s.name === 'ChatOpenAI')!;
    const detail = spanDetail(chat);
    assert.ok(detail.chatMessages && detail.chatMessages.length >= 2);
    assert.equal(detail.chatMessages.at(-1)!.role, 'assistant');
    assert.deepEqual(detail.tokenUsage, { inputTokens: 1282, outputTokens: 424, totalTokens: 1706 });
    assert.deepEqual(traceTokenUsage(trace.info), { inputTokens: 1282, outputTokens: 424, totalTokens: 1706 });
  });

  it('retriever output: documents with content, score and source', () => {
    const retriever = span('1', null, 0, 1, {
      spanType: 'RETRIEVER',
      rawAttributes: {
        'mlflow.spanType': '"RETRIEVER"',
        'mlflow.spanOutputs': JSON.stringify([
          { page_content: 'MLflow tracks runs.', metadata: { source: 'docs/intro.md', score: 0.91 }, id: 'd1' },
          { page_content: 'DVC versions data.', metadata: { doc_uri: 'docs/dvc.md' } },
        ]),
      },
    });
    assert.deepEqual(
      spanDetail(retriever).documents?.map((d) => [d.id, d.content, d.score, d.source]),
      [
        ['d1', 'MLflow tracks runs.', 0.91, 'docs/intro.md'],
        [null, 'DVC versions data.', null, 'docs/dvc.md'],
      ],
    );
  });
});
