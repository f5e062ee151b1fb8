// Runs as a sortable table: a header click sorts (again: reverses), a row click reveals the run in the Runs view.
import { h } from '../shared/dom';
import type { RunRow, RunsPayload } from './contract';
import { formatNumber, formatTime } from './format';

interface Column {
  label: string;
  value(run: RunRow): string | number | null;
  display(run: RunRow): string;
}

function columnsFor(runs: RunRow[]): Column[] {
  const metricKeys = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))].sort();
  return [
    { label: 'Run', value: (r) => r.run_name ?? r.run_id, display: (r) => r.run_name ?? r.run_id.slice(0, 8) },
    { label: 'Run ID', value: (r) => r.run_id, display: (r) => r.run_id.slice(0, 8) },
    { label: 'Status', value: (r) => r.status, display: (r) => r.status },
    { label: 'Started', value: (r) => r.start_time, display: (r) => formatTime(r.start_time) },
    ...metricKeys.map((key): Column => ({ label: key, value: (r) => r.metrics[key] ?? null, display: (r) => formatNumber(r.metrics[key]) })),
  ];
}

function compare(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
}

export function renderRuns(payload: RunsPayload, element: HTMLElement, reveal: ((runId: string) => void) | undefined): void {
  const columns = columnsFor(payload.runs);
  let sortBy = -1;
  let descending = false;
  const body = h('tbody');
  const head = h('tr');
  const fill = (): void => {
    const rows = [...payload.runs];
    if (sortBy >= 0) {
      const column = columns[sortBy]!;
      rows.sort((a, b) => compare(column.value(a), column.value(b)) * (descending ? -1 : 1));
    }
    body.replaceChildren(
      ...rows.map((run) =>
        h(
          'tr',
          { class: reveal ? 'clickable' : '', title: reveal ? `Reveal run ${run.run_id} in the Runs view` : run.run_id, 'data-run-id': run.run_id, onclick: () => reveal?.(run.run_id) },
          ...columns.map((c) => h('td', { class: typeof c.value(run) === 'number' ? 'num' : '' }, c.display(run))),
        ),
      ),
    );
    head.replaceChildren(
      ...columns.map((c, index) =>
        h('th', { role: 'button', tabindex: 0, 'aria-sort': index === sortBy ? (descending ? 'descending' : 'ascending') : 'none', onclick: () => sortOn(index) }, c.label, index === sortBy ? (descending ? ' ▾' : ' ▴') : ''),
      ),
    );
  };
  const sortOn = (index: number): void => {
    descending = index === sortBy ? !descending : false;
    sortBy = index;
    fill();
  };
  fill();
  element.replaceChildren(h('div', { class: 'mlops-caption' }, `${payload.runs.length} MLflow run(s)`), h('table', { class: 'mlops-table mlops-runs' }, h('thead', {}, head), body));
}
