// The pydantic config classes behind each `type:` of a feature_store.yaml section, as Feast 0.66 defines them
// (feast/repo_config.py *_CLASS_FOR_TYPE and the `<Store>Config` classes under feast/infra/*). Each field is written
// `name:type`: `!` before the name marks a field without a default (pydantic: "Field required"), `?` after the type
// an Optional one (null accepted). Types follow pydantic 2's lax/strict modes on what PyYAML produces:
//   s  str / StrictStr (a string only; pydantic 2 never turns a number into text)
//   i  int (also 5.0, "5", true)      I  StrictInt (an integer only)
//   b  bool (also 0/1, "yes", "off")  B  StrictBool (true/false only)
//   f  float (also "1.5", true)       F  StrictFloat (a number only)
//   m  a mapping   l  a list   a  anything   x|y|z  one of these strings (Literal or Enum)
/** Feast release whose config classes this table encodes. */
export const FEAST_VERSION = 'Feast 0.66';

export interface FeastConfigClass {
  /** The pydantic class name, as Feast's ValidationError names it. */
  name: string;
  fields: string;
  /**
   * FeastConfigBaseModel forbids unknown keys. FeastBaseModel and a few classes allow and keep them ('allow'); the
   * Snowflake classes keep them and hand them to snowflake.connector.connect ('pass'); a plain BaseModel drops them.
   */
  extra?: 'allow' | 'pass' | 'ignore';
}

const snowflake = 'config_path:s? connection_name:s? account:s? user:s? password:s? role:s? warehouse:s? authenticator:s? ' +
  'private_key:s? private_key_content:a private_key_passphrase:s? !database:s schema:s? schema_:s?';
/** feast/infra/utils/postgres/postgres_config.py PostgreSQLConfig, shared by the online and offline stores. */
const postgres = 'min_conn:i max_conn:i conn_type:singleton|pool !host:s port:i !database:s db_schema:s !user:s !password:s ' +
  'sslmode:s? sslkey_path:s? sslcert_path:s? sslrootcert_path:s? keepalives_idle:i?';
/** feast/infra/online_stores/vector_store.py VectorStoreConfig (a mixin: its annotations become fields). */
const vector = 'vector_enabled:b? similarity:s?';
const ray = 'ray_conf:m? use_kuberay:b? cluster_name:s? auth_token:s? kuberay_conf:m? num_gpus:f? gpu_batch_format:s worker_task_options:m?';

const cls = (name: string, fields: string, extra?: FeastConfigClass['extra']): FeastConfigClass => ({ name, fields, extra });

