// The table's column layout (webviews/runsTable/layout.ts): groups in MLflow's order, pinned columns first, the
// user's order within a group, hidden and unvarying columns out, folded groups as one narrow column.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { columnsFor } from '../../../core/runsTable/columns';
import { EMPTY_LAYOUT } from '../../../webviews/runsTable/contract';
import { moveColumn, placeColumns } from '../../../webviews/runsTable/layout';

const columns = columnsFor({ params: ['lr', 'depth', 'seed'], metrics: ['acc', 'loss'], tags: ['a', 'b'] });
const ids = (layout = EMPTY_LAYOUT, unvarying = new Set<string>()) =>
  placeColumns(columns, layout, unvarying).columns.map((p) => (p.kind === 'column' ? p.column.id : `folded ${p.group} (${p.count})`));

test('by default: the name pinned first, run fields, params, metrics, and tags folded', () => {
  assert.deepEqual(ids(), [
    'attributes.run_name',
    'attributes.status',
    'attributes.start_time',
    'attributes.duration',
    'attributes.user_id',
    'attributes.source',
    'params.lr',
    'params.depth',
    'params.seed',
    'metrics.acc',
    'metrics.loss',
    'folded tags (2)',
  ]);
  const placed = placeColumns(columns, EMPTY_LAYOUT, new Set()).columns;
  for (let i = 1; i < placed.length; i++) assert.equal(placed[i]!.left, placed[i - 1]!.left + placed[i - 1]!.width);
});

test('pins, hidden columns, unvarying params and a moved column', () => {
  const layout = { ...EMPTY_LAYOUT, pinned: ['attributes.run_name', 'metrics.loss'], hidden: ['attributes.source', 'attributes.user_id'], foldedGroups: [] };
  const moved = moveColumn(layout, columns, 'params.seed', 'params.lr');
  assert.deepEqual(ids(moved, new Set(['depth'])), [
    'attributes.run_name',
    'metrics.loss',
    'attributes.status',
    'attributes.start_time',
    'attributes.duration',
    'params.seed',
    'params.lr',
    'metrics.acc',
    'tags.a',
    'tags.b',
  ]);
  assert.equal(placeColumns(columns, moved, new Set()).pinnedWidth, 190 + 156);
});
