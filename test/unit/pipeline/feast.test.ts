// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Feast expands ${VAR} inside plain YAML strings
// feature_store.yaml against Feast 0.66's config classes: valid configurations of many store types come out clean,
// and each error kept is one Feast (pydantic 2) raises, with pydantic's wording.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PipelineDiagnostic } from '../../../core/pipeline/types';
import { covered, projectChecker } from './helpers';

const run = projectChecker();
const FILE_HINTS = new Set(['feast-registry-missing', 'feast-online-store-missing']);

function feast(lines: string[]): { text: string; diags: PipelineDiagnostic[] } {
  const text = ['project: demo', 'registry: data/registry.db', ...lines, ''].join('\n');
  // These configurations name files that are not written here; the missing-file hints are tested in test/unit/feast.
  const diags = run({ 'feature_store.yaml': text }, 'feature_store.yaml').filter((d) => !FILE_HINTS.has(d.code));
  return { text, diags };
}

const summary = (text: string, diags: PipelineDiagnostic[]) => diags.map((d) => `${d.severity} ${d.code} ${covered(text, d)}`);

test('valid configurations of many store, registry, engine and auth types have no error or warning', () => {
  const configs: string[][] = [
    ['online_store: {type: redis, redis_type: redis_cluster, connection_string: "r1:6379,r2:6379", key_ttl_seconds: 3600}'],
    ['online_store: {type: dynamodb, region: eu-west-1, consistent_reads: true, connect_timeout: 2.5}'],
    ['online_store: {type: postgres, host: db, database: feast, user: u, password: p, port: "5432", conn_type: pool, vector_enabled: yes}'],
    ['online_store: {type: sqlite, path: data/online.db, text_search_enabled: "true"}'],
    ['online_store: {type: datastore}', 'offline_store: {type: bigquery, project_id: p, billing_project_id: b, location: EU}'],
    ['online_store: {type: hbase, host: h, port: "9090"}', 'offline_store: {type: spark, spark_conf: {spark.master: "local[*]"}}'],
    ['online_store: {type: milvus, host: localhost, embedding_dim: 384}', 'offline_store: {type: duckdb}'],
    ['online_store: {type: remote, path: "http://feast:6566"}', 'offline_store: {type: remote, host: feast, port: 8815}'],
    ['online_store: {type: snowflake.online, database: DB, schema: PUBLIC, any_connector_arg: x}'],
    ['offline_store: {type: snowflake.offline, database: DB, warehouse: WH, account: acme}'],
    ['offline_store: {type: redshift, region: us-east-1, database: dev, s3_staging_location: "s3://b/t", iam_role: r, workgroup: wg}'],
    ['offline_store: {type: trino, host: t, port: 8080, catalog: hive, user: u, http-scheme: https, ssl-verify: false, connector: {type: hive}, auth: null}'],
    ['offline_store: {type: postgres, host: db, database: feast, user: u, password: p, entity_select_mode: embed_query}'],
    ['offline_store: {type: athena, data_source: AwsDataCatalog, region: us-east-1, database: d, workgroup: w, s3_staging_location: "s3://b/a"}'],
    ['batch_engine: {type: lambda, materialization_image: img, lambda_role: arn}'],
    ['batch_engine: {type: k8s, namespace: feast, env: [{name: A, value: b}], synchronous: true}'],
    ['batch_engine: spark.engine', 'offline_store: {type: spark}'],
    ['batch_engine: {type: my_pkg.engines.CustomEngine, anything: 1}', 'online_store: {type: my_pkg.stores.MyOnlineStore, url: x}'],
    ['online_store: null', 'offline_store: file'],
    ['online_store: none'],
    ['auth: {type: kubernetes, user_token: t, extra_key: kept}'],
    ['auth: {type: oidc, auth_discovery_url: "https://id/.well-known/openid-configuration", client_id: feast}'],
    ['auth: {type: oidc, auth_discovery_url: "https://id", client_id: c, client_secret: s}'],
    ['auth: {type: oidc}'],
    ['feature_server: {enabled: true, transformation_service_endpoint: "localhost:6569"}'],
    ['feature_server: {type: mcp, enabled: true, mcp_enabled: true, mcp_transport: http}'],
    ['materialization: {pull_latest_features: true, online_write_batch_size: 10000}'],
    ['openlineage: {enabled: true, transport_type: http, transport_url: "http://marquez:5000", custom: kept}'],
    ['coerce_tz_aware: false', 'project_description: Fraud features', 'entity_key_serialization_version: 3'],
    ['provider: unity_catalog'],
    ['provider: my_company.feast.MyProvider'],
  ];
  for (const lines of configs) {
    const { text, diags } = feast(lines);
    assert.deepEqual(summary(text, diags).filter((f) => !f.startsWith('hint ')), [], lines.join(' / '));
  }
  const registries = [
    'registry: {registry_type: sql, path: "postgresql+psycopg://u:p@db/feast", cache_ttl_seconds: 60, sqlalchemy_config_kwargs: {pool_pre_ping: true}}',
    'registry: {registry_type: remote, path: "feast-registry:6570", cert: /certs/ca.crt, is_tls: true}',
    'registry: {registry_type: snowflake.registry, database: FEAST, schema: PUBLIC}',
    'registry: {path: "gs://bucket/registry.pb", cache_ttl_seconds: 0, cache_mode: thread}',
    'registry: "C:\\\\feast\\\\registry.db"',
    'registry: {path: "az://container/registry.db", registry_store_type: AzureRegistryStore}',
  ];
  for (const line of registries) {
    assert.deepEqual(run({ 'feature_store.yaml': `project: demo\n${line}\n` }, 'feature_store.yaml').map((d) => d.message), [], line);
  }
});

