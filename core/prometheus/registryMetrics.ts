// The model registry as Prometheus gauges, for a Grafana panel beside drift: each version's stage, the version in
// each stage (MLflow's latest version in a stage is the highest number), and the Production version's run metrics.
import type { RunMetricsSource } from '../registry/gate';
import { type ModelRegistry, type ModelVersion, splitPrompts } from '../registry/registry';
import type { MetricSet } from './exposition';

export async function addRegistryMetrics(
  metrics: MetricSet,
  registry: ModelRegistry,
  runMetrics: RunMetricsSource,
  model?: string,
): Promise<void> {
  const { models } = splitPrompts(await registry.listModels());
  const names = models.map((m) => m.name).filter((n) => model === undefined || n === model);
  if (model !== undefined && !names.length) throw new Error(`registered model '${model}' not found; list them with mlops models`);
  for (const name of names) {
    const versions = await registry.listVersions(name);
    for (const v of versions) {
      metrics.add('mlops_model_version_info', 'A registered model version and its stage (always 1)', { model: name, version: v.version, stage: v.stage }, 1);
    }
    const latest = new Map<string, ModelVersion>();
    for (const v of versions) {
      const held = latest.get(v.stage);
      if (!held || Number(v.version) > Number(held.version)) latest.set(v.stage, v);
    }
    for (const [stage, v] of latest) {
      metrics.add('mlops_model_stage_version', 'The version number in each stage (the highest when several are)', { model: name, stage }, Number(v.version));
    }
    const production = latest.get('Production');
    if (!production?.runId) continue;
    const values = await runMetrics.latestMetrics(production.runId);
    for (const [metric, value] of Object.entries(values)) {
      metrics.add('mlops_model_metric', "The Production version's latest run metric", { model: name, version: production.version, metric }, value);
    }
  }
}
