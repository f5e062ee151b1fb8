// The runs table UI: a toolbar (MLflow filter checked as you type, only differences, group by, actions on the
// selection, export) over the virtualised grid. The host owns the query's answer; this side owns layout, selection
// and what is on screen, and asks for rows as they scroll into view.
import type { TableQuery } from '../../core/runsTable/tableQuery';
import { searchFilterError } from '../../core/tracking/search/filter';
import { h, injectStyles } from '../shared/dom';
import type { HostToTable, TableLayout, TableState, TableToHost } from './contract';
import { Grid } from './grid';
import { placeColumns } from './layout';
import { sparklineCanvas } from './sparkline';
import css from './style.css';

declare function acquireVsCodeApi(): { postMessage(message: TableToHost): void };

const vscode = acquireVsCodeApi();
const post = (message: TableToHost) => vscode.postMessage(message);
injectStyles(css);

let query: TableQuery | undefined;
let state: TableState | undefined;
let generation = 0;
let grid: Grid | undefined;

const filterInput = h('input', {
  type: 'text',
  class: 'filter',
  placeholder: "MLflow filter, e.g. metrics.accuracy > 0.9 and params.model = 'cnn'",
  'aria-label': 'Filter runs',
  spellcheck: false,
});
const filterError = h('div', { class: 'filter-error', role: 'alert' });
const differences = h('input', { type: 'checkbox', 'aria-label': 'Only show differences' });
const groupBy = h('select', { 'aria-label': 'Group by' });
const plotButton = h('button', { type: 'button', disabled: true, title: 'Plot the selected runs’ metrics' }, 'Plot');
const parallelButton = h('button', { type: 'button', title: 'Parallel coordinates of the selected runs (of every shown run when none is selected)' }, 'Parallel coordinates');
const copyButton = h('button', { type: 'button', disabled: true }, 'Copy IDs');
const csvButton = h('button', { type: 'button', title: 'The shown rows and columns as CSV' }, 'Export CSV');
const columnsButton = h('button', { type: 'button', 'aria-expanded': false }, 'Columns');
const refreshButton = h('button', { type: 'button', title: 'Read the store again' }, 'Refresh');
const status = h('div', { class: 'status', role: 'status' });
const brushChip = h('div', { class: 'chip', hidden: true });
const picker = h('div', { class: 'picker', hidden: true, role: 'dialog', 'aria-label': 'Columns' });
const tooltip = h('div', { class: 'tooltip', hidden: true });
const gridBox = h('div', { class: 'grid' });

document.getElementById('root')!.append(
  h(
    'div',
    { class: 'toolbar' },
    h('div', { class: 'filter-box' }, filterInput, filterError),
    h('label', {}, differences, ' Only differences'),
    h('label', {}, 'Group by ', groupBy),
    plotButton,
    parallelButton,
    copyButton,
    csvButton,
    columnsButton,
    refreshButton,
  ),
  h('div', { class: 'statusbar' }, status, brushChip),
  picker,
  gridBox,
  tooltip,
);

function send(changes: Partial<TableQuery>): void {
  if (!query) return;
  query = { ...query, ...changes };
  post({ type: 'query', query });
}

