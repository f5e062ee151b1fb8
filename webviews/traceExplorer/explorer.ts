// The trace explorer UI, the same in its panel (main.ts) and inline in a notebook (webviews/notebook): a summary of
// the trace, a toolbar (search across span names and contents, slowest span, first error, fold all), the span tree
// beside its waterfall (spanRows.ts), and the selected span's content beside it (spanDetailView.ts). The host holds
// the trace; this side asks for one span at a time.
import type { Assessment } from '../../core/traces/trace';
import { formatLatency, formatTokens, traceName } from '../../core/traces/tracePresentation';
import { h } from '../shared/dom';
import type { ExplorerToHost, ExplorerTrace, HostToExplorer, TraceChoice } from './contract';
import { assessmentList, spanDetailView } from './spanDetailView';
import { SpanRows } from './spanRows';

const SEARCH_DELAY_MS = 250;

export class TraceExplorer {
  readonly element: HTMLElement;
  private trace: ExplorerTrace | undefined;
  private matches: number[] = [];
  private matchCursor = -1;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly rows: SpanRows;
  private readonly summary = h('div', { class: 'summary' });
  private readonly notice = h('div', { class: 'notice', role: 'status', hidden: true });
  private readonly detail = h('div', { class: 'detail', 'aria-live': 'polite' });
  private readonly spanPane = h('div', { class: 'span-pane' });
  private readonly tracePane = h('div', { class: 'trace-pane' });
  private readonly searchInput = h('input', { type: 'search', class: 'search', placeholder: 'Search span names and contents', 'aria-label': 'Search spans', spellcheck: false });
  private readonly searchCount = h('span', { class: 'search-count', 'aria-live': 'polite' });
  private readonly slowestButton = h('button', { type: 'button', title: 'Select the longest span below the root' }, 'Slowest span');
  private readonly errorButton = h('button', { type: 'button', title: 'Select the span where the first error arose' }, 'First error');

