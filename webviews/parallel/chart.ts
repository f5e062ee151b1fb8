// The parallel-coordinates chart: lines on one canvas (batched by colour, so 10k runs × 12 axes draw in one pass),
// axes, ticks and brushes as DOM over it. Positions come from core's axisPosition, and the runs a brush keeps from
// core's brushedRuns — the same functions the host and the tests use.
import { type Axis, axisPosition, axisValue, type Brush, brushedRuns, type ParallelData } from '../../core/runsTable/parallelCoordinates';
import { formatMetricValue } from '../../core/runsView/runPresentation';
import { h } from '../shared/dom';

const HEIGHT = 380;
const MARGIN = { top: 42, bottom: 40, side: 70 };
/** Where a run without a value on an axis is drawn: just below it. */
const MISSING_POSITION = -0.07;
const COLOUR_BUCKETS = 32;
const SNAP_PIXELS = 4;
/** viridis at five stops: readable on dark and light themes, and in grey. */
const VIRIDIS = ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725'];

export interface ChartEvents {
  brushed(runIds: string[] | null, kept: number): void;
  reveal(runId: string, label: string): void;
  painted(lines: number, kept: number, drawMs: number): void;
}

export class ParallelChart {
  private data: ParallelData | undefined;
  private axes: Axis[] = [];
  private readonly brushes = new Map<string, Brush>();
  private readonly scaleOverrides = new Map<string, 'linear' | 'log'>();
  private kept = new Set<number>();
  private readonly canvas = h('canvas', { class: 'lines', 'aria-label': 'Runs as lines across the axes' });
  private readonly overlay = h('div', { class: 'overlay' });
  readonly element = h('div', { class: 'chart' }, this.canvas, this.overlay);
  private width = 0;
  /** False while a sample is drawn: a brush then would keep runs of the sample only. */
  brushing = true;

  constructor(private readonly events: ChartEvents) {
    new ResizeObserver(() => this.draw()).observe(this.element);
    this.canvas.addEventListener('click', (event) => this.clickLine(event));
  }

  setData(data: ParallelData): void {
    const sameAxes = this.data && this.data.axes.map((a) => a.id).join('\0') === data.axes.map((a) => a.id).join('\0');
    this.data = data;
    if (!sameAxes) {
      this.brushes.clear();
      this.scaleOverrides.clear();
    }
    this.refreshAxes();
    this.draw();
  }

  clearBrushes(): void {
    this.brushes.clear();
    this.draw();
    this.announce();
  }

  private refreshAxes(): void {
    this.axes = (this.data?.axes ?? []).map((axis) => {
      const override = this.scaleOverrides.get(axis.id);
      return override ? { ...axis, scale: override } : axis;
    });
  }

  private x(index: number): number {
    const span = Math.max(1, this.width - 2 * MARGIN.side);
    return this.axes.length <= 1 ? this.width / 2 : MARGIN.side + (index * span) / (this.axes.length - 1);
  }

  private y(position: number): number {
    return MARGIN.top + (1 - position) * (HEIGHT - MARGIN.top - MARGIN.bottom);
  }

  private positionOf(axis: Axis, run: number): number {
    const value = axis.values[run];
    return value === null || value === undefined ? MISSING_POSITION : axisPosition(axis, value);
  }