export const ONLINE_STORES: Record<string, FeastConfigClass> = {
  aerospike: cls('AerospikeOnlineStoreConfig', 'hosts:l namespace:s set_name_template:s collection_suffix:s namespace_overrides:m ' +
    'set_overrides:m prewriting_hook:s? user:s? password:s? auth_mode:internal|external|pki tls:m? ttl_seconds:i? write_timeout_ms:i ' +
    'read_timeout_ms:i batch_total_timeout_ms:i socket_timeout_ms:i? max_retries:i batch_max_records:i client_kwargs:m'),
  sqlite: cls('SqliteOnlineStoreConfig', `path:s text_search_enabled:b enable_openai_compatible_store:b ${vector}`),
  datastore: cls('DatastoreOnlineStoreConfig', 'project_id:s? namespace:s? database:s? write_concurrency:i? write_batch_size:i?'),
  redis: cls('RedisOnlineStoreConfig', 'redis_type:redis|redis_cluster|redis_sentinel sentinel_master:s connection_string:s ' +
    'key_ttl_seconds:i? full_scan_for_deletion:b? skip_dedup:b'),
  dynamodb: cls('DynamoDBOnlineStoreConfig', 'batch_size:i endpoint_url:s? !region:s table_name_template:s consistent_reads:B ' +
    'warmup_connections:B tags:m? session_based_auth:b max_read_workers:i max_pool_connections:i keepalive_timeout:f ' +
    'connect_timeout:f read_timeout:f total_max_retry_attempts:i? retry_mode:legacy|standard|adaptive?'),
  'snowflake.online': cls('SnowflakeOnlineStoreConfig', snowflake, 'pass'),
  bigtable: cls('BigtableOnlineStoreConfig', 'project_id:s? !instance:s max_versions:i'),
  postgres: cls('PostgreSQLOnlineStoreConfig', `${postgres} enable_openai_compatible_store:b? ${vector}`),
  hbase: cls('HbaseOnlineStoreConfig', '!host:s !port:s connection_pool_size:i protocol:s transport:s'),
  cassandra: cls('CassandraOnlineStoreConfig', 'hosts:l? secure_bundle_path:s? port:I? keyspace:s username:s? password:s? ' +
    'protocol_version:I? request_timeout:F? datacenters:l? routing:m? load_balancing:m? read_concurrency:I? write_concurrency:I?'),
  scylladb: cls('ScyllaDBOnlineStoreConfig', '!hosts:l port:I? keyspace:s username:s? password:s? local_dc:s? request_timeout:F? ' +
    'read_concurrency:I? write_concurrency:I? vector_similarity_function:s'),
  mysql: cls('MySQLOnlineStoreConfig', 'host:s? user:s? password:s? database:s? port:i? batch_write:b? batch_size:i?'),
  hazelcast: cls('HazelcastOnlineStoreConfig', 'cluster_name:s cluster_members:l? discovery_token:s? ssl_cafile_path:s? ' +
    'ssl_certfile_path:s? ssl_keyfile_path:s? ssl_password:s? key_ttl_seconds:i?'),
  elasticsearch: cls('ElasticSearchOnlineStoreConfig', 'host:s? user:s? password:s? port:i? index:s? scheme:s? vector_field_path:s? ' +
    `write_batch_size:i? enable_openai_compatible_store:b? ${vector}`),
  remote: cls('RemoteOnlineStoreConfig', 'path:s cert:s connection_pool_size:i connection_idle_timeout:i connection_retries:i'),
  singlestore: cls('SingleStoreOnlineStoreConfig', 'host:s? user:s? password:s? database:s? port:i?'),
  qdrant: cls('QdrantOnlineStoreConfig', 'location:s? url:s? port:i? grpc_port:i prefer_grpc:b https:b? api_key:s? prefix:s? ' +
    `timeout:i? host:s? path:s? vector_name:s write_batch_size:i? upload_wait:b ${vector}`),
  'couchbase.online': cls('CouchbaseOnlineStoreConfig', 'connection_string:s? user:s? password:s? bucket_name:s? kv_port:i?'),
  milvus: cls('MilvusOnlineStoreConfig', 'path:s? host:s? port:i? index_type:s? metric_type:s? embedding_dim:i? text_search_enabled:b? ' +
    `nlist:i? username:s? password:s? enable_openai_compatible_store:b? varchar_max_length:i? ${vector}`),
  mongodb: cls('MongoDBOnlineStoreConfig', 'connection_string:s database_name:s collection_suffix:s client_kwargs:m ' +
    `vector_index_wait_timeout:i vector_index_wait_poll_interval:f ${vector}`),
  hybrid: cls('HybridOnlineStoreConfig', '!online_stores:l? routing_tag:s'),
};

