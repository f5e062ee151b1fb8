// feature_store.yaml, from feast/repo_config.py (RepoConfig, RegistryConfig) and the store config classes.
const str = { type: 'string' } as const;

export const REGISTRY_TYPES = ['file', 'sql', 'snowflake.registry', 'remote'];
export const PROVIDERS = ['local', 'gcp', 'aws', 'azure'];
export const ONLINE_STORES = [
  'sqlite', 'datastore', 'redis', 'dynamodb', 'snowflake.online', 'bigtable', 'postgres', 'hbase', 'cassandra',
  'mysql', 'hazelcast', 'ikv', 'elasticsearch', 'remote', 'singlestore', 'qdrant', 'couchbase.online', 'milvus',
  'faiss', 'mongodb',
];
export const OFFLINE_STORES = [
  'file', 'dask', 'bigquery', 'redshift', 'snowflake.offline', 'spark', 'trino', 'postgres', 'mssql', 'athena',
  'duckdb', 'remote', 'couchbase.offline', 'clickhouse',
];
export const BATCH_ENGINES = ['local', 'snowflake.engine', 'lambda', 'k8s', 'spark.engine'];

/** Required fields per store type (fields without a default in the store's pydantic config). */
export const REQUIRED_STORE_FIELDS: Record<string, Record<string, string[]>> = {
  online_store: { dynamodb: ['region'], postgres: ['host', 'database', 'user', 'password'], bigtable: ['project_id', 'instance'] },
  offline_store: {
    redshift: ['region', 'database', 'iam_role', 's3_staging_location', 'user'],
    postgres: ['host', 'database', 'user', 'password'],
    snowflake: ['database'],
    athena: ['region', 'data_source', 's3_staging_location'],
  },
  batch_engine: { lambda: ['materialization_image', 'lambda_role'] },
};

const store = { type: ['string', 'object'], properties: { type: str } } as const;

export const feastSchema = {
  type: 'object',
  required: ['project', 'registry'],
  properties: {
    project: str,
    project_description: str,
    provider: str,
    registry: {
      type: ['string', 'object'],
      properties: {
        registry_type: str,
        path: str,
        registry_store_type: str,
        cache_ttl_seconds: { type: 'integer' },
        cache_mode: str,
        s3_additional_kwargs: { type: 'object' },
        sqlalchemy_config_kwargs: { type: 'object' },
        thread_pool_executor_worker_count: { type: 'integer' },
        cert: str,
        is_tls: { type: 'boolean' },
        purge_feast_metadata: { type: 'boolean' },
      },
    },
    online_store: store,
    offline_store: store,
    batch_engine: store,
    feature_server: { type: 'object' },
    flags: { type: 'object' },
    repo_path: str,
    entity_key_serialization_version: { type: 'integer' },
    coerce_tz_aware: { type: 'boolean' },
    auth: { type: 'object' },
    materialization: { type: 'object' },
    openlineage: { type: 'object' },
    permissions: {},
  },
  additionalProperties: false,
} as const;
