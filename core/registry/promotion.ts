// One-click promotion, as one unit of the registry (one SQLite transaction; the model's lock file on a FileStore):
// gate → (block unless overridden with a reason) → transition (+ archive existing) → optional alias → audit tags on
// the version → a journal entry, written before the unit commits, that "undo last promotion" replays backwards.
import { randomUUID } from 'node:crypto';
import { evaluateGate, type GateResult } from './gate';
import type { PromotionEntry, PromotionJournal, RegistrySnapshot, UndoEntry } from './journal';
import { type MetricRequirement, type PromotionPolicy, policyFor, type StagePolicy } from './policy';
import type { ModelRegistry, ModelVersion } from './registry';
import type { RunMetricsSource } from './gate';
import { canonicalStage } from './stages';
import { validateAlias, validateAliasNotReserved, validateModelName, validateVersion } from './validation';

/** Version tags every promotion writes (the issue's audit trail). */
export const AUDIT_TAGS = {
  by: 'mlops.promoted_by',
  at: 'mlops.promoted_at',
  from: 'mlops.promoted_from',
  overrideReason: 'mlops.override_reason',
} as const;

export interface PromotionContext {
  registry: ModelRegistry;
  metrics: RunMetricsSource;
  policy: PromotionPolicy | undefined;
  journal: PromotionJournal;
  /** The registry URI, so undo never replays a promotion against another store. */
  store: string;
  clock?: () => Date;
}

export interface PromoteRequest {
  model: string;
  version: string;
  stage: string;
  /** Overrides the policy's archive_existing when given. */
  archiveExisting?: boolean;
  alias?: string;
  actor: string;
  /** Required to promote past a failing gate; recorded as mlops.override_reason. */
  overrideReason?: string;
  /** Extra thresholds on top of the policy (the CLI's --require). */
  extraRequire?: MetricRequirement[];
}

export interface PromotionResult {
  gate: GateResult;
  version: ModelVersion;
  /** Versions moved to Archived by this promotion. */
  archived: string[];
  entry: PromotionEntry;
}

export class PromotionBlockedError extends Error {
  override name = 'PromotionBlockedError';
  constructor(readonly gate: GateResult) {
    const failed = gate.checks.filter((c) => !c.passed).map((c) => c.detail);
    super(`Gate for ${gate.model} version ${gate.version} → ${gate.stage} failed: ${failed.join('; ')}. Promote with an override reason to proceed anyway.`);
  }
}

export class UndoConflictError extends Error {
  override name = 'UndoConflictError';
}

/** The stage policy merged with extra thresholds, as the gate will apply it. */
export function effectivePolicy(policy: PromotionPolicy | undefined, model: string, stage: string, extra: MetricRequirement[] = []): StagePolicy | undefined {
  const base = policyFor(policy, model, canonicalStage(stage));
  if (!base && extra.length === 0) return undefined;
  return {
    require: [...(base?.require ?? []), ...extra],
    mustBeatCurrent: base?.mustBeatCurrent ?? [],
    archiveExisting: base?.archiveExisting ?? false,
  };
}

export async function promote(ctx: PromotionContext, request: PromoteRequest): Promise<PromotionResult> {
  // Every input is checked before the first write, so a bad alias cannot leave the stage changed without it.
  validateModelName(request.model);
  validateVersion(request.version);
  if (request.alias !== undefined) {
    validateAlias(request.alias);
    validateAliasNotReserved(request.alias);
  }
  const stage = canonicalStage(request.stage);
  const stagePolicy = effectivePolicy(ctx.policy, request.model, stage, request.extraRequire);
  const reason = request.overrideReason?.trim();
  const at = (ctx.clock ?? (() => new Date()))();
  return journaled(ctx, request.model, async (write) => {
    // The gate is evaluated inside the unit, so what it read is what the promotion acts on.
    const gate = await evaluateGate({ registry: ctx.registry, metrics: ctx.metrics, model: request.model, version: request.version, stage, policy: stagePolicy });
    if (!gate.passed && !reason) throw new PromotionBlockedError(gate);
    const candidate = await ctx.registry.getVersion(request.model, request.version);
    const before = await snapshot(ctx.registry, request.model, [candidate.version]);
    const archiveExisting = request.archiveExisting ?? stagePolicy?.archiveExisting ?? false;

    await ctx.registry.transitionStage(request.model, candidate.version, stage, archiveExisting);
    if (request.alias) await ctx.registry.setAlias(request.model, request.alias, candidate.version);
    await ctx.registry.setVersionTags(request.model, candidate.version, {
      [AUDIT_TAGS.by]: request.actor,
      [AUDIT_TAGS.at]: at.toISOString(),
      [AUDIT_TAGS.from]: candidate.stage,
      // Without an override, a reason left by an earlier override would misdescribe this promotion: remove it.
      [AUDIT_TAGS.overrideReason]: !gate.passed && reason ? reason : null,
    });

    const after = await snapshot(ctx.registry, request.model, [candidate.version]);
    const entry: PromotionEntry = {
      type: 'promotion',
      id: randomUUID(),
      at: at.toISOString(),
      actor: request.actor,
      store: ctx.store,
      model: request.model,
      version: candidate.version,
      fromStage: candidate.stage,
      toStage: stage,
      archiveExisting,
      ...(request.alias ? { alias: request.alias } : {}),
      ...(!gate.passed && reason ? { overrideReason: reason } : {}),
      gatePassed: gate.passed,
      before,
      after,
    };
    write(entry);
    const archived = Object.keys(after.stages).filter((v) => after.stages[v] === 'Archived' && before.stages[v] !== 'Archived');
    return { gate, version: await ctx.registry.getVersion(request.model, candidate.version), archived, entry };
  });
}

