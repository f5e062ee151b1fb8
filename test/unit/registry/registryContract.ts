// One write round-trip suite run against every registry store: after each write, a freshly opened reader must see
// exactly the state MLflow's store would leave (stages, aliases, tags, timestamps).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { join } from 'node:path';
import { PromotionJournal } from '../../../core/registry/journal';
import { AUDIT_TAGS, type PromotionContext, promote, UndoConflictError, undoLastPromotion } from '../../../core/registry/promotion';
import type { ModelRegistry } from '../../../core/registry/registry';
import type { RunMetricsSource } from '../../../core/registry/gate';
import type { TestClock } from '../../support/registryStores';

export interface ContractHarness {
  /** The store under test; versions '1' and '2' of `model` exist, both in stage None. */
  registry: ModelRegistry;
  /** A new, independent reader of the same store. */
  fresh(): ModelRegistry;
  model: string;
  clock: TestClock;
  /** MLflow's FileStore bumps the model's last_updated_timestamp on alias and version-tag writes; its SQL store does not. */
  modelBumpsOnAliasAndTag: boolean;
  metrics: RunMetricsSource;
  /** A folder for the promotion journal. */
  workDir: string;
}

export function registryContract(label: string, setup: () => Promise<ContractHarness>): void {
  let h: ContractHarness;

  async function read<T>(fn: (r: ModelRegistry) => Promise<T>): Promise<T> {
    const reader = h.fresh();
    try {
      return await fn(reader);
    } finally {
      reader.close();
    }
  }

  test(`${label}: transition without archive sets the canonical stage and both timestamps`, async () => {
    h = await setup();
    const before = await read((r) => r.getVersion(h.model, '2'));
    const time = h.clock.tick();
    const result = await h.registry.transitionStage(h.model, '1', 'staging', false);
    assert.equal(result.stage, 'Staging');
    const [v1, v2, model] = await read((r) => Promise.all([r.getVersion(h.model, '1'), r.getVersion(h.model, '2'), r.getModel(h.model)]));
    assert.equal(v1.stage, 'Staging');
    assert.equal(v1.lastUpdatedTimestamp, time);
    assert.deepEqual(v2, before);
    assert.equal(model.lastUpdatedTimestamp, time);
  });

  test(`${label}: transition with archive moves the other versions of that stage to Archived`, async () => {
    const time = h.clock.tick();
    await h.registry.transitionStage(h.model, '2', 'STAGING', true);
    const [v1, v2] = await read((r) => Promise.all([r.getVersion(h.model, '1'), r.getVersion(h.model, '2')]));
    assert.deepEqual([v1.stage, v2.stage], ['Archived', 'Staging']);
    assert.deepEqual([v1.lastUpdatedTimestamp, v2.lastUpdatedTimestamp], [time, time]);
  });

  test(`${label}: archive_existing with a non-active stage is refused with MLflow's message, nothing changes`, async () => {
    const before = await read((r) => r.listVersions(h.model));
    await assert.rejects(
      h.registry.transitionStage(h.model, '1', 'none', true),
      (error: Error) => error.message.includes("Model version transition cannot archive existing model versions because 'none' is not an Active stage. Valid stages are ['Staging', 'Production']"),
    );
    await assert.rejects(h.registry.transitionStage(h.model, '1', 'prod', false), /Invalid Model Version stage: prod/);
    assert.deepEqual(await read((r) => r.listVersions(h.model)), before);
  });

  test(`${label}: an unknown version is not found and nothing changes`, async () => {
    await assert.rejects(h.registry.transitionStage(h.model, '99', 'Production', false), /not found/);
    await assert.rejects(h.registry.setAlias(h.model, 'champion', '99'), /not found/);
  });

  test(`${label}: alias set, move and delete; an alias points at one version`, async () => {
    const start = await read((r) => r.getModel(h.model));
    const modelTime = start.lastUpdatedTimestamp;
    let time = h.clock.tick();
    await h.registry.setAlias(h.model, 'gate-test', '1');
    let model = await read((r) => r.getModel(h.model));
    assert.equal(model.aliases['gate-test'], '1');
    assert.equal(model.lastUpdatedTimestamp, h.modelBumpsOnAliasAndTag ? time : modelTime);
    assert.ok((await read((r) => r.getVersion(h.model, '1'))).aliases.includes('gate-test'));

    time = h.clock.tick();
    await h.registry.setAlias(h.model, 'gate-test', '2');
    const [v1, v2, byAlias] = await read((r) => Promise.all([r.getVersion(h.model, '1'), r.getVersion(h.model, '2'), r.getVersionByAlias(h.model, 'gate-test')]));
    assert.ok(!v1.aliases.includes('gate-test'));
    assert.ok(v2.aliases.includes('gate-test'));
    assert.equal(byAlias.version, '2');

    time = h.clock.tick();
    await h.registry.deleteAlias(h.model, 'gate-test');
    model = await read((r) => r.getModel(h.model));
    assert.equal(model.aliases['gate-test'], undefined);
    assert.deepEqual(model.aliases, start.aliases);
    assert.equal(model.lastUpdatedTimestamp, h.modelBumpsOnAliasAndTag ? time : modelTime);
    await assert.rejects(read((r) => r.getVersionByAlias(h.model, 'gate-test')), /alias gate-test not found/);
    await assert.rejects(h.registry.setAlias(h.model, 'latest', '1'), /reserved/);
    await assert.rejects(h.registry.setAlias(h.model, 'v3', '1'), /reserved/);
  });

  test(`${label}: version tag set, overwrite and delete; the version's timestamp is untouched`, async () => {
    const before = await read((r) => r.getVersion(h.model, '2'));
    h.clock.tick();
    await h.registry.setVersionTag(h.model, '2', 'mlops.note', 'first');
    await h.registry.setVersionTag(h.model, '2', 'mlops.note', 'second: with colon');
    let after = await read((r) => r.getVersion(h.model, '2'));
    assert.equal(after.tags['mlops.note'], 'second: with colon');
    assert.equal(after.lastUpdatedTimestamp, before.lastUpdatedTimestamp);
    await h.registry.deleteVersionTag(h.model, '2', 'mlops.note');
    after = await read((r) => r.getVersion(h.model, '2'));
    assert.deepEqual(after.tags, before.tags);
  });

  test(`${label}: description updates bump the version's timestamp`, async () => {
    const time = h.clock.tick();
    await h.registry.updateVersionDescription(h.model, '1', 'candidate for prod');
    const v1 = await read((r) => r.getVersion(h.model, '1'));
    assert.equal(v1.description, 'candidate for prod');
    assert.equal(v1.lastUpdatedTimestamp, time);
    await h.registry.updateModelDescription(h.model, 'the model');
    assert.equal((await read((r) => r.getModel(h.model))).description, 'the model');
  });

  test(`${label}: promote twice, then undo twice restores stages, aliases and audit tags step by step`, async () => {
    const ctx: PromotionContext = {
      registry: h.registry,
      metrics: h.metrics,
      policy: undefined,
      journal: new PromotionJournal(join(h.workDir, `${label.replace(/\W+/g, '-')}.jsonl`)),
      store: label,
      clock: () => new Date(h.clock.tick()),
    };
    const start = await read((r) => Promise.all([r.listVersions(h.model), r.getModel(h.model)]));
    const stagesOf = (versions: { version: string; stage: string }[]) => Object.fromEntries(versions.map((v) => [v.version, v.stage]));

    const first = await promote(ctx, { model: h.model, version: '2', stage: 'production', archiveExisting: true, alias: 'contract-champion', actor: 'ci' });
    assert.equal(first.version.stage, 'Production');
    assert.equal(first.version.tags[AUDIT_TAGS.by], 'ci');
    assert.equal(first.version.tags[AUDIT_TAGS.from], 'Staging');
    assert.equal(first.version.tags[AUDIT_TAGS.at], first.entry.at);
    const afterFirst = await read((r) => Promise.all([r.listVersions(h.model), r.getModel(h.model)]));

    const second = await promote(ctx, { model: h.model, version: '1', stage: 'Production', archiveExisting: true, alias: 'contract-champion', actor: 'ci' });
    assert.deepEqual(second.archived, ['2']);
    let [versions, model] = await read((r) => Promise.all([r.listVersions(h.model), r.getModel(h.model)]));
    assert.deepEqual(stagesOf(versions), { '1': 'Production', '2': 'Archived' });
    assert.equal(model.aliases['contract-champion'], '1');

    await undoLastPromotion(ctx, { actor: 'ci' });
    [versions, model] = await read((r) => Promise.all([r.listVersions(h.model), r.getModel(h.model)]));
    assert.deepEqual(stagesOf(versions), stagesOf(afterFirst[0]));
    assert.deepEqual(model.aliases, afterFirst[1].aliases);
    assert.equal(versions.find((v) => v.version === '1')!.tags[AUDIT_TAGS.by], undefined);

    await undoLastPromotion(ctx, { actor: 'ci' });
    [versions, model] = await read((r) => Promise.all([r.listVersions(h.model), r.getModel(h.model)]));
    assert.deepEqual(stagesOf(versions), stagesOf(start[0]));
    assert.deepEqual(model.aliases, start[1].aliases);
    assert.deepEqual(
      versions.map((v) => v.tags),
      start[0].map((v) => v.tags),
    );
    await assert.rejects(undoLastPromotion(ctx, { actor: 'ci' }), UndoConflictError);
    h.registry.close();
  });
}
