// The per-column picture, drawn only when a row is expanded: reference and current shares overlaid per histogram
// bin (numeric) or side by side per category, as inline SVG built through the DOM (data never becomes markup).
import type { ColumnChart } from '../../core/drift/columnDrift';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 680;
const HEIGHT = 220;
const PAD = { left: 44, right: 8, top: 8, bottom: 46 };

function el<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

function text(x: number, y: number, content: string, anchor = 'middle', rotate = 0): SVGTextElement {
  const t = el('text', { x, y, 'text-anchor': anchor, ...(rotate ? { transform: `rotate(${rotate} ${x} ${y})` } : {}) });
  t.textContent = content;
  return t;
}

function bar(x: number, y: number, w: number, h: number, fill: string, opacity: number, title: string): SVGRectElement {
  const rect = el('rect', { x, y, width: Math.max(w, 0.5), height: Math.max(h, 0), fill, 'fill-opacity': opacity });
  const tip = el('title', {});
  tip.textContent = title;
  rect.appendChild(tip);
  return rect;
}

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

function short(value: number): string {
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e5 || abs < 1e-3)) return value.toExponential(1);
  return Number(value.toPrecision(4)).toString();
}

export function drawChart(chart: ColumnChart): SVGSVGElement {
  const svg = el('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, width: WIDTH, height: HEIGHT, role: 'img' });
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const max = Math.max(1e-12, ...chart.reference, ...chart.current);
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  svg.appendChild(el('line', { x1: PAD.left, x2: PAD.left + plotW, y1: PAD.top + plotH, y2: PAD.top + plotH, stroke: 'currentColor', 'stroke-opacity': 0.3 }));
  svg.appendChild(text(PAD.left - 4, PAD.top + 8, pct(max), 'end'));
  svg.appendChild(text(PAD.left - 4, PAD.top + plotH, '0%', 'end'));
  const n = chart.reference.length;
  const slot = plotW / Math.max(n, 1);
  for (let i = 0; i < n; i++) {
    const r = chart.reference[i]!;
    const c = chart.current[i]!;
    const x = PAD.left + i * slot;
    const label =
      chart.kind === 'histogram' ? `[${short(chart.edges[i]!)}, ${short(chart.edges[i + 1]!)}${i === n - 1 ? ']' : ')'}` : chart.keys[i]!;
    if (chart.kind === 'histogram') {
      svg.appendChild(bar(x + 1, y(r), slot - 2, PAD.top + plotH - y(r), 'var(--ref)', 0.55, `${label} reference ${pct(r)}`));
      svg.appendChild(bar(x + 1, y(c), slot - 2, PAD.top + plotH - y(c), 'var(--cur)', 0.55, `${label} current ${pct(c)}`));
    } else {
      const w = (slot - 4) / 2;
      svg.appendChild(bar(x + 2, y(r), w, PAD.top + plotH - y(r), 'var(--ref)', 0.85, `${label}: reference ${pct(r)}`));
      svg.appendChild(bar(x + 2 + w, y(c), w, PAD.top + plotH - y(c), 'var(--cur)', 0.85, `${label}: current ${pct(c)}`));
      const shown = label.length > 14 ? `${label.slice(0, 13)}…` : label;
      svg.appendChild(text(x + slot / 2, PAD.top + plotH + 12, shown, 'end', n > 8 ? -35 : 0));
    }
  }
  if (chart.kind === 'histogram') {
    const ticks: [number, string][] = [
      [0, 'start'],
      [Math.floor(n / 2), 'middle'],
      [n, 'end'],
    ];
    for (const [t, anchor] of ticks) svg.appendChild(text(PAD.left + t * slot, PAD.top + plotH + 14, short(chart.edges[t]!), anchor));
  }
  return svg;
}
