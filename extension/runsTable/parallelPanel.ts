// Parallel coordinates and param importance for a set of runs: from the runs table (its selection, or every run it
// shows, with its metric modes) or from an experiment. A brush filters the table it came from; a click on a line
// reveals the run in the Runs view.
import * as vscode from 'vscode';
import { paramImportance } from '../../core/runsTable/importance';
import { type Axis, type AxisInput, axisOf, betterEnd, parallelAxes } from '../../core/runsTable/parallelCoordinates';
import type { RunsTableSession } from '../../core/runsTable/session';
import { PREFERRED_KEY_METRICS } from '../../core/runsView/runPresentation';
import type { HostToParallel, ParallelState, ParallelToHost, ScatterData } from '../../webviews/parallel/contract';
import type { MlopsLog } from '../output';
import { WebviewPanelHost } from '../webviews/panelHost';
import type { RunsSource, RunsTablePanel } from './tablePanel';

/** More runs than this are first drawn as an evenly spread sample of about this many, then all of them. */
const FIRST_DRAWN_RUNS = 1000;
/** More axes than this read as noise: the first params (in the table's order) are drawn, the importance ranks all. */
const MAX_PARAM_AXES = 15;

export interface ParallelPanelStatus {
  title: string;
  metric: string;
  runs: number;
  axes: string[];
  brushed: string[] | null;
  painted?: { lines: number; kept: number; drawMs: number };
  /** From the command to the lines on screen. */
  firstPaintMs?: number;
}

export class ParallelPanel implements vscode.Disposable {
  private readonly host: WebviewPanelHost<HostToParallel, ParallelToHost>;
  private readonly opened = performance.now();
  private readonly title: string;
  private metric = '';
  private axes: string[] = [];
  private brushed: string[] | null = null;
  private painted: ParallelPanelStatus['painted'];
  private firstPaintMs: number | undefined;
  private loading: Promise<void> = Promise.resolve();
  /** The first drawing of many runs (an even sample), read while VS Code creates the webview rather than after it says ready. */
  private readonly opening: Promise<ParallelState | undefined>;

  constructor(
    extensionUri: vscode.Uri,
    private readonly log: MlopsLog,
    readonly source: RunsSource,
    private readonly session: RunsTableSession,
    private readonly runIds: string[],
    private readonly table: RunsTablePanel | undefined,
    onDispose: () => void,
  ) {
    this.title = `Parallel coordinates: ${source.experimentNames.join(', ')}`;
    this.host = WebviewPanelHost.open<HostToParallel, ParallelToHost>(extensionUri, { viewType: 'mlops.parallelCoordinates', title: this.title, bundle: 'parallel' });
    this.host.onMessage((message) => this.receive(message));
    this.host.onDidDispose(() => {
      if (this.brushed) void this.table?.brush(null);
      onDispose();
    });
    // A failure here is not reported: the same read runs again once the UI is ready, and reports it there.
    this.opening = this.sampleState().catch(() => undefined);
  }

  get status(): ParallelPanelStatus {
    const status: ParallelPanelStatus = { title: this.title, metric: this.metric, runs: this.runIds.length, axes: this.axes, brushed: this.brushed };
    if (this.painted) status.painted = this.painted;
    if (this.firstPaintMs !== undefined) status.firstPaintMs = this.firstPaintMs;
    return status;
  }

  reveal(): void {
    this.host.panel.reveal();
  }

  dispose(): void {
    this.host.dispose();
  }

  private receive(message: ParallelToHost): void {
    switch (message.type) {
      case 'ready':
        this.update(this.opening);
        return;
      case 'setMetric':
        this.metric = message.metric;
        this.update();
        return;
      case 'brushed':
        this.brushed = message.runIds;
        void this.table?.brush(message.runIds);
        return;
      case 'reveal':
        void vscode.commands.executeCommand('mlops.runs.reveal', message.runId);
        return;
      case 'scatter':
        void this.scatter(message.metric, message.param).catch((error: Error) => this.fail(error));
        return;
      case 'painted':
        this.painted = { lines: message.lines, kept: message.kept, drawMs: message.drawMs };
        if (this.firstPaintMs === undefined && message.lines > 0) {
          this.firstPaintMs = performance.now() - this.opened;
          this.log.info(
            `parallel coordinates: ${message.lines} lines × ${this.axes.length} axes on screen ${message.sinceReadyMs.toFixed(0)} ms after the webview was ready (drawing ${message.drawMs.toFixed(0)} ms; ${this.firstPaintMs.toFixed(0)} ms after opening, as the host saw it)`,
          );
        }
        return;
    }
  }

