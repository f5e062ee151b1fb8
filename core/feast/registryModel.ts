// What MLOps Workbench shows of a Feast registry, one shape whichever registry (file or SQL) it came from. Times are
// ISO 8601 strings (UTC), durations whole seconds; `project` is the Feast project each object belongs to.

export interface FeastFeature {
  name: string;
  /** Feast's Python type name (feast.types: Float32, Int64, Array(String), …), as feature definitions spell it. */
  dtype: string;
  description: string;
  tags: Record<string, string>;
}

export interface FeastProject {
  name: string;
  description: string;
  tags: Record<string, string>;
}

export interface FeastEntity {
  name: string;
  project: string;
  joinKeys: string[];
  /** Feast's ValueType name (INT64, STRING, …); UNKNOWN when neither the entity nor a view's join column says. */
  valueType: string;
  description: string;
  tags: Record<string, string>;
  owner: string;
}

export type DataSourceKind =
  | 'file' | 'bigquery' | 'kafka' | 'kinesis' | 'redshift' | 'request' | 'custom' | 'snowflake' | 'push' | 'spark'
  | 'trino' | 'athena' | 'unknown';

export interface FeastDataSource {
  name: string;
  project: string;
  kind: DataSourceKind;
  /** File URI, table, query, topic or stream, as the source names it; '' when it has none (request, push). */
  location: string;
  timestampField: string;
  /** A push source's batch source, by name. */
  batchSource?: string;
  description: string;
  tags: Record<string, string>;
}

export interface MaterializationInterval {
  start: string;
  end: string;
}

export interface FeastFeatureView {
  kind: 'batch' | 'stream';
  name: string;
  project: string;
  entities: string[];
  features: FeastFeature[];
  /** Join key columns with their types (Feast 0.22+; empty in older registries). */
  entityColumns: FeastFeature[];
  /** 0 means Feast keeps feature values forever. */
  ttlSeconds: number;
  online: boolean;
  offline: boolean;
  /** The batch source's name ('' for a view without one). */
  source: string;
  streamSource?: string;
  description: string;
  owner: string;
  tags: Record<string, string>;
  materializationIntervals: MaterializationInterval[];
  /** The latest end time among the materialization intervals, or null when never materialized. */
  lastMaterialized: string | null;
}

export interface FeastOnDemandFeatureView {
  name: string;
  project: string;
  features: FeastFeature[];
  /** Feature views and request sources it reads, by name. */
  sources: string[];
  mode: string;
  writeToOnlineStore: boolean;
  description: string;
  tags: Record<string, string>;
}

/** Feast 0.20–0.35's RequestFeatureView: the fields of one request source, servable by name like a view. */
export interface FeastRequestFeatureView {
  name: string;
  project: string;
  /** The request source's name. */
  source: string;
  /** The request source's schema. */
  features: FeastFeature[];
  description: string;
  tags: Record<string, string>;
}

export interface FeatureServiceView {
  /** The feature view (batch, stream or on-demand) the projection reads. */
  view: string;
  alias: string;
  features: string[];
}

export interface FeastFeatureService {
  name: string;
  project: string;
  views: FeatureServiceView[];
  description: string;
  owner: string;
  tags: Record<string, string>;
}

export interface FeastSavedDataset {
  name: string;
  project: string;
  features: string[];
  joinKeys: string[];
  featureService: string;
  storage: string;
  tags: Record<string, string>;
}

export interface FeastRegistry {
  projects: FeastProject[];
  entities: FeastEntity[];
  dataSources: FeastDataSource[];
  featureViews: FeastFeatureView[];
  onDemandFeatureViews: FeastOnDemandFeatureView[];
  requestFeatureViews: FeastRequestFeatureView[];
  streamFeatureViews: FeastFeatureView[];
  featureServices: FeastFeatureService[];
  savedDatasets: FeastSavedDataset[];
  lastUpdated: string | null;
}

/** Feast's entity for feature views without entities (feast/feature_view.py DUMMY_ENTITY_NAME); Feast hides it. */
export const DUMMY_ENTITY = '__dummy';

/** `feature_view:feature` references of a service, as `feast` prints them. */
export function serviceFeatureRefs(service: FeastFeatureService): string[] {
  return service.views.flatMap((v) => v.features.map((f) => `${v.alias || v.view}:${f}`));
}

/** Every view name a feature service may name: batch, stream, on-demand and request. */
export function viewNames(registry: FeastRegistry, project?: string): Set<string> {
  const all = [...registry.featureViews, ...registry.streamFeatureViews, ...registry.onDemandFeatureViews, ...registry.requestFeatureViews];
  return new Set(all.filter((v) => project === undefined || v.project === project).map((v) => v.name));
}