  constructor(private readonly post: (message: ExplorerToHost) => void, options: { embedded: boolean }) {
    this.rows = new SpanRows({ select: (index) => this.post({ type: 'selectSpan', index }) });
    const button = (label: string, title: string, action: () => void) => h('button', { type: 'button', title, onclick: action }, label);
    this.slowestButton.addEventListener('click', () => this.trace?.tree && this.rows.select(this.trace.tree.slowest));
    this.errorButton.addEventListener('click', () => this.trace?.tree && this.rows.select(this.trace.tree.firstError));
    this.searchInput.addEventListener('input', () => this.searchChanged());
    this.searchInput.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter') return;
      event.preventDefault();
      this.stepMatch(event.shiftKey ? -1 : 1);
    });
    this.detail.append(this.spanPane, this.tracePane);
    this.element = h(
      'div',
      { class: `trace-explorer${options.embedded ? ' embedded' : ''}` },
      this.summary,
      h(
        'div',
        { class: 'toolbar' },
        this.searchInput,
        this.searchCount,
        button('↑', 'Previous match (Shift+Enter)', () => this.stepMatch(-1)),
        button('↓', 'Next match (Enter)', () => this.stepMatch(1)),
        this.slowestButton,
        this.errorButton,
        button('Expand all', 'Open every span', () => this.rows.setAllCollapsed(false)),
        button('Collapse all', 'Fold every span with children', () => this.rows.setAllCollapsed(true)),
        options.embedded ? null : button('Compare…', 'Compare with another trace of this experiment', () => this.post({ type: 'compare' })),
      ),
      this.notice,
      h('div', { class: 'body' }, this.rows.element, this.detail),
    );
  }

  receive(message: HostToExplorer): void {
    switch (message.type) {
      case 'trace':
        this.showTrace(message.trace, message.choices, message.select);
        break;
      case 'span':
        if (message.span.index === this.rows.selectedIndex) this.spanPane.replaceChildren(spanDetailView(message.span));
        break;
      case 'searchResults':
        if (message.query !== this.searchInput.value.trim()) return;
        this.matches = message.matches;
        this.matchCursor = -1;
        this.rows.setMatches(message.matches);
        this.searchCount.textContent = message.query ? `${message.matches.length} match${message.matches.length === 1 ? '' : 'es'}` : '';
        if (message.matches.length > 0) this.stepMatch(1);
        break;
      case 'error':
        this.showNotice(message.message, true);
        break;
    }
  }

  private showTrace(trace: ExplorerTrace, choices: TraceChoice[], select: number): void {
    const received = performance.now();
    this.trace = trace;
    this.matches = [];
    this.searchInput.value = '';
    this.searchCount.textContent = '';
    this.summary.replaceChildren(...this.summaryParts(trace, choices));
    this.tracePane.replaceChildren(...(trace.assessments.length > 0 ? [h('h3', {}, `Assessments (${trace.assessments.length})`), assessmentList(sortAssessments(trace.assessments))] : []));
    const tree = trace.tree;
    this.slowestButton.disabled = !tree || tree.slowest < 0;
    this.errorButton.disabled = !tree || tree.firstError < 0;
    if (!tree) {
      this.showNotice(trace.unavailable ?? 'This trace has no spans.', false);
      this.spanPane.replaceChildren();
      return;
    }
    this.showNotice(tree.orphanCount > 0 ? `${tree.orphanCount} span${tree.orphanCount === 1 ? ' is' : 's are'} shown as roots: their parent is not in the trace.` : '', false);
    this.rows.setTree(tree);
    if (tree.count > 0) this.rows.select(select >= 0 && select < tree.count ? select : 0);
    requestAnimationFrame(() => {
      const ms = performance.now() - received;
      // Benchmarks read these from the page, beside the host's own clock: the drawing alone, and the first trace on
      // screen since the page began loading (its bundle, the host reading the trace, the transfer, the drawing).
      this.element.dataset.paintMs = ms.toFixed(1);
      this.element.dataset.firstPaintMs ??= performance.now().toFixed(1);
      this.post({ type: 'painted', traceId: trace.info.traceId, rows: this.rows.visibleCount, selected: this.rows.selectedIndex, ms });
    });
  }

  private summaryParts(trace: ExplorerTrace, choices: TraceChoice[]): Node[] {
    const { info } = trace;
    const runId = info.traceMetadata['mlflow.sourceRun'];
    const usage = trace.tokenUsage;
    const facts = [
      info.executionDuration === null ? 'running' : formatLatency(info.executionDuration),
      usage?.totalTokens != null ? `${formatTokens(usage.totalTokens)}${usage.inputTokens != null && usage.outputTokens != null ? ` (${usage.inputTokens} in, ${usage.outputTokens} out)` : ''}` : '',
      new Date(info.requestTime).toLocaleString(),
      trace.tree ? `${trace.tree.count} span${trace.tree.count === 1 ? '' : 's'}` : '',
      info.traceId,
    ].filter(Boolean);
    const parts: Node[] = [
      h('span', { class: `pill state-${info.state}` }, info.state),
      h('span', { class: 'trace-name' }, traceName(info)),
      h('span', { class: 'facts' }, facts.join(' · ')),
    ];
    if (runId) parts.push(h('button', { type: 'button', class: 'link', title: 'Show the run in the Runs view', onclick: () => this.post({ type: 'revealRun', runId }) }, `run ${runId.slice(0, 8)}`));
    if (choices.length > 1) {
      const picker = h('select', { 'aria-label': 'Trace' }, ...choices.map((c) => h('option', { value: c.traceId, selected: c.traceId === info.traceId }, c.label)));
      picker.addEventListener('change', () => this.post({ type: 'chooseTrace', traceId: picker.value }));
      parts.push(picker);
    }
    return parts;
  }

  private searchChanged(): void {
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => this.post({ type: 'search', query: this.searchInput.value.trim() }), SEARCH_DELAY_MS);
  }

  private stepMatch(step: 1 | -1): void {
    if (this.matches.length === 0) return;
    this.matchCursor = (this.matchCursor + step + this.matches.length) % this.matches.length;
    this.rows.select(this.matches[this.matchCursor]!);
    this.searchCount.textContent = `${this.matchCursor + 1} of ${this.matches.length}`;
  }

  private showNotice(text: string, error: boolean): void {
    this.notice.textContent = text;
    this.notice.hidden = text === '';
    this.notice.classList.toggle('error', error);
  }
}

/** Valid judgements first, feedback before expectations, then by name: overridden ones sink. */
function sortAssessments(assessments: readonly Assessment[]): Assessment[] {
  return [...assessments].sort((a, b) => Number(b.valid) - Number(a.valid) || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
}
