// Drift as the report's summary (drifted columns, share, dataset verdict) and its per-column table, drift first.
import { h } from '../shared/dom';
import type { DriftPayload } from './contract';
import { formatNumber } from './format';

export function renderDrift(payload: DriftPayload, element: HTMLElement): void {
  const columns = [...payload.columns].sort((a, b) => Number(b.drift_detected) - Number(a.drift_detected) || b.drift_score - a.drift_score);
  const summary = h(
    'div',
    { class: 'mlops-summary' },
    h('span', { class: payload.dataset_drift ? 'bad' : 'good' }, payload.dataset_drift ? 'Dataset drift detected' : 'No dataset drift'),
    ` · ${payload.number_of_drifted_columns} of ${payload.number_of_columns} columns drifted (share ${formatNumber(payload.share_of_drifted_columns)}) · `,
    `${payload.reference} → ${payload.current}`,
  );
  const table = h(
    'table',
    { class: 'mlops-table mlops-drift' },
    h('thead', {}, h('tr', {}, ...['Column', 'Type', 'Test', 'Threshold', 'Score', 'Drift'].map((label) => h('th', {}, label)))),
    h(
      'tbody',
      {},
      ...columns.map((c) =>
        h(
          'tr',
          { 'data-column': c.name },
          h('td', {}, c.name),
          h('td', {}, c.column_type === 'num' ? 'numerical' : 'categorical'),
          h('td', {}, c.stattest),
          h('td', { class: 'num' }, formatNumber(c.threshold)),
          h('td', { class: 'num' }, formatNumber(c.drift_score)),
          h('td', { class: c.drift_detected ? 'bad' : 'good' }, c.drift_detected ? 'Detected' : 'Not detected'),
        ),
      ),
    ),
  );
  element.replaceChildren(summary, table);
}
