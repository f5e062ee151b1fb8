// A model version as a card: stage, aliases, the run's key metrics, the gate checklist for the next stage, and the
// actions. Actions go to the extension host (which asks for confirmation and runs the gated, audited promotion);
// the host answers with the version's new state and the card redraws itself from it.
import { h } from '../shared/dom';
import type { HostToRenderer, ModelVersionPayload, RendererToHost } from './contract';
import { formatNumber } from './format';

type Action = { type: 'promote'; stage: 'Staging' | 'Production' } | { type: 'setAlias' };

export class ModelCard {
  private busy = false;
  private status = '';
  private failed = false;

  constructor(
    private card: ModelVersionPayload,
    private readonly element: HTMLElement,
    private readonly requestId: string,
    private readonly send: ((message: RendererToHost) => void) | undefined,
  ) {
    this.draw();
  }

  receive(message: Exclude<HostToRenderer, { type: 'explorer' }>): void {
    if (message.requestId !== this.requestId) return;
    if (message.type === 'cardUpdated') this.card = message.card;
    this.busy = false;
    this.failed = message.type === 'actionEnded' && message.failed;
    this.status = message.message;
    this.draw();
  }

  private act(action: Action): void {
    if (!this.send || this.busy) return;
    this.busy = true;
    this.failed = false;
    this.status = 'Waiting for confirmation in VS Code…';
    this.draw();
    const target = { requestId: this.requestId, model: this.card.name, version: this.card.version };
    this.send(action.type === 'promote' ? { type: 'promote', ...target, stage: action.stage } : { type: 'setAlias', ...target });
  }

  private draw(): void {
    const card = this.card;
    const metrics = Object.entries(card.metrics).sort(([a], [b]) => a.localeCompare(b));
    const gate = card.gate;
    const button = (label: string, action: Action, disabled: boolean) =>
      h('button', { class: 'mlops-button', disabled: disabled || this.busy || !this.send, title: this.send ? label : 'Open this notebook in VS Code with MLOps Workbench to act on the registry', onclick: () => this.act(action) }, label);
    this.element.replaceChildren(
      h(
        'div',
        { class: 'mlops-card', 'data-model': card.name, 'data-version': card.version, 'data-stage': card.stage },
        h(
          'div',
          { class: 'mlops-card-title' },
          h('strong', {}, `${card.name} `),
          `version ${card.version} `,
          h('span', { class: `mlops-stage stage-${card.stage.toLowerCase()}` }, card.stage),
          ...card.aliases.map((alias) => h('span', { class: 'mlops-alias' }, `@${alias}`)),
        ),
        h('div', { class: 'mlops-muted' }, card.run_id ? `run ${card.run_id}` : 'no run'),
        metrics.length
          ? h('table', { class: 'mlops-table mlops-metrics' }, h('tbody', {}, ...metrics.map(([key, value]) => h('tr', {}, h('td', {}, key), h('td', { class: 'num' }, formatNumber(value))))))
          : h('div', { class: 'mlops-muted' }, 'The run has no metrics.'),
        gate
          ? h(
              'div',
              { class: 'mlops-gate' },
              h('div', {}, h('span', { class: gate.passed ? 'good' : 'bad' }, gate.passed ? '✓ Gate passes' : '✗ Gate fails'), ` for ${gate.stage}`, gate.current_version ? ` (current: version ${gate.current_version})` : ''),
              gate.checks.length
                ? h('ul', { class: 'mlops-checks' }, ...gate.checks.map((c) => h('li', { class: c.passed ? 'good' : 'bad' }, `${c.passed ? '✓' : '✗'} ${c.detail}`)))
                : h('div', { class: 'mlops-muted' }, 'No checks: no promotion policy for this model and stage.'),
            )
          : h('div', { class: 'mlops-muted' }, `No next stage from ${card.stage}.`),
        h(
          'div',
          { class: 'mlops-actions' },
          button('Promote to Staging', { type: 'promote', stage: 'Staging' }, card.stage === 'Staging'),
          button('Promote to Production', { type: 'promote', stage: 'Production' }, card.stage === 'Production'),
          button('Set alias…', { type: 'setAlias' }, false),
        ),
        this.status ? h('div', { class: this.failed ? 'mlops-status bad' : 'mlops-status', role: 'status' }, this.status) : null,
      ),
    );
  }
}