/**
 * Runs `work` as one registry unit for the context's model and journals what it passes to `write` before the unit
 * commits: a change that took effect is always in the journal. When the commit fails after that, the entry is
 * followed by an `aborted` one, so undo never replays a change that did not happen.
 */
async function journaled<T>(ctx: PromotionContext, model: string, work: (write: (entry: PromotionEntry | UndoEntry) => void) => Promise<T>): Promise<T> {
  const written: string[] = [];
  const write = (entry: PromotionEntry | UndoEntry): void => {
    ctx.journal.append(entry);
    if (entry.id) written.push(entry.id);
  };
  try {
    return await ctx.registry.exclusive(model, () => work(write));
  } catch (error) {
    const at = (ctx.clock ?? (() => new Date()))().toISOString();
    for (const of of written) ctx.journal.append({ type: 'aborted', of, at, reason: (error as Error).message });
    throw error;
  }
}

export interface UndoResult {
  undone: PromotionEntry;
  /** Human-readable list of what was put back. */
  restored: string[];
}

/**
 * Restores the stages, aliases and audit tags that the newest not-yet-undone promotion changed. Refuses (unless
 * `force`) when the registry moved on since, so an undo never silently clobbers someone else's later change.
 */
export async function undoLastPromotion(ctx: PromotionContext, options: { model?: string; actor: string; force?: boolean }): Promise<UndoResult> {
  const entry = ctx.journal.lastUndoable({ store: ctx.store, ...(options.model ? { model: options.model } : {}) });
  if (!entry) throw new UndoConflictError(`No promotion to undo in ${ctx.journal.path}${options.model ? ` for ${options.model}` : ''}.`);
  const { before, after, model } = entry;
  return journaled(ctx, model, async (write) => {
    const now = await snapshot(ctx.registry, model, Object.keys(after.tags));
    const stageChanges = Object.keys(after.stages).filter((v) => before.stages[v] !== undefined && before.stages[v] !== after.stages[v]);
    const aliasChanges = [...new Set([...Object.keys(before.aliases), ...Object.keys(after.aliases)])].filter((a) => before.aliases[a] !== after.aliases[a]);
    if (!options.force) {
      const drift = [
        ...stageChanges.filter((v) => now.stages[v] !== after.stages[v]).map((v) => `version ${v} is ${now.stages[v] ?? 'gone'}, the promotion left it ${after.stages[v]}`),
        ...aliasChanges.filter((a) => now.aliases[a] !== after.aliases[a]).map((a) => `alias ${a} points at ${now.aliases[a] ?? 'nothing'}, the promotion left ${after.aliases[a] ?? 'nothing'}`),
      ];
      if (drift.length > 0) {
        throw new UndoConflictError(`${model} changed after the promotion of ${entry.at}: ${drift.join('; ')}. Undo with force to restore the earlier state anyway.`);
      }
    }
    const restored: string[] = [];
    for (const version of stageChanges) {
      await ctx.registry.transitionStage(model, version, before.stages[version]!, false);
      restored.push(`version ${version} → ${before.stages[version]}`);
    }
    for (const alias of aliasChanges) {
      const target = before.aliases[alias];
      if (target === undefined) await ctx.registry.deleteAlias(model, alias);
      else await ctx.registry.setAlias(model, alias, target);
      restored.push(target === undefined ? `alias ${alias} removed` : `alias ${alias} → version ${target}`);
    }
    for (const [version, tags] of Object.entries(before.tags)) {
      const changed = Object.fromEntries(Object.entries(tags).filter(([key, value]) => value !== now.tags[version]?.[key]));
      if (Object.keys(changed).length > 0) await ctx.registry.setVersionTags(model, version, changed);
    }
    write({ type: 'undo', id: randomUUID(), of: entry.id, at: (ctx.clock ?? (() => new Date()))().toISOString(), actor: options.actor });
    return { undone: entry, restored };
  });
}

async function snapshot(registry: ModelRegistry, model: string, tagVersions: string[]): Promise<RegistrySnapshot> {
  const [versions, registered] = await Promise.all([registry.listVersions(model), registry.getModel(model)]);
  const stages: RegistrySnapshot['stages'] = {};
  const tags: RegistrySnapshot['tags'] = {};
  for (const v of versions) {
    stages[v.version] = v.stage;
    if (tagVersions.includes(v.version)) {
      tags[v.version] = Object.fromEntries(Object.values(AUDIT_TAGS).map((key) => [key, v.tags[key] ?? null]));
    }
  }
  return { stages, aliases: { ...registered.aliases }, tags };
}
