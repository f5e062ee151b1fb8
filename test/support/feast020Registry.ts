// A file registry laid out as Feast 0.20's Python SDK writes it, for a small repository, encoded over the test-only
// schema transcribed from Feast 0.20's protos (test/fixtures/feast-registry/feast-0.20/registry-0.20.proto). Each
// object is filled as 0.20's to_proto and Registry.apply_* fill it (feast-dev/feast v0.20.0, sdk/python/feast):
// spec.project set by the registry, the embedded batch source without a project, an unnamed FileSource named by its
// path, request sources registered as data sources, the placeholder entity `__dummy` that every `feast apply` adds,
// a RequestFeatureView (deprecated in 0.20, removed in 0.36), materialized views moved to the end of the list, and
// the local provider's SQLite tables under `infra`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import protobuf from 'protobufjs';

const SCHEMA = join(__dirname, '..', 'fixtures', 'feast-registry', 'feast-0.20', 'registry-0.20.proto');
const PROJECT = 'driver_ranking';
const FILE_SOURCE_CLASS = 'feast.infra.offline_stores.file_source.FileSource';
const REQUEST_SOURCE_CLASS = 'feast.data_source.RequestSource';
// ValueType.Enum numbers as 0.20 declares them.
const STRING = 2;
const INT32 = 3;
const INT64 = 4;
const DOUBLE = 5;
const FLOAT = 6;

type Fields = Record<string, unknown>;

function time(iso: string): Fields {
  const ms = Date.parse(iso);
  return { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 };
}

function meta(created: string, updated: string, extra: Fields = {}): Fields {
  return { created_timestamp: time(created), last_updated_timestamp: time(updated), ...extra };
}

/** FileSource(path="data/driver_stats.parquet", timestamp_field=…, created_timestamp_column=…): no name given. */
function fileSource(): Fields {
  return {
    name: 'data/driver_stats.parquet',
    type: 1,
    timestamp_field: 'event_timestamp',
    created_timestamp_column: 'created',
    file_options: { file_format: { parquet_format: {} }, uri: 'data/driver_stats.parquet' },
    data_source_class_type: FILE_SOURCE_CLASS,
  };
}

function requestSource(name: string, schema: Fields[]): Fields {
  return { name, type: 7, request_data_options: { schema }, data_source_class_type: REQUEST_SOURCE_CLASS };
}

const VALS_TO_ADD = requestSource('vals_to_add', [{ name: 'val_to_add', value_type: INT64 }, { name: 'val_to_add_2', value_type: INT64 }]);
const TRIP_REQUEST = requestSource('trip_request', [{ name: 'trip_distance', value_type: DOUBLE }]);

function entity(name: string, joinKey: string, valueType: number, description: string): Fields {
  return {
    spec: { name, project: PROJECT, value_type: valueType, join_key: joinKey, description },
    meta: meta('2022-04-20T09:00:00Z', '2022-04-20T09:00:00Z'),
  };
}

const DRIVER_FEATURES = [
  { name: 'conv_rate', value_type: FLOAT },
  { name: 'acc_rate', value_type: FLOAT, labels: { pii: 'false' } },
  { name: 'avg_daily_trips', value_type: INT64 },
];

