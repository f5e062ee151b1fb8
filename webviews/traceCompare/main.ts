// Two traces side by side: both summaries, then one row per span of either trace (matched, added, removed) with
// its latency in each and the change, virtualised like the explorer's tree so 10,000 spans scroll smoothly.
import { SPAN_TYPES } from '../../core/traces/spanTree';
import { formatLatency, formatSpanDuration, formatTokens } from '../../core/traces/tracePresentation';
import { h, injectStyles } from '../shared/dom';
import panelCss from '../traceExplorer/panel.css';
import explorerCss from '../traceExplorer/style.css';
import { spanIcon } from '../traceExplorer/spanIcons';
import type { CompareSide, CompareToHost, DiffRow, HostToCompare } from './contract';
import css from './style.css';

declare function acquireVsCodeApi(): { postMessage(message: CompareToHost): void };

const ROW_HEIGHT = 22;
const OVERSCAN = 12;
const vscode = acquireVsCodeApi();
const post = (message: CompareToHost) => vscode.postMessage(message);
injectStyles(`${panelCss}\n${explorerCss}\n${css}`);

const summary = h('div', { class: 'compare-summary' });
const onlyChanges = h('input', { type: 'checkbox', 'aria-label': 'Only added and removed spans' });
const canvas = h('div', { class: 'rows-canvas' });
const viewport = h('div', { class: 'rows-viewport', role: 'list', 'aria-label': 'Span differences' }, canvas);
document.getElementById('root')!.append(
  h(
    'div',
    { class: 'trace-explorer trace-compare' },
    summary,
    h('div', { class: 'toolbar' }, h('label', {}, onlyChanges, ' Only added and removed spans')),
    h('div', { class: 'compare-head' }, h('span', {}, 'Span'), h('span', {}, 'Older'), h('span', {}, 'Newer'), h('span', {}, 'Change')),
    viewport,
  ),
);

let all: DiffRow[] = [];
let shown: DiffRow[] = [];
let scale = 1;
let frame = false;

window.addEventListener('message', (event: MessageEvent<HostToCompare>) => {
  const message = event.data;
  if (message.type === 'error') {
    summary.replaceChildren(h('div', { class: 'notice error' }, message.message));
    return;
  }
  all = message.rows;
  scale = Math.max(1, ...all.map((r) => Math.max(r.leftDurationNs, r.rightDurationNs)));
  summary.replaceChildren(
    sideSummary('Older', message.left),
    sideSummary('Newer', message.right),
    h(
      'div',
      { class: 'totals' },
      h('span', { class: deltaClass(message.durationDeltaNs) }, `${signed(message.durationDeltaNs)} overall`),
      ` · ${message.matched} matched · `,
      h('span', { class: 'added' }, `${message.added} added`),
      ' · ',
      h('span', { class: 'removed' }, `${message.removed} removed`),
    ),
  );
  applyFilter();
  requestAnimationFrame(() => post({ type: 'painted', rows: shown.length }));
});

onlyChanges.addEventListener('change', applyFilter);
viewport.addEventListener('scroll', schedule);
new ResizeObserver(schedule).observe(viewport);
canvas.addEventListener('click', (event) => {
  const row = (event.target as HTMLElement).closest<HTMLElement>('.row');
  const diff = row ? shown[Number(row.dataset.position)] : undefined;
  if (!diff) return;
  post(diff.right >= 0 ? { type: 'openSpan', side: 'right', index: diff.right } : { type: 'openSpan', side: 'left', index: diff.left });
});

function applyFilter(): void {
  shown = onlyChanges.checked ? all.filter((r) => r.status !== 'same') : all;
  canvas.style.height = `${shown.length * ROW_HEIGHT}px`;
  render();
}

function schedule(): void {
  if (frame) return;
  frame = true;
  requestAnimationFrame(() => {
    frame = false;
    render();
  });
}

/** Rebuilds the rows in view; the list changes only on scroll, so a fresh window is cheap enough here. */
function render(): void {
  const first = Math.max(0, Math.floor(viewport.scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(shown.length, Math.ceil((viewport.scrollTop + (viewport.clientHeight || 600)) / ROW_HEIGHT) + OVERSCAN);
  const rows: HTMLElement[] = [];
  for (let position = first; position < last; position++) rows.push(rowElement(shown[position]!, position));
  canvas.replaceChildren(...rows);
}

function rowElement(row: DiffRow, position: number): HTMLElement {
  const type = SPAN_TYPES[row.typeCode] ?? 'UNKNOWN';
  const delta = row.leftDurationNs >= 0 && row.rightDurationNs >= 0 ? row.rightDurationNs - row.leftDurationNs : null;
  const treeCell = h(
    'div',
    { class: 'tree-cell' },
    h('span', { class: 'marker' }, row.status === 'added' ? '+' : row.status === 'removed' ? '−' : ''),
    h('span', { class: 'icon-slot' }, spanIcon(type)),
    h('span', { class: 'name' }, row.name),
  );
  // Positions go through the CSSOM: the page's CSP refuses inline style attributes.
  treeCell.style.paddingLeft = `${4 + Math.min(row.depth, 24) * 12}px`;
  const element = h(
    'div',
    { class: `row compare-row ${row.status}${row.failed ? ' failed' : ''}`, 'data-position': position, 'data-status': row.status, role: 'listitem' },
    treeCell,
    durationCell(row.leftDurationNs),
    durationCell(row.rightDurationNs),
    h('div', { class: `delta ${delta === null ? '' : deltaClass(delta)}` }, delta === null ? '' : signed(delta)),
  );
  element.style.top = `${position * ROW_HEIGHT}px`;
  return element;
}

function durationCell(ns: number): HTMLElement {
  if (ns === -1) return h('div', { class: 'duration missing' }, '—');
  const bar = h('div', { class: 'mini-bar' });
  bar.style.width = `${Math.max(1, (100 * ns) / scale)}%`;
  return h('div', { class: 'duration' }, bar, h('span', {}, formatSpanDuration(ns)));
}

function sideSummary(title: string, side: CompareSide): HTMLElement {
  const facts = [side.executionDuration === null ? 'running' : formatLatency(side.executionDuration), `${side.spans} spans`, side.totalTokens === null ? '' : formatTokens(side.totalTokens), new Date(side.requestTime).toLocaleString()];
  return h('div', { class: 'side' }, h('span', { class: 'muted' }, `${title}: `), h('span', { class: `pill state-${side.state}` }, side.state), ' ', h('span', { class: 'trace-name' }, side.name), h('div', { class: 'facts' }, `${facts.filter(Boolean).join(' · ')} · ${side.traceId}`));
}

/** Slower is worse: a positive change reads red, a negative one green; under 1% is no change. */
function deltaClass(ns: number): string {
  return ns > 0 ? 'slower' : ns < 0 ? 'faster' : '';
}

function signed(ns: number): string {
  return `${ns > 0 ? '+' : ns < 0 ? '−' : '±'}${formatSpanDuration(Math.abs(ns))}`;
}

post({ type: 'ready' });
