// Columns × batches: each cell coloured by its heat (1 = the column's threshold, core/monitor/monitorSeries.ts),
// drifted cells outlined; a click opens that batch's report. Quality over time (rows, missing share, duplicated
// rows) runs under it on the same batch axis. Colours and sizes go through the CSSOM: the page's CSP refuses style
// attributes. fitHeatMap sizes the batch columns to the pane, scrolling sideways (the labels stay put) past a minimum.
import { h } from '../shared/dom';
import { labelledIndices, labelWidth } from './axisLabels';
import type { ColumnSeries, HeatCell, MonitorSeries } from './contract';
import { shortName } from './trendChart';

/** A batch column is never narrower than this, nor than its widest quality figure (2k fits; 2.4k widens it), nor wider. */
const MIN_CELL_PX = 16;
const MAX_CELL_PX = 40;
const HEADER_FONT_PX = 11;
/** As style.css sets tbody.quality. */
const QUALITY_FONT_PX = 10;

export function heatMap(series: MonitorSeries, open: (batch: number, column?: string) => void): HTMLTableElement {
  const { batches } = series;
  const head = h(
    'tr',
    {},
    h('th', { class: 'column-name' }, 'column'),
    h('th', { class: 'first-drift' }, 'first drift'),
    ...batches.map((b, i) => h('th', { class: `batch${i === series.firstCrossing ? ' crossing' : ''}`, title: b.name, 'data-batch': i }, String(i + 1))),
  );
  const rows = series.columns.map((column) => columnRow(column, series, open));
  const duplicated = batches.map((b) => (b.duplicatedRows === undefined ? '—' : String(b.duplicatedRows)));
  const quality = [
    qualityRow('rows', batches.map((b) => compactCount(b.rows)), batches.map((b) => String(b.rows))),
    qualityRow('missing %', batches.map((b) => compactPercent(b.missingShare)), batches.map((b) => (100 * b.missingShare).toFixed(2))),
    qualityRow('duplicated rows', duplicated, duplicated),
  ];
  const table = h('table', { class: 'heatmap' }, h('thead', {}, head), h('tbody', {}, ...rows), h('tbody', { class: 'quality' }, ...quality));
  table.addEventListener('click', (event) => {
    const cell = (event.target as HTMLElement).closest<HTMLElement>('[data-batch]');
    if (cell) open(Number(cell.dataset.batch), cell.dataset.column);
  });
  return table;
}

function columnRow(column: ColumnSeries, series: MonitorSeries, open: (batch: number, column?: string) => void): HTMLTableRowElement {
  const first = column.firstDrift === null ? '—' : shortName(series.batches[column.firstDrift]!.name);
  return h(
    'tr',
    { 'data-column': column.name },
    h('th', { class: 'column-name' }, column.name),
    h('td', { class: 'first-drift' }, first),
    ...column.cells.map((cell, i) => heatCell(cell, i, column.name, series.batches[i]!.name, open)),
  );
}

function heatCell(cell: HeatCell | null, batch: number, column: string, batchName: string, open: (batch: number, column?: string) => void): HTMLTableCellElement {
  if (!cell) return h('td', { class: 'cell empty', title: `${column} · ${batchName}: not tested` });
  const element = h('td', {
    class: `cell${cell.detected ? ' detected' : ''}`,
    'data-batch': batch,
    'data-column': column,
    'data-heat': cell.heat.toFixed(3),
    tabindex: 0,
    title: `${column} · ${batchName}: ${cell.stattest} ${cell.score.toPrecision(3)} (threshold ${cell.threshold})${cell.detected ? ', drifted' : ''}`,
    onkeydown: (event: Event) => {
      if ((event as KeyboardEvent).key === 'Enter') open(batch, column);
    },
  });
  element.style.backgroundColor = heatColour(cell.heat);
  return element;
}

/** Below the threshold: amber that deepens towards it; at and above: red, darker the further past. */
function heatColour(heat: number): string {
  if (heat < 1) return `rgba(230, 170, 40, ${(0.08 + 0.5 * heat).toFixed(3)})`;
  return `rgba(214, 56, 46, ${(0.6 + 0.4 * Math.min(1, (heat - 1) / 3)).toFixed(3)})`;
}

/** 2000 → 2k, 1500 → 1.5k, 2400000 → 2.4M: a row count fits a heat-map column. */
function compactCount(n: number): string {
  if (n < 1000) return String(n);
  const [value, unit] = n < 1_000_000 ? [n / 1000, 'k'] : [n / 1_000_000, 'M'];
  return `${Number(value.toFixed(value < 10 ? 1 : 0))}${unit}`;
}

/** 0 → 0, 0.004 → <1, 0.126 → 13: a share in percent that fits the narrowest batch column (the title has more). */
function compactPercent(share: number): string {
  const percent = 100 * share;
  if (percent === 0) return '0';
  return percent < 1 ? '<1' : String(Math.round(percent));
}

/** `shown` fits the narrowest batch column; `exact` is each cell's tooltip. */
function qualityRow(label: string, shown: string[], exact: string[]): HTMLTableRowElement {
  return h(
    'tr',
    { class: 'quality-row' },
    h('th', { class: 'column-name' }, label),
    h('td', { class: 'first-drift' }),
    ...shown.map((v, i) => h('td', { class: 'num', title: `${label}: ${exact[i]}` }, v)),
  );
}

/**
 * Shares `width` px among the batch columns once the label columns have taken theirs (measured on the first call, in
 * the browser's own layout), between the narrowest that shows every quality figure whole and MAX_CELL_PX each, and
 * numbers only the batches whose labels fit, the first crossing among them. The table must be in the page.
 */
export function fitHeatMap(table: HTMLTableElement, width: number): void {
  const [name, first, ...batchHeads] = [...table.tHead!.rows[0]!.cells];
  if (!table.dataset.labelsWidth) {
    table.style.setProperty('--name-width', `${name!.offsetWidth}px`);
    table.style.setProperty('--first-width', `${first!.offsetWidth}px`);
    table.dataset.labelsWidth = String(name!.offsetWidth + first!.offsetWidth);
    const figures = [...table.querySelectorAll('tbody.quality td.num')].map((td) => td.textContent?.length ?? 0);
    table.dataset.minCell = String(Math.max(MIN_CELL_PX, labelWidth(Math.max(0, ...figures), QUALITY_FONT_PX, 3)));
  }
  const labels = Number(table.dataset.labelsWidth);
  const count = batchHeads.length;
  const cell = Math.min(MAX_CELL_PX, Math.max(Number(table.dataset.minCell), Math.floor((width - labels) / Math.max(1, count))));
  table.style.setProperty('--cell-width', `${cell}px`);
  table.style.width = `${labels + count * cell}px`;
  table.classList.add('fitted');
  const crossing = batchHeads.findIndex((head) => head.classList.contains('crossing'));
  const numbered = new Set(labelledIndices(count, cell, labelWidth(String(count).length, HEADER_FONT_PX, 3), crossing));
  batchHeads.forEach((head, i) => {
    head.textContent = numbered.has(i) ? String(i + 1) : '';
  });
}
