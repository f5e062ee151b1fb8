// Feast registries read without Python: two real file registries (Feast ~0.24–0.29 and 0.35) checked against the
// names their repositories' Python definitions declare, a SQL registry on SQLite built in Feast's table layout,
// and the SQLite online stores read back.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { deserializeEntityKey, serializeEntityKey } from '../../../core/feast/entityKey';
import { openFeatureRepo } from '../../../core/feast/featureRepo';
import { featuresSummary } from '../../../core/feast/featuresSummary';
import { onlineTableStats, readOnlineValues } from '../../../core/feast/onlineStore';
import { writeOnlineRows } from '../../../core/feast/onlineStoreWrite';
import { findDefinitions } from '../../../core/feast/pythonDefinitions';
import { encodeRegistry, encodeSqlRegistryRows, type RegistrySpec } from '../../../core/feast/registryEncode';
import { SQL_REGISTRY_TABLES } from '../../../core/feast/sqlRegistry';
import { feastTypes } from '../../../core/feast/protoSchema';
import { validateFile } from '../../../core/pipeline/validateFiles';
import { openSqlite } from '../../../core/sqlite/driver';
import { writeDemoFeatureRepo } from '../../../core/demo/featureRepo';
import { projectFiles } from '../../../core/demo/projectFiles';
import { isStale } from '../../../core/feast/freshness';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'feast-registry');
const OIP = join(FIXTURES, 'feast-oip', 'feature_repo');
const SDFABIO = join(FIXTURES, 'sdfabio-feast-demo');
const temp = mkdtempSync(join(tmpdir(), 'mlops-feast-'));
after(() => rmSync(temp, { recursive: true, force: true }));

function declared(repoDir: string, kind: string): string[] {
  return findDefinitions(repoDir).filter((d) => d.kind === kind).map((d) => d.name).sort();
}

describe('real Feast file registries', () => {
  it('reads the Feast 0.35 registry of tokoko/feast-oip as example_repo.py declares it', () => {
    const repo = openFeatureRepo(join(OIP, 'feature_store.yaml'));
    assert.equal(repo.problem, null);
    const summary = featuresSummary(repo.registry!, 'feast_repo');
    assert.deepEqual(summary.entities.map((e) => e.name).sort(), declared(OIP, 'entity'));
    assert.deepEqual(summary.entities.find((e) => e.name === 'driver'), { name: 'driver', join_keys: ['driver_id'], value_type: 'INT64' });
    assert.deepEqual(summary.feature_views.map((v) => v.name).sort(), declared(OIP, 'feature_view'));
    assert.deepEqual(summary.feature_services.map((s) => s.name), declared(OIP, 'feature_service'));
    const driver = summary.feature_views.find((v) => v.name === 'driver_hourly_stats')!;
    assert.deepEqual(driver.features, [
      { name: 'conv_rate', dtype: 'Float32' },
      { name: 'acc_rate', dtype: 'Float32' },
      { name: 'avg_daily_trips', dtype: 'Int64' },
    ]);
    assert.equal(driver.ttl_seconds, 86400);
    assert.equal(driver.online, true);
    assert.deepEqual(driver.entities, ['driver']);
    assert.equal(driver.last_materialized, '2100-01-01T00:00:00.000Z');
    assert.deepEqual(summary.feature_services[0]!.features, [
      'driver_hourly_stats:conv_rate', 'driver_hourly_stats:acc_rate', 'driver_hourly_stats:avg_daily_trips',
      'customer_daily_profile:avg_passenger_count', 'customer_daily_profile:lifetime_trip_count',
    ]);
    assert.deepEqual(summary.data_sources.map((s) => s.kind), ['file', 'file']);
    assert.equal(repo.registry!.featureViews[0]!.tags['team'], 'driver_performance');
  });

  it('reads the older registry of Sdfabio0/feast-demo with its on-demand view and two services', () => {
    const repo = openFeatureRepo(join(SDFABIO, 'feature_store.yaml'));
    assert.equal(repo.problem, null);
    const registry = repo.registry!;
    assert.deepEqual(registry.projects.map((p) => p.name), ['my_project']);
    assert.deepEqual(registry.onDemandFeatureViews.map((v) => v.name), declared(SDFABIO, 'on_demand_feature_view'));
    assert.deepEqual(registry.onDemandFeatureViews[0]!.sources.sort(), ['driver_hourly_stats', 'vals_to_add']);
    assert.deepEqual(registry.onDemandFeatureViews[0]!.features.map((f) => f.dtype), ['Float64', 'Float64']);
    assert.deepEqual(registry.featureServices.map((s) => s.name), declared(SDFABIO, 'feature_service'));
    assert.deepEqual(registry.dataSources.map((s) => s.name).sort(), declared(SDFABIO, 'data_source'));
    assert.deepEqual(Object.fromEntries(registry.dataSources.map((s) => [s.name, s.kind])), {
      driver_stats_push_source: 'push', driver_hourly_stats_source: 'file', vals_to_add: 'request',
    });
    assert.equal(registry.featureViews[0]!.lastMaterialized, '2023-03-14T08:14:00.000Z');
    assert.equal(registry.featureViews[0]!.source, 'driver_hourly_stats_source');
  });

  it('finds definitions but not commented-out ones', () => {
    const defs = findDefinitions(OIP);
    assert.deepEqual(defs.find((d) => d.name === 'driver_success'), { kind: 'feature_service', name: 'driver_success', file: join(OIP, 'example_repo.py'), line: 61, column: 25 });
    assert.equal(defs.some((d) => d.name === 'driver_activity_v2'), false);
    assert.equal(findDefinitions(SDFABIO).find((d) => d.name === 'transformed_conv_rate')?.line, 78);
  });
});