export const OFFLINE_STORES: Record<string, FeastConfigClass> = {
  file: cls('DaskOfflineStoreConfig', ''),
  dask: cls('DaskOfflineStoreConfig', ''),
  bigquery: cls('BigQueryOfflineStoreConfig', 'dataset:s project_id:s? billing_project_id:s? location:s? gcs_staging_location:s? ' +
    'table_create_disposition:CREATE_NEVER|CREATE_IF_NEEDED'),
  redshift: cls('RedshiftOfflineStoreConfig', 'cluster_id:s? user:s? workgroup:s? !region:s !database:s !s3_staging_location:s !iam_role:s'),
  'snowflake.offline': cls('SnowflakeOfflineStoreConfig', `${snowflake} storage_integration_name:s? blob_export_location:s? ` +
    'convert_timestamp_columns:b? max_file_size:i?', 'pass'),
  spark: cls('SparkOfflineStoreConfig', 'spark_conf:m? staging_location:s? region:s?'),
  // Trino's three dashed keys are pydantic aliases; the Python names are not accepted in the file.
  trino: cls('TrinoOfflineStoreConfig', '!host:s !port:i !catalog:s !user:s source:s? http-scheme:http|https ssl-verify:B ' +
    'x-trino-extra-credential-header:s? !connector:m dataset:s !auth:m?'),
  postgres: cls('PostgreSQLOfflineStoreConfig', `${postgres} entity_select_mode:temp_table|embed_query`),
  athena: cls('AthenaOfflineStoreConfig', '!data_source:s !region:s !database:s !workgroup:s !s3_staging_location:s'),
  mssql: cls('MsSqlServerOfflineStoreConfig', 'connection_string:s'),
  duckdb: cls('DuckDBOfflineStoreConfig', 'staging_location:s? staging_location_endpoint_override:s?'),
  remote: cls('RemoteOfflineStoreConfig', 'scheme:http|https !host:s port:I? cert:s connection_retries:i'),
  'couchbase.offline': cls('CouchbaseColumnarOfflineStoreConfig', 'connection_string:s? user:s? password:s? timeout:F'),
  clickhouse: cls('ClickhouseOfflineStoreConfig', '!host:s port:i !database:s !user:s !password:s use_temporary_tables_for_entity_df:b ' +
    'additional_client_args:m?'),
  ray: cls('RayOfflineStoreConfig', 'storage_path:s? ray_address:s? broadcast_join_threshold_mb:i? enable_distributed_joins:b? ' +
    `max_parallelism_multiplier:i? target_partition_size_mb:i? window_size_for_joins:s? enable_ray_logging:b? ${ray}`),
  oracle: cls('OracleOfflineStoreConfig', '!user:s !password:s host:s port:I service_name:s? sid:s? database:s? dsn:s?'),
  hybrid: cls('HybridOfflineStoreConfig', '!offline_stores:l?'),
};

export const BATCH_ENGINES: Record<string, FeastConfigClass> = {
  local: cls('LocalComputeEngineConfig', 'backend:s?'),
  'snowflake.engine': cls('SnowflakeComputeEngineConfig', `${snowflake} python_udf_runtime_version:s`, 'pass'),
  lambda: cls('LambdaComputeEngineConfig', '!materialization_image:s !lambda_role:s'),
  k8s: cls('KubernetesComputeEngineConfig', 'namespace:s image:s env:l image_pull_secrets:l resources:m service_account_name:s ' +
    'annotations:m include_security_context_capabilities:b labels:m max_parallelism:i synchronous:b retry_limit:i mini_batch_size:i ' +
    'active_deadline_seconds:i job_batch_size:i print_pod_logs_on_failure:b'),
  'spark.engine': cls('SparkComputeEngineConfig', 'spark_conf:m? staging_location:s? region:s? partitions:i'),
  'ray.engine': cls('RayComputeEngineConfig', 'ray_address:s? staging_location:s? broadcast_join_threshold_mb:i enable_distributed_joins:b ' +
    'max_parallelism_multiplier:i target_partition_size_mb:i window_size_for_joins:s max_workers:i? write_concurrency:i? ' +
    `enable_optimization:b enable_ray_logging:b ${ray}`),
  'flink.engine': cls('FlinkComputeEngineConfig', 'execution_mode:batch|streaming parallelism:i? table_config:m? pandas_split_num:i'),
  spark_application: cls('SparkApplicationComputeEngineConfig', '!image:s image_pull_secrets:l namespace:s service_account:s ' +
    'driver_cores:i driver_memory:s executor_instances:i executor_cores:i executor_memory:s spark_conf:m? hadoop_conf:m? ' +
    'spark_version:s staging_location:s? env:l env_from:l queue_name:s? job_timeout_seconds:i poll_interval_seconds:i ' +
    'ttl_seconds_after_finished:i restart_policy:s max_retries:i concurrency:i labels:m volumes:l volume_mounts:l py_files:l ' +
    'node_selector:m? tolerations:l'),
};

/** RegistryConfig and its subclasses derive from FeastBaseModel (extra="allow"): unknown keys are kept, never read. */
const registryBase = 'registry_type:s registry_store_type:s? path:s cache_ttl_seconds:I cache_mode:s s3_additional_kwargs:m? ' +
  'purge_feast_metadata:B enable_online_feature_view_versioning:B mcp:m?';
