// Renders the report into a container: summary cards, controls (search, filter, export), the column table in
// Evidently's order (drift score descending) and, per expanded row, its chart. Plain DOM; every data string goes
// through textContent.
import type { ColumnDriftResult } from '../../core/drift/columnDrift';
import { drawChart } from './chart';
import type { DriftReportPayload, UiToHost } from './contract';

export type Filter = 'all' | 'drifted' | 'stable' | 'num' | 'cat';

export interface ViewState {
  search: string;
  filter: Filter;
  expanded: Set<string>;
}

function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: { className?: string; text?: string } = {}, ...children: Node[]) {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== undefined) node.textContent = props.text;
  for (const child of children) node.appendChild(child);
  return node;
}

function card(label: string, value: string, className = ''): HTMLElement {
  return h('div', { className: `card ${className}` }, h('div', { className: 'value', text: value }), h('div', { className: 'label', text: label }));
}

function formatScore(score: number): string {
  if (!Number.isFinite(score)) return String(score);
  return score !== 0 && Math.abs(score) < 1e-4 ? score.toExponential(2) : score.toFixed(4);
}

export function matches(column: ColumnDriftResult, state: Pick<ViewState, 'search' | 'filter'>): boolean {
  if (state.search && !column.column_name.toLowerCase().includes(state.search.toLowerCase())) return false;
  switch (state.filter) {
    case 'drifted':
      return column.drift_detected;
    case 'stable':
      return !column.drift_detected;
    case 'num':
    case 'cat':
      return column.column_type === state.filter;
    default:
      return true;
  }
}

function columnRows(column: ColumnDriftResult, state: ViewState, rerender: () => void): HTMLElement[] {
  const open = state.expanded.has(column.column_name);
  const row = h(
    'tr',
    { className: 'column' },
    h('td', { text: `${open ? '▾' : '▸'} ${column.column_name}` }),
    h('td', { text: column.column_type === 'num' ? 'numerical' : 'categorical' }),
    h('td', { text: column.stattest_name }),
    h('td', { className: 'num', text: String(column.threshold) }),
    h('td', { className: 'num', text: formatScore(column.drift_score) }),
    h('td', { className: column.drift_detected ? 'detected' : 'not-detected', text: column.drift_detected ? 'Detected' : 'Not detected' }),
    h('td', { className: 'num', text: `${(column.missing_share_reference * 100).toFixed(1)}% / ${(column.missing_share_current * 100).toFixed(1)}%` }),
  );
  row.tabIndex = 0;
  row.dataset.column = column.column_name;
  const toggle = () => {
    if (open) state.expanded.delete(column.column_name);
    else state.expanded.add(column.column_name);
    rerender();
  };
  row.addEventListener('click', toggle);
  row.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      toggle();
    }
  });
  if (!open) return [row];
  const legend = h(
    'div',
    { className: 'legend' },
    h('span', {}, h('span', { className: 'swatch ref' }), document.createTextNode(`reference (${column.n_reference})`)),
    h('span', {}, h('span', { className: 'swatch cur' }), document.createTextNode(`current (${column.n_current})`)),
  );
  const cell = h('td', {}, legend, drawChart(column.chart));
  if (column.chart.kind === 'categories' && column.chart.otherKeys > 0) {
    cell.appendChild(h('div', { className: 'status', text: `${column.chart.otherKeys} more categories not drawn` }));
  }
  cell.colSpan = 7;
  const detail = h('tr', { className: 'detail' }, cell);
  return [row, detail];
}

export function renderReport(
  root: HTMLElement,
  payload: DriftReportPayload,
  state: ViewState,
  post: (message: UiToHost) => void,
): void {
  const { report, sources } = payload;
  const rerender = () => renderReport(root, payload, state, post);
  const focused = document.activeElement instanceof HTMLInputElement ? document.activeElement.className : undefined;
  root.replaceChildren();
  root.appendChild(h('h1', { text: 'Data drift report' }));
  root.appendChild(h('div', { className: 'sources', text: `reference: ${sources.reference} · current: ${sources.current} · ${payload.generatedAt}` }));
  root.appendChild(
    h(
      'div',
      { className: 'summary' },
      card('dataset drift', report.dataset_drift ? 'Detected' : 'Not detected', `verdict ${report.dataset_drift ? 'drift' : 'stable'}`),
      card('drifted columns', `${report.number_of_drifted_columns} of ${report.number_of_columns}`),
      card('share drifted', `${(report.share_of_drifted_columns * 100).toFixed(1)}% (limit ${report.drift_share * 100}%)`),
      card('rows reference', String(report.rows_reference)),
      card('rows current', String(report.rows_current)),
    ),
  );
  const search = h('input', { className: 'search' });
  search.type = 'search';
  search.placeholder = 'Search columns';
  search.value = state.search;
  search.addEventListener('input', () => {
    state.search = search.value;
    rerender();
  });
  const filter = h('select', { className: 'filter' });
  for (const [value, label] of [
    ['all', 'All columns'],
    ['drifted', 'Drifted'],
    ['stable', 'Not drifted'],
    ['num', 'Numerical'],
    ['cat', 'Categorical'],
  ] as const) {
    const option = h('option', { text: label });
    option.value = value;
    filter.appendChild(option);
  }
  filter.value = state.filter;
  filter.addEventListener('change', () => {
    state.filter = filter.value as Filter;
    rerender();
  });
  const button = (label: string, message: UiToHost) => {
    const b = h('button', { text: label });
    b.addEventListener('click', () => post(message));
    return b;
  };
  root.appendChild(h('div', { className: 'controls' }, search, filter, button('Export HTML', { type: 'exportHtml' }), button('Export JSON', { type: 'exportJson' })));
  const shown = report.columns.filter((c) => matches(c, state));
  const head = h('tr', {}, ...['Column', 'Type', 'Stat test', 'Threshold', 'Drift score', 'Drift', 'Missing ref / cur'].map((t) => h('th', { text: t })));
  const body = h('tbody', {}, ...shown.flatMap((c) => columnRows(c, state, rerender)));
  root.appendChild(h('table', {}, h('thead', {}, head), body));
  root.appendChild(h('div', { className: 'status', text: `${shown.length} of ${report.columns.length} columns shown` }));
  if (report.errors.length) {
    const list = h('ul', { className: 'errors' }, ...report.errors.map((e) => h('li', { text: `${e.column_name}: ${e.error}` })));
    root.appendChild(h('div', {}, h('h2', { text: 'Columns not tested' }), list));
  }
  if (focused === 'search') {
    search.focus();
    search.setSelectionRange(search.value.length, search.value.length);
  }
}
