import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { evaluateGate } from '../../../core/registry/gate';
import { PromotionJournal } from '../../../core/registry/journal';
import { PolicyError, parsePolicy, parseRequirementFlag, policyFor } from '../../../core/registry/policy';
import schema from '../../../core/registry/promotion-policy.schema.json';
import { AUDIT_TAGS, type PromotionContext, PromotionBlockedError, promote, UndoConflictError, undoLastPromotion } from '../../../core/registry/promotion';
import { SqliteRegistry } from '../../../core/registry/sqliteRegistry';
import { createHeadStore, GATE_VERSIONS, REGISTRY_FIXTURES, seedModel, tempDir } from '../../support/registryStores';
import { openUri } from '../../support/locations';

const dir = tempDir('gate');
after(() => dir.remove());

const ISSUE_POLICY = `models:
  fraud-detection:
    Production:
      require: { accuracy: ">= 0.95", f1_score: ">= 0.93" }   # metrics of the version's run
      must_beat_current: [accuracy]                            # vs the version now in that stage
      archive_existing: true
`;

test("the issue's example policy parses and satisfies the JSON schema", () => {
  assert.ok(new Ajv({ strict: false }).validate(schema, parse(ISSUE_POLICY)));
  const policy = parsePolicy(ISSUE_POLICY, '.mlops/promotion.yaml');
  assert.deepEqual(policyFor(policy, 'fraud-detection', 'Production'), {
    require: [
      { metric: 'accuracy', op: '>=', threshold: 0.95 },
      { metric: 'f1_score', op: '>=', threshold: 0.93 },
    ],
    mustBeatCurrent: [{ metric: 'accuracy', direction: 'higher' }],
    archiveExisting: true,
  });
  assert.equal(policyFor(policy, 'fraud-detection', 'Staging'), undefined);
  const wildcard = parsePolicy('models:\n  "*":\n    staging:\n      require: { rmse: "< 5" }\n      must_beat_current: [{ metric: rmse, direction: lower }]\n', 'p.yaml');
  assert.deepEqual(policyFor(wildcard, 'any-model', 'Staging')?.mustBeatCurrent, [{ metric: 'rmse', direction: 'lower' }]);
});

test('policy errors name the file, the line and the fix', () => {
  const cases: Array<[string, number, RegExp]> = [
    ['models:\n  m:\n    Production:\n      require: { accuracy: "about 0.9" }\n', 4, /operator and a number/],
    ['models:\n  m:\n    Prod:\n      require: { accuracy: 0.9 }\n', 3, /'Prod' is not a stage/],
    ['models:\n  m:\n    Staging:\n      requires: { accuracy: 0.9 }\n', 4, /'requires' is not allowed.*require, must_beat_current, archive_existing/],
    ['models:\n  m:\n    Staging:\n      archive_existing: yes please\n', 4, /archive_existing must be boolean/],
    ['models:\n  m: [\n', 3, /fix the YAML syntax/],
    ['model: {}\n', 1, /'model' is not allowed/],
  ];
  for (const [text, line, message] of cases) {
    assert.throws(
      () => parsePolicy(text, '/ws/.mlops/promotion.yaml'),
      (error: unknown) => error instanceof PolicyError && error.line === line && message.test(error.message) && error.message.startsWith(`/ws/.mlops/promotion.yaml:${line}:`),
      text,
    );
  }
  assert.deepEqual(parseRequirementFlag('accuracy=">=0.95"'), { metric: 'accuracy', op: '>=', threshold: 0.95 });
  assert.throws(() => parseRequirementFlag('accuracy'), /METRIC=">=VALUE"/);
});

test('mlruns metrics: the latest value of each metric file of the iris run', async () => {
  const root = join(REGISTRY_FIXTURES, 'iris-mlflow', 'mlruns');
  const runId = '8595f7931d3943f4a7ee038c1728c2c3';
  const line = readFileSync(join(root, '853099972095872099', runId, 'metrics', 'metric_0'), 'utf8').trim().split(' ');
  const metrics = await openUri(root).runMetrics.latestMetrics(runId);
  assert.equal(metrics.metric_0, Number(line[1]));
  assert.deepEqual(Object.keys(metrics).sort(), ['metric_0', 'metric_1', 'metric_2', 'metric_3']);
  assert.deepEqual(await openUri(root).runMetrics.latestMetrics('0'.repeat(32)), {});
});

function seededStore(name: string): string {
  const path = join(dir.path, `${name}.db`);
  const db = createHeadStore(path);
  seedModel(db, 'fraud-detection', GATE_VERSIONS);
  db.close();
  return path;
}