test('store fields: unknown keys under extra="forbid", missing required fields and strict types are pydantic errors', () => {
  const { text, diags } = feast([
    'online_store:',
    '  type: redis',
    '  host: localhost',
    '  conection_string: "r:6379"',
    'offline_store:',
    '  type: athena',
    '  region: us-east-1',
    'batch_engine:',
    '  type: k8s',
    '  synchronous: "yes"',
    '  max_parallelism: "4"',
  ]);
  assert.deepEqual(summary(text, diags), [
    'error feast-unknown-key host',
    'error feast-unknown-key conection_string',
    'error feast-missing-field offline_store',
    'error feast-missing-field offline_store',
    'error feast-missing-field offline_store',
    'error feast-missing-field offline_store',
  ]);
  const [host, typo] = diags;
  assert.match(host!.message, /^'online_store': Extra inputs are not permitted: 'host' is not a field of RedisOnlineStoreConfig \(Feast 0\.66\)\. Known: /);
  assert.equal(typo!.fixes![0]!.edits[0]!.newText, 'connection_string');
  assert.equal(diags[2]!.message, "'offline_store': Field required: 'data_source' (AthenaOfflineStoreConfig, Feast 0.66).");
  // k8s `synchronous` is a lax bool ("yes" is accepted) and `max_parallelism` a lax int ("4" is accepted).
  const strict = feast(['online_store: {type: dynamodb, region: eu-west-1, consistent_reads: "yes"}', 'online_store_extra: 1']);
  assert.deepEqual(summary(strict.text, strict.diags), ['hint feast-unknown-key online_store_extra', 'error feast-type "yes"']);
  assert.equal(strict.diags[1]!.message, 'online_store.consistent_reads: Input should be a valid boolean (DynamoDBOnlineStoreConfig, Feast 0.66).');
  const hbase = feast(['online_store: {type: hbase, host: h, port: 9090}', 'offline_store: {type: remote, host: h, scheme: ftp}']);
  assert.deepEqual(hbase.diags.map((d) => d.message), [
    'online_store.port: Input should be a valid string (HbaseOnlineStoreConfig, Feast 0.66).',
    "offline_store.scheme: Input should be 'http' or 'https' (RemoteOfflineStoreConfig, Feast 0.66).",
  ]);
});

