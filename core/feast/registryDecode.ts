// A file registry (`registry: data/registry.db`, or registry_type: file) is one serialized feast.core.Registry
// message, written whole by every `feast apply`/`materialize` (feast/infra/registry/registry.py). Decoded over
// Feast's own message definitions (./proto), so files from Feast 0.20 through 0.66 read alike.
import { feastTypes } from './protoSchema';
import {
  type DataSourceMsg,
  dataSourceFrom,
  type EntityMsg,
  entityFrom,
  type FeatureServiceMsg,
  type FeatureViewMsg,
  featureServiceFrom,
  featureViewFrom,
  isoTime,
  type OnDemandMsg,
  onDemandFrom,
  type ProjectMsg,
  projectFrom,
  type RequestViewMsg,
  requestViewFrom,
  type SavedDatasetMsg,
  savedDatasetFrom,
} from './registryObjects';
import type { FeastProject, FeastRegistry } from './registryModel';

interface RegistryMsg {
  entities: EntityMsg[];
  feature_views: FeatureViewMsg[];
  data_sources: DataSourceMsg[];
  on_demand_feature_views: OnDemandMsg[];
  request_feature_views: RequestViewMsg[];
  stream_feature_views: FeatureViewMsg[];
  feature_services: FeatureServiceMsg[];
  saved_datasets: SavedDatasetMsg[];
  project_metadata: { project?: string }[];
  projects: ProjectMsg[];
  last_updated?: { seconds?: number; nanos?: number } | null;
}

export class FeastRegistryError extends Error {
  override name = 'FeastRegistryError';
}

/** Decodes registry.db bytes; `file` names the file in the error when they are not a Feast registry. */
export function decodeRegistry(bytes: Uint8Array, file: string): FeastRegistry {
  let msg: RegistryMsg;
  try {
    msg = feastTypes().Registry.decode(bytes) as unknown as RegistryMsg;
  } catch (error) {
    throw new FeastRegistryError(
      `${file}: not a Feast registry (${(error as Error).message}); run \`feast apply\` in the feature repository to rewrite it.`,
    );
  }
  return withEntityTypes({
    projects: projectsOf(msg),
    entities: msg.entities.map(entityFrom),
    dataSources: msg.data_sources.map(dataSourceFrom),
    featureViews: msg.feature_views.map((v) => featureViewFrom(v, 'batch')),
    onDemandFeatureViews: msg.on_demand_feature_views.map(onDemandFrom),
    requestFeatureViews: msg.request_feature_views.map(requestViewFrom),
    streamFeatureViews: msg.stream_feature_views.map((v) => featureViewFrom(v, 'stream')),
    featureServices: msg.feature_services.map(featureServiceFrom),
    savedDatasets: msg.saved_datasets.map(savedDatasetFrom),
    lastUpdated: isoTime(msg.last_updated ?? undefined),
  });
}

/** Feast 0.44+ writes `projects`; before, `project_metadata` (0.2x–0.4x) named them; else the objects' own project. */
function projectsOf(msg: RegistryMsg): FeastProject[] {
  if (msg.projects.length) return msg.projects.map(projectFrom);
  const names = new Set(msg.project_metadata.map((p) => p.project ?? ''));
  for (const e of msg.entities) if (e.spec?.project) names.add(e.spec.project);
  for (const v of msg.feature_views) if (v.spec?.project) names.add(v.spec.project);
  names.delete('');
  return [...names].map((name) => ({ name, description: '', tags: {} }));
}

/**
 * Entities applied without a value_type (the usual case since 0.21) get the type of their join column from the
 * views that use them, as Feast infers it at apply time (feast/inference.py update_entities_with_inferred_types_*).
 */
export function withEntityTypes(registry: FeastRegistry): FeastRegistry {
  const joinTypes = new Map<string, string>();
  for (const view of [...registry.featureViews, ...registry.streamFeatureViews]) {
    for (const column of view.entityColumns) joinTypes.set(`${view.project}\0${column.name}`, column.dtype);
  }
  for (const entity of registry.entities) {
    if (entity.valueType !== 'UNKNOWN') continue;
    const dtype = joinTypes.get(`${entity.project}\0${entity.joinKeys[0]}`);
    if (dtype) entity.valueType = VALUE_TYPE_OF_DTYPE[dtype] ?? entity.valueType;
  }
  return registry;
}

const VALUE_TYPE_OF_DTYPE: Record<string, string> = {
  Int64: 'INT64', Int32: 'INT32', String: 'STRING', Bytes: 'BYTES', Float64: 'DOUBLE', Float32: 'FLOAT', Bool: 'BOOL',
  UnixTimestamp: 'UNIX_TIMESTAMP', Uuid: 'UUID',
};
