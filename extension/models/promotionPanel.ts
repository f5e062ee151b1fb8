// The promotion view: one panel showing a candidate version against the version now in Staging and in Production
// (metrics, params, gate), with one-click actions that each ask for one confirmation. It re-reads the registry
// after every write and whenever the Models view refreshes.
import * as vscode from 'vscode';
import { AUDIT_TAGS } from '../../core/registry/promotion';
import { aliasSuggestions, promotionSummary, proposedStage, targetOptions } from '../../core/registry/promotionDecisions';
import type { ModelVersion } from '../../core/registry/registry';
import { compareMetrics, compareParams } from '../../core/registry/versionComparison';
import type { HostToUi, PromotionState, TargetView, UiToHost, VersionCard } from '../../webviews/promotion/contract';
import type { MlopsLog } from '../output';
import { WebviewPanelHost } from '../webviews/panelHost';
import type { ModelsService } from './modelsService';
import { confirmAndSetAlias, type PromotionPrompts, runPromotion } from './promotionFlow';
import type { RegistrySource } from './registrySources';
import { revealRun } from './revealRun';
import type { VersionTarget } from './versionPicks';

export interface PromotionPanelDeps {
  extensionUri: vscode.Uri;
  service: ModelsService;
  log: MlopsLog;
  prompts: PromotionPrompts;
}

export class PromotionPanel implements vscode.Disposable {
  private static open: PromotionPanel | undefined;
  private readonly subscription: vscode.Disposable;
  private notice: PromotionState['notice'];
  private busy = false;

  private constructor(
    private readonly host: WebviewPanelHost<HostToUi, UiToHost>,
    private target: Required<VersionTarget>,
    private readonly deps: PromotionPanelDeps,
  ) {
    host.onMessage((message) => this.handle(message));
    host.onDidDispose(() => this.dispose());
    this.subscription = deps.service.onDidChange(() => void this.render());
  }

  /** Shows the panel for a version, reusing the open one. */
  static show(deps: PromotionPanelDeps, target: Required<VersionTarget>): PromotionPanel {
    const title = `Promote ${target.model} v${target.version}`;
    if (PromotionPanel.open) {
      PromotionPanel.open.target = target;
      PromotionPanel.open.notice = undefined;
      PromotionPanel.open.host.panel.title = title;
      PromotionPanel.open.host.panel.reveal();
      void PromotionPanel.open.render();
      return PromotionPanel.open;
    }
    const host = WebviewPanelHost.open<HostToUi, UiToHost>(deps.extensionUri, { viewType: 'mlops.promotion', title, bundle: 'promotion' });
    PromotionPanel.open = new PromotionPanel(host, target, deps);
    return PromotionPanel.open;
  }

  private async handle(message: UiToHost): Promise<void> {
    if (message.type === 'ready' || message.type === 'refresh') {
      if (message.type === 'refresh') this.deps.service.refresh();
      await this.render();
      return;
    }
    if (message.type === 'revealRun') {
      await revealRun(message.runId);
      return;
    }
    await this.write(async (source) => {
      const { model, version } = this.target;
      if (message.type === 'setAlias') {
        const alias = await confirmAndSetAlias(source.registry, { model, version, alias: message.alias.trim() }, this.deps.prompts);
        return alias && `@${alias} now points at ${model} version ${version}.`;
      }
      const stage = message.type === 'promote' ? message.stage : 'Archived';
      const result = await runPromotion(source.promotionContext(), source.folder, { model, version, stage }, this.deps.prompts);
      return result && promotionSummary(result);
    });
  }

  /** Runs one write with the buttons disabled; a message for the page, undefined when the person cancelled. */
  private async write(action: (source: RegistrySource) => Promise<string | undefined>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    await this.render();
    try {
      const source = (await this.deps.service.store(this.target.store))?.source;
      if (!source) throw new Error(`The registry ${this.target.store} is no longer configured for this workspace.`);
      const text = await action(source);
      this.notice = text ? { kind: 'info', text } : undefined;
    } catch (error) {
      this.notice = { kind: 'error', text: (error as Error).message };
      this.deps.log.error(`promotion view: ${(error as Error).message}`);
    } finally {
      this.busy = false;
      // Refreshing fires onDidChange, which re-renders this panel and the Models tree from the new registry state.
      this.deps.service.refresh();
    }
  }

  private async render(): Promise<void> {
    try {
      const source = (await this.deps.service.store(this.target.store))?.source;
      if (!source) throw new Error(`The registry ${this.target.store} is no longer configured for this workspace.`);
      await this.host.post({ type: 'setState', state: await buildState(source, this.target, this.busy, this.notice) });
    } catch (error) {
      this.deps.log.error(`promotion view: ${(error as Error).message}`);
      vscode.window.showErrorMessage(`Promotion view: ${(error as Error).message}`);
    }
  }

  dispose(): void {
    if (PromotionPanel.open === this) PromotionPanel.open = undefined;
    this.subscription.dispose();
    this.host.dispose();
  }
}

async function buildState(source: RegistrySource, target: Required<VersionTarget>, busy: boolean, notice: PromotionState['notice']): Promise<PromotionState> {
  const ctx = source.promotionContext();
  const [candidate, model] = await Promise.all([ctx.registry.getVersion(target.model, target.version), ctx.registry.getModel(target.model)]);
  const candidateParams = await source.runParams(candidate.runId);
  const targets: TargetView[] = [];
  for (const option of await targetOptions(ctx, target.model, target.version)) {
    const { gate, current } = option;
    targets.push({
      stage: option.stage,
      ...(current ? { current: card(current) } : {}),
      metrics: compareMetrics(gate.candidateMetrics, gate.currentMetrics, option.policy?.mustBeatCurrent),
      params: compareParams(candidateParams, current ? await source.runParams(current.runId) : {}),
      gate: { passed: gate.passed, checks: gate.checks.map(({ kind, metric, passed, detail }) => ({ kind, metric, passed, detail })), ...(ctx.policy ? { policyFile: ctx.policy.file } : {}) },
      archivesExisting: option.archivesExisting,
    });
  }
  return {
    model: target.model,
    store: source.uri,
    candidate: card(candidate),
    selected: proposedStage(candidate.stage),
    targets,
    aliasSuggestions: aliasSuggestions(model.aliases),
    busy,
    ...(notice ? { notice } : {}),
  };
}

function card(version: ModelVersion): VersionCard {
  return {
    version: version.version,
    stage: version.stage,
    aliases: version.aliases,
    runId: version.runId,
    created: version.creationTimestamp ? new Date(version.creationTimestamp).toISOString() : '',
    ...(version.tags[AUDIT_TAGS.by] ? { promotedBy: version.tags[AUDIT_TAGS.by] } : {}),
  };
}
