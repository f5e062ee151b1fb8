// One monitoring dashboard per drift.yaml: computes the batches' series through core/monitor (the reference read
// once, as `mlops monitor` does) with progress, feeds the UI through its contract, and opens a batch's full drift
// report in the drift report panel when the UI asks. It stays live: the drift.yaml, its reference and its batch globs
// are watched, and a storm of changes (a job writing several batches) becomes one recomputation.
import * as vscode from 'vscode';
import { DriftInputError } from '../../core/drift/tableReaders';
import { computeMonitorSeries, monitorWatchTargets, resolveMonitorJob } from '../../core/monitor/monitorJob';
import type { MonitorSeries } from '../../core/monitor/monitorSeries';
import { CoalescingScheduler } from '../../core/scheduling/coalescingScheduler';
import type { DashboardPayload, DashboardToHost, HostToDashboard } from '../../webviews/monitor/contract';
import { DriftReportPanel } from '../drift/reportPanel';
import type { MlopsLog } from '../output';
import { WebviewPanelHost } from '../webviews/panelHost';

/** Changes within this long of each other make one recomputation. */
const WATCH_DEBOUNCE_MS = 500;

/** What the extension-host tests read back through `mlops.monitor.status`. */
export interface MonitorDashboardStatus {
  /** The drift.yaml, relative to the workspace. */
  config: string;
  /** The batch names of the series the host last computed, in order. */
  batches: string[];
  firstCrossing: string | null;
  /** The error shown over the series, naming the file, when the last computation failed. */
  error?: string;
  /** Series computed since the panel opened (1 after the first). */
  computed: number;
  /** What the UI last reported drawing. */
  painted?: Omit<Extract<DashboardToHost, { type: 'painted' }>, 'type'>;
}

/** Why the series is being computed: the command or Refresh tell the user of a failure; the watcher only shows it. */
type Trigger = 'user' | 'watch';

export class MonitorDashboardPanel implements vscode.Disposable {
  private static readonly panels = new Map<string, MonitorDashboardPanel>();

  private readonly host: WebviewPanelHost<HostToDashboard, DashboardToHost>;
  private payload: DashboardPayload | undefined;
  private error: string | undefined;
  private computed = 0;
  private painted: MonitorDashboardStatus['painted'];
  private running: AbortController | undefined;
  /** The newest run's result, which an overtaken run resolves with. */
  private latest: Promise<MonitorSeries | undefined> = Promise.resolve(undefined);
  private readonly refresh = new CoalescingScheduler<string>(WATCH_DEBOUNCE_MS, () => this.run('watch').then(() => undefined));
  private watchers: vscode.Disposable[] = [];
  private watched = '';