function registry(): Fields {
  return {
    registry_schema_version: '1',
    version_id: '0b6e4c2a-2f6b-4d1e-9a55-6c1f0c3f7e21',
    last_updated: time('2022-04-22T06:31:02.500Z'),
    data_sources: [fileSource(), VALS_TO_ADD, TRIP_REQUEST].map((source) => ({ ...source, project: PROJECT })),
    entities: [
      entity('driver_id', 'driver_id', INT64, 'driver id'),
      entity('customer', 'customer_id', STRING, 'a customer of the ride service'),
      entity('__dummy', '__dummy_id', STRING, ''),
    ],
    on_demand_feature_views: [{
      spec: {
        name: 'transformed_conv_rate',
        project: PROJECT,
        features: [{ name: 'conv_rate_plus_val1', value_type: DOUBLE }, { name: 'conv_rate_plus_val2', value_type: DOUBLE }],
        sources: {
          driver_hourly_stats: { feature_view_projection: { feature_view_name: 'driver_hourly_stats', feature_columns: DRIVER_FEATURES } },
          vals_to_add: { request_data_source: VALS_TO_ADD },
        },
        // Stands in for the dill-pickled udf, which no reader of ours looks inside.
        user_defined_function: { name: 'transformed_conv_rate', body: Buffer.from('80049528000000000000008c0a64696c6c2e5f64696c6c94', 'hex') },
      },
      meta: meta('2022-04-20T09:00:00Z', '2022-04-20T09:00:00Z'),
    }],
    // RequestFeatureView(name=…, request_data_source=RequestSource(…)): deprecated in 0.20, still applied.
    request_feature_views: [{ spec: { name: 'trip_context', project: PROJECT, request_data_source: TRIP_REQUEST, description: 'what the app sends' } }],
    // Both views were materialized after apply; apply_materialization re-appends each, so the order is theirs.
    feature_views: [
      {
        spec: {
          name: 'customer_profile',
          project: PROJECT,
          entities: ['customer'],
          features: [{ name: 'avg_passenger_count', value_type: FLOAT }, { name: 'lifetime_trip_count', value_type: INT32 }],
          ttl: { seconds: 172800 },
          batch_source: fileSource(),
          online: true,
          description: 'trip history per customer',
        },
        meta: meta('2022-04-20T09:00:00Z', '2022-04-21T07:00:00Z', {
          materialization_intervals: [{ start_time: time('2022-04-19T07:00:00Z'), end_time: time('2022-04-21T07:00:00Z') }],
        }),
      },
      {
        spec: {
          name: 'driver_hourly_stats',
          project: PROJECT,
          entities: ['driver_id'],
          features: DRIVER_FEATURES,
          tags: { team: 'driver_performance' },
          ttl: { seconds: 86400 },
          batch_source: fileSource(),
          online: true,
          owner: 'ranking@example.com',
        },
        meta: meta('2022-04-20T09:00:00Z', '2022-04-22T06:31:02Z', {
          materialization_intervals: [
            { start_time: time('2022-04-20T00:00:00Z'), end_time: time('2022-04-21T00:00:00Z') },
            { start_time: time('2022-04-21T00:00:00Z'), end_time: time('2022-04-22T06:30:00.250Z') },
          ],
        }),
      },
    ],
    feature_services: [{
      spec: {
        name: 'driver_activity',
        project: PROJECT,
        features: [
          { feature_view_name: 'driver_hourly_stats', feature_columns: DRIVER_FEATURES.slice(0, 2) },
          { feature_view_name: 'transformed_conv_rate', feature_columns: [{ name: 'conv_rate_plus_val1', value_type: DOUBLE }] },
          { feature_view_name: 'customer_profile', feature_view_name_alias: 'rider', feature_columns: [{ name: 'lifetime_trip_count', value_type: INT32 }] },
          { feature_view_name: 'trip_context', feature_columns: [{ name: 'trip_distance', value_type: DOUBLE }] },
        ],
        tags: { stage: 'production' },
        description: 'features of the ranking model',
      },
      meta: meta('2022-04-20T09:00:00Z', '2022-04-20T09:00:00Z'),
    }],
    infra: {
      infra_objects: ['customer_profile', 'driver_hourly_stats'].map((view) => ({
        infra_object_class_type: 'feast.infra.online_stores.sqlite.SqliteTable',
        sqlite_table: { path: 'data/online_store.db', name: `${PROJECT}_${view}` },
      })),
    },
  };
}

/** The registry.db bytes Feast 0.20 would write for the repository above. */
export function feast020RegistryBytes(): Uint8Array {
  const type = new protobuf.Root().loadSync(SCHEMA, { keepCase: true }).lookupType('feast.core.Registry');
  const message = type.fromObject(registry());
  const problem = type.verify(message);
  if (problem) throw new Error(`${SCHEMA}: the 0.20 registry does not fit the schema: ${problem}`);
  return type.encode(message).finish();
}

/** A feature repository as `feast init` 0.20 lays it out (feature_store.yaml, data/registry.db); returns its folder. */
export function writeFeast020Repo(dir: string): string {
  mkdirSync(join(dir, 'data'), { recursive: true });
  writeFileSync(join(dir, 'feature_store.yaml'), `project: ${PROJECT}\nregistry: data/registry.db\nprovider: local\nonline_store:\n    path: data/online_store.db\n`);
  writeFileSync(join(dir, 'data', 'registry.db'), feast020RegistryBytes());
  return dir;
}