test('gate: pass, threshold failure, missing metric and must_beat_current against the Production version', async () => {
  const path = seededStore('gate');
  const registry = new SqliteRegistry(path);
  const metrics = openUri(`sqlite:///${path}`).runMetrics;
  const policy = policyFor(parsePolicy(ISSUE_POLICY, 'p.yaml'), 'fraud-detection', 'Production');
  const gate = (version: string) => evaluateGate({ registry, metrics, model: 'fraud-detection', version, stage: 'production', policy });

  const pass = await gate('2');
  assert.equal(pass.passed, true);
  assert.equal(pass.currentVersion, '1');
  assert.deepEqual(
    pass.checks.map((c) => c.detail),
    ['accuracy 0.97 >= 0.95', 'f1_score 0.94 >= 0.93', 'accuracy 0.97 beats 0.96 of version 1 (higher is better)'],
  );
  const notBetter = await gate('3');
  assert.equal(notBetter.passed, false);
  assert.deepEqual(
    notBetter.checks.map((c) => c.passed),
    [true, true, false],
  );
  const failing = await gate('4');
  assert.deepEqual(
    failing.checks.filter((c) => !c.passed).map((c) => c.detail),
    ['accuracy 0.9 not >= 0.95', `f1_score: not logged by run ${'4'.repeat(32)}`, `accuracy 0.9 does not beat 0.96 of version 1 (higher is better)`],
  );
  const noPolicy = await evaluateGate({ registry, metrics, model: 'fraud-detection', version: '4', stage: 'Staging', policy: undefined });
  assert.deepEqual([noPolicy.passed, noPolicy.checks.length], [true, 0]);
  registry.close();
});

test('promote: a failing gate blocks; an override with a reason promotes and records it; undo refuses after drift', async () => {
  const path = seededStore('promote');
  const registry = new SqliteRegistry(path);
  const ctx: PromotionContext = {
    registry,
    metrics: openUri(`sqlite:///${path}`).runMetrics,
    policy: parsePolicy(ISSUE_POLICY, 'p.yaml'),
    journal: new PromotionJournal(join(dir.path, 'promote', '.mlops', 'promotions.jsonl')),
    store: `sqlite:///${path}`,
    clock: () => new Date('2026-11-26T12:00:00Z'),
  };
  await assert.rejects(promote(ctx, { model: 'fraud-detection', version: '4', stage: 'Production', actor: 'ana' }), (error: unknown) => {
    return error instanceof PromotionBlockedError && /accuracy 0.9 not >= 0.95/.test(error.message) && error.gate.checks.length === 3;
  });
  await assert.rejects(promote(ctx, { model: 'fraud-detection', version: '4', stage: 'Production', actor: 'ana', overrideReason: '   ' }), PromotionBlockedError);
  assert.equal((await registry.getVersion('fraud-detection', '4')).stage, 'None');
  assert.equal(ctx.journal.entries().length, 0);

  const overridden = await promote(ctx, { model: 'fraud-detection', version: '4', stage: 'Production', actor: 'ana', overrideReason: 'hotfix for incident 42' });
  assert.equal(overridden.gate.passed, false);
  assert.deepEqual(overridden.archived, ['1']);
  assert.deepEqual(overridden.version.tags, {
    [AUDIT_TAGS.by]: 'ana',
    [AUDIT_TAGS.at]: '2026-11-26T12:00:00.000Z',
    [AUDIT_TAGS.from]: 'None',
    [AUDIT_TAGS.overrideReason]: 'hotfix for incident 42',
  });
  const [entry] = ctx.journal.entries();
  assert.equal(entry?.type === 'promotion' && entry.overrideReason, 'hotfix for incident 42');

  await registry.transitionStage('fraud-detection', '1', 'Staging', false);
  await assert.rejects(undoLastPromotion(ctx, { actor: 'ana' }), (error: unknown) => error instanceof UndoConflictError && /version 1 is Staging, the promotion left it Archived/.test(error.message));
  const undone = await undoLastPromotion(ctx, { actor: 'ana', force: true });
  assert.deepEqual(undone.restored.sort(), ['version 1 → Production', 'version 4 → None']);
  assert.equal((await registry.getVersion('fraud-detection', '4')).tags[AUDIT_TAGS.overrideReason], undefined);
  assert.deepEqual(
    ctx.journal.entries().map((e) => e.type),
    ['promotion', 'undo'],
  );
  registry.close();
});
