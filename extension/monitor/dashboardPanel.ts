// One monitoring dashboard per drift.yaml: computes the batches' series through core/monitor (the reference read
// once, as `mlops monitor` does) with progress, feeds the UI through its contract, and opens a batch's full drift
// report in the drift report panel when the UI asks.
import * as vscode from 'vscode';
import { DriftInputError } from '../../core/drift/tableReaders';
import { computeMonitorSeries, resolveMonitorJob } from '../../core/monitor/monitorJob';
import type { MonitorSeries } from '../../core/monitor/monitorSeries';
import type { DashboardToHost, HostToDashboard } from '../../webviews/monitor/contract';
import { DriftReportPanel } from '../drift/reportPanel';
import type { MlopsLog } from '../output';
import { WebviewPanelHost } from '../webviews/panelHost';

export class MonitorDashboardPanel implements vscode.Disposable {
  private static readonly panels = new Map<string, MonitorDashboardPanel>();

  private readonly host: WebviewPanelHost<HostToDashboard, DashboardToHost>;
  private shown: HostToDashboard | undefined;
  private series: MonitorSeries | undefined;
  private running: AbortController | undefined;

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

  /** Computes the series and sends it; resolves with it, or undefined when the run failed (the UI shows why). */
  async run(): Promise<MonitorSeries | undefined> {
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
              this.post({ type: 'setProgress', done, total });
            },
          }),
      );
      if (controller.signal.aborted) return undefined;
      this.series = series;
      const reference = vscode.workspace.asRelativePath(job.reference, false);
      this.post({ type: 'setSeries', payload: { series, config: name, reference } });
      const crossing = series.firstCrossing === null ? 'no batch crossed drift_share' : `first crossing at ${series.batches[series.firstCrossing]!.name}`;
      this.log.info(`monitoring ${name}: ${series.batches.length} batches, ${crossing}`);
      return series;
    } catch (error) {
      if (controller.signal.aborted) return undefined;
      const message = error instanceof DriftInputError ? `Monitoring: ${error.message}` : `Monitoring failed: ${(error as Error).message}`;
      this.log.error(message);
      this.post({ type: 'setError', message });
      void vscode.window.showErrorMessage(message);
      return undefined;
    } finally {
      if (this.running === controller) this.running = undefined;
    }
  }

  dispose(): void {
    this.running?.abort();
    MonitorDashboardPanel.panels.delete(this.config.fsPath);
    this.host.dispose();
  }

  private post(message: HostToDashboard): void {
    if (message.type !== 'setProgress') this.shown = message;
    void this.host.post(message);
  }

  private async receive(message: DashboardToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        if (this.shown) void this.host.post(this.shown);
        return;
      case 'rerun':
        await this.run();
        return;
      case 'openBatch': {
        const batch = this.series?.batches[message.batch];
        if (!batch) return;
        const source = { kind: 'batch', config: this.config, batch: vscode.Uri.file(batch.path) } as const;
        await DriftReportPanel.show(this.extensionUri, this.log, source).run('command');
        return;
      }
    }
  }
}
