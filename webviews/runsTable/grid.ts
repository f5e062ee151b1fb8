// The virtualised grid: only the rows and columns inside the viewport exist in the DOM (100k rows scroll as ~40),
// rows arrive from the host in blocks as they come into view, pinned columns stay at the left. Header: column groups,
// column titles (click to sort, drag to reorder, drag the edge to resize, pin, metric mode), quick filters.
import type { TableRow } from '../../core/runsTable/session';
import type { MetricMode, TableQuery } from '../../core/runsTable/tableQuery';
import { h } from '../shared/dom';
import type { TableLayout, TableState } from './contract';
import { formatCell } from './format';
import { GROUP_TITLES, moveColumn, type PlacedColumn, type Placement, placeColumns, toggle } from './layout';

export const ROW_HEIGHT = 24;
const HEAD_HEIGHT = 24 * 3;
/** Rows are asked for in aligned blocks of this many. */
const BLOCK = 100;
/** Rows drawn beyond the viewport's edges, so a small scroll shows rows at once. */
const OVERSCAN = 8;

export interface GridEvents {
  needRows(generation: number, offset: number, count: number): void;
  sort(columnId: string): void;
  setMode(metricKey: string, mode: MetricMode): void;
  quickFilter(columnId: string, text: string): void;
  toggleFold(key: string): void;
  layoutChanged(layout: TableLayout): void;
  selectionChanged(): void;
  reveal(runId: string): void;
  hoverMetric(runId: string, key: string, anchor: HTMLElement): void;
  painted(rows: number): void;
}

function quickFilterHint(column: { kind: string; label: string }): string {
  switch (column.kind) {
    case 'time':
      return `Compare ${column.label}: > 2026-01-31, <= 2026-01-31 18:00 (local time)`;
    case 'duration':
      return `Compare ${column.label} in seconds: > 60, <= 3600`;
    case 'number':
      return `Compare ${column.label}: > 0.9, <= 3, != 1`;
    default:
      return `Find text in ${column.label} (MLflow's ILIKE: % and _ are wildcards)`;
  }
}

export class Grid {
  readonly selected = new Set<string>();
  private state: TableState | undefined;
  private query: TableQuery | undefined;
  private generation = 0;
  private layout: TableLayout;
  private placement: Placement = { columns: [], pinnedWidth: 0, totalWidth: 0 };
  private readonly rows = new Map<number, TableRow>();
  /** The previous answer's rows, drawn until fresh ones arrive when only the data changed (not the query). */
  private stale = new Map<number, TableRow>();
  private readonly requested = new Set<number>();
  private anchorIndex: number | undefined;
  private framePending = false;
  private quickErrors = new Map<string, string>();
  private readonly viewport: HTMLElement;
  private readonly head: HTMLElement;
  private readonly body: HTMLElement;
  private lastPainted = -1;

  constructor(
    root: HTMLElement,
    layout: TableLayout,
    private readonly events: GridEvents,
  ) {
    this.layout = layout;
    this.head = h('div', { class: 'head', role: 'rowgroup' });
    this.body = h('div', { class: 'body', role: 'rowgroup' });
    this.viewport = h('div', { class: 'viewport', role: 'grid', 'aria-label': 'Runs', tabindex: 0 }, this.head, this.body);
    root.append(this.viewport);
    this.viewport.addEventListener('scroll', () => this.schedule());
    new ResizeObserver(() => this.schedule()).observe(this.viewport);
  }

  get currentLayout(): TableLayout {
    return this.layout;
  }

  /** Run ids of the selected rows, in display order where loaded. */
  selectedRunIds(): string[] {
    return [...this.selected];
  }

  setState(generation: number, state: TableState, query: TableQuery): void {
    // The whole order after its first page, or a store change that left the rows where they were: the rows on screen
    // stay until their update arrives. Anything else (a new query, a fold, runs added) moves rows: start afresh.
    const sameRows = JSON.stringify(query) === JSON.stringify(this.query) && (this.state?.complete === false || this.state?.rowCount === state.rowCount);
    this.generation = generation;
    this.state = state;
    this.query = query;
    this.stale = sameRows ? (this.rows.size > 0 ? new Map(this.rows) : this.stale) : new Map();
    this.rows.clear();
    this.requested.clear();
    this.quickErrors.clear();
    this.place();
    this.schedule();
  }

  setRows(generation: number, offset: number, rows: TableRow[]): void {
    if (generation !== this.generation) return;
    for (const [i, row] of rows.entries()) this.rows.set(offset + i, row);
    this.schedule();
  }

  setLayout(layout: TableLayout): void {
    this.layout = layout;
    this.place();
    this.schedule();
    this.events.layoutChanged(layout);
  }

  setQuickFilterError(column: string, message: string): void {
    this.quickErrors.set(column, message);
    this.renderHead();
  }

