// The metric-plot panel: 1..N runs, any of their metrics, against step, wall time or relative time, and their
// system metrics (core/tracking/systemMetrics.ts) as a second group against wall time or runtime. The host reads
// full histories and sends each series min/max-per-pixel downsampled to the chart width the UI reports, so a
// 1M-point history crosses the webview boundary as a few thousand points with every spike kept.
import type * as vscode from 'vscode';
import { sharedKeyMetric } from '../../core/runsView/runPresentation';
import { type MetricHistoryExport, metricHistoryCsv } from '../../core/runsView/metricCsv';
import { plotPoints } from '../../core/runsView/plotSeries';
import type { Run } from '../../core/tracking/index';
import { defaultSystemMetrics, groupMetricKeys, MLFLOW_SYSTEM_PREFIX, systemMetricHistory, systemMetricKeys } from '../../core/tracking/systemMetrics';
import type { HostToPlot, PlotState, PlotToHost, PlotXAxis, SystemPlotState, SystemXAxis } from '../../webviews/plots/contract';
import type { MlopsLog } from '../output';
import { saveExport } from '../webviews/exportFile';
import { WebviewPanelHost } from '../webviews/panelHost';
import { runLabel } from './runNodes';
import type { StoreEntry, TrackingStores } from './trackingStores';

const REST_POLL_MS = 5000;

export interface RunRef {
  storeUri: string;
  runId: string;
}

export interface PlotRequest {
  runs: RunRef[];
  metrics?: string[];
}

/** What tests read back: the runs and metrics shown, and what the UI last reported drawing. */
export interface PlotPanelStatus {
  runs: string[];
  metrics: string[];
  /** The System group's charts; empty when the runs have no system metrics. */
  systemMetrics: string[];
  rendered?: { series: number; points: number; systemSeries: number; systemPoints: number };
}

/** Run ids are unique only within a store: two folders may hold copies of the same mlruns/. */
function runKey(ref: RunRef): string {
  return `${ref.storeUri}|${ref.runId}`;
}

interface LoadedRun {
  ref: RunRef;
  entry: StoreEntry;
  run: Run;
}

export class PlotPanel implements vscode.Disposable {
  private readonly host: WebviewPanelHost<HostToPlot, PlotToHost>;
  private runs: LoadedRun[] = [];
  private metrics: string[];
  private xAxis: PlotXAxis = 'step';
  /** Chosen System charts; undefined until the runs' system metrics are known (then core's default set). */
  private systemMetrics: string[] | undefined;
  private systemXAxis: SystemXAxis = 'relative';
  private width = 0;
  private rendered: PlotPanelStatus['rendered'];
  private loading: Promise<void> = Promise.resolve();
  private poll: ReturnType<typeof setTimeout> | undefined;

  constructor(
    extensionUri: vscode.Uri,
    private readonly stores: TrackingStores,
    private readonly log: MlopsLog,
    private readonly request: PlotRequest,
    onDispose: () => void,
  ) {
    this.metrics = request.metrics ?? [];
    this.host = WebviewPanelHost.open<HostToPlot, PlotToHost>(extensionUri, { viewType: 'mlops.metricPlot', title: 'Metric Plot', bundle: 'plots' });
    this.host.onMessage((message) => this.receive(message));
    this.host.onDidDispose(onDispose);
  }

  get status(): PlotPanelStatus {
    return {
      runs: this.runs.map((r) => r.run.info.runId),
      metrics: this.metrics,
      systemMetrics: this.systemMetrics ?? [],
      ...(this.rendered ? { rendered: this.rendered } : {}),
    };
  }

  /** Whether this panel shows exactly these runs (a second request for them reuses it). */
  plots(runs: readonly RunRef[]): boolean {
    const mine = new Set(this.request.runs.map(runKey));
    return runs.length === mine.size && runs.every((r) => mine.has(runKey(r)));
  }

  showMetrics(metrics: string[]): void {
    this.metrics = metrics;
    void this.update();
  }

  /** Whether a change in these stores touches this panel (live update while runs are logging). */
  shows(entries: StoreEntry[]): boolean {
    return this.request.runs.some((ref) => entries.some((e) => e.uri === ref.storeUri));
  }

  /** Re-reads runs and histories and sends them; serialised so bursts of changes never interleave. */
  update(): Promise<void> {
    this.loading = this.loading.then(() => this.load()).catch((error: Error) => this.fail(error));
    return this.loading;
  }

  reveal(): void {
    this.host.panel.reveal();
  }

  dispose(): void {
    clearTimeout(this.poll);
    this.host.dispose();
  }

