// The promotion view: the candidate version beside the version now in the chosen target stage (metrics with
// better/worse marked, params that differ, the gate checklist) and the actions. Every action is one click here plus
// one confirmation the host asks for; the host then sends the new state.
import { h, injectStyles } from '../shared/dom';
import type { HostToUi, MetricRow, ParamRow, PromotionState, PromotionTargetStage, TargetView, UiToHost, VersionCard } from './contract';
import { PROMOTION_CSS } from './styles';

declare function acquireVsCodeApi(): { postMessage(message: UiToHost): void };

const vscode = acquireVsCodeApi();
const root = document.getElementById('root')!;
let state: PromotionState | undefined;
let selected: PromotionTargetStage | undefined;
let shownVersion: string | undefined;

injectStyles(PROMOTION_CSS);
window.addEventListener('message', (event: MessageEvent<HostToUi>) => {
  if (event.data?.type !== 'setState') return;
  state = event.data.state;
  // Keep the person's choice of target while they stay on the same version.
  if (shownVersion !== `${state.model}@${state.candidate.version}`) selected = state.selected;
  shownVersion = `${state.model}@${state.candidate.version}`;
  render();
});
vscode.postMessage({ type: 'ready' });

function render(): void {
  if (!state) return;
  const target = state.targets.find((t) => t.stage === selected) ?? state.targets[0]!;
  root.replaceChildren(
    ...[
    h('h1', {}, `${state.model} · version ${state.candidate.version}`, stageBadge(state.candidate.stage)),
    h('div', { class: 'store' }, state.store),
    state.notice ? h('div', { class: `notice ${state.notice.kind}`, role: 'status' }, state.notice.text) : null,
    targetToggle(state, target.stage),
    h('div', { class: 'cards' }, versionCard('Candidate', state.candidate), target.current ? versionCard(`Now in ${target.stage}`, target.current) : emptyCard(target.stage)),
    h('h2', {}, `Gate for ${target.stage}`),
    gateList(target),
    h('h2', {}, 'Metrics'),
    metricsTable(target),
    h('h2', {}, 'Params'),
    paramsTable(target),
    h('h2', {}, 'Actions'),
    actions(state, target),
    ].filter((node): node is HTMLElement => node !== null),
  );
}

function targetToggle(current: PromotionState, shown: PromotionTargetStage): HTMLElement {
  return h(
    'div',
    { class: 'targets', role: 'tablist' },
    h('span', { class: 'muted' }, 'Compare with '),
    ...current.targets.map((t) =>
      h(
        'button',
        {
          class: t.stage === shown ? 'selected' : undefined,
          role: 'tab',
          'aria-selected': String(t.stage === shown),
          onclick: () => {
            selected = t.stage;
            render();
          },
        },
        t.stage,
      ),
    ),
  );
}

function stageBadge(stage: string): HTMLElement {
  return h('span', { class: `badge ${stage}` }, stage);
}

function versionCard(title: string, card: VersionCard): HTMLElement {
  return h(
    'div',
    { class: 'card' },
    h('div', { class: 'title' }, `${title}: version ${card.version}`, stageBadge(card.stage)),
    card.aliases.length > 0 ? h('div', { class: 'line' }, `Aliases: ${card.aliases.map((a) => `@${a}`).join(', ')}`) : null,
    card.created ? h('div', { class: 'line' }, `Created ${card.created.replace('T', ' ').slice(0, 16)} UTC`) : null,
    card.promotedBy ? h('div', { class: 'line' }, `Last promoted by ${card.promotedBy}`) : null,
    card.runId
      ? h('div', { class: 'line' }, 'Run ', h('a', { title: 'Show this run in the Runs view', onclick: () => vscode.postMessage({ type: 'revealRun', runId: card.runId }) }, card.runId))
      : h('div', { class: 'line' }, 'No source run'),
  );
}

function emptyCard(stage: string): HTMLElement {
  return h('div', { class: 'card' }, h('div', { class: 'title' }, `Now in ${stage}`), h('div', { class: 'line' }, `No version is in ${stage} yet.`));
}