  private place(): void {
    if (!this.state || !this.query) return;
    const unvarying = new Set(this.query.onlyDifferences ? this.state.sameParams : []);
    this.placement = placeColumns(this.state.columns, this.layout, unvarying);
    this.head.style.width = `${this.placement.totalWidth}px`;
    this.body.style.width = `${this.placement.totalWidth}px`;
    this.body.style.height = `${this.state.rowCount * ROW_HEIGHT}px`;
    this.renderHead();
  }

  private schedule(): void {
    if (this.framePending) return;
    this.framePending = true;
    requestAnimationFrame(() => {
      this.framePending = false;
      this.renderBody();
      this.positionPinned(this.head);
    });
  }

  /** Columns whose span meets the visible x range, plus every pinned column. */
  private visibleColumns(): PlacedColumn[] {
    const from = this.viewport.scrollLeft + this.placement.pinnedWidth;
    const to = this.viewport.scrollLeft + this.viewport.clientWidth;
    return this.placement.columns.filter((p) => p.pinned || (p.left + p.width > from && p.left < to));
  }

  private renderBody(): void {
    const state = this.state;
    if (!state) return;
    const top = Math.max(0, this.viewport.scrollTop);
    const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(state.rowCount, Math.ceil((top + this.viewport.clientHeight) / ROW_HEIGHT) + OVERSCAN);
    this.request(first, last);
    const columns = this.visibleColumns();
    const elements: HTMLElement[] = [];
    let painted = 0;
    for (let index = first; index < last; index++) {
      const row = this.rows.get(index) ?? this.stale.get(index);
      const element = row ? this.rowElement(index, row, columns) : h('div', { class: 'row loading', role: 'row' }, h('div', { class: 'cell' }, '…'));
      element.style.top = `${index * ROW_HEIGHT}px`;
      element.style.width = `${this.placement.totalWidth}px`;
      elements.push(element);
      if (row?.run) painted++;
    }
    this.body.replaceChildren(...elements);
    this.positionPinned(this.body);
    if (painted !== this.lastPainted) {
      this.lastPainted = painted;
      this.events.painted(painted);
    }
  }

  private request(first: number, last: number): void {
    for (let block = Math.floor(first / BLOCK) * BLOCK; block < last; block += BLOCK) {
      if (this.requested.has(block)) continue;
      let missing = false;
      for (let i = block; i < Math.min(block + BLOCK, last); i++) if (!this.rows.has(i)) missing = true;
      if (!missing) continue;
      this.requested.add(block);
      this.events.needRows(this.generation, block, BLOCK);
    }
  }

  /** Pinned cells follow the horizontal scroll so they stay at the left edge. */
  private positionPinned(container: HTMLElement): void {
    const shift = this.viewport.scrollLeft;
    for (const cell of container.querySelectorAll<HTMLElement>('.pinned')) cell.style.left = `${Number(cell.dataset.left) + shift}px`;
  }

  private rowElement(index: number, row: TableRow, columns: PlacedColumn[]): HTMLElement {
    if (row.row.kind === 'group') return this.groupRow(row.row);
    const run = row.run;
    const element = h('div', { class: 'row', role: 'row', 'data-index': index, 'aria-selected': run ? this.selected.has(run.runId) : false });
    if (!run || !row.cells) return element;
    if (this.selected.has(run.runId)) element.classList.add('selected');
    element.dataset.runId = run.runId;
    for (const placed of columns) {
      const cell = h('div', { class: 'cell', role: 'gridcell' });
      this.placeCell(cell, placed);
      if (placed.kind === 'folded') {
        element.append(cell);
        continue;
      }
      const { column } = placed;
      cell.dataset.column = column.id;
      const value = row.cells[column.id];
      const text = formatCell(column.kind, value);
      if (column.id === 'attributes.run_name') {
        cell.classList.add('name');
        cell.style.paddingLeft = `${6 + row.row.depth * 16}px`;
        if (row.row.childCount > 0) {
          const twisty = h('span', { class: 'twisty', role: 'button', 'aria-label': row.row.folded ? 'Unfold child runs' : 'Fold child runs' }, row.row.folded ? '▸' : '▾');
          twisty.addEventListener('click', (event) => {
            event.stopPropagation();
            this.events.toggleFold(run.runId);
          });
          cell.append(twisty, `${text} (${row.row.childCount})`);
        } else cell.append(text);
      } else cell.textContent = text;
      if (column.kind === 'status') cell.classList.add(`status-${String(value).toLowerCase()}`);
      if (column.kind === 'number' || column.kind === 'duration') cell.classList.add('numeric');
      cell.title = text;
      if (column.group === 'metrics' && value !== null) {
        cell.addEventListener('mouseenter', () => this.events.hoverMetric(run.runId, column.key, cell));
      }
      element.append(cell);
    }
    element.addEventListener('click', (event) => this.select(index, run.runId, event));
    element.addEventListener('dblclick', () => this.events.reveal(run.runId));
    return element;
  }