describe('real SQLite online stores', () => {
  it('counts rows and reads the latest values of a key (serialization version 2)', () => {
    const db = join(OIP, 'data', 'online_store.db');
    const stats = onlineTableStats(db, 'feast_repo', ['driver_hourly_stats', 'customer_daily_profile']);
    assert.deepEqual(stats.map((s) => [s.rows, s.entityKeys]), [[6, 2], [9, 3]]);
    const values = readOnlineValues(db, 'feast_repo', 'driver_hourly_stats', [{ joinKey: 'driver_id', valueType: 'INT64', value: 102 }], 2)!;
    assert.deepEqual(values.map((v) => v.feature), ['conv_rate', 'acc_rate', 'avg_daily_trips']);
    assert.equal(values[2]!.value, 318);
    assert.equal(values[0]!.eventTime, '2024-01-09T23:00:00.000Z');
    assert.equal(readOnlineValues(db, 'feast_repo', 'driver_hourly_stats', [{ joinKey: 'driver_id', valueType: 'INT64', value: 999 }], undefined), null);
    const sd = onlineTableStats(join(SDFABIO, 'data', 'online_store.db'), 'my_project', ['driver_hourly_stats']);
    assert.deepEqual([sd[0]!.rows, sd[0]!.entityKeys], [15, 5]);
  });
});

describe('entity keys', () => {
  it('round-trips every serialization version, with multi-key sorting', () => {
    const parts = [
      { joinKey: 'zone', valueType: 'STRING', value: 'eu' },
      { joinKey: 'driver_id', valueType: 'INT64', value: 1001 },
    ];
    for (const version of [1, 2, 3]) {
      assert.deepEqual(deserializeEntityKey(serializeEntityKey(parts, version), ['zone', 'driver_id']), [
        { joinKey: 'driver_id', value: 1001 },
        { joinKey: 'zone', value: 'eu' },
      ]);
    }
    assert.equal(Buffer.from(serializeEntityKey([parts[1]!], 2)).toString('hex'), '020000006472697665725f69640400000008000000e903000000000000');
  });
});

const SPEC: RegistrySpec = {
  project: 'shop',
  updated: new Date('2026-01-02T03:04:05Z'),
  entities: [{ name: 'customer', joinKey: 'customer_id', valueType: 'STRING' }],
  dataSources: [{ name: 'orders', kind: 'file', path: 'data/orders.parquet', timestampField: 'ts' }],
  featureViews: [{
    name: 'customer_stats',
    entities: ['customer'],
    entityColumns: [{ name: 'customer_id', valueType: 'STRING' }],
    features: [{ name: 'spend', valueType: 'DOUBLE' }, { name: 'orders', valueType: 'INT64' }],
    ttlSeconds: 3600,
    online: true,
    source: 'orders',
    materialized: [{ start: new Date('2026-01-01T00:00:00Z'), end: new Date('2026-01-02T00:00:00Z') }],
  }],
  featureServices: [{ name: 'checkout', views: [{ view: 'customer_stats', features: [{ name: 'spend', valueType: 'DOUBLE' }] }] }],
  savedDatasets: [{ name: 'training', features: ['customer_stats:spend'], joinKeys: ['customer_id'], path: 'data/training.parquet' }],
};

