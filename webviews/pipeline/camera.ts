// The pipeline drawing's camera: which part of the drawing the viewport shows, as the drawing point at the
// viewport's centre and a scale in screen pixels per drawing unit. Plain math, so the zoom and pan rules are tested
// without a browser; panZoom.ts turns it into the SVG's viewBox.

export interface Size {
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

export interface Camera {
  center: Point;
  scale: number;
}

/** Nodes are drawn for 1×; past 4× a zoom shows nothing more. */
export const MAX_SCALE = 4;
/** Zooming out stops at half the fitted size: smaller, the drawing is only a smudge. */
const MIN_OF_FIT = 0.5;

/** The whole drawing, centred, as large as fits — but never magnified: a small pipeline stays at its natural size. */
export function fitted(content: Size, viewport: Size): Camera {
  const scale = Math.min(viewport.width / content.width, viewport.height / content.height, 1);
  return { center: { x: content.width / 2, y: content.height / 2 }, scale };
}

/** Zooms by `factor` about `anchor` (viewport pixels from its top-left corner): the drawing point under it stays. */
export function zoomed(camera: Camera, factor: number, anchor: Point, content: Size, viewport: Size): Camera {
  const min = fitted(content, viewport).scale * MIN_OF_FIT;
  const scale = Math.min(MAX_SCALE, Math.max(min, camera.scale * factor));
  const under = toDrawing(camera, anchor, viewport);
  const center = {
    x: under.x - (anchor.x - viewport.width / 2) / scale,
    y: under.y - (anchor.y - viewport.height / 2) / scale,
  };
  return { center: clampedCenter(center, content), scale };
}

/** Moves the drawing by (dx, dy) screen pixels, as a drag does; its centre never leaves the drawing. */
export function panned(camera: Camera, dx: number, dy: number, content: Size): Camera {
  const center = { x: camera.center.x - dx / camera.scale, y: camera.center.y - dy / camera.scale };
  return { center: clampedCenter(center, content), scale: camera.scale };
}

/** The drawing point shown at `point` (viewport pixels from its top-left corner). */
export function toDrawing(camera: Camera, point: Point, viewport: Size): Point {
  return {
    x: camera.center.x + (point.x - viewport.width / 2) / camera.scale,
    y: camera.center.y + (point.y - viewport.height / 2) / camera.scale,
  };
}

/** The SVG viewBox that shows what the camera sees in a viewport of this size. */
export function viewBox(camera: Camera, viewport: Size): string {
  const width = viewport.width / camera.scale;
  const height = viewport.height / camera.scale;
  return [camera.center.x - width / 2, camera.center.y - height / 2, width, height].map((n) => round(n)).join(' ');
}

function clampedCenter(center: Point, content: Size): Point {
  return { x: Math.min(content.width, Math.max(0, center.x)), y: Math.min(content.height, Math.max(0, center.y)) };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
