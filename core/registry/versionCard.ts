// What a model-version card shows (the notebook renderer's `application/vnd.mlops.model-version+json` payload):
// stage, aliases, the run's latest metrics and the gate for the next stage on MLflow's ladder None → Staging →
// Production. The Python magics build the same shape from the CLI's JSON; the extension host builds it here.
import { evaluateGate } from './gate';
import { type GateJson, gateToJson } from './gateReport';
import type { PromotionPolicy } from './policy';
import { effectivePolicy } from './promotion';
import { nextStage } from './promotionDecisions';
import type { ModelRegistry } from './registry';
import type { RunMetricsSource } from './gate';
import type { Stage } from './stages';

export interface VersionCard {
  name: string;
  version: string;
  stage: Stage;
  aliases: string[];
  run_id: string | null;
  status: string | null;
  metrics: Record<string, number>;
  next_stage: Stage | null;
  gate: GateJson | null;
}

export async function buildVersionCard(registry: ModelRegistry, metrics: RunMetricsSource, policy: PromotionPolicy | undefined, model: string, version: string): Promise<VersionCard> {
  const found = await registry.getVersion(model, version);
  const next = nextStage(found.stage);
  const gate = next
    ? gateToJson(await evaluateGate({ registry, metrics, model, version: found.version, stage: next, policy: effectivePolicy(policy, model, next) }))
    : null;
  return {
    name: found.name,
    version: found.version,
    stage: found.stage,
    aliases: found.aliases,
    run_id: found.runId || null,
    status: found.status || null,
    metrics: found.runId ? await metrics.latestMetrics(found.runId) : {},
    next_stage: next,
    gate,
  };
}
