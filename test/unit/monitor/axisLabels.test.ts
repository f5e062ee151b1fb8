// Batch labels on the dashboard's axes: as many as fit, never two closer than a label's width, the latest always.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { labelledIndices, labelWidth } from '../../../webviews/monitor/axisLabels';

function closest(indices: number[], spacing: number): number {
  return Math.min(...indices.slice(1).map((index, i) => (index - indices[i]!) * spacing));
}

describe('labelled batches', () => {
  test('every batch when the labels fit', () => {
    assert.deepEqual(labelledIndices(5, 40, 20), [0, 1, 2, 3, 4]);
  });

  test("30 dates on a normal editor's trend: thinned, the last one kept and apart from its neighbour", () => {
    const width = labelWidth('2026-11-30'.length, 10);
    const spacing = 620 / 29;
    const shown = labelledIndices(30, spacing, width);
    assert.equal(shown[0], 0);
    assert.equal(shown.at(-1), 29);
    assert.ok(closest(shown, spacing) >= width, `labels ${shown.join()} touch`);
    assert.ok(shown.length >= 6, `only ${shown.length} labels`);
  });

  test('90 batches at the narrowest heat-map cells: apart, evenly stepped, the last one kept', () => {
    const width = labelWidth(2, 11, 3);
    const shown = labelledIndices(90, 16, width);
    assert.ok(closest(shown, 16) >= width);
    assert.equal(shown.at(-1), 89);
    const steps = new Set(shown.slice(1, -1).map((index, i) => index - shown[i]!));
    assert.equal(steps.size, 1, `regular labels ${shown.join()}`);
  });

  test('the first crossing is labelled, displacing the regular labels it would touch', () => {
    const width = labelWidth(2, 11, 3);
    const shown = labelledIndices(31, 16, width, 19);
    assert.ok(shown.includes(19), shown.join());
    assert.ok(closest(shown, 16) >= width, shown.join());
    assert.equal(shown.at(-1), 30);
    assert.deepEqual(labelledIndices(31, 16, width, 29), labelledIndices(31, 16, width), 'beside the latest it yields');
  });

  test('a latest batch too close to the first drops the first; one batch, one label; none, none', () => {
    assert.deepEqual(labelledIndices(2, 5, 60), [1]);
    assert.deepEqual(labelledIndices(1, 100, 60), [0]);
    assert.deepEqual(labelledIndices(0, 100, 60), []);
  });
});
