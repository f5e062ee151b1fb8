// The `mlops features --json` document (its field names are a script contract): one project of a feature repository.
import { DUMMY_ENTITY, type FeastRegistry, serviceFeatureRefs } from './registryModel';

export interface FeaturesSummary {
  project: string;
  entities: { name: string; join_keys: string[]; value_type: string }[];
  data_sources: { name: string; kind: string }[];
  feature_views: {
    name: string;
    entities: string[];
    features: { name: string; dtype: string }[];
    ttl_seconds: number;
    online: boolean;
    source: string;
    last_materialized: string | null;
  }[];
  feature_services: { name: string; features: string[] }[];
}

export function featuresSummary(registry: FeastRegistry, project: string): FeaturesSummary {
  const mine = <T extends { project: string }>(items: T[]) => items.filter((i) => i.project === project);
  return {
    project,
    entities: mine(registry.entities)
      .filter((e) => e.name !== DUMMY_ENTITY)
      .map((e) => ({ name: e.name, join_keys: e.joinKeys, value_type: e.valueType })),
    data_sources: mine(registry.dataSources).map((s) => ({ name: s.name, kind: s.kind })),
    feature_views: mine([...registry.featureViews, ...registry.streamFeatureViews]).map((v) => ({
      name: v.name,
      entities: v.entities.filter((e) => e !== DUMMY_ENTITY),
      features: v.features.map((f) => ({ name: f.name, dtype: f.dtype })),
      ttl_seconds: v.ttlSeconds,
      online: v.online,
      source: v.source,
      last_materialized: v.lastMaterialized,
    })),
    feature_services: mine(registry.featureServices).map((s) => ({ name: s.name, features: serviceFeatureRefs(s) })),
  };
}