describe('SQL registry on SQLite', () => {
  it('reads a registry written in Feast sql.py table layout', () => {
    const repo = join(temp, 'sql');
    mkdirSync(join(repo, 'data'), { recursive: true });
    const db = openSqlite(join(repo, 'data', 'registry.db'));
    for (const [table, { nameColumn, protoColumn }] of Object.entries(SQL_REGISTRY_TABLES)) {
      const key = table === 'projects' ? 'project_id' : `${nameColumn}`;
      const extra = table === 'projects' ? ', project_name VARCHAR(255) NOT NULL' : ', project_id VARCHAR(255) NOT NULL';
      db.exec(`CREATE TABLE ${table} (${key} VARCHAR(255) NOT NULL${extra}, last_updated_timestamp BIGINT NOT NULL, ${protoColumn} BLOB NOT NULL)`);
    }
    db.exec('CREATE TABLE feast_metadata (project_id VARCHAR(255), metadata_key VARCHAR(50), metadata_value TEXT NOT NULL, last_updated_timestamp BIGINT NOT NULL)');
    db.prepare("INSERT INTO feast_metadata VALUES ('shop', 'last_updated_timestamp', ?, ?)").run('1767323045', 1767323045);
    for (const [table, rows] of Object.entries(encodeSqlRegistryRows(SPEC))) {
      for (const row of rows) db.prepare(`INSERT INTO ${table} VALUES (?, ?, ?, ?)`).run(row.name, table === 'projects' ? row.name : 'shop', 1767323045, row.proto);
    }
    // sql.py of Feast 0.35 and before also kept request feature views.
    const { RequestFeatureView } = feastTypes();
    const requestView = RequestFeatureView.fromObject({
      spec: { name: 'checkout_context', project: 'shop', request_data_source: { name: 'checkout_request', type: 7, request_data_options: { schema: [{ name: 'basket_size', value_type: 3 }] } } },
    });
    db.prepare('INSERT INTO request_feature_views VALUES (?, ?, ?, ?)').run('checkout_context', 'shop', 1767323045, RequestFeatureView.encode(requestView).finish());
    db.close();
    writeFileSync(join(repo, 'feature_store.yaml'), 'project: shop\nregistry:\n  registry_type: sql\n  path: sqlite:///data/registry.db\nonline_store:\n  type: sqlite\n  path: data/online.db\n');
    const opened = openFeatureRepo(join(repo, 'feature_store.yaml'));
    assert.equal(opened.problem, null);
    const summary = featuresSummary(opened.registry!, 'shop');
    assert.deepEqual(summary, {
      project: 'shop',
      entities: [{ name: 'customer', join_keys: ['customer_id'], value_type: 'STRING' }],
      data_sources: [{ name: 'orders', kind: 'file' }],
      feature_views: [{
        name: 'customer_stats', entities: ['customer'], features: [{ name: 'spend', dtype: 'Float64' }, { name: 'orders', dtype: 'Int64' }],
        ttl_seconds: 3600, online: true, source: 'orders', last_materialized: '2026-01-02T00:00:00.000Z',
      }],
      feature_services: [{ name: 'checkout', features: ['customer_stats:spend'] }],
    });
    assert.equal(opened.registry!.lastUpdated, '2026-01-02T03:04:05.000Z');
    assert.deepEqual(opened.registry!.savedDatasets.map((d) => [d.name, d.storage]), [['training', 'data/training.parquet']]);
    assert.deepEqual(opened.registry!.projects.map((p) => p.name), ['shop']);
    assert.deepEqual(opened.registry!.requestFeatureViews.map((v) => [v.name, v.source, v.features.map((f) => `${f.name}: ${f.dtype}`)]), [
      ['checkout_context', 'checkout_request', ['basket_size: Int32']],
    ]);
  });

  it('writes a file registry and an online store that read back', () => {
    const repo = join(temp, 'file');
    mkdirSync(join(repo, 'data'), { recursive: true });
    writeFileSync(join(repo, 'data', 'registry.db'), encodeRegistry(SPEC));
    writeFileSync(join(repo, 'feature_store.yaml'), 'project: shop\nregistry: data/registry.db\nprovider: local\n');
    writeOnlineRows(join(repo, 'data', 'online.db'), 'shop', 'customer_stats', [{
      key: [{ joinKey: 'customer_id', valueType: 'STRING', value: 'c-1' }],
      values: [{ feature: 'spend', valueType: 'DOUBLE', value: 12.5 }, { feature: 'orders', valueType: 'INT64', value: 3 }, { feature: 'score', valueType: 'FLOAT', value: 174.6 }],
      eventTime: new Date('2026-01-01T12:00:00Z'),
      createdTime: new Date('2026-01-01T12:01:00Z'),
    }], 3);
    const opened = openFeatureRepo(join(repo, 'feature_store.yaml'));
    assert.equal(opened.registry!.featureViews[0]!.name, 'customer_stats');
    assert.equal(opened.config!.onlineStore.kind, 'sqlite');
    const values = readOnlineValues(join(repo, 'data', 'online.db'), 'shop', 'customer_stats', [{ joinKey: 'customer_id', valueType: 'STRING', value: 'c-1' }], undefined);
    // A Float32 reads back as written (174.6), not as its widening to a double (174.60000610351562).
    assert.deepEqual(values?.map((v) => [v.feature, v.value, v.eventTime]), [
      ['spend', 12.5, '2026-01-01T12:00:00.000Z'],
      ['orders', 3, '2026-01-01T12:00:00.000Z'],
      ['score', 174.6, '2026-01-01T12:00:00.000Z'],
    ]);
  });
});