  private groupRow(group: Extract<TableRow['row'], { kind: 'group' }>): HTMLElement {
    const groupBy = this.query?.groupBy ?? '';
    const parts = [`${groupBy} = ${group.value ?? '(none)'}`, `${group.count} run${group.count === 1 ? '' : 's'}`];
    const sortKey = this.query?.sort?.column.replace(/^metrics\./, '');
    if (group.mean !== undefined) parts.push(`mean ${sortKey} ${formatCell('number', group.mean)}`);
    if (group.best !== undefined) parts.push(`best ${formatCell('number', group.best)}`);
    const twisty = h('span', { class: 'twisty' }, group.folded ? '▸' : '▾');
    const cell = h('div', { class: 'cell group-cell pinned', 'data-left': 0 }, twisty, parts.join(' · '));
    cell.style.width = `${Math.min(this.placement.totalWidth, this.viewport.clientWidth)}px`;
    const element = h('div', { class: 'row group', role: 'row' }, cell);
    element.addEventListener('click', () => this.events.toggleFold(group.key));
    return element;
  }

  private placeCell(cell: HTMLElement, placed: PlacedColumn): void {
    cell.style.left = `${placed.left}px`;
    cell.style.width = `${placed.width}px`;
    if (placed.pinned) {
      cell.classList.add('pinned');
      cell.dataset.left = String(placed.left);
    }
  }

  private select(index: number, runId: string, event: MouseEvent): void {
    if (event.shiftKey && this.anchorIndex !== undefined) {
      const [from, to] = [Math.min(this.anchorIndex, index), Math.max(this.anchorIndex, index)];
      for (let i = from; i <= to; i++) {
        const id = this.rows.get(i)?.run?.runId;
        if (id) this.selected.add(id);
      }
    } else if (event.ctrlKey || event.metaKey) {
      if (!this.selected.delete(runId)) this.selected.add(runId);
      this.anchorIndex = index;
    } else {
      this.selected.clear();
      this.selected.add(runId);
      this.anchorIndex = index;
    }
    this.events.selectionChanged();
    this.renderBody();
  }

  private renderHead(): void {
    if (!this.state || !this.query) return;
    const groups = h('div', { class: 'head-row groups' });
    const titles = h('div', { class: 'head-row titles' });
    const filters = h('div', { class: 'head-row filters' });
    let span: { group: string; left: number; width: number } | undefined;
    const flush = () => {
      if (span) groups.append(this.groupHeader(span.group, span.left, span.width));
    };
    for (const placed of this.placement.columns) {
      const group = placed.kind === 'folded' ? placed.group : placed.pinned ? 'pinned' : placed.column.group;
      if (span?.group === group) span.width += placed.width;
      else {
        flush();
        span = { group, left: placed.left, width: placed.width };
      }
      titles.append(this.titleCell(placed));
      filters.append(this.filterCell(placed));
    }
    flush();
    this.head.style.height = `${HEAD_HEIGHT}px`;
    // A new answer redraws the header while someone types a quick filter: keep their caret where it was.
    const focused = document.activeElement instanceof HTMLInputElement && this.head.contains(document.activeElement) ? document.activeElement : undefined;
    const caret = focused ? [focused.getAttribute('aria-label'), focused.selectionStart, focused.selectionEnd] as const : undefined;
    this.head.replaceChildren(groups, titles, filters);
    this.positionPinned(this.head);
    if (caret) {
      const again = [...this.head.querySelectorAll('input')].find((i) => i.getAttribute('aria-label') === caret[0]);
      again?.focus();
      if (again && again.type === 'text') again.setSelectionRange(caret[1], caret[2]);
    }
  }

  private groupHeader(group: string, left: number, width: number): HTMLElement {
    const title = group === 'pinned' ? '' : GROUP_TITLES[group as keyof typeof GROUP_TITLES];
    const folded = this.layout.foldedGroups.includes(group);
    const cell = h('div', { class: `cell group-title${group === 'pinned' ? ' pinned' : ''}`, 'data-left': left, title: group === 'pinned' ? '' : `${folded ? 'Unfold' : 'Fold'} ${title}` }, group === 'pinned' ? '' : `${folded ? '▸' : '▾'} ${title}`);
    cell.style.left = `${left}px`;
    cell.style.width = `${width}px`;
    if (group !== 'pinned') {
      cell.addEventListener('click', () => this.setLayout({ ...this.layout, foldedGroups: toggle(this.layout.foldedGroups, group) }));
    }
    return cell;
  }

