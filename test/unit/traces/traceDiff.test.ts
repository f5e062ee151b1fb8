// Two traces of one app merged row by row: matched spans with their latency on both sides, spans only the newer
// trace ran (a retry), spans only the older one ran, in the display order a person reads them.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FileTraceStore } from '../../../core/traces/file/fileTraceStore';
import { buildSpanTree } from '../../../core/traces/spanTree';
import { diffSpanTrees } from '../../../core/traces/traceDiff';
import type { SpanRecord } from '../../../core/traces/trace';

const BASE = 1_700_000_000_000_000_000n;

function span(id: string, parent: string | null, name: string, start: number, end: number): SpanRecord {
  return {
    traceId: 'tr-1',
    spanId: id.padStart(16, '0'),
    parentSpanId: parent === null ? null : parent.padStart(16, '0'),
    name,
    startTimeUnixNano: String(BASE + BigInt(start)),
    endTimeUnixNano: String(BASE + BigInt(end)),
    status: { code: 'STATUS_CODE_OK', message: '' },
    spanType: null,
    rawAttributes: {},
    events: [],
  };
}

describe('trace diff', () => {
  it('matches by place and name, keeps the newer order, places removed spans where they stood', () => {
    const older = buildSpanTree([
      span('1', null, 'agent', 0, 1000),
      span('2', '1', 'retrieve', 10, 200),
      span('3', '1', 'rerank', 210, 300),
      span('4', '3', 'score', 220, 290),
      span('5', '1', 'llm', 310, 900),
    ]);
    const newer = buildSpanTree([
      span('a', null, 'agent', 0, 1500),
      span('b', 'a', 'retrieve', 10, 150),
      span('c', 'a', 'llm', 160, 700),
      span('d', 'a', 'llm', 710, 1400),
      span('e', 'c', 'tool', 200, 300),
    ]);
    const diff = diffSpanTrees(older, newer);
    assert.deepEqual(
      diff.rows.map((r) => [r.status, r.depth, r.name, r.leftDurationNs, r.rightDurationNs]),
      [
        ['same', 0, 'agent', 1000, 1500],
        ['same', 1, 'retrieve', 190, 140],
        ['removed', 1, 'rerank', 90, -1],
        ['removed', 2, 'score', 70, -1],
        ['same', 1, 'llm', 590, 540],
        ['added', 2, 'tool', -1, 100],
        ['added', 1, 'llm', -1, 690],
      ],
    );
    assert.deepEqual([diff.matched, diff.added, diff.removed, diff.durationDeltaNs], [3, 2, 2, 500]);
    const removed = diff.rows.find((r) => r.name === 'score')!;
    assert.equal(older.spans[removed.left]!.spanId, '0000000000000004');
    assert.equal(removed.right, -1);
  });

  it('a trace against itself: every span matched, no delta (a real LangGraph trace)', async () => {
    const store = new FileTraceStore(join(__dirname, '../../fixtures/mlflow3/agentic-business-ops/mlruns'));
    const [info] = (await store.searchTraces({ experimentIds: ['565662728625871820'], maxResults: 1 })).items;
    const trace = await store.getTrace(info!.traceId);
    assert.equal(trace.data.kind, 'spans');
    const tree = buildSpanTree(trace.data.kind === 'spans' ? trace.data.spans : []);
    const diff = diffSpanTrees(tree, tree);
    assert.equal(diff.matched, tree.count);
    assert.deepEqual([diff.added, diff.removed, diff.durationDeltaNs], [0, 0, 0]);
    assert.deepEqual(diff.rows.map((r) => r.left), [...Array(tree.count).keys()]);
    assert.ok(diff.rows.every((r) => r.left === r.right && r.leftDurationNs === r.rightDurationNs));
  });

  it('a 10,000-deep chain does not overflow the stack', () => {
    const spans = Array.from({ length: 10_000 }, (_, i) => span(String(i + 1), i === 0 ? null : String(i), `step ${i}`, i, 20_000 - i));
    const tree = buildSpanTree(spans);
    const diff = diffSpanTrees(tree, buildSpanTree(spans.slice(0, 9_000)));
    assert.deepEqual([diff.matched, diff.removed, diff.rows.at(-1)!.depth], [9_000, 1_000, 9_999]);
  });
});