describe('feature_store.yaml locations', () => {
  it('names non-local registries plainly and refuses paths outside the repository', () => {
    const repo = join(temp, 'remote');
    mkdirSync(repo, { recursive: true });
    writeFileSync(join(repo, 'feature_store.yaml'), 'project: p\nregistry: s3://bucket/registry.pb\n');
    assert.match(openFeatureRepo(join(repo, 'feature_store.yaml')).problem!, /registry 's3:\/\/bucket\/registry.pb' is not local/);
    writeFileSync(join(repo, 'feature_store.yaml'), 'project: p\nregistry: ../../etc/registry.db\n');
    assert.match(openFeatureRepo(join(repo, 'feature_store.yaml')).problem!, /is outside .* refusing to read it/);
    writeFileSync(join(repo, 'feature_store.yaml'), 'project: p\nregistry: data/registry.db\n');
    assert.match(openFeatureRepo(join(repo, 'feature_store.yaml')).problem!, /does not exist yet; run `feast apply`/);
    copyFileSync(join(OIP, 'example_repo.py'), join(repo, 'not_a_registry.db'));
    writeFileSync(join(repo, 'feature_store.yaml'), 'project: p\nregistry: not_a_registry.db\n');
    assert.match(openFeatureRepo(join(repo, 'feature_store.yaml')).problem!, /not a Feast registry/);
  });
});

describe('language server checks of feature_store.yaml against its files', () => {
  it('hints at a registry and online store not written yet and flags services naming unregistered views', () => {
    const repo = join(temp, 'lsp');
    mkdirSync(join(repo, 'data'), { recursive: true });
    const config = join(repo, 'feature_store.yaml');
    writeFileSync(config, 'project: shop\nregistry: data/registry.db\nprovider: local\nonline_store:\n  type: sqlite\n  path: data/online.db\n');
    writeFileSync(join(repo, 'features.py'), 'from feast import Entity\n');
    const codes = () => validateFile(config, 'feast').diagnostics.map((d) => `${d.severity} ${d.code} ${d.range.start.line}`);
    assert.deepEqual(codes(), ['hint feast-registry-missing 1']);
    const broken: RegistrySpec = { ...SPEC, featureServices: [...SPEC.featureServices, { name: 'stale', views: [{ view: 'dropped_view', features: [{ name: 'x', valueType: 'INT64' }] }] }] };
    writeFileSync(join(repo, 'data', 'registry.db'), encodeRegistry(broken));
    assert.deepEqual(codes(), ['hint feast-online-store-missing 5', 'warning feast-service-unknown-view 1']);
    assert.match(validateFile(config, 'feast').diagnostics[1]!.message, /'stale' .* 'dropped_view', which the registry does not hold/);
  });
});

describe('the demo feature repository', () => {
  it('has a registry matching features.py, materialized rows and one stale view', () => {
    const repo = join(temp, 'demo');
    mkdirSync(repo, { recursive: true });
    writeFileSync(join(repo, 'feature_store.yaml'), projectFiles(1)['feature_repo/feature_store.yaml']!);
    writeFileSync(join(repo, 'features.py'), projectFiles(1)['feature_repo/features.py']!);
    const now = new Date('2026-12-05T12:00:00Z');
    writeDemoFeatureRepo(repo, 7, now);
    const opened = openFeatureRepo(join(repo, 'feature_store.yaml'));
    assert.equal(opened.problem, null);
    const registry = opened.registry!;
    for (const kind of ['entity', 'feature_view', 'feature_service', 'data_source'] as const) {
      const names = { entity: registry.entities, feature_view: registry.featureViews, feature_service: registry.featureServices, data_source: registry.dataSources }[kind].map((o) => o.name).sort();
      assert.deepEqual(names, declared(repo, kind), kind);
    }
    assert.deepEqual(registry.featureViews.map((v) => [v.name, isStale(v, now)]), [['customer_stats', false], ['merchant_risk', true]]);
    const stats = onlineTableStats(opened.config!.onlineStore.kind === 'sqlite' ? opened.config!.onlineStore.path : '', 'fraud_features', ['customer_stats', 'merchant_risk']);
    assert.deepEqual(stats.map((s) => s.entityKeys), [20, 8]);
  });
});