let filterTimer: ReturnType<typeof setTimeout> | undefined;
filterInput.addEventListener('input', () => {
  const text = filterInput.value.trim();
  const error = text ? searchFilterError(text) : undefined;
  filterError.textContent = error ?? '';
  filterInput.classList.toggle('invalid', error !== undefined);
  clearTimeout(filterTimer);
  if (!error) filterTimer = setTimeout(() => send({ filter: text }), 400);
});
filterInput.addEventListener('keydown', (event) => {
  if (event.key !== 'Enter' || filterInput.classList.contains('invalid')) return;
  clearTimeout(filterTimer);
  send({ filter: filterInput.value.trim() });
});
differences.addEventListener('change', () => send({ onlyDifferences: differences.checked }));
groupBy.addEventListener('change', () => {
  if (!query) return;
  const { groupBy: _old, ...rest } = query;
  query = groupBy.value ? { ...rest, groupBy: groupBy.value } : rest;
  post({ type: 'query', query });
});
plotButton.addEventListener('click', () => post({ type: 'plot', runIds: grid?.selectedRunIds() ?? [] }));
parallelButton.addEventListener('click', () => post({ type: 'parallel', runIds: grid?.selectedRunIds() ?? [] }));
copyButton.addEventListener('click', () => post({ type: 'copyIds', runIds: grid?.selectedRunIds() ?? [] }));
refreshButton.addEventListener('click', () => post({ type: 'refresh' }));
csvButton.addEventListener('click', () => {
  if (!grid || !state || !query) return;
  const unvarying = new Set(query.onlyDifferences ? state.sameParams : []);
  const placed = placeColumns(state.columns, { ...grid.currentLayout, foldedGroups: [] }, unvarying).columns;
  const shownGroups = placeColumns(state.columns, grid.currentLayout, unvarying).columns;
  const folded = new Set(shownGroups.flatMap((p) => (p.kind === 'folded' ? [p.group] : [])));
  post({ type: 'exportCsv', columns: placed.flatMap((p) => (p.kind === 'column' && !folded.has(p.column.group) ? [p.column.id] : [])) });
});
columnsButton.addEventListener('click', () => {
  picker.hidden = !picker.hidden;
  columnsButton.setAttribute('aria-expanded', String(!picker.hidden));
  if (!picker.hidden) renderPicker();
});
brushChip.addEventListener('click', () => send({ onlyRunIds: undefined }));

window.addEventListener('message', (event: MessageEvent<HostToTable>) => {
  const message = event.data;
  switch (message.type) {
    case 'init':
      query = message.query;
      filterInput.value = query.filter;
      grid = new Grid(gridBox, message.layout, gridEvents());
      return;
    case 'state':
      generation = message.generation;
      state = message.state;
      query = message.query;
      showState();
      grid?.setState(message.generation, message.state, message.query);
      return;
    case 'rows':
      grid?.setRows(message.generation, message.offset, message.rows);
      return;
    case 'queryError':
      if (message.column) grid?.setQuickFilterError(message.column, message.message);
      else {
        filterError.textContent = message.message;
        filterInput.classList.add('invalid');
      }
      return;
    case 'sparkline':
      showSparkline(message.runId, message.key, message.x, message.y);
      return;
    case 'error':
      status.textContent = message.message;
      status.classList.add('error');
      return;
  }
});
const readyAt = performance.now();
post({ type: 'ready' });

function gridEvents(): ConstructorParameters<typeof Grid>[2] {
  return {
    needRows: (gen, offset, count) => post({ type: 'rows', generation: gen, offset, count }),
    sort: (column) => {
      const current = query?.sort;
      const descending = current?.column === column ? !current.descending : column.startsWith('metrics.');
      send({ sort: { column, descending } });
    },
    setMode: (key, mode) => send({ metricModes: { ...query?.metricModes, [key]: mode } }),
    quickFilter: (column, text) => send({ columnFilters: { ...query?.columnFilters, [column]: text } }),
    toggleFold: (key) => post({ type: 'toggleFold', key }),
    layoutChanged: (layout: TableLayout) => post({ type: 'setLayout', layout }),
    selectionChanged: () => showSelection(),
    reveal: (runId) => post({ type: 'reveal', runId }),
    hoverMetric: (runId, key, anchor) => hoverMetric(runId, key, anchor),
    painted: (rows) => {
      const sinceReadyMs = performance.now() - readyAt;
      // The first paint's time, where the benchmark in code-server can read it without the host.
      if (rows > 0) document.body.dataset.firstPaintMs ??= sinceReadyMs.toFixed(0);
      post({ type: 'painted', generation, rows, selected: grid?.selected.size ?? 0, sinceReadyMs });
    },
  };
}

