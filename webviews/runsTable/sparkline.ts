// The history of a metric, drawn small beside the hovered cell (min/max downsampled by the host).
import { h } from '../shared/dom';

const WIDTH = 160;
const HEIGHT = 40;

export function sparklineCanvas(x: number[], y: number[], color: string): HTMLCanvasElement {
  const canvas = h('canvas', { width: WIDTH * devicePixelRatio, height: HEIGHT * devicePixelRatio, class: 'sparkline' });
  canvas.style.width = `${WIDTH}px`;
  canvas.style.height = `${HEIGHT}px`;
  const ctx = canvas.getContext('2d');
  const finite = y.map((v, i) => [x[i]!, v] as const).filter(([, v]) => Number.isFinite(v));
  if (!ctx || finite.length === 0) return canvas;
  ctx.scale(devicePixelRatio, devicePixelRatio);
  const xs = finite.map(([a]) => a);
  const ys = finite.map(([, b]) => b);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const px = (v: number) => (x1 === x0 ? WIDTH / 2 : ((v - x0) / (x1 - x0)) * (WIDTH - 4) + 2);
  const py = (v: number) => (y1 === y0 ? HEIGHT / 2 : HEIGHT - 2 - ((v - y0) / (y1 - y0)) * (HEIGHT - 4));
  ctx.strokeStyle = color;
  ctx.lineWidth = 1.25;
  ctx.beginPath();
  for (const [i, [a, b]] of finite.entries()) {
    if (i === 0) ctx.moveTo(px(a), py(b));
    else ctx.lineTo(px(a), py(b));
  }
  ctx.stroke();
  return canvas;
}
