// Writes Feast registries — for the demo's feature repository and for tests that need a registry Feast's own
// layout: the same messages `feast apply` writes (Registry for a file registry; one proto per row for the SQL
// registry), encoded with protobufjs over ./proto.
import { feastTypes } from './protoSchema';
import { valueTypeNumber } from './valueTypes';

export interface FeatureSpec {
  name: string;
  /** ValueType name: FLOAT, INT64, STRING, … */
  valueType: string;
  description?: string;
}

export interface DataSourceSpec {
  name: string;
  kind: 'file' | 'push' | 'request';
  path?: string;
  timestampField?: string;
  batchSource?: string;
  schema?: FeatureSpec[];
}

export interface FeatureViewSpec {
  name: string;
  entities: string[];
  entityColumns: FeatureSpec[];
  features: FeatureSpec[];
  ttlSeconds: number;
  online: boolean;
  source: string;
  tags?: Record<string, string>;
  materialized?: { start: Date; end: Date }[];
}

export interface RegistrySpec {
  project: string;
  updated: Date;
  entities: { name: string; joinKey: string; valueType?: string; description?: string }[];
  dataSources: DataSourceSpec[];
  featureViews: FeatureViewSpec[];
  onDemandFeatureViews?: { name: string; features: FeatureSpec[]; sources: string[] }[];
  featureServices: { name: string; views: { view: string; features: FeatureSpec[] }[] }[];
  savedDatasets?: { name: string; features: string[]; joinKeys: string[]; path: string }[];
}

const timestamp = (date: Date) => ({ seconds: Math.floor(date.getTime() / 1000), nanos: (date.getTime() % 1000) * 1e6 });
const feature = (f: FeatureSpec) => ({ name: f.name, value_type: valueTypeNumber(f.valueType), description: f.description ?? '' });

function dataSource(project: string, s: DataSourceSpec, all: DataSourceSpec[]): Record<string, unknown> {
  const base = { name: s.name, project, timestamp_field: s.timestampField ?? '' };
  if (s.kind === 'file') return { ...base, type: 1, file_options: { uri: s.path ?? '' }, data_source_class_type: 'feast.infra.offline_stores.file_source.FileSource' };
  if (s.kind === 'request') return { ...base, type: 7, request_data_options: { schema: (s.schema ?? []).map(feature) }, data_source_class_type: 'feast.data_source.RequestSource' };
  const batch = all.find((b) => b.name === s.batchSource);
  return { ...base, type: 9, push_options: {}, batch_source: batch ? dataSource(project, batch, all) : undefined, data_source_class_type: 'feast.data_source.PushSource' };
}

/** The per-object messages of a registry, as plain objects for protobufjs (Registry fields by name). */
export function registryObjects(spec: RegistrySpec): Record<string, Record<string, unknown>[]> {
  const { project } = spec;
  const meta = { created_timestamp: timestamp(spec.updated), last_updated_timestamp: timestamp(spec.updated) };
  const sources = new Map(spec.dataSources.map((s) => [s.name, s]));
  const views = new Map(spec.featureViews.map((v) => [v.name, v]));
  return {
    projects: [{ spec: { name: project }, meta }],
    entities: spec.entities.map((e) => ({
      spec: { name: e.name, project, join_key: e.joinKey, value_type: valueTypeNumber(e.valueType ?? 'UNKNOWN'), description: e.description ?? '' },
      meta,
    })),
    data_sources: spec.dataSources.map((s) => dataSource(project, s, spec.dataSources)),
    feature_views: spec.featureViews.map((v) => ({
      spec: {
        name: v.name,
        project,
        entities: v.entities,
        features: v.features.map(feature),
        entity_columns: v.entityColumns.map(feature),
        tags: v.tags ?? {},
        ttl: { seconds: v.ttlSeconds },
        online: v.online,
        batch_source: sources.has(v.source) ? dataSource(project, sources.get(v.source) as DataSourceSpec, spec.dataSources) : undefined,
      },
      meta: { ...meta, materialization_intervals: (v.materialized ?? []).map((i) => ({ start_time: timestamp(i.start), end_time: timestamp(i.end) })) },
    })),
    on_demand_feature_views: (spec.onDemandFeatureViews ?? []).map((o) => ({
      spec: {
        name: o.name,
        project,
        features: o.features.map(feature),
        sources: Object.fromEntries(
          o.sources.map((name) => {
            const view = views.get(name);
            if (view) return [name, { feature_view_projection: { feature_view_name: name, feature_columns: view.features.map(feature) } }];
            return [name, { request_data_source: dataSource(project, sources.get(name) ?? { name, kind: 'request' }, spec.dataSources) }];
          }),
        ),
        mode: 'pandas',
      },
      meta,
    })),
    feature_services: spec.featureServices.map((s) => ({
      spec: { name: s.name, project, features: s.views.map((v) => ({ feature_view_name: v.view, feature_columns: v.features.map(feature) })) },
      meta,
    })),
    saved_datasets: (spec.savedDatasets ?? []).map((d) => ({
      spec: { name: d.name, project, features: d.features, join_keys: d.joinKeys, storage: { file_storage: { uri: d.path } } },
      meta,
    })),
  };
}

/** A file registry's bytes (registry.db). */
export function encodeRegistry(spec: RegistrySpec): Uint8Array {
  const { Registry } = feastTypes();
  const message = Registry.fromObject({
    ...registryObjects(spec),
    registry_schema_version: '1',
    version_id: `mlops-demo-${spec.updated.getTime()}`,
    last_updated: timestamp(spec.updated),
  });
  return Registry.encode(message).finish();
}

/** One serialized proto per object, keyed by the SQL registry's table name (feast/infra/registry/sql.py). */
export function encodeSqlRegistryRows(spec: RegistrySpec): Record<string, { name: string; proto: Uint8Array }[]> {
  const t = feastTypes();
  const types: Record<string, typeof t.Entity> = {
    projects: t.Project,
    entities: t.Entity,
    data_sources: t.DataSource,
    feature_views: t.FeatureView,
    on_demand_feature_views: t.OnDemandFeatureView,
    feature_services: t.FeatureService,
    saved_datasets: t.SavedDataset,
  };
  const out: Record<string, { name: string; proto: Uint8Array }[]> = {};
  for (const [table, objects] of Object.entries(registryObjects(spec))) {
    const type = types[table] as typeof t.Entity;
    out[table] = objects.map((o) => {
      const name = String((o['spec'] as { name?: string } | undefined)?.name ?? o['name']);
      return { name, proto: type.encode(type.fromObject(o)).finish() };
    });
  }
  return out;
}