  draw(): void {
    const data = this.data;
    if (!data) return;
    const started = performance.now();
    this.width = Math.max(300, this.element.clientWidth);
    const ratio = devicePixelRatio || 1;
    this.canvas.width = this.width * ratio;
    this.canvas.height = HEIGHT * ratio;
    this.canvas.style.width = `${this.width}px`;
    this.canvas.style.height = `${HEIGHT}px`;
    const ctx = this.canvas.getContext('2d')!;
    ctx.scale(ratio, ratio);
    const withData = { ...data, axes: this.axes };
    this.kept = new Set(brushedRuns(withData, [...this.brushes.values()]));
    const metricAxis = this.axes.at(-1)!;
    const buckets: number[][] = Array.from({ length: COLOUR_BUCKETS + 1 }, () => []);
    const faded: number[] = [];
    for (let run = 0; run < data.runIds.length; run++) {
      if (!this.kept.has(run)) {
        faded.push(run);
        continue;
      }
      const value = metricAxis.values[run];
      if (value === null || value === undefined) {
        buckets[COLOUR_BUCKETS]!.push(run);
        continue;
      }
      // The better end is bright: for a metric to minimize that is the bottom of its axis.
      const position = axisPosition(metricAxis, value);
      buckets[Math.round((data.better === 'lower' ? 1 - position : position) * (COLOUR_BUCKETS - 1))]!.push(run);
    }
    ctx.lineWidth = 1;
    ctx.globalAlpha = 0.18;
    this.strokeRuns(ctx, faded, cssColour('--vscode-disabledForeground', '#808080'));
    ctx.globalAlpha = Math.max(0.25, Math.min(0.9, 40 / Math.sqrt(Math.max(1, this.kept.size))));
    buckets.forEach((runs, bucket) => {
      this.strokeRuns(ctx, runs, bucket === COLOUR_BUCKETS ? '#888888' : viridis(bucket / (COLOUR_BUCKETS - 1)));
    });
    ctx.globalAlpha = 1;
    this.drawAxes();
    this.events.painted(data.runIds.length, this.kept.size, performance.now() - started);
  }