  private update(sample?: Promise<ParallelState | undefined>): void {
    this.loading = this.loading.then(() => this.load(sample)).catch((error: Error) => this.fail(error));
  }

  /**
   * A first drawing of an evenly spread sample when there are many runs (its values are a few indexed reads), then
   * every run, then the params' importance: each step draws as soon as it is known.
   */
  private async load(sample?: Promise<ParallelState | undefined>): Promise<void> {
    const metrics = this.metricsWithChoice();
    this.host.panel.title = `${this.title} · ${this.metric}`;
    const first = await (sample ?? this.sampleState());
    if (first) {
      await this.host.post({ type: 'setState', state: first });
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    const { state, inputs, metricValues } = await this.read(this.runIds, metrics);
    this.axes = state.data.axes.map((a: Axis) => a.id);
    await this.host.post({ type: 'setState', state });
    // The forest takes a moment on thousands of runs: the lines are drawn first.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const importance = paramImportance(
      inputs.map((input) => ({ key: input.label, values: input.values as Map<string, string> })),
      metricValues,
    );
    await this.host.post({ type: 'importance', metric: state.metric, importance });
  }

  /** The sample first drawn of more than FIRST_DRAWN_RUNS runs; undefined for fewer (they are drawn at once). */
  private async sampleState(): Promise<ParallelState | undefined> {
    const metrics = this.metricsWithChoice();
    const stride = Math.ceil(this.runIds.length / FIRST_DRAWN_RUNS);
    if (stride <= 1) return undefined;
    return (await this.read(this.runIds.filter((_, i) => i % stride === 0), metrics)).state;
  }

  /** The metrics the runs logged; the chosen one kept while they have it, else the default chosen. */
  private metricsWithChoice(): string[] {
    const metrics = this.session.state().columns.filter((c) => c.group === 'metrics').map((c) => c.key);
    if (metrics.length === 0) throw new Error('These runs logged no metrics: there is nothing to colour or rank the params by.');
    if (!metrics.includes(this.metric)) this.metric = defaultMetric(this.session, metrics);
    return metrics;
  }

  private async read(runIds: string[], metrics: string[]): Promise<{ state: ParallelState; inputs: AxisInput[]; metricValues: Map<string, number> }> {
    const paramColumns = this.session.state().columns.filter((c) => c.group === 'params');
    const inputs: AxisInput[] = [];
    for (const column of paramColumns) inputs.push({ id: column.id, label: column.key, values: await this.session.values(column.id, runIds) });
    const metricValues = (await this.session.values(`metrics.${this.metric}`, runIds)) as Map<string, number>;
    const axes = parallelAxes(runIds, inputs, { id: `metrics.${this.metric}`, label: this.metric, values: metricValues });
    const metricAxis = axes.pop()!;
    const names = await this.session.values('attributes.run_name', runIds);
    const state: ParallelState = {
      title: this.title,
      metric: this.metric,
      metrics,
      params: paramColumns.map((c) => c.key),
      data: {
        runIds,
        labels: runIds.map((id) => String(names.get(id) || id.slice(0, 8))),
        axes: [...axes.slice(0, MAX_PARAM_AXES), metricAxis],
        better: betterEnd(this.metric, this.session.currentQuery.sort),
      },
      linkedToTable: this.table !== undefined,
      complete: runIds.length === this.runIds.length,
      totalRuns: this.runIds.length,
    };
    return { state, inputs, metricValues };
  }

  private async scatter(metric: string, param: string): Promise<void> {
    const x = axisOf(this.runIds, { id: `params.${param}`, label: param, values: await this.session.values(`params.${param}`, this.runIds) });
    const y = await this.session.values(`metrics.${metric}`, this.runIds);
    const scatter: ScatterData = {
      metric,
      param,
      categories: x.categories,
      x: x.values,
      y: this.runIds.map((id) => {
        const value = y.get(id);
        return typeof value === 'number' && Number.isFinite(value) ? value : null;
      }),
    };
    await this.host.post({ type: 'scatter', scatter });
  }

  private fail(error: Error): void {
    this.log.error(`parallel coordinates: ${error.message}`);
    void this.host.post({ type: 'error', message: error.message });
  }
}

/** The table's sort metric when it sorts by one, else accuracy, val_loss or loss when logged, else the first. */
function defaultMetric(session: RunsTableSession, metrics: string[]): string {
  const sorted = session.currentQuery.sort?.column;
  if (sorted?.startsWith('metrics.') && metrics.includes(sorted.slice('metrics.'.length))) return sorted.slice('metrics.'.length);
  return PREFERRED_KEY_METRICS.find((key) => metrics.includes(key)) ?? metrics[0]!;
}
