// One group of the metric plot: its metric checkboxes and one uPlot chart per chosen metric, one series per run.
// The plot has two — the metrics the run's code logged, and System (CPU, memory, GPU) — drawn the same way.
import uPlot from 'uplot';
import { h } from '../shared/dom';
import type { PlotRun, PlotSeriesData, PlotXAxis } from './contract';
import { smoothEma } from './smoothing';

// Distinguishable on dark and light themes; the nth run gets the nth colour.
const PALETTE = ['#3794ff', '#f14c4c', '#89d185', '#cca700', '#b180d7', '#4ec9b0', '#ce9178', '#d7ba7d'];
const CHART_HEIGHT = 260;
const X_LABELS: Record<PlotXAxis, string> = { step: 'step', time: 'wall time', relative: 'seconds' };

/** What a group shows: a slice of the host's state. */
export interface GroupView {
  runs: PlotRun[];
  available: string[];
  metrics: string[];
  xAxis: PlotXAxis;
  series: PlotSeriesData[];
}

/** Settings the toolbar holds for both groups. */
export interface ChartSettings {
  smoothing: number;
  logScale: boolean;
  /** Series a user hid by clicking the legend, by label; kept across redraws. */
  hidden: Set<string>;
}

export class ChartGroup {
  readonly metricList = h('div', { class: 'metrics', role: 'group' });
  readonly chartsBox = h('div', { class: 'charts' });
  private readonly charts = new Map<string, uPlot>();
  private drawnLayout = '';
  private view: GroupView | undefined;

  constructor(
    label: string,
    private readonly settings: ChartSettings,
    private readonly choose: (metrics: string[]) => void,
  ) {
    this.metricList.setAttribute('aria-label', label);
  }

  show(view: GroupView): void {
    this.view = view;
    this.renderMetricList(view);
  }

  /** Draws the last view; returns the series and points on the charts. */
  draw(): { series: number; points: number } {
    const view = this.view;
    if (!view) return { series: 0, points: 0 };
    const layout = this.layoutOf(view);
    if (layout !== this.drawnLayout) this.rebuild(view);
    else for (const [metric, chart] of this.charts) chart.setData(this.chartData(view, seriesOf(view, metric)));
    this.drawnLayout = layout;
    const drawn = view.series.filter((s) => this.charts.has(s.metric));
    return { series: drawn.length, points: drawn.reduce((n, s) => n + s.x.length, 0) };
  }

  resize(): void {
    for (const chart of this.charts.values()) chart.setSize({ width: this.width(), height: CHART_HEIGHT });
  }

  canvases(): HTMLCanvasElement[] {
    return [...this.charts.values()].map((c) => c.ctx.canvas);
  }

  width(): number {
    return Math.max(200, this.chartsBox.clientWidth || document.body.clientWidth - 24);
  }

  private renderMetricList(view: GroupView): void {
    this.metricList.replaceChildren(
      ...view.available.map((key) => {
        const box = h('input', { type: 'checkbox', value: key, checked: view.metrics.includes(key) });
        box.addEventListener('change', () => this.choose([...this.metricList.querySelectorAll('input')].filter((i) => i.checked).map((i) => i.value)));
        return h('label', { class: 'metric' }, box, ` ${key}`);
      }),
    );
  }

  /**
   * What decides the charts' shape. When only values change (a live run logging, the smoothing slider), the charts
   * take the new data in place and keep cursor, zoom and legend state.
   */
  private layoutOf(view: GroupView): string {
    const perMetric = view.metrics.map((m) => [m, seriesOf(view, m).map((s) => s.run)]);
    return JSON.stringify([view.xAxis, this.settings.logScale, perMetric]);
  }

  private rebuild(view: GroupView): void {
    for (const chart of this.charts.values()) chart.destroy();
    this.charts.clear();
    this.chartsBox.replaceChildren();
    for (const metric of view.metrics) {
      const series = seriesOf(view, metric);
      const box = h('section', { class: 'chart', 'data-metric': metric }, h('h2', {}, metric));
      this.chartsBox.append(box);
      if (series.length === 0) box.append(h('p', { class: 'empty' }, `No values logged for ${metric}.`));
      else this.charts.set(metric, this.chartFor(view, series, box));
    }
  }

  /** One x column shared by every run (uPlot.join fills the gaps), y smoothed and fitted to the scale. */
  private chartData(view: GroupView, series: PlotSeriesData[]): uPlot.AlignedData {
    const data = uPlot.join(series.map((s) => [s.x, this.yValues(s.y)]));
    // uPlot's time scale counts seconds; the host sends wall time in milliseconds.
    if (view.xAxis === 'time') data[0] = (data[0] as number[]).map((ms) => ms / 1000);
    return data;
  }

  private chartFor(view: GroupView, series: PlotSeriesData[], box: HTMLElement): uPlot {
    const { hidden } = this.settings;
    const labels = series.map((s) => view.runs.find((r) => r.id === s.run)?.label ?? s.run);
    const options: uPlot.Options = {
      width: this.width(),
      height: CHART_HEIGHT,
      scales: { x: { time: view.xAxis === 'time' }, y: { distr: this.settings.logScale ? 3 : 1 } },
      axes: [axis(X_LABELS[view.xAxis]), axis('')],
      series: [
        { label: X_LABELS[view.xAxis] },
        ...labels.map((label, i) => ({
          label,
          stroke: PALETTE[i % PALETTE.length]!,
          width: 1.5,
          spanGaps: true,
          show: !hidden.has(label),
          points: { show: false },
        })),
      ],
      legend: { live: true },
      hooks: {
        setSeries: [
          (u: uPlot, index: number | null) => {
            if (index === null || index === 0) return;
            const s = u.series[index]!;
            const label = String(s.label);
            if (s.show) hidden.delete(label);
            else hidden.add(label);
          },
        ],
      },
    };
    return new uPlot(options, this.chartData(view, series), box);
  }

  private yValues(values: Array<number | null>): Array<number | null> {
    const smoothed = smoothEma(values, this.settings.smoothing);
    // A log scale has no place for zero or negative values: leave gaps rather than break the axis.
    return this.settings.logScale ? smoothed.map((v) => (v !== null && v > 0 ? v : null)) : smoothed;
  }
}

function seriesOf(view: GroupView, metric: string): PlotSeriesData[] {
  return view.series.filter((s) => s.metric === metric);
}

function axis(label: string): uPlot.Axis {
  const color = getComputedStyle(document.body).getPropertyValue('--vscode-foreground').trim() || '#ccc';
  const grid = getComputedStyle(document.body).getPropertyValue('--vscode-editorWidget-border').trim() || '#444';
  return { label, stroke: color, grid: { stroke: grid, width: 0.5 }, ticks: { stroke: grid, width: 0.5 } };
}
