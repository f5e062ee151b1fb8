// .mlops/promotion.yaml is read by our own registry (core/registry/policy.ts): the language server must report an
// error exactly when parsePolicy refuses the file, and nothing when it accepts it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePolicy } from '../../../core/registry/policy';
import { covered, projectChecker } from './helpers';

const run = projectChecker();

const POLICIES: string[] = [
  'models:\n  churn:\n    Production:\n      require: {accuracy: 0.9, f1: ">= 0.8"}\n',
  'models:\n  "*":\n    staging: {archive_existing: true}\n    PRODUCTION: {must_beat_current: [auc, {metric: loss, direction: lower}]}\n',
  'models:\n  churn:\n    Production:\n      require: {f1: "about 0.8"}\n',
  'models:\n  churn:\n    Live: {}\n',
  'models:\n  churn:\n    Production: {archive_existing: yes}\n',
  'models:\n  churn:\n    Production: {must_beat_current: [{metric: loss, direction: down}]}\n',
  'models:\n  churn:\n    Production: {must_beat_current: [""]}\n',
  'models:\n  churn:\n    Production: {gate: strict}\n',
  'models:\n  churn:\n    Production:\n',
  'models:\n  churn:\n',
  'stages: {}\n',
];

test('promotion.yaml: an error exactly when core/registry refuses the policy', () => {
  for (const text of POLICIES) {
    let refused = false;
    try {
      parsePolicy(text, '.mlops/promotion.yaml');
    } catch {
      refused = true;
    }
    const errors = run({ '.mlops/promotion.yaml': text }, '.mlops/promotion.yaml').filter((d) => d.severity === 'error');
    assert.equal(errors.length > 0, refused, `${refused ? 'refused' : 'accepted'} by parsePolicy:\n${text}`);
  }
});

test('promotion.yaml: each problem on its own key or value, worded for the fix', () => {
  const text = 'models:\n  churn:\n    Production:\n      require: {f1: "about 0.8"}\n    Live: {}\n';
  const diags = run({ '.mlops/promotion.yaml': text }, '.mlops/promotion.yaml');
  assert.deepEqual(diags.map((d) => `${d.code} ${covered(text, d)}`).sort(), ['promotion-unknown-key Live', 'promotion-value "about 0.8"']);
  assert.match(diags.find((d) => d.code === 'promotion-value')!.message, /expected a number or an operator and a number, e\.g\. ">= 0\.95"/);
  assert.match(diags.find((d) => d.code === 'promotion-unknown-key')!.message, /is not a stage: use None, Staging, Production or Archived\.$/);
});
