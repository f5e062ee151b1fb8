// The span tree beside its waterfall, virtualised: only the rows inside the viewport (plus a margin) exist in the
// DOM, taken from a pool and refilled as the view scrolls, so 10,000 spans scroll like 40. Each row is the tree cell
// (indent, twisty, type icon, name, duration) and the timeline cell (a bar from the span's start to its end, on the
// trace's time axis). Collapsing reads whole subtrees from subtreeEnd; nothing walks objects per row.
import { SPAN_TYPES } from '../../core/traces/spanTree';
import { ancestorsOf, visibleRows } from '../../core/traces/spanTree';
import { formatSpanDuration } from '../../core/traces/tracePresentation';
import { h } from '../shared/dom';
import type { ExplorerTree } from './contract';
import { spanIcon } from './spanIcons';

export const ROW_HEIGHT = 22;
const OVERSCAN = 12;
const INDENT_PX = 12;
/** Deeper spans stop moving right: a 1,000-deep chain still shows its names. */
const MAX_INDENT_LEVELS = 24;
const AXIS_TICKS = 4;

export interface SpanRowsEvents {
  select(index: number): void;
}

export class SpanRows {
  readonly element: HTMLElement;
  private tree: ExplorerTree | undefined;
  private collapsed = new Uint8Array(0);
  /** Display index of the span on each visible row. */
  private rows: Int32Array = new Int32Array(0);
  /** Visible row of each span, -1 when a collapsed ancestor hides it. */
  private rowOf: Int32Array = new Int32Array(0);
  private selected = -1;
  private matches = new Set<number>();
  private readonly viewport: HTMLElement;
  private readonly canvas: HTMLElement;
  private readonly axis: HTMLElement;
  private readonly drawn = new Map<number, HTMLElement>();
  private readonly pool: HTMLElement[] = [];
  private framePending = false;

  constructor(private readonly events: SpanRowsEvents) {
    this.axis = h('div', { class: 'time-head' });
    this.canvas = h('div', { class: 'rows-canvas' });
    this.viewport = h('div', { class: 'rows-viewport', role: 'tree', 'aria-label': 'Spans', tabindex: 0 }, this.canvas);
    this.element = h('div', { class: 'rows' }, h('div', { class: 'rows-head' }, h('div', { class: 'tree-head' }, 'Span'), this.axis), this.viewport);
    this.viewport.addEventListener('scroll', () => this.schedule());
    this.canvas.addEventListener('click', (event) => this.clicked(event));
    this.viewport.addEventListener('keydown', (event) => this.key(event));
    new ResizeObserver(() => this.schedule()).observe(this.viewport);
  }

  /** Shows a tree with every span expanded; draws the first screen now, so the caller can time the paint. */
  setTree(tree: ExplorerTree): void {
    this.tree = tree;
    this.collapsed = new Uint8Array(tree.count);
    this.selected = -1;
    this.matches.clear();
    this.drawAxis(tree.traceDurationNs);
    this.viewport.scrollTop = 0;
    this.relayout();
  }

  get visibleCount(): number {
    return this.rows.length;
  }

  get selectedIndex(): number {
    return this.selected;
  }

  /** Selects a span, expanding its ancestors and scrolling it into view. */
  select(index: number): void {
    if (!this.tree || index < 0 || index >= this.tree.count) return;
    const hidden = ancestorsOf(this.tree, index).filter((a) => this.collapsed[a]);
    for (const ancestor of hidden) this.collapsed[ancestor] = 0;
    if (hidden.length > 0) this.relayout();
    this.selected = index;
    this.scrollToRow(this.rowOf[index]!);
    this.refreshClasses();
    this.events.select(index);
  }

  setMatches(matches: readonly number[]): void {
    this.matches = new Set(matches);
    this.refreshClasses();
  }

  toggle(index: number): void {
    if (!this.tree || this.tree.subtreeEnd[index]! <= index + 1) return;
    this.collapsed[index] = this.collapsed[index] ? 0 : 1;
    this.relayout();
  }

  /** Every span with children folded (only the roots show), or every span open. */
  setAllCollapsed(collapsed: boolean): void {
    if (!this.tree) return;
    for (let i = 0; i < this.tree.count; i++) this.collapsed[i] = collapsed && this.tree.subtreeEnd[i]! > i + 1 ? 1 : 0;
    this.relayout();
    if (this.selected >= 0 && this.rowOf[this.selected]! >= 0) this.scrollToRow(this.rowOf[this.selected]!);
  }

  private relayout(): void {
    const tree = this.tree!;
    this.rows = visibleRows(tree, this.collapsed);
    this.rowOf = new Int32Array(tree.count).fill(-1);
    for (let k = 0; k < this.rows.length; k++) this.rowOf[this.rows[k]!] = k;
    this.canvas.style.height = `${this.rows.length * ROW_HEIGHT}px`;
    for (const [position, row] of this.drawn) this.release(position, row);
    this.render();
  }

  /** Positions go through the CSSOM: the page's CSP refuses inline style attributes. */
  private drawAxis(durationNs: number): void {
    this.axis.replaceChildren(
      ...Array.from({ length: AXIS_TICKS + 1 }, (_, k) => {
        const tick = h('span', { class: 'tick' }, formatSpanDuration((durationNs * k) / AXIS_TICKS));
        tick.style.left = `${(100 * k) / AXIS_TICKS}%`;
        return tick;
      }),
    );
  }