  private titleCell(placed: PlacedColumn): HTMLElement {
    const cell = h('div', { class: 'cell title', role: 'columnheader' });
    this.placeCell(cell, placed);
    if (placed.kind === 'folded') {
      cell.textContent = String(placed.count);
      cell.title = `${placed.count} ${GROUP_TITLES[placed.group]} columns folded: click the group title to show them`;
      return cell;
    }
    const { column } = placed;
    const sort = this.query?.sort?.column === column.id ? (this.query.sort.descending ? ' ↓' : ' ↑') : '';
    const label = h('span', { class: 'label', title: `${column.id} — click to sort` }, `${column.label}${sort}`);
    label.addEventListener('click', () => this.events.sort(column.id));
    const pin = h('button', { class: 'pin', type: 'button', title: placed.pinned ? 'Unpin' : 'Pin to the left', 'aria-pressed': placed.pinned }, placed.pinned ? '◆' : '◇');
    pin.addEventListener('click', (event) => {
      event.stopPropagation();
      this.setLayout({ ...this.layout, pinned: toggle(this.layout.pinned, column.id) });
    });
    cell.append(label);
    if (column.group === 'metrics') cell.append(this.modeSelect(column.key));
    cell.append(pin, this.resizeHandle(column.id, placed.width));
    cell.draggable = true;
    cell.dataset.column = column.id;
    cell.addEventListener('dragstart', (event) => event.dataTransfer?.setData('text/plain', column.id));
    cell.addEventListener('dragover', (event) => event.preventDefault());
    cell.addEventListener('drop', (event) => {
      event.preventDefault();
      const moved = event.dataTransfer?.getData('text/plain');
      if (moved && moved !== column.id && this.state) this.setLayout(moveColumn(this.layout, this.state.columns, moved, column.id));
    });
    return cell;
  }

  /** last / min / max / @step, and the step's number when at a step. */
  private modeSelect(key: string): HTMLElement {
    const mode = this.query?.metricModes[key] ?? { kind: 'latest' };
    const select = h(
      'select',
      { class: 'mode', 'aria-label': `Value of ${key}`, title: 'Which value of the history: the last, the min, the max, or the one at a step' },
      h('option', { value: 'latest' }, 'last'),
      h('option', { value: 'min' }, 'min'),
      h('option', { value: 'max' }, 'max'),
      h('option', { value: 'step' }, '@step'),
    );
    select.value = mode.kind;
    const box = h('span', { class: 'modes' }, select);
    box.addEventListener('click', (event) => event.stopPropagation());
    select.addEventListener('change', () => {
      const kind = select.value as MetricMode['kind'];
      this.events.setMode(key, kind === 'step' ? { kind, step: 0 } : { kind });
    });
    if (mode.kind === 'step') {
      const step = h('input', { type: 'number', min: 0, step: 1, class: 'step', value: mode.step, 'aria-label': `Step of ${key}` });
      step.addEventListener('change', () => {
        const value = Number(step.value);
        if (Number.isInteger(value) && value >= 0) this.events.setMode(key, { kind: 'step', step: value });
      });
      box.append(step);
    }
    return box;
  }

  private resizeHandle(columnId: string, width: number): HTMLElement {
    const handle = h('span', { class: 'resize', title: 'Drag to resize' });
    handle.addEventListener('mousedown', (down) => {
      down.preventDefault();
      down.stopPropagation();
      const move = (event: MouseEvent) => {
        const widths = { ...this.layout.widths, [columnId]: Math.max(40, Math.round(width + event.clientX - down.clientX)) };
        this.layout = { ...this.layout, widths };
        this.place();
        this.schedule();
      };
      const up = () => {
        window.removeEventListener('mousemove', move);
        window.removeEventListener('mouseup', up);
        this.events.layoutChanged(this.layout);
      };
      window.addEventListener('mousemove', move);
      window.addEventListener('mouseup', up);
    });
    return handle;
  }

  private filterCell(placed: PlacedColumn): HTMLElement {
    const cell = h('div', { class: 'cell quick' });
    this.placeCell(cell, placed);
    if (placed.kind === 'folded') return cell;
    const { column } = placed;
    const numeric = column.kind === 'number' || column.kind === 'time' || column.kind === 'duration';
    const error = this.quickErrors.get(column.id);
    const input = h('input', {
      type: 'text',
      class: error ? 'invalid' : undefined,
      placeholder: column.kind === 'time' ? '> 2026-01-31' : column.kind === 'duration' ? '> 60 (s)' : numeric ? '> 0.9' : 'filter',
      'aria-label': `Filter ${column.label}`,
      title: error ?? quickFilterHint(column),
      value: this.query?.columnFilters[column.id] ?? '',
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    input.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => this.events.quickFilter(column.id, input.value), 350);
    });
    cell.append(input);
    return cell;
  }
}