  private receive(message: PlotToHost): void {
    switch (message.type) {
      case 'ready':
      case 'resize':
        this.width = Math.max(1, Math.round(message.width));
        void this.update();
        return;
      case 'setMetrics':
        this.metrics = message.metrics;
        void this.update();
        return;
      case 'setXAxis':
        this.xAxis = message.xAxis;
        void this.update();
        return;
      case 'setSystemMetrics':
        this.systemMetrics = message.metrics;
        void this.update();
        return;
      case 'setSystemXAxis':
        this.systemXAxis = message.xAxis;
        void this.update();
        return;
      case 'rendered':
        this.rendered = { series: message.series, points: message.points, systemSeries: message.systemSeries, systemPoints: message.systemPoints };
        return;
      case 'exportCsv':
        void this.exportCsv().catch((error: Error) => this.fail(error));
        return;
      case 'exportPng':
        void this.exportPng(message.dataUrl).catch((error: Error) => this.fail(error));
        return;
    }
  }

  private async load(): Promise<void> {
    if (this.width === 0) return;
    const loaded: LoadedRun[] = [];
    for (const ref of this.request.runs) {
      const entry = (await this.stores.list()).find((e) => e.uri === ref.storeUri);
      if (!entry?.store) throw new Error(`The tracking store ${ref.storeUri} is no longer open.`);
      loaded.push({ ref, entry, run: await entry.store.getRun(ref.runId) });
    }
    this.runs = loaded;
    const available = groupMetricKeys(loaded.flatMap((r) => r.run.data.metrics.map((m) => m.key))).metrics;
    if (this.metrics.length === 0) {
      const first = sharedKeyMetric(loaded.map((r) => r.run));
      this.metrics = first ? [first] : available.slice(0, 1);
    }
    this.host.panel.title = `Metrics: ${loaded.map((r) => runLabel(r.run)).join(', ')}`;
    const state: PlotState = {
      runs: loaded.map((r) => ({ id: runKey(r.ref), label: runLabel(r.run), status: r.run.info.status })),
      availableMetrics: available,
      metrics: this.metrics,
      xAxis: this.xAxis,
      series: [],
      live: loaded.some((r) => r.run.info.status === 'RUNNING'),
    };
    for (const { ref, entry, run } of loaded) {
      for (const metric of this.metrics) {
        const history = await entry.store!.getMetricHistory(run.info.runId, metric);
        if (history.length === 0) continue;
        state.series.push({ run: runKey(ref), metric, ...plotPoints(history, this.xAxis, this.width), totalPoints: history.length });
      }
    }
    const system = await this.systemState(loaded);
    if (system) state.system = system;
    await this.host.post({ type: 'setState', state });
    // Local stores announce new metrics through the file watcher; a tracking server has to be asked again.
    clearTimeout(this.poll);
    if (state.live && loaded.some((r) => r.entry.store?.kind === 'rest')) this.poll = setTimeout(() => void this.update(), REST_POLL_MS);
  }

  /** The System group: every system metric name of the runs, the chosen ones' histories from each run's start. */
  private async systemState(loaded: LoadedRun[]): Promise<SystemPlotState | undefined> {
    const names = await Promise.all(loaded.map((r) => systemMetricKeys(r.entry.store!, r.run)));
    const available = [...new Set(names.flat())].sort();
    if (available.length === 0) return undefined;
    this.systemMetrics ??= defaultSystemMetrics(available);
    const state: SystemPlotState = { available, metrics: this.systemMetrics, xAxis: this.systemXAxis, series: [] };
    for (const [i, { ref, entry, run }] of loaded.entries()) {
      for (const name of this.systemMetrics.filter((m) => names[i]!.includes(m))) {
        const history = await systemMetricHistory(entry.store!, run.info.runId, name);
        if (history.length === 0) continue;
        state.series.push({ run: runKey(ref), metric: name, ...plotPoints(history, this.systemXAxis, this.width, run.info.startTime), totalPoints: history.length });
      }
    }
    return state;
  }

  private async exportCsv(): Promise<void> {
    const exports: MetricHistoryExport[] = [];
    for (const { entry, run } of this.runs) {
      for (const metric of this.metrics) {
        const history = await entry.store!.getMetricHistory(run.info.runId, metric);
        exports.push({ runId: run.info.runId, runName: runLabel(run), metric, history });
      }
      // The System group's chosen charts too, named as MLflow logs system metrics (`system/cpu`).
      const systemNames = this.systemMetrics ? await systemMetricKeys(entry.store!, run) : [];
      for (const name of this.systemMetrics?.filter((m) => systemNames.includes(m)) ?? []) {
        const history = await systemMetricHistory(entry.store!, run.info.runId, name);
        exports.push({ runId: run.info.runId, runName: runLabel(run), metric: MLFLOW_SYSTEM_PREFIX + name, history });
      }
    }
    await saveExport(this.log, 'metrics.csv', { CSV: ['csv'] }, Buffer.from(metricHistoryCsv(exports), 'utf8'));
  }

  private async exportPng(dataUrl: string): Promise<void> {
    const match = /^data:image\/png;base64,(.+)$/.exec(dataUrl);
    if (!match) throw new Error('The plot sent no PNG image to export.');
    await saveExport(this.log, 'metrics.png', { PNG: ['png'] }, Buffer.from(match[1]!, 'base64'));
  }

  private fail(error: Error): void {
    this.log.error(`metric plot: ${error.message}`);
    void this.host.post({ type: 'error', message: error.message });
  }
}