test('store types: unknown names, class paths with the wrong suffix, a batch_engine without type, removed types', () => {
  const { text, diags } = feast([
    'online_store: {type: memcached}',
    'offline_store: my_pkg.MyStore',
    'batch_engine: {partitions: 4}',
  ]);
  assert.deepEqual(summary(text, diags), ['error feast-store-type memcached', 'error feast-store-type my_pkg.MyStore', 'error feast-missing-field batch_engine']);
  assert.match(diags[1]!.message, /a class path ending in `OfflineStore`/);
  const removed = feast(['online_store: {type: ikv}', 'batch_engine: bytewax']);
  assert.deepEqual(removed.diags.map((d) => `${d.severity} ${d.code} ${d.message}`), [
    "warning feast-removed-type the 'ikv' online store was removed in Feast 0.61; Feast 0.66 no longer loads it. Choose another online_store type.",
    "warning feast-removed-type the 'bytewax' materialization engine was removed in Feast 0.37; Feast 0.66 no longer loads it. Choose another batch_engine type.",
  ]);
  const string = feast(['online_store: bigtable', 'batch_engine: lambda']);
  assert.deepEqual(string.diags.map((d) => d.message), [
    "'online_store': Field required: 'instance' (BigtableOnlineStoreConfig, Feast 0.66).",
    "'batch_engine': Field required: 'materialization_image' (LambdaComputeEngineConfig, Feast 0.66).",
    "'batch_engine': Field required: 'lambda_role' (LambdaComputeEngineConfig, Feast 0.66).",
  ]);
});

test('cross-field validators of redshift, oracle and bigquery', () => {
  const messages = (line: string) => feast([line]).diags.map((d) => d.message);
  const redshift = 'type: redshift, region: r, database: d, s3_staging_location: s, iam_role: i';
  assert.deepEqual(messages(`offline_store: {${redshift}, user: u}`), [
    'offline_store: please specify either cluster_id & user if using provisioned clusters, or workgroup if using serverless (Feast 0.66).',
  ]);
  assert.deepEqual(messages(`offline_store: {${redshift}, cluster_id: c, user: u, workgroup: w}`), ['offline_store: cannot specify both cluster_id and workgroup (Feast 0.66).']);
  assert.deepEqual(messages('offline_store: {type: oracle, user: u, password: p, sid: ORCL, dsn: "h:1521/x"}'), [
    "offline_store: Only one of 'service_name', 'sid', or 'dsn' may be set, but got: sid, dsn (Feast 0.66).",
  ]);
  assert.deepEqual(messages('offline_store: {type: bigquery, billing_project_id: b}'), ['offline_store: please specify project_id if billing_project_id is specified (Feast 0.66).']);
});

test('registry: type, path, scheme of a file registry, extra keys kept, postgres URL rewritten with a warning', () => {
  const registry = (line: string) => {
    const text = `project: demo\n${line}\n`;
    return summary(text, run({ 'feature_store.yaml': text }, 'feature_store.yaml'));
  };
  assert.deepEqual(registry('registry: {registry_type: nfs, path: r.db}'), ['error feast-registry-type nfs']);
  assert.deepEqual(registry('registry: {registry_type: sql}'), ['error feast-registry-path registry']);
  assert.deepEqual(registry('registry: "postgresql://u:p@db/feast"'), ['error feast-registry-scheme "postgresql://u:p@db/feast"']);
  assert.deepEqual(registry('registry: {path: "localhost:6570"}'), ['error feast-registry-scheme "localhost:6570"']);
  assert.deepEqual(registry('registry: {path: r.db, cache_ttl_seconds: "60", cache_tll_seconds: 5, team: ml}'), [
    'error feast-type "60"',
    'error feast-unknown-key cache_tll_seconds',
    'hint feast-unknown-key team',
  ]);
  const sql = registry('registry: {registry_type: sql, path: "postgresql://u:p@db/feast"}');
  assert.deepEqual(sql, ['warning feast-registry-postgres-scheme "postgresql://u:p@db/feast"']);
  assert.deepEqual(registry('registry: ${FEAST_REGISTRY}'), []);
});