  private schedule(): void {
    if (this.framePending) return;
    this.framePending = true;
    requestAnimationFrame(() => {
      this.framePending = false;
      this.render();
    });
  }

  private render(): void {
    if (!this.tree) return;
    const top = this.viewport.scrollTop;
    const height = this.viewport.clientHeight || 600;
    const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(this.rows.length, Math.ceil((top + height) / ROW_HEIGHT) + OVERSCAN);
    for (const [position, row] of this.drawn) if (position < first || position >= last) this.release(position, row);
    for (let position = first; position < last; position++) {
      if (this.drawn.has(position)) continue;
      const row = this.pool.pop() ?? this.createRow();
      this.fill(row, position);
      this.drawn.set(position, row);
      if (!row.isConnected) this.canvas.append(row);
    }
  }

  private release(position: number, row: HTMLElement): void {
    this.drawn.delete(position);
    row.style.display = 'none';
    this.pool.push(row);
  }

  private createRow(): HTMLElement {
    return h(
      'div',
      { class: 'row', role: 'treeitem' },
      h('div', { class: 'tree-cell' }, h('span', { class: 'twisty' }), h('span', { class: 'icon-slot' }), h('span', { class: 'name' }), h('span', { class: 'dur' })),
      h('div', { class: 'time-cell' }, h('div', { class: 'bar' })),
    );
  }

  private fill(row: HTMLElement, position: number): void {
    const tree = this.tree!;
    const index = this.rows[position]!;
    const [treeCell, timeCell] = row.children as unknown as [HTMLElement, HTMLElement];
    const [twisty, iconSlot, name, duration] = treeCell.children as unknown as [HTMLElement, HTMLElement, HTMLElement, HTMLElement];
    row.style.display = '';
    row.style.top = `${position * ROW_HEIGHT}px`;
    row.dataset.index = String(index);
    const type = SPAN_TYPES[tree.typeCode[index]!] ?? 'UNKNOWN';
    row.dataset.type = type;
    treeCell.style.paddingLeft = `${4 + Math.min(tree.depth[index]!, MAX_INDENT_LEVELS) * INDENT_PX}px`;
    const parent = tree.subtreeEnd[index]! > index + 1;
    twisty.textContent = parent ? (this.collapsed[index] ? '▸' : '▾') : '';
    row.setAttribute('aria-expanded', parent ? String(!this.collapsed[index]) : '');
    row.setAttribute('aria-level', String(tree.depth[index]! + 1));
    if (iconSlot.dataset.type !== type) {
      iconSlot.dataset.type = type;
      iconSlot.replaceChildren(spanIcon(type));
    }
    name.textContent = tree.names[index]!;
    const durationNs = tree.durationNs[index]!;
    duration.textContent = formatSpanDuration(durationNs);
    const total = tree.traceDurationNs || 1;
    const bar = timeCell.firstElementChild as HTMLElement;
    const left = (100 * tree.startNs[index]!) / total;
    bar.style.left = `${left}%`;
    bar.style.width = durationNs < 0 ? `${100 - left}%` : `max(2px, ${(100 * durationNs) / total}%)`;
    bar.className = `bar type-${type}${durationNs < 0 ? ' open' : ''}`;
    this.classes(row, index);
  }

  private classes(row: HTMLElement, index: number): void {
    row.classList.toggle('selected', index === this.selected);
    row.classList.toggle('failed', this.tree!.failed[index] === 1);
    row.classList.toggle('match', this.matches.has(index));
    row.setAttribute('aria-selected', String(index === this.selected));
  }

  private refreshClasses(): void {
    for (const row of this.drawn.values()) this.classes(row, Number(row.dataset.index));
  }

  private scrollToRow(position: number): void {
    if (position < 0) return;
    const top = position * ROW_HEIGHT;
    const view = this.viewport;
    if (top < view.scrollTop) view.scrollTop = top;
    else if (top + ROW_HEIGHT > view.scrollTop + view.clientHeight) view.scrollTop = top + ROW_HEIGHT - view.clientHeight;
    this.render();
  }

  private clicked(event: MouseEvent): void {
    const target = event.target as HTMLElement;
    const row = target.closest<HTMLElement>('.row');
    if (!row?.dataset.index) return;
    const index = Number(row.dataset.index);
    if (target.classList.contains('twisty')) this.toggle(index);
    else this.select(index);
    this.viewport.focus({ preventScroll: true });
  }

  private key(event: KeyboardEvent): void {
    if (!this.tree || this.rows.length === 0) return;
    const position = this.selected >= 0 ? this.rowOf[this.selected]! : -1;
    const moves: Record<string, () => void> = {
      ArrowDown: () => this.select(this.rows[Math.min(this.rows.length - 1, position + 1)]!),
      ArrowUp: () => this.select(this.rows[Math.max(0, position - 1)]!),
      Home: () => this.select(this.rows[0]!),
      End: () => this.select(this.rows[this.rows.length - 1]!),
      ArrowLeft: () => {
        if (this.selected < 0) return;
        if (!this.collapsed[this.selected] && this.tree!.subtreeEnd[this.selected]! > this.selected + 1) this.toggle(this.selected);
        else if (this.tree!.parent[this.selected]! >= 0) this.select(this.tree!.parent[this.selected]!);
      },
      ArrowRight: () => {
        if (this.selected >= 0 && this.collapsed[this.selected]) this.toggle(this.selected);
      },
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    move();
  }
}