export const REGISTRY_TYPES: Record<string, FeastConfigClass> = {
  file: cls('RegistryConfig', registryBase, 'allow'),
  sql: cls('SqlRegistryConfig', `${registryBase} read_path:s? sqlalchemy_config_kwargs:m thread_pool_executor_worker_count:I ` +
    'schema_mode:auto|verify|skip', 'allow'),
  'snowflake.registry': cls('SnowflakeRegistryConfig', `${registryBase} type:snowflake.registry ${snowflake}`, 'pass'),
  remote: cls('RemoteRegistryConfig', `${registryBase} cert:s is_tls:b client_cert:s client_key:s authority:s`, 'allow'),
};

const oidc = 'client_id:s? ui_client_id:s? verify_ssl:b ca_cert_path:s audience:s? issuer:s? jwks_cache_lifespan_seconds:i ' +
  'jwks_request_timeout_seconds:f';
/** feast/permissions/auth_model.py; an `oidc` mapping with client credentials (or without a discovery URL) is a client config. */
export const AUTH_TYPES: Record<string, FeastConfigClass> = {
  no_auth: cls('NoAuthConfig', ''),
  kubernetes: cls('KubernetesAuthConfig', 'user_token:s?', 'allow'),
  oidc: cls('OidcAuthConfig', `!auth_discovery_url:s ${oidc}`),
  oidc_client: cls('OidcClientAuthConfig', `auth_discovery_url:s? ${oidc} username:s? password:s? client_secret:s? token:s? ` +
    'token_env_var:s? token_refresh_margin_seconds:f'),
};
export const OIDC_CLIENT_KEYS = ['client_secret', 'token', 'token_env_var', 'username', 'password'];

const featureServer = 'enabled:B metrics:m? feature_logging:m? offline_push_batching_enabled:B? offline_push_batching_batch_size:I? ' +
  'offline_push_batching_batch_interval_seconds:I?';
export const FEATURE_SERVER_TYPES: Record<string, FeastConfigClass> = {
  local: cls('LocalFeatureServerConfig', `${featureServer} transformation_service_endpoint:s`),
  mcp: cls('McpFeatureServerConfig', `${featureServer} mcp_enabled:B mcp_server_name:s mcp_server_version:s mcp_transport:sse|http ` +
    'transformation_service_endpoint:s'),
};

/** RepoConfig (FeastBaseModel: unknown top-level keys are kept and never read) and its nested models. */
export const REPO_CONFIG = cls('RepoConfig', '!project:s project_description:s? provider:s !registry:a online_store:a auth:a offline_store:a ' +
  'batch_engine:a feature_server:a? embedding_model:m? flags:a repo_path:s? entity_key_serialization_version:I coerce_tz_aware:b? ' +
  'materialization:m openlineage:m? mlflow:a data_quality_monitoring:m?', 'allow');
export const NESTED_MODELS: Record<string, FeastConfigClass> = {
  // MaterializationConfig is a plain BaseModel: pydantic's default drops unknown keys silently.
  materialization: cls('MaterializationConfig', 'pull_latest_features:B online_write_batch_size:i?', 'ignore'),
  embedding_model: cls('EmbeddingModelConfig', 'provider:s !model:s'),
  data_quality_monitoring: cls('DataQualityMonitoringConfig', 'auto_baseline:B'),
  openlineage: cls('OpenLineageConfig', 'enabled:B transport_type:s? transport_url:s? transport_endpoint:s api_key:s? namespace:s ' +
    'producer:s emit_on_apply:B emit_on_materialize:B consumer:m?', 'allow'),
};

export const PROVIDERS = ['local', 'gcp', 'aws', 'azure', 'unity_catalog'];

/** Store types and keys that older Feast releases accepted and Feast 0.66 rejects, with the release that dropped them. */
export const REMOVED_TYPES: Record<string, Record<string, string>> = {
  online_store: {
    ikv: "the 'ikv' online store was removed in Feast 0.61",
    rockset: "the 'rockset' online store was removed in Feast 0.41",
    couchbase: "the 'couchbase' online store type was renamed 'couchbase.online' in Feast 0.47",
  },
  batch_engine: { bytewax: "the 'bytewax' materialization engine was removed in Feast 0.37" },
};
export const REMOVED_STORE_KEYS: Record<string, string> = {
  vector_len: "'vector_len' was removed from online store configs in Feast 0.49: the vector length is set on the feature view's Field(vector_length=…)",
  pgvector_enabled: "'pgvector_enabled' was renamed 'vector_enabled' in Feast 0.41",
  vec_enabled: "'vec_enabled' was renamed 'vector_enabled' in Feast 0.41",
};