  private strokeRuns(ctx: CanvasRenderingContext2D, runs: number[], colour: string): void {
    if (runs.length === 0) return;
    ctx.strokeStyle = colour;
    ctx.beginPath();
    for (const run of runs) {
      for (let a = 0; a < this.axes.length; a++) {
        const x = this.x(a);
        const y = this.y(this.positionOf(this.axes[a]!, run));
        if (a === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      }
    }
    ctx.stroke();
  }

  private drawAxes(): void {
    const elements: HTMLElement[] = [];
    this.axes.forEach((axis, index) => {
      const x = this.x(index);
      const line = h('div', { class: 'axis', 'data-axis': axis.id, title: `${axis.id} — drag along the axis to brush` });
      line.style.left = `${x - 12}px`;
      line.style.top = `${MARGIN.top}px`;
      line.style.height = `${HEIGHT - MARGIN.top - MARGIN.bottom}px`;
      this.brushable(line, axis);
      const label = h('div', { class: `axis-label${index === this.axes.length - 1 ? ' metric' : ''}`, title: axis.id }, axis.label);
      label.style.left = `${x}px`;
      elements.push(line, label, ...this.ticks(axis, x));
      if (axis.scale !== 'categorical') elements.push(this.scaleToggle(axis, x));
      const brush = this.brushes.get(axis.id);
      if (brush) {
        const box = h('div', { class: 'brush', title: 'Click the axis to clear this brush' });
        box.style.left = `${x - 8}px`;
        box.style.top = `${this.y(Math.max(brush.low, brush.high))}px`;
        box.style.height = `${Math.abs(this.y(brush.low) - this.y(brush.high))}px`;
        elements.push(box);
      }
    });
    this.overlay.style.height = `${HEIGHT}px`;
    this.overlay.replaceChildren(...elements);
  }

  private ticks(axis: Axis, x: number): HTMLElement[] {
    const positions = axis.scale === 'categorical' ? axis.categories.map((_, i) => axisPosition(axis, i)) : [0, 0.25, 0.5, 0.75, 1];
    const ticks = positions.map((position, i) => {
      const text = axis.scale === 'categorical' ? axis.categories[i]! : formatMetricValue(axisValue(axis, position));
      const tick = h('div', { class: 'tick' }, text);
      tick.style.left = `${x + 4}px`;
      tick.style.top = `${this.y(position) - 7}px`;
      return tick;
    });
    if (axis.values.some((v) => v === null)) {
      const missing = h('div', { class: 'tick missing', title: 'runs without a value' }, '∅');
      missing.style.left = `${x + 4}px`;
      missing.style.top = `${this.y(MISSING_POSITION) - 7}px`;
      ticks.push(missing);
    }
    return ticks;
  }

  private scaleToggle(axis: Axis, x: number): HTMLElement {
    const canLog = axis.min > 0;
    const button = h('button', { type: 'button', class: 'scale', disabled: !canLog && axis.scale === 'linear', title: canLog ? 'Switch between a linear and a log axis' : 'A log axis needs positive values' }, axis.scale === 'log' ? 'log' : 'lin');
    button.style.left = `${x}px`;
    button.style.top = `${HEIGHT - MARGIN.bottom + 14}px`;
    button.addEventListener('click', () => {
      this.scaleOverrides.set(axis.id, axis.scale === 'log' ? 'linear' : 'log');
      this.brushes.delete(axis.id);
      this.refreshAxes();
      this.draw();
      this.announce();
    });
    return button;
  }

  /** Drag along an axis to brush a range; a click without a drag clears the axis's brush. */
  private brushable(line: HTMLElement, axis: Axis): void {
    line.addEventListener('mousedown', (down) => {
      down.preventDefault();
      if (!this.brushing) return;
      const box = this.overlay.getBoundingClientRect();
      const span = HEIGHT - MARGIN.top - MARGIN.bottom;
      // Within a few pixels of an end is the end: a brush dragged from the top takes the largest value too.
      const snap = SNAP_PIXELS / span;
      const position = (clientY: number) => {
        const p = 1 - (clientY - box.top - MARGIN.top) / span;
        return p >= 1 - snap ? 1 : p <= snap ? 0 : p;
      };
      const start = position(down.clientY);
      let moved = false;
      let frame = 0;
      const move = (event: MouseEvent) => {
        if (Math.abs(event.clientY - down.clientY) < 3 && !moved) return;
        moved = true;
        this.brushes.set(axis.id, { axis: axis.id, low: Math.min(start, position(event.clientY)), high: Math.max(start, position(event.clientY)) });
        cancelAnimationFrame(frame);
        frame = requestAnimationFrame(() => this.draw());
      };
      const up = () => {
        window.removeEventListener('mousemove', move);
        window.removeEventListener('mouseup', up);
        if (!moved) this.brushes.delete(axis.id);
        cancelAnimationFrame(frame);
        this.draw();
        this.announce();
      };
      window.addEventListener('mousemove', move);
      window.addEventListener('mouseup', up);
    });
  }

  private announce(): void {
    const data = this.data;
    if (!data) return;
    if (this.brushes.size === 0) this.events.brushed(null, data.runIds.length);
    else this.events.brushed([...this.kept].map((run) => data.runIds[run]!), this.kept.size);
  }

  /** The kept line nearest the click, within 5 pixels, between the two axes around it. */
  private clickLine(event: MouseEvent): void {
    const data = this.data;
    if (!data || this.axes.length < 2) return;
    const box = this.canvas.getBoundingClientRect();
    const x = event.clientX - box.left;
    const y = event.clientY - box.top;
    let left = 0;
    while (left < this.axes.length - 2 && this.x(left + 1) < x) left++;
    const [x0, x1] = [this.x(left), this.x(left + 1)];
    const t = Math.max(0, Math.min(1, (x - x0) / (x1 - x0)));
    let best: { run: number; distance: number } | undefined;
    for (const run of this.kept) {
      const y0 = this.y(this.positionOf(this.axes[left]!, run));
      const y1 = this.y(this.positionOf(this.axes[left + 1]!, run));
      const distance = Math.abs(y0 + t * (y1 - y0) - y);
      if (distance < 5 && (!best || distance < best.distance)) best = { run, distance };
    }
    if (best) this.events.reveal(data.runIds[best.run]!, data.labels[best.run]!);
  }
}

export function viridis(t: number): string {
  const scaled = Math.max(0, Math.min(1, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(scaled));
  const f = scaled - i;
  const [a, b] = [hex(VIRIDIS[i]!), hex(VIRIDIS[i + 1]!)];
  return `rgb(${a.map((c, k) => Math.round(c + f * (b[k]! - c))).join(',')})`;
}

function hex(colour: string): number[] {
  return [1, 3, 5].map((i) => Number.parseInt(colour.slice(i, i + 2), 16));
}

export function cssColour(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}
