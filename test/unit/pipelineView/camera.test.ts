// The pipeline drawing's camera: a wide pipeline opens with every node inside the panel, zooming keeps the point
// under the pointer in place, and neither zoom nor pan can lose the drawing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Camera, fitted, MAX_SCALE, panned, type Point, type Size, toDrawing, viewBox, zoomed } from '../../../webviews/pipeline/camera';

// 14 columns of 170-px nodes with 56-px gaps, two rows: far wider than a 700-px panel.
const wide: Size = { width: 32 + 14 * 170 + 13 * 56, height: 32 + 2 * 48 + 22 };
const panel: Size = { width: 700, height: 200 };

/** Where a drawing point lands in the viewport: the inverse of toDrawing. */
function toScreen(camera: Camera, point: Point, viewport: Size): Point {
  return {
    x: (point.x - camera.center.x) * camera.scale + viewport.width / 2,
    y: (point.y - camera.center.y) * camera.scale + viewport.height / 2,
  };
}

function close(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) < 1e-6, `${what}: ${actual} ≠ ${expected}`);
}

test('a wide pipeline opens fitted: all four corners of the drawing are inside the panel', () => {
  const camera = fitted(wide, panel);
  close(camera.scale, panel.width / wide.width, 'scale');
  for (const corner of [
    { x: 0, y: 0 },
    { x: wide.width, y: 0 },
    { x: 0, y: wide.height },
    { x: wide.width, y: wide.height },
  ]) {
    const at = toScreen(camera, corner, panel);
    assert.ok(at.x >= -1e-6 && at.x <= panel.width + 1e-6 && at.y >= -1e-6 && at.y <= panel.height + 1e-6, JSON.stringify({ corner, at }));
  }
});

test('a small pipeline is never magnified to fit', () => {
  assert.equal(fitted({ width: 300, height: 100 }, panel).scale, 1);
});

test('zooming keeps the drawing point under the pointer where it was', () => {
  const start = fitted(wide, panel);
  const pointer = { x: 610, y: 95 }; // over the fitted drawing, a strip across the panel's middle
  const before = toDrawing(start, pointer, panel);
  const after = zoomed(start, 2, pointer, wide, panel);
  close(after.scale, start.scale * 2, 'scale');
  const still = toDrawing(after, pointer, panel);
  close(still.x, before.x, 'x under the pointer');
  close(still.y, before.y, 'y under the pointer');
});

test('zoom stops at 4× in and at half the fitted size out', () => {
  let camera = fitted(wide, panel);
  const centre = { x: panel.width / 2, y: panel.height / 2 };
  for (let i = 0; i < 40; i++) camera = zoomed(camera, 1.25, centre, wide, panel);
  assert.equal(camera.scale, MAX_SCALE);
  for (let i = 0; i < 80; i++) camera = zoomed(camera, 0.8, centre, wide, panel);
  close(camera.scale, fitted(wide, panel).scale / 2, 'smallest scale');
});

test('a drag moves the drawing with the pointer, and the centre never leaves the drawing', () => {
  const camera = zoomed(fitted(wide, panel), 4, { x: 350, y: 100 }, wide, panel);
  const moved = panned(camera, 120, -30, wide);
  const point = { x: wide.width / 2, y: wide.height / 2 };
  const before = toScreen(camera, point, panel);
  const after = toScreen(moved, point, panel);
  close(after.x - before.x, 120, 'moved right');
  close(after.y - before.y, -30, 'moved up');
  const far = panned(camera, -1e6, 1e6, wide);
  assert.deepEqual(far.center, { x: wide.width, y: 0 });
});

test('the viewBox is the viewport measured in drawing units around the centre', () => {
  const camera: Camera = { center: { x: 500, y: 80 }, scale: 0.5 };
  assert.equal(viewBox(camera, panel), '-200 -120 1400 400');
});
