import assert from 'node:assert/strict';
import { test } from 'node:test';
import { layeredLayout } from '../../../core/graph/layeredLayout';

test('layers follow the longest path, so every edge points to a later layer', () => {
  const edges = [
    { from: 'raw', to: 'prepare' },
    { from: 'prepare', to: 'featurize' },
    { from: 'featurize', to: 'train' },
    { from: 'featurize', to: 'evaluate' },
    { from: 'train', to: 'evaluate' },
  ];
  const { places, layers } = layeredLayout(['raw', 'labels', 'prepare', 'featurize', 'train', 'evaluate'], edges);
  assert.deepEqual(layers, [['raw', 'labels'], ['prepare'], ['featurize'], ['train'], ['evaluate']]);
  for (const e of edges) assert.ok(places.get(e.from)!.layer < places.get(e.to)!.layer, `${e.from} → ${e.to}`);
});

test('ordering inside a layer follows the neighbours, removing a crossing', () => {
  // a→y and b→x: drawn in input order the two edges cross; the sweep puts x under b and y under a.
  const { layers } = layeredLayout(['a', 'b', 'x', 'y'], [
    { from: 'a', to: 'y' },
    { from: 'b', to: 'x' },
  ]);
  assert.deepEqual(layers, [['a', 'b'], ['y', 'x']]);
});

test('a cycle, unknown endpoints and self-loops do not lose nodes', () => {
  const { places } = layeredLayout(['s', 'p', 'q'], [
    { from: 's', to: 'p' },
    { from: 'p', to: 'q' },
    { from: 'q', to: 'p' },
    { from: 's', to: 's' },
    { from: 'ghost', to: 's' },
  ]);
  assert.equal(places.size, 3);
  assert.equal(places.get('s')!.layer, 0);
  assert.equal(places.get('p')!.layer, 1);
  assert.equal(places.get('q')!.layer, 1);
});
