// Decoded Feast protos (feast.core.*, see ./proto) → the registry model. Shared by the file registry (one Registry
// message) and the SQL registry (one message per row). Reads message fields directly: protobufjs's toObject would
// copy every message once more, and a 2,000-view registry must decode at close to bare protobuf speed.
import type {
  DataSourceKind,
  FeastDataSource,
  FeastEntity,
  FeastFeature,
  FeastFeatureService,
  FeastFeatureView,
  FeastOnDemandFeatureView,
  FeastProject,
  FeastRequestFeatureView,
  FeastSavedDataset,
  MaterializationInterval,
} from './registryModel';
import { dtypeOf, valueTypeName } from './valueTypes';

type Int64 = number | { toNumber(): number };
interface TimestampMsg { seconds?: Int64; nanos?: number }
type Tags = Record<string, string> | undefined;
interface FeatureSpecMsg { name?: string; value_type?: number; description?: string; tags?: Tags }
interface OptionsMsg { schema?: FeatureSpecMsg[]; uri?: string; table?: string; query?: string; topic?: string; stream_name?: string; path?: string }
export interface DataSourceMsg {
  name?: string; project?: string; type?: number; description?: string; tags?: Tags; timestamp_field?: string;
  data_source_class_type?: string; batch_source?: DataSourceMsg; options?: string;
  [option: string]: unknown;
}
interface FeatureViewSpecMsg {
  name?: string; project?: string; entities?: string[]; features?: FeatureSpecMsg[]; entity_columns?: FeatureSpecMsg[];
  tags?: Tags; ttl?: { seconds?: Int64 }; batch_source?: DataSourceMsg; stream_source?: DataSourceMsg; online?: boolean;
  offline?: boolean; description?: string; owner?: string;
}
export interface FeatureViewMsg { spec?: FeatureViewSpecMsg; meta?: { materialization_intervals?: { start_time?: TimestampMsg; end_time?: TimestampMsg }[] } }
export interface EntityMsg { spec?: { name?: string; project?: string; value_type?: number; join_key?: string; description?: string; tags?: Tags; owner?: string } }
export interface OnDemandMsg {
  spec?: {
    name?: string; project?: string; features?: FeatureSpecMsg[]; mode?: string; write_to_online_store?: boolean;
    description?: string; tags?: Tags;
    sources?: Record<string, { feature_view?: FeatureViewMsg; feature_view_projection?: { feature_view_name?: string }; request_data_source?: DataSourceMsg }>;
  };
}
export interface RequestViewMsg {
  spec?: { name?: string; project?: string; request_data_source?: DataSourceMsg; description?: string; tags?: Tags };
}
export interface FeatureServiceMsg {
  spec?: {
    name?: string; project?: string; description?: string; owner?: string; tags?: Tags;
    features?: { feature_view_name?: string; feature_view_name_alias?: string; feature_columns?: FeatureSpecMsg[] }[];
  };
}
export interface SavedDatasetMsg {
  spec?: {
    name?: string; project?: string; features?: string[]; join_keys?: string[]; feature_service_name?: string; tags?: Tags;
    storage?: { kind?: string; [kind: string]: unknown };
  };
}
export interface ProjectMsg { spec?: { name?: string; description?: string; tags?: Tags } }

export function int64(value: Int64 | undefined): number {
  if (value === undefined || value === null) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}

export function isoTime(ts: TimestampMsg | undefined): string | null {
  if (!ts) return null;
  return new Date(int64(ts.seconds) * 1000 + Math.floor((ts.nanos ?? 0) / 1e6)).toISOString();
}

function feature(spec: FeatureSpecMsg): FeastFeature {
  return { name: spec.name ?? '', dtype: dtypeOf(spec.value_type ?? 0), description: spec.description ?? '', tags: spec.tags ?? {} };
}

export function entityFrom(msg: EntityMsg): FeastEntity {
  const spec = msg.spec ?? {};
  return {
    name: spec.name ?? '',
    project: spec.project ?? '',
    // Feast's Python Entity takes a list of join keys but its proto has held one from 0.20 to today (join_key = 4).
    joinKeys: spec.join_key ? [spec.join_key] : [],
    valueType: valueTypeName(spec.value_type ?? 0),
    description: spec.description ?? '',
    tags: spec.tags ?? {},
    owner: spec.owner ?? '',
  };
}

/** The oneof `options` names the source's kind; older registries also set `type` (DataSource.SourceType). */
const KIND_BY_OPTION: Record<string, DataSourceKind> = {
  file_options: 'file', bigquery_options: 'bigquery', kafka_options: 'kafka', kinesis_options: 'kinesis',
  redshift_options: 'redshift', request_data_options: 'request', custom_options: 'custom',
  snowflake_options: 'snowflake', push_options: 'push', spark_options: 'spark', trino_options: 'trino',
  athena_options: 'athena',
};