test('project, provider, auth and feature_server rules', () => {
  const messages = (lines: string[]) => feast(lines).diags.map((d) => `${d.code}: ${d.message}`);
  const named = (name: string) => {
    return run({ 'feature_store.yaml': `project: ${name}\nregistry: r.db\nonline_store: {type: redis}\n` }, 'feature_store.yaml');
  };
  // Feast 0.58+ checks the SQLite rule before it has read the online store: a hyphen fails with redis too.
  const [dash] = named('fraud-features');
  assert.match(dash!.message, /^Project names for SQLite online stores cannot contain hyphens because they are used in table names\./);
  assert.equal(dash!.fixes![0]!.edits[0]!.newText, 'fraud_features');
  assert.match(named('_private')[0]!.message, /should only have alphanumerical values, underscores, and hyphens/);
  assert.match(named('fraud.features')[0]!.message, /should only have alphanumerical values/);
  assert.deepEqual(named('détection_fraude'), []);
  assert.deepEqual(messages(['provider: kubernetes']), [
    'feast-provider: Provider \'kubernetes\' is not implemented: use local, gcp, aws, azure, unity_catalog or a provider class path (module.Class).',
  ]);
  assert.deepEqual(messages(['auth: {user_token: t}']), [
    "feast-auth-type: auth configuration is missing authentication type. Possible values=['no_auth', 'kubernetes', 'oidc'] (Feast 0.66).",
  ]);
  assert.deepEqual(messages(['auth: {type: basic}']), [
    "feast-auth-type: auth configuration has invalid authentication type=basic. Possible values=['no_auth', 'kubernetes', 'oidc'] (Feast 0.66).",
  ]);
  assert.deepEqual(messages(['auth: {type: no_auth, user_token: t}']).map((m) => m.split(':')[0]), ['feast-unknown-key']);
  assert.deepEqual(messages(['auth: {type: oidc, client_secret: s}']), [
    "feast-auth-config: auth: Incomplete configuration for 'client_credentials': configure all of these fields together, or none at all (client_secret, auth_discovery_url, client_id) (Feast 0.66).",
  ]);
  assert.deepEqual(messages(['auth: {type: oidc, token: t, token_env_var: FEAST_TOKEN}']), [
    'feast-auth-config: auth: Only one of [token, token_env_var, client_credentials] may be set, but got: token, token_env_var (Feast 0.66).',
  ]);
  assert.deepEqual(messages(['feature_server: {type: grpc}']), [
    'feast-feature-server-type: Feature server type was set to grpc, but this type is invalid: use local, mcp (Feast 0.66).',
  ]);
});

test('top-level keys: kept extras are hints, a typo of a known key and `engine` are errors with a rename', () => {
  const { text, diags } = feast(['offline_stor: {type: bigquery}', 'team: fraud', 'engine: {type: spark.engine}']);
  assert.deepEqual(summary(text, diags), ['error feast-unknown-key offline_stor', 'hint feast-unknown-key team', 'error feast-engine-ignored engine']);
  assert.equal(diags[0]!.fixes![0]!.edits[0]!.newText, 'offline_store');
  assert.equal(diags[2]!.fixes![0]!.edits[0]!.newText, 'batch_engine');
  const nested = feast(['embedding_model: {provider: sentence_transformers}', 'data_quality_monitoring: {auto_baseline: true, interval: 5}', 'materialization: {batch: 5}']);
  assert.deepEqual(summary(nested.text, nested.diags), [
    'hint feast-unknown-key batch',
    'error feast-missing-field embedding_model',
    'error feast-unknown-key interval',
  ]);
});

test('deprecations and removed keys are warnings in Feast\'s words; ${VAR} and $VAR values are never checked', () => {
  const { text, diags } = feast([
    'entity_key_serialization_version: 2',
    'flags: {alpha_features: true}',
    'online_store: {type: postgres, host: db, database: d, user: u, password: p, vector_enabled: true, vector_len: 384}',
  ]);
  assert.deepEqual(summary(text, diags), ['warning feast-removed-key vector_len', 'warning feast-flags-deprecated flags', 'warning feast-serialization-deprecated 2']);
  assert.match(diags[2]!.message, /^The serialization version below 3 are deprecated\. Specifying `entity_key_serialization_version` to 3 is recommended\./);
  assert.match(diags[1]!.message, /^Flags are no longer necessary in Feast\. Experimental features will log warnings instead\./);
  assert.deepEqual(feast(['entity_key_serialization_version: 4']).diags.map((d) => `${d.severity} ${d.code}`), ['error feast-serialization-version']);
  const templated = feast([
    'online_store:',
    '  type: hbase',
    '  host: $HBASE_HOST',
    '  port: ${HBASE_PORT}',
    'offline_store:',
    '  type: ${OFFLINE_TYPE}',
    '  whatever: 1',
    'entity_key_serialization_version: ${VERSION}',
  ]);
  assert.deepEqual(templated.diags, []);
});
