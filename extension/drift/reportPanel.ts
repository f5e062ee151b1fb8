// One drift report panel per source (two files or a drift.yaml): runs the report with cancellable progress, keeps
// the UI fed through the webview contract, re-runs when an input changes (coalesced, so a file being rewritten in
// chunks costs one run) or when the UI asks, and exports the report it shows as HTML or JSON.
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import {
  DriftInputError,
  type DriftProgress,
  loadReportScript,
  renderHtmlReport,
  runDrift,
  toReportJson,
} from '../../core/drift/index';
import { CoalescingScheduler } from '../../core/scheduling/coalescingScheduler';
import type { DriftReportPayload, HostToUi, UiToHost } from '../../webviews/drift/contract';
import type { MlopsLog } from '../output';
import { WebviewPanelHost } from '../webviews/panelHost';
import { type DriftJob, type DriftSource, resolveJob, sourceKey } from './inputs';

export type ExportFormat = 'html' | 'json';

/** A rewrite of a large CSV arrives as many change events; wait for a quiet moment before re-reading it. */
const RERUN_DELAY_MS = 400;

class CancelledByUser extends Error {}
class Superseded extends Error {}
class PanelClosed extends Error {}

export class DriftReportPanel implements vscode.Disposable {
  private static readonly panels = new Map<string, DriftReportPanel>();
  /** The panel the user (or a test) touched last: palette export commands act on it. */
  private static lastActive: DriftReportPanel | undefined;

  private readonly host: WebviewPanelHost<HostToUi, UiToHost>;
  private readonly scheduler: CoalescingScheduler<string>;
  private watchers: vscode.Disposable[] = [];
  private watchedPaths = '';
  private shown: HostToUi | undefined;
  private payload: DriftReportPayload | undefined;
  private running: AbortController | undefined;
  private latestRun: Promise<DriftReportPayload | undefined> | undefined;

  private constructor(
    extensionUri: vscode.Uri,
    private readonly log: MlopsLog,
    private readonly source: DriftSource,
  ) {
    this.host = WebviewPanelHost.open<HostToUi, UiToHost>(extensionUri, { viewType: 'mlops.driftReport', title: 'Drift report', bundle: 'drift' });
    this.scheduler = new CoalescingScheduler<string>(RERUN_DELAY_MS, () => this.run('change').then(() => undefined));
    this.host.onMessage((message) => this.onMessage(message));
    this.host.panel.onDidChangeViewState(({ webviewPanel }) => {
      if (webviewPanel.active) DriftReportPanel.lastActive = this;
    });
    this.host.onDidDispose(() => this.dispose());
  }

  /** The panel for `source`, revealed, or a new one. */
  static show(extensionUri: vscode.Uri, log: MlopsLog, source: DriftSource): DriftReportPanel {
    const key = sourceKey(source);
    let panel = DriftReportPanel.panels.get(key);
    if (panel) panel.host.panel.reveal();
    else {
      panel = new DriftReportPanel(extensionUri, log, source);
      DriftReportPanel.panels.set(key, panel);
    }
    DriftReportPanel.lastActive = panel;
    return panel;
  }

  static active(): DriftReportPanel | undefined {
    return DriftReportPanel.lastActive;
  }

  /** What the UI was last sent as its report (undefined before the first successful run). */
  get report(): DriftReportPayload | undefined {
    return this.payload;
  }

  /**
   * Runs the report and sends it to the UI. A newer run supersedes an older one (the older is aborted and resolves
   * with the newer one's outcome, so a caller always gets what the panel ends up showing). Resolves with the payload
   * shown, or undefined when the run was cancelled or failed (the failure is shown).
   */
  run(trigger: 'command' | 'change'): Promise<DriftReportPayload | undefined> {
    this.running?.abort(new Superseded('superseded'));
    const controller = new AbortController();
    this.running = controller;
    this.latestRun = this.attempt(trigger, controller);
    return this.latestRun;
  }

  private async attempt(trigger: 'command' | 'change', controller: AbortController): Promise<DriftReportPayload | undefined> {
    try {
      const job = resolveJob(this.source);
      this.watch(job);
      const names = `${vscode.workspace.asRelativePath(job.reference, false)} → ${vscode.workspace.asRelativePath(job.current, false)}`;
      this.host.panel.title = `Drift: ${names}`;
      const report = await vscode.window.withProgress(
        {
          location: trigger === 'command' ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window,
          title: `Drift report ${names}`,
          cancellable: trigger === 'command',
        },
        (progress, token) => {
          token.onCancellationRequested(() => controller.abort(new CancelledByUser('cancelled')));
          const onProgress = progressReporter((overall, increment, phase) => {
            progress.report({ message: phase, increment });
            this.post({ type: 'setProgress', phase, fraction: overall });
          });
          return runDrift(job.reference, job.current, { ...job.options, signal: controller.signal, onProgress });
        },
      );
      if (controller.signal.reason instanceof Superseded) return this.latestRun;
      if (controller.signal.reason instanceof PanelClosed) return undefined;
      const payload: DriftReportPayload = {
        report,
        sources: { reference: vscode.workspace.asRelativePath(job.reference, false), current: vscode.workspace.asRelativePath(job.current, false) },
        generatedAt: new Date().toISOString(),
      };
      this.payload = payload;
      this.post({ type: 'setReport', report: payload });
      this.log.info(`drift report ${names}: ${report.number_of_drifted_columns} of ${report.number_of_columns} columns drifted`);
      return payload;
    } catch (error) {
      if (controller.signal.reason instanceof Superseded) return this.latestRun;
      if (controller.signal.reason instanceof PanelClosed) return undefined;
      this.showFailure(error, controller);
      return undefined;
    } finally {
      if (this.running === controller) this.running = undefined;
    }
  }