export function dataSourceFrom(msg: DataSourceMsg): FeastDataSource {
  const option = msg.options ?? '';
  const kind = KIND_BY_OPTION[option] ?? (msg.type === 9 ? 'push' : msg.type === 7 ? 'request' : 'unknown');
  const out: FeastDataSource = {
    name: msg.name ?? '',
    project: msg.project ?? '',
    kind,
    location: locationOf(msg[option] as OptionsMsg | undefined),
    timestampField: msg.timestamp_field ?? '',
    description: msg.description ?? '',
    tags: msg.tags ?? {},
  };
  if (msg.batch_source?.name) out.batchSource = msg.batch_source.name;
  return out;
}

function locationOf(options: OptionsMsg | undefined): string {
  if (!options) return '';
  return options.uri || options.path || options.table || options.query || options.topic || options.stream_name || '';
}

export function featureViewFrom(msg: FeatureViewMsg, kind: 'batch' | 'stream'): FeastFeatureView {
  const spec = msg.spec ?? {};
  const intervals: MaterializationInterval[] = [];
  let last: string | null = null;
  for (const interval of msg.meta?.materialization_intervals ?? []) {
    const start = isoTime(interval.start_time) ?? '';
    const end = isoTime(interval.end_time) ?? '';
    intervals.push({ start, end });
    if (end && (last === null || end > last)) last = end;
  }
  const view: FeastFeatureView = {
    kind,
    name: spec.name ?? '',
    project: spec.project ?? '',
    entities: spec.entities ?? [],
    features: (spec.features ?? []).map(feature),
    entityColumns: (spec.entity_columns ?? []).map(feature),
    ttlSeconds: int64(spec.ttl?.seconds),
    online: spec.online ?? false,
    // Feast 0.49+ (written to the offline store); false in older registries, as Feast reads them.
    offline: spec.offline ?? false,
    source: spec.batch_source?.name ?? '',
    description: spec.description ?? '',
    owner: spec.owner ?? '',
    tags: spec.tags ?? {},
    materializationIntervals: intervals,
    lastMaterialized: last,
  };
  if (spec.stream_source?.name) view.streamSource = spec.stream_source.name;
  return view;
}

export function onDemandFrom(msg: OnDemandMsg): FeastOnDemandFeatureView {
  const spec = msg.spec ?? {};
  const sources = Object.values(spec.sources ?? {}).map(
    (s) => s.feature_view?.spec?.name ?? s.feature_view_projection?.feature_view_name ?? s.request_data_source?.name ?? '',
  );
  return {
    name: spec.name ?? '',
    project: spec.project ?? '',
    features: (spec.features ?? []).map(feature),
    sources,
    // Feast 0.36 added `mode`; Feast reads an older view, whose udf always took a pandas DataFrame, as 'pandas'.
    mode: spec.mode || 'pandas',
    writeToOnlineStore: spec.write_to_online_store ?? false,
    description: spec.description ?? '',
    tags: spec.tags ?? {},
  };
}

export function requestViewFrom(msg: RequestViewMsg): FeastRequestFeatureView {
  const spec = msg.spec ?? {};
  const source = spec.request_data_source;
  return {
    name: spec.name ?? '',
    project: spec.project ?? '',
    source: source?.name ?? '',
    features: ((source?.['request_data_options'] as OptionsMsg | undefined)?.schema ?? []).map(feature),
    description: spec.description ?? '',
    tags: spec.tags ?? {},
  };
}

export function featureServiceFrom(msg: FeatureServiceMsg): FeastFeatureService {
  const spec = msg.spec ?? {};
  return {
    name: spec.name ?? '',
    project: spec.project ?? '',
    views: (spec.features ?? []).map((p) => ({
      view: p.feature_view_name ?? '',
      alias: p.feature_view_name_alias ?? '',
      features: (p.feature_columns ?? []).map((c) => c.name ?? ''),
    })),
    description: spec.description ?? '',
    owner: spec.owner ?? '',
    tags: spec.tags ?? {},
  };
}

export function savedDatasetFrom(msg: SavedDatasetMsg): FeastSavedDataset {
  const spec = msg.spec ?? {};
  const storageKind = spec.storage?.kind;
  return {
    name: spec.name ?? '',
    project: spec.project ?? '',
    features: spec.features ?? [],
    joinKeys: spec.join_keys ?? [],
    featureService: spec.feature_service_name ?? '',
    storage: storageKind ? locationOf(spec.storage?.[storageKind] as OptionsMsg | undefined) : '',
    tags: spec.tags ?? {},
  };
}

export function projectFrom(msg: ProjectMsg): FeastProject {
  return { name: msg.spec?.name ?? '', description: msg.spec?.description ?? '', tags: msg.spec?.tags ?? {} };
}