function showState(): void {
  if (!state || !query) return;
  status.classList.remove('error');
  filterError.textContent = '';
  filterInput.classList.remove('invalid');
  differences.checked = query.onlyDifferences;
  const params = state.columns.filter((c) => c.group === 'params').map((c) => c.key);
  groupBy.replaceChildren(h('option', { value: '' }, '(none)'), ...params.map((key) => h('option', { value: key }, key)));
  groupBy.value = query.groupBy ?? '';
  const hidden = query.onlyDifferences && state.sameParams.length > 0 ? ` · ${state.sameParams.length} params hidden (same in every run)` : '';
  const count = state.complete ? `${state.runCount} runs` : `first ${state.runCount} runs (reading the rest…)`;
  status.textContent = `${count}${hidden}`;
  // Both act on every shown run: not before the whole order is known.
  parallelButton.disabled = !state.complete;
  csvButton.disabled = !state.complete;
  brushChip.hidden = !query.onlyRunIds;
  brushChip.textContent = query.onlyRunIds ? `Brushed in parallel coordinates: ${query.onlyRunIds.length} runs — click to show all` : '';
  showSelection();
}

function showSelection(): void {
  const selected = grid?.selected.size ?? 0;
  plotButton.disabled = selected === 0;
  copyButton.disabled = selected === 0;
  plotButton.textContent = selected > 0 ? `Plot ${selected}` : 'Plot';
}

/** The column picker: every column by group, a checkbox to show or hide each, a search box for long lists. */
function renderPicker(): void {
  const table = grid;
  const columns = state?.columns;
  if (!table || !columns) return;
  const search = h('input', { type: 'search', placeholder: 'Find a column', 'aria-label': 'Find a column' });
  const list = h('div', { class: 'picker-list' });
  const fill = () => {
    const needle = search.value.toLowerCase();
    list.replaceChildren(
      ...columns
        .filter((c) => c.id.toLowerCase().includes(needle))
        .map((column) => {
          const box = h('input', { type: 'checkbox', checked: !table.currentLayout.hidden.includes(column.id) });
          box.addEventListener('change', () => {
            const hidden = box.checked ? table.currentLayout.hidden.filter((id) => id !== column.id) : [...table.currentLayout.hidden, column.id];
            table.setLayout({ ...table.currentLayout, hidden });
          });
          return h('label', { title: column.id }, box, ` ${column.id}`);
        }),
    );
  };
  search.addEventListener('input', fill);
  picker.replaceChildren(search, list);
  fill();
}

const sparklines = new Map<string, { x: number[]; y: number[] }>();
let hovered: { runId: string; key: string; anchor: HTMLElement } | undefined;
let hoverTimer: ReturnType<typeof setTimeout> | undefined;

function hoverMetric(runId: string, key: string, anchor: HTMLElement): void {
  hovered = { runId, key, anchor };
  clearTimeout(hoverTimer);
  anchor.addEventListener(
    'mouseleave',
    () => {
      clearTimeout(hoverTimer);
      hovered = undefined;
      tooltip.hidden = true;
    },
    { once: true },
  );
  hoverTimer = setTimeout(() => {
    const known = sparklines.get(`${runId}\0${key}`);
    if (known) showSparkline(runId, key, known.x, known.y);
    else post({ type: 'sparkline', runId, key });
  }, 350);
}

function showSparkline(runId: string, key: string, x: number[], y: number[]): void {
  sparklines.set(`${runId}\0${key}`, { x, y });
  if (!hovered || hovered.runId !== runId || hovered.key !== key) return;
  const color = getComputedStyle(document.body).getPropertyValue('--vscode-charts-blue').trim() || '#3794ff';
  tooltip.replaceChildren(h('div', { class: 'tooltip-title' }, `${key} · ${y.length} points`), sparklineCanvas(x, y, color));
  const box = hovered.anchor.getBoundingClientRect();
  tooltip.style.left = `${Math.min(box.left, window.innerWidth - 180)}px`;
  tooltip.style.top = `${box.bottom + 4}px`;
  tooltip.hidden = false;
}
