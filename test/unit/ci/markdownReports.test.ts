// The Markdown bodies of `mlops gate --format markdown` and `mlops drift --format markdown`: store and data values
// cannot break the table or inject HTML into a PR comment, and the numbers shown are the ones computed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DriftReport } from '../../../core/drift/datasetDrift';
import { driftMarkdown } from '../../../core/drift/driftMarkdown';
import { runDriftTests } from '../../../core/drift/driftTests';
import type { GateResult } from '../../../core/registry/gate';
import { gateMarkdown } from '../../../core/registry/gateMarkdown';

test('gate: deltas with the better direction per metric, the checklist, escaped names', () => {
  const gate: GateResult = {
    model: 'churn|<img src=x>',
    version: '4',
    stage: 'Production',
    passed: false,
    currentVersion: '2',
    candidateMetrics: { auc: 0.91, val_loss: 0.2, new_metric: 1 },
    currentMetrics: { auc: 0.93, val_loss: 0.25 },
    checks: [{ kind: 'must_beat_current', metric: 'auc', passed: false, detail: 'auc 0.91 does not beat 0.93 of version 2 (higher is better)' }],
  };
  const text = gateMarkdown(gate);
  assert.match(text, /^### ❌ Gate failed: churn\\\|\\<img src=x\\> version 4 → Production$/m);
  assert.match(text, /^\| auc \| 0\.91 \| 0\.93 \| -0\.02 ▼ worse \|$/m);
  assert.match(text, /^\| val\\_loss \| 0\.2 \| 0\.25 \| -0\.05 ▲ better \|$/m);
  assert.match(text, /^\| new\\_metric \| 1 \| — \| new \|$/m);
  assert.match(text, /^- \[ \] auc 0\\\.91 does not beat/m);
  assert.doesNotMatch(text, /(^|[^\\])</m, 'every < is escaped, so GitHub renders it as text');
});

test('drift: the limit outcome and only drifted columns in the first table', () => {
  const column = (name: string, score: number, drifted: boolean) => ({
    column_name: name,
    column_type: 'num' as const,
    stattest: 'wasserstein' as const,
    stattest_name: 'Wasserstein distance (normed)',
    threshold: 0.1,
    drift_score: score,
    drift_detected: drifted,
    n_reference: 10,
    n_current: 10,
    missing_share_reference: 0,
    missing_share_current: 0,
    chart: { kind: 'none' } as unknown as DriftReport['columns'][number]['chart'],
  });
  const report: DriftReport = {
    dataset_drift: false,
    drift_share: 0.5,
    share_of_drifted_columns: 1 / 3,
    number_of_drifted_columns: 1,
    number_of_columns: 3,
    rows_reference: 10,
    rows_current: 10,
    columns: [column('a|b', 0.5, true), column('c', 0.01, false), column('d', 0.02, false)],
    errors: [],
  };
  const limits = runDriftTests(report, [{ kind: 'share_of_drifted_columns', lessThan: 0.2 }]);
  const text = driftMarkdown({ report, reference: 'ref.csv', current: 'cur.csv', limits });
  assert.match(text, /^### ⚠️ Drift over the limit: 1 of 3 columns drifted \(share 0\.333\)$/m);
  assert.match(text, /^- \[ \] share of drifted columns/m);
  const drifted = text.slice(text.indexOf('**Drifted columns**'), text.indexOf('<details>'));
  assert.match(drifted, /^\| a\\\|b \| num \| wasserstein \| 0\.1 \| 0\.5000 \| \*\*yes\*\* \|$/m);
  assert.doesNotMatch(drifted, /^\| c \|/m);
});