  /** Writes the shown report to `target`, or to a file the user picks. Resolves with where it was written. */
  async export(format: ExportFormat, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const payload = this.payload;
    if (!payload) {
      void vscode.window.showWarningMessage('The drift report has not finished yet; export it once it is shown.');
      return undefined;
    }
    const folder = this.source.kind === 'files' ? dirname(this.source.reference.fsPath) : dirname(this.source.config.fsPath);
    const destination =
      target ??
      (await vscode.window.showSaveDialog({
        title: `Export the drift report as ${format.toUpperCase()}`,
        defaultUri: vscode.Uri.file(join(folder, `drift-report.${format}`)),
        filters: format === 'html' ? { 'HTML report': ['html'] } : { 'JSON report': ['json'] },
        saveLabel: 'Export',
      }));
    if (!destination) return undefined;
    const text =
      format === 'html'
        ? renderHtmlReport(payload.report, payload.sources, loadReportScript(), payload.generatedAt)
        : `${JSON.stringify(toReportJson(payload.report), null, 2)}\n`;
    try {
      await vscode.workspace.fs.writeFile(destination, Buffer.from(text, 'utf8'));
    } catch (error) {
      const message = `Could not write the drift report to ${destination.fsPath}: ${(error as Error).message}`;
      this.log.error(message);
      void vscode.window.showErrorMessage(message);
      return undefined;
    }
    this.log.info(`drift report exported to ${destination.fsPath}`);
    void vscode.window.showInformationMessage(`Drift report exported to ${destination.fsPath}`);
    return destination;
  }

  dispose(): void {
    this.running?.abort(new PanelClosed('the drift report panel was closed'));
    this.scheduler.dispose();
    for (const watcher of this.watchers) watcher.dispose();
    this.watchers = [];
    DriftReportPanel.panels.delete(sourceKey(this.source));
    if (DriftReportPanel.lastActive === this) DriftReportPanel.lastActive = undefined;
    this.host.dispose();
  }

  private post(message: HostToUi): void {
    if (message.type !== 'setProgress') this.shown = message;
    void this.host.post(message);
  }

  private async onMessage(message: UiToHost): Promise<void> {
    DriftReportPanel.lastActive = this;
    switch (message.type) {
      case 'ready':
        // The webview loads after the run may have started: send it whatever it missed.
        if (this.shown) void this.host.post(this.shown);
        return;
      case 'exportHtml':
        await this.export('html');
        return;
      case 'exportJson':
        await this.export('json');
        return;
      case 'rerun':
        await this.run('command');
        return;
    }
  }

  private showFailure(error: unknown, controller: AbortController): void {
    if (controller.signal.reason instanceof CancelledByUser) {
      this.post({ type: 'setError', message: 'The drift report was cancelled. Run "MLOps: Drift Report" again to compute it.' });
      return;
    }
    const message =
      error instanceof DriftInputError ? `Drift report: ${error.message}` : `Drift report failed: ${(error as Error).message ?? String(error)}`;
    this.log.error(message);
    this.post({ type: 'setError', message });
    void vscode.window.showErrorMessage(message);
  }

  /** Watches the job's files; re-created only when the set of files changes (a drift.yaml may point elsewhere). */
  private watch(job: DriftJob): void {
    const key = job.watched.join('\n');
    if (key === this.watchedPaths) return;
    for (const watcher of this.watchers) watcher.dispose();
    this.watchedPaths = key;
    this.watchers = job.watched.map((path) => {
      const pattern = new vscode.RelativePattern(vscode.Uri.file(dirname(path)), path.slice(dirname(path).length + 1));
      const watcher = vscode.workspace.createFileSystemWatcher(pattern);
      const changed = () => this.scheduler.schedule(path);
      watcher.onDidChange(changed);
      watcher.onDidCreate(changed);
      watcher.onDidDelete(changed);
      return watcher;
    });
  }
}

const READ_SHARE = 0.8;

/**
 * Turns runDrift's per-phase progress into one bar (overall 0..1, increment in percent as withProgress wants it):
 * reading both files (in parallel) is the first 80% of each column group, testing the rest.
 */
function progressReporter(report: (overall: number, increment: number, phase: string) => void): (progress: DriftProgress) => void {
  const reading = { 'reading reference': 0, 'reading current': 0 };
  let reported = 0;
  return (p) => {
    let within: number;
    if (p.phase === 'testing columns') within = READ_SHARE + (1 - READ_SHARE) * p.fraction;
    else {
      reading[p.phase] = p.fraction;
      within = (READ_SHARE * (reading['reading reference'] + reading['reading current'])) / 2;
    }
    if (p.phase === 'testing columns' && p.fraction >= 1) {
      reading['reading reference'] = 0;
      reading['reading current'] = 0;
    }
    const overall = (p.group - 1 + within) / p.groups;
    if (overall <= reported) return;
    report(overall, 100 * (overall - reported), p.phase);
    reported = overall;
  };
}