  private constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: MlopsLog,
    private readonly config: vscode.Uri,
  ) {
    this.host = WebviewPanelHost.open<HostToDashboard, DashboardToHost>(extensionUri, {
      viewType: 'mlops.monitorDashboard',
      title: `Monitoring: ${vscode.workspace.asRelativePath(config, false)}`,
      bundle: 'monitor',
    });
    this.host.panel.iconPath = new vscode.ThemeIcon('pulse');
    this.host.onMessage((message) => this.receive(message));
    this.host.onDidDispose(() => this.dispose());
  }

  static show(extensionUri: vscode.Uri, log: MlopsLog, config: vscode.Uri): MonitorDashboardPanel {
    let panel = MonitorDashboardPanel.panels.get(config.fsPath);
    if (panel) panel.host.panel.reveal();
    else {
      panel = new MonitorDashboardPanel(extensionUri, log, config);
      MonitorDashboardPanel.panels.set(config.fsPath, panel);
    }
    return panel;
  }

  static status(): MonitorDashboardStatus[] {
    return [...MonitorDashboardPanel.panels.values()].map((panel) => panel.status());
  }

  /**
   * Computes the series and sends it; resolves with it, or undefined when the run failed (the UI shows why). A run
   * overtaken by a newer one (a file written meanwhile) resolves with the newer one's series.
   */
  run(trigger: Trigger = 'user'): Promise<MonitorSeries | undefined> {
    this.latest = this.compute(trigger);
    return this.latest;
  }

  private async compute(trigger: Trigger): Promise<MonitorSeries | undefined> {
    this.watch();
    this.running?.abort();
    const controller = new AbortController();
    this.running = controller;
    const name = vscode.workspace.asRelativePath(this.config, false);
    try {
      const job = resolveMonitorJob(this.config.fsPath);
      const series = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: `Monitoring ${name}` },
        (progress) =>
          computeMonitorSeries(job, {
            signal: controller.signal,
            onBatch: (done, total) => {
              progress.report({ message: `batch ${done} of ${total}` });
              void this.host.post({ type: 'setProgress', done, total });
            },
          }),
      );
      if (controller.signal.aborted) return this.latest;
      this.computed += 1;
      this.error = undefined;
      this.payload = { series, config: name, reference: vscode.workspace.asRelativePath(job.reference, false) };
      void this.host.post({ type: 'setSeries', payload: this.payload });
      const crossing = series.firstCrossing === null ? 'no batch crossed drift_share' : `first crossing at ${series.batches[series.firstCrossing]!.name}`;
      this.log.info(`monitoring ${name}: ${series.batches.length} batches, ${crossing}`);
      return series;
    } catch (error) {
      if (controller.signal.aborted) return this.latest;
      const message = error instanceof DriftInputError ? `Monitoring: ${error.message}` : `Monitoring failed: ${(error as Error).message}`;
      this.log.error(message);
      this.error = message;
      void this.host.post({ type: 'setError', message });
      if (trigger === 'user') void vscode.window.showErrorMessage(message);
      return undefined;
    } finally {
      if (this.running === controller) this.running = undefined;
    }
  }

  dispose(): void {
    this.latest = Promise.resolve(undefined);
    this.running?.abort();
    this.refresh.dispose();
    for (const watcher of this.watchers) watcher.dispose();
    MonitorDashboardPanel.panels.delete(this.config.fsPath);
    this.host.dispose();
  }

  /** (Re)watches what the drift.yaml names now; its `batches:` may have changed since the last run. */
  private watch(): void {
    const targets = monitorWatchTargets(this.config.fsPath);
    const key = JSON.stringify(targets);
    if (key === this.watched) return;
    for (const watcher of this.watchers) watcher.dispose();
    this.watched = key;
    this.watchers = targets.map(({ folder, pattern }) => {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(folder), pattern));
      const changed = (uri: vscode.Uri) => this.refresh.schedule(uri.fsPath);
      watcher.onDidCreate(changed);
      watcher.onDidChange(changed);
      watcher.onDidDelete(changed);
      return watcher;
    });
  }

  private status(): MonitorDashboardStatus {
    const series = this.payload?.series;
    const crossing = series?.firstCrossing ?? null;
    const status: MonitorDashboardStatus = {
      config: vscode.workspace.asRelativePath(this.config, false),
      batches: series?.batches.map((b) => b.name) ?? [],
      firstCrossing: series && crossing !== null ? series.batches[crossing]!.name : null,
      computed: this.computed,
    };
    if (this.error) status.error = this.error;
    if (this.painted) status.painted = this.painted;
    return status;
  }

  private async receive(message: DashboardToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        if (this.payload) void this.host.post({ type: 'setSeries', payload: this.payload });
        if (this.error) void this.host.post({ type: 'setError', message: this.error });
        return;
      case 'rerun':
        await this.run();
        return;
      case 'painted': {
        const { type: _, ...painted } = message;
        this.painted = painted;
        return;
      }
      case 'openBatch': {
        const batch = this.payload?.series.batches[message.batch];
        if (!batch) return;
        const source = { kind: 'batch', config: this.config, batch: vscode.Uri.file(batch.path) } as const;
        await DriftReportPanel.show(this.extensionUri, this.log, source).run('command');
        return;
      }
    }
  }
}
