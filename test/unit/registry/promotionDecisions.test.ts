// The promotion decisions every front end shares (panel, notebook card, palette, CLI), checked once against a real
// MLflow SQLite store: the ladder of stages, who promotes, which aliases a person may type, what a plan will change.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { PromotionJournal } from '../../../core/registry/journal';
import { parsePolicy } from '../../../core/registry/policy';
import { type PromotionContext, promote } from '../../../core/registry/promotion';
import {
  aliasProblem,
  aliasSuggestions,
  nextStage,
  planPromotion,
  promotionActor,
  promotionSummary,
  proposedStage,
  targetOptions,
} from '../../../core/registry/promotionDecisions';
import { SqliteRegistry } from '../../../core/registry/sqliteRegistry';
import { createHeadStore, GATE_VERSIONS, insert, seedModel, tempDir } from '../../support/registryStores';
import { openUri } from '../../support/locations';

const dir = tempDir('decisions');
after(() => dir.remove());

const POLICY = `models:
  fraud-detection:
    Production:
      require: { accuracy: ">= 0.95" }
      must_beat_current: [accuracy]
      archive_existing: true
`;

function context(name: string): PromotionContext {
  const path = join(dir.path, `${name}.db`);
  const db = createHeadStore(path);
  seedModel(db, 'fraud-detection', GATE_VERSIONS);
  // A second version already in Production: archive_existing moves both.
  insert(db, 'model_versions', {
    name: 'fraud-detection',
    version: 5,
    creation_time: 1,
    last_updated_time: 1,
    description: '',
    current_stage: 'Production',
    source: 's',
    run_id: '',
    status: 'READY',
    run_link: '',
    workspace: 'default',
  });
  db.close();
  return {
    registry: new SqliteRegistry(path),
    metrics: openUri(`sqlite:///${path}`).runMetrics,
    policy: parsePolicy(POLICY, '.mlops/promotion.yaml'),
    journal: new PromotionJournal(join(dir.path, name, 'promotions.jsonl')),
    store: `sqlite:///${path}`,
  };
}

test("MLflow's ladder: the next stage for the card, the proposed target for the panel and the stage picker", () => {
  assert.deepEqual(['None', 'Staging', 'Production', 'Archived'].map((s) => nextStage(s as 'None')), ['Staging', 'Production', null, null]);
  assert.deepEqual(['None', 'Staging', 'Production', 'Archived'].map((s) => proposedStage(s as 'None')), ['Staging', 'Production', 'Production', 'Staging']);
});

test('who promotes: the CI actor, else the login name, else the OS account, else git user.name', () => {
  assert.equal(promotionActor({ GITHUB_ACTOR: 'bot', USER: 'ana' }), 'bot');
  assert.equal(promotionActor({ USER: 'ana', USERNAME: 'ANA' }), 'ana');
  assert.equal(promotionActor({ USERNAME: 'ANA' }), 'ANA');
  assert.equal(promotionActor({}), userInfo().username);
  execFileSync('git', ['init', '-q', join(dir.path, 'repo')]);
  assert.equal(promotionActor({}, join(dir.path, 'repo')), userInfo().username);
});

test('aliases a person types are checked with MLflow rules; suggestions put champion and challenger first', () => {
  assert.equal(aliasProblem('champion'), undefined);
  assert.equal(aliasProblem('v2'), "Version alias name 'v2' is reserved.");
  assert.equal(aliasProblem('LATEST'), "'latest' alias name (case insensitive) is reserved.");
  assert.match(aliasProblem('blue green') ?? '', /Invalid alias name: 'blue green'/);
  assert.deepEqual(aliasSuggestions({ shadow: '3', champion: '1' }), ['champion', 'challenger', 'shadow']);
});

test('a plan names what the promotion will change; its request is what promote() then runs', async () => {
  const ctx = context('plan');
  const plan = await planPromotion(ctx, { model: 'fraud-detection', version: '2', stage: 'production', alias: 'champion' });
  assert.equal(plan.stage, 'Production');
  assert.equal(plan.needsOverride, false);
  assert.deepEqual(plan.archives, ['1', '5']);
  const confirmation = plan.confirmation();
  assert.equal(confirmation.message, 'Promote fraud-detection version 2 to Production?');
  assert.equal(confirmation.action, 'Promote');
  assert.match(confirmation.detail, /^Gate PASSED: fraud-detection version 2 → Production/);
  assert.match(confirmation.detail, /Versions 1, 5 \(now in Production\) will be archived\.\nAlias @champion will point at version 2\.\nUndo with "MLOps: Undo Last Promotion"\.$/);

  const result = await promote(ctx, plan.request('ana'));
  assert.equal(promotionSummary(result), 'fraud-detection version 2 is now in Production; archived version 1, 5.');
  assert.deepEqual((await ctx.registry.getModel('fraud-detection')).aliases, { champion: '2' });

  const failing = await planPromotion(ctx, { model: 'fraud-detection', version: '4', stage: 'Production' });
  assert.equal(failing.needsOverride, true);
  assert.match(failing.confirmation('incident 7').detail, /The failing gate is overridden: "incident 7"\./);
  assert.deepEqual(failing.request('ana', 'incident 7'), { model: 'fraud-detection', version: '4', stage: 'Production', actor: 'ana', overrideReason: 'incident 7' });
  await assert.rejects(planPromotion(ctx, { model: 'fraud-detection', version: '3', stage: 'Staging', alias: 'v1' }), /Version alias name 'v1' is reserved/);
  assert.equal((await planPromotion(ctx, { model: 'fraud-detection', version: '3', stage: 'archived' })).confirmation().message, 'Archive fraud-detection version 3?');
  ctx.registry.close();
});

test('target options: the gate and the current version for Staging and Production, as the panel shows them', async () => {
  const ctx = context('targets');
  const [staging, production] = await targetOptions(ctx, 'fraud-detection', '3');
  assert.deepEqual([staging?.stage, staging?.gate.passed, staging?.current, staging?.archivesExisting], ['Staging', true, undefined, false]);
  assert.equal(production?.stage, 'Production');
  assert.equal(production?.current?.version, '5');
  assert.equal(production?.archivesExisting, true);
  assert.deepEqual(
    production?.gate.checks.map((c) => [c.metric, c.passed]),
    [
      ['accuracy', true],
      ['accuracy', true],
    ],
  );
  ctx.registry.close();
});