function gateList(target: TargetView): HTMLElement {
  const { gate } = target;
  const summary = gate.checks.length === 0 ? 'No checks: the policy has no rules for this stage' : gate.passed ? 'Gate passed' : 'Gate failed';
  return h(
    'div',
    { class: 'gate-block' },
    h('div', { class: `gate-summary ${gate.passed ? 'pass' : 'fail'}` }, summary, gate.policyFile ? h('span', { class: 'muted' }, ` (${gate.policyFile})`) : null),
    h('ul', { class: 'gate' }, ...gate.checks.map((c) => h('li', { class: c.passed ? 'pass' : 'fail' }, `${c.passed ? '✓' : '✗'} ${c.detail}`))),
  );
}

function metricsTable(target: TargetView): HTMLElement {
  if (target.metrics.length === 0) return h('div', { class: 'muted' }, 'Neither run logged metrics.');
  return h(
    'table',
    { class: 'metrics' },
    h('thead', {}, h('tr', {}, h('th', {}, 'metric'), h('th', {}, 'candidate'), h('th', {}, target.current ? `version ${target.current.version}` : 'current'), h('th', {}, ''))),
    h('tbody', {}, ...target.metrics.map(metricRow)),
  );
}

function metricRow(row: MetricRow): HTMLElement {
  const mark = row.verdict === 'better' ? '▲ better' : row.verdict === 'worse' ? '▼ worse' : row.verdict === 'equal' ? '= same' : '';
  return h(
    'tr',
    { class: row.verdict },
    h('td', { title: `${row.direction} is better` }, row.key),
    h('td', { class: 'number' }, formatNumber(row.candidate)),
    h('td', { class: 'number' }, formatNumber(row.current)),
    h('td', { class: row.verdict }, mark),
  );
}

function paramsTable(target: TargetView): HTMLElement {
  if (target.params.length === 0) return h('div', { class: 'muted' }, 'Neither run logged params.');
  const changed = target.params.filter((p) => p.changed).length;
  return h(
    'div',
    {},
    h('div', { class: 'muted' }, target.current ? `${changed} of ${target.params.length} params differ` : 'No version to compare with'),
    h(
      'table',
      { class: 'params' },
      h('thead', {}, h('tr', {}, h('th', {}, 'param'), h('th', {}, 'candidate'), h('th', {}, target.current ? `version ${target.current.version}` : 'current'))),
      h('tbody', {}, ...target.params.map((row) => paramRow(row, target.current !== undefined))),
    ),
  );
}

/** A differing param is highlighted only when there is a version to differ from. */
function paramRow(row: ParamRow, compared: boolean): HTMLElement {
  return h('tr', { class: compared && row.changed ? 'changed' : undefined }, h('td', {}, row.key), h('td', {}, row.candidate ?? '—'), h('td', {}, row.current ?? '—'));
}

function actions(current: PromotionState, target: TargetView): HTMLElement {
  const disabled = current.busy;
  const promote = (stage: PromotionTargetStage) =>
    h(
      'button',
      {
        class: stage === target.stage ? 'primary' : undefined,
        disabled: disabled || current.candidate.stage === stage,
        onclick: () => vscode.postMessage({ type: 'promote', stage }),
      },
      `Promote to ${stage}`,
    );
  const aliasInput = h('input', { type: 'text', placeholder: 'alias', 'aria-label': 'Alias name', size: 14 });
  return h(
    'div',
    {},
    h(
      'div',
      { class: 'actions' },
      promote('Staging'),
      promote('Production'),
      h('button', { disabled: disabled || current.candidate.stage === 'Archived', onclick: () => vscode.postMessage({ type: 'archive' }) }, 'Archive'),
      target.archivesExisting && target.current ? h('span', { class: 'muted' }, `Promoting to ${target.stage} archives version ${target.current.version}.`) : null,
    ),
    h(
      'div',
      { class: 'actions' },
      h('span', { class: 'muted' }, 'Set alias:'),
      ...current.aliasSuggestions.map((alias) =>
        h('button', { disabled: disabled || current.candidate.aliases.includes(alias), onclick: () => vscode.postMessage({ type: 'setAlias', alias }) }, `@${alias}`),
      ),
      aliasInput,
      h(
        'button',
        {
          disabled,
          onclick: () => {
            if (aliasInput.value.trim()) vscode.postMessage({ type: 'setAlias', alias: aliasInput.value.trim() });
          },
        },
        'Set alias',
      ),
    ),
  );
}

function formatNumber(value: number | undefined): string {
  if (value === undefined) return '—';
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
}
