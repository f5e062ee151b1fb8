// A metric against a param, one dot per run: numbers on a linear x axis, categories spread around their slot.
import { formatMetricValue } from '../../core/runsView/runPresentation';
import { h } from '../shared/dom';
import { cssColour } from './chart';
import type { ScatterData } from './contract';

const HEIGHT = 260;
const PAD = { left: 56, right: 12, top: 12, bottom: 34 };

export function scatterCanvas(scatter: ScatterData, width: number): HTMLCanvasElement {
  const ratio = devicePixelRatio || 1;
  const canvas = h('canvas', { width: width * ratio, height: HEIGHT * ratio, 'aria-label': `${scatter.metric} against ${scatter.param}` });
  canvas.style.width = `${width}px`;
  canvas.style.height = `${HEIGHT}px`;
  const ctx = canvas.getContext('2d');
  const points = scatter.x.flatMap((x, i) => (x === null || scatter.y[i] === null ? [] : [[x, scatter.y[i]!] as const]));
  if (!ctx) return canvas;
  ctx.scale(ratio, ratio);
  const foreground = cssColour('--vscode-foreground', '#cccccc');
  ctx.fillStyle = foreground;
  ctx.font = '11px sans-serif';
  if (points.length === 0) {
    ctx.fillText(`No run has both ${scatter.param} and ${scatter.metric}.`, PAD.left, HEIGHT / 2);
    return canvas;
  }
  const categorical = scatter.categories.length > 0;
  const xs = points.map(([x]) => x);
  const ys = points.map(([, y]) => y);
  const [x0, x1] = categorical ? [-0.5, scatter.categories.length - 0.5] : range(xs);
  const [y0, y1] = range(ys);
  const px = (x: number) => PAD.left + ((x - x0) / (x1 - x0 || 1)) * (width - PAD.left - PAD.right);
  const py = (y: number) => HEIGHT - PAD.bottom - ((y - y0) / (y1 - y0 || 1)) * (HEIGHT - PAD.top - PAD.bottom);
  ctx.strokeStyle = cssColour('--vscode-editorWidget-border', '#555555');
  ctx.strokeRect(PAD.left, PAD.top, width - PAD.left - PAD.right, HEIGHT - PAD.top - PAD.bottom);
  ctx.fillText(formatMetricValue(y1), 4, PAD.top + 8);
  ctx.fillText(formatMetricValue(y0), 4, HEIGHT - PAD.bottom);
  if (categorical) {
    for (const [i, c] of scatter.categories.entries()) ctx.fillText(c, px(i) - ctx.measureText(c).width / 2, HEIGHT - 12);
  } else {
    ctx.fillText(formatMetricValue(x0), PAD.left, HEIGHT - 12);
    const last = formatMetricValue(x1);
    ctx.fillText(last, width - PAD.right - ctx.measureText(last).width, HEIGHT - 12);
  }
  ctx.fillStyle = cssColour('--vscode-charts-blue', '#3794ff');
  ctx.globalAlpha = 0.7;
  points.forEach(([x, y], i) => {
    // Spread a category's dots sideways (deterministically) so they do not hide each other.
    const jitter = categorical ? (((i * 7919) % 101) / 101 - 0.5) * 0.5 : 0;
    ctx.beginPath();
    ctx.arc(px(x + jitter), py(y), 2.5, 0, 2 * Math.PI);
    ctx.fill();
  });
  return canvas;
}

function range(values: number[]): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo === hi ? [lo - 1, hi + 1] : [lo, hi];
}
