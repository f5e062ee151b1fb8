// Feast 0.20 file registries. No registry written by Feast 0.20 is public and Feast cannot run here, so the file is
// encoded over a schema transcribed from Feast 0.20's protos (test/fixtures/feast-registry/SOURCES.md) and read
// with the reader's own schema from Feast 0.66: every field the reader takes must come out of 0.20's layout.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openFeatureRepo } from '../../../core/feast/featureRepo';
import { featuresSummary } from '../../../core/feast/featuresSummary';
import { projectTree } from '../../../core/feast/featuresTree';
import { feastTypes } from '../../../core/feast/protoSchema';
import { decodeRegistry } from '../../../core/feast/registryDecode';
import { validateFile } from '../../../core/pipeline/validateFiles';
import { writeFeast020Repo } from '../../support/feast020Registry';

const temp = mkdtempSync(join(tmpdir(), 'mlops-feast020-'));
after(() => rmSync(temp, { recursive: true, force: true }));

function open020() {
  const repo = openFeatureRepo(join(writeFeast020Repo(join(temp, 'repo')), 'feature_store.yaml'));
  assert.equal(repo.problem, null);
  return repo.registry!;
}

describe('a registry as Feast 0.20 writes it', () => {
  it('reads entities with 0.20 value types and their single join key, and the project from the objects', () => {
    const registry = open020();
    assert.deepEqual(registry.projects, [{ name: 'driver_ranking', description: '', tags: {} }]);
    assert.deepEqual(registry.entities.map((e) => [e.name, e.project, e.joinKeys, e.valueType, e.description]), [
      ['driver_id', 'driver_ranking', ['driver_id'], 'INT64', 'driver id'],
      ['customer', 'driver_ranking', ['customer_id'], 'STRING', 'a customer of the ride service'],
      ['__dummy', 'driver_ranking', ['__dummy_id'], 'STRING', ''],
    ]);
    assert.equal(registry.lastUpdated, '2022-04-22T06:31:02.500Z');
  });

  it('reads the file source named by its path and the request sources, top level and embedded', () => {
    const registry = open020();
    assert.deepEqual(registry.dataSources, [
      { name: 'data/driver_stats.parquet', project: 'driver_ranking', kind: 'file', location: 'data/driver_stats.parquet', timestampField: 'event_timestamp', description: '', tags: {} },
      { name: 'vals_to_add', project: 'driver_ranking', kind: 'request', location: '', timestampField: '', description: '', tags: {} },
      { name: 'trip_request', project: 'driver_ranking', kind: 'request', location: '', timestampField: '', description: '', tags: {} },
    ]);
    assert.deepEqual(registry.featureViews.map((v) => v.source), ['data/driver_stats.parquet', 'data/driver_stats.parquet']);
  });

  it('reads feature views: dtypes from 0.20 enum numbers, feature labels as tags, ttl, online and materializations', () => {
    const [customer, driver] = open020().featureViews;
    assert.deepEqual(driver, {
      kind: 'batch',
      name: 'driver_hourly_stats',
      project: 'driver_ranking',
      entities: ['driver_id'],
      features: [
        { name: 'conv_rate', dtype: 'Float32', description: '', tags: {} },
        { name: 'acc_rate', dtype: 'Float32', description: '', tags: { pii: 'false' } },
        { name: 'avg_daily_trips', dtype: 'Int64', description: '', tags: {} },
      ],
      entityColumns: [],
      ttlSeconds: 86400,
      online: true,
      offline: false,
      source: 'data/driver_stats.parquet',
      description: '',
      owner: 'ranking@example.com',
      tags: { team: 'driver_performance' },
      materializationIntervals: [
        { start: '2022-04-20T00:00:00.000Z', end: '2022-04-21T00:00:00.000Z' },
        { start: '2022-04-21T00:00:00.000Z', end: '2022-04-22T06:30:00.250Z' },
      ],
      lastMaterialized: '2022-04-22T06:30:00.250Z',
    });
    assert.deepEqual(
      [customer!.name, customer!.entities, customer!.features.map((f) => [f.name, f.dtype]), customer!.ttlSeconds, customer!.online, customer!.description],
      ['customer_profile', ['customer'], [['avg_passenger_count', 'Float32'], ['lifetime_trip_count', 'Int32']], 172800, true, 'trip history per customer'],
    );
    assert.deepEqual(customer!.materializationIntervals, [{ start: '2022-04-19T07:00:00.000Z', end: '2022-04-21T07:00:00.000Z' }]);
    assert.equal(customer!.lastMaterialized, '2022-04-21T07:00:00.000Z');
  });

  it('reads the on-demand view from its sources map (a projection and a request source) as a pandas view', () => {
    const [odfv] = open020().onDemandFeatureViews;
    assert.deepEqual(odfv, {
      name: 'transformed_conv_rate',
      project: 'driver_ranking',
      features: [
        { name: 'conv_rate_plus_val1', dtype: 'Float64', description: '', tags: {} },
        { name: 'conv_rate_plus_val2', dtype: 'Float64', description: '', tags: {} },
      ],
      sources: ['driver_hourly_stats', 'vals_to_add'],
      mode: 'pandas',
      writeToOnlineStore: false,
      description: '',
      tags: {},
    });
  });

  it('reads the feature service projections, the aliased one included', () => {
    const registry = open020();
    assert.deepEqual(registry.featureServices, [{
      name: 'driver_activity',
      project: 'driver_ranking',
      views: [
        { view: 'driver_hourly_stats', alias: '', features: ['conv_rate', 'acc_rate'] },
        { view: 'transformed_conv_rate', alias: '', features: ['conv_rate_plus_val1'] },
        { view: 'customer_profile', alias: 'rider', features: ['lifetime_trip_count'] },
        { view: 'trip_context', alias: '', features: ['trip_distance'] },
      ],
      description: 'features of the ranking model',
      owner: '',
      tags: { stage: 'production' },
    }]);
    assert.deepEqual(registry.streamFeatureViews, []);
    assert.deepEqual(registry.savedDatasets, []);
  });

  it('reads the request feature view (0.20–0.35) that a feature service names, so the service check does not flag it', () => {
    const registry = open020();
    assert.deepEqual(registry.requestFeatureViews, [{
      name: 'trip_context',
      project: 'driver_ranking',
      source: 'trip_request',
      features: [{ name: 'trip_distance', dtype: 'Float64', description: '', tags: {} }],
      description: 'what the app sends',
      tags: {},
    }]);
    const tree = projectTree('repo', registry, 'driver_ranking', new Date('2022-04-22T07:00:00Z'));
    const group = tree.children!.find((g) => g.label === 'Request Feature Views')!;
    assert.deepEqual(group.children!.map((v) => [v.label, v.description, v.object, v.children!.map((f) => `${f.label}: ${f.description}`)]), [
      ['trip_context', 'from trip_request', { kind: 'request_feature_view', name: 'trip_context' }, ['trip_distance: Float64']],
    ]);
    const config = join(temp, 'repo', 'feature_store.yaml');
    assert.deepEqual(validateFile(config, 'feast').diagnostics.map((d) => `${d.severity} ${d.code}`), ['hint feast-online-store-missing']);
  });

  it('summarizes it as `mlops features --json` prints it, without the placeholder entity', () => {
    assert.deepEqual(featuresSummary(open020(), 'driver_ranking'), {
      project: 'driver_ranking',
      entities: [
        { name: 'driver_id', join_keys: ['driver_id'], value_type: 'INT64' },
        { name: 'customer', join_keys: ['customer_id'], value_type: 'STRING' },
      ],
      data_sources: [{ name: 'data/driver_stats.parquet', kind: 'file' }, { name: 'vals_to_add', kind: 'request' }, { name: 'trip_request', kind: 'request' }],
      feature_views: [
        {
          name: 'customer_profile', entities: ['customer'], features: [{ name: 'avg_passenger_count', dtype: 'Float32' }, { name: 'lifetime_trip_count', dtype: 'Int32' }],
          ttl_seconds: 172800, online: true, source: 'data/driver_stats.parquet', last_materialized: '2022-04-21T07:00:00.000Z',
        },
        {
          name: 'driver_hourly_stats', entities: ['driver_id'],
          features: [{ name: 'conv_rate', dtype: 'Float32' }, { name: 'acc_rate', dtype: 'Float32' }, { name: 'avg_daily_trips', dtype: 'Int64' }],
          ttl_seconds: 86400, online: true, source: 'data/driver_stats.parquet', last_materialized: '2022-04-22T06:30:00.250Z',
        },
      ],
      feature_services: [{
        name: 'driver_activity',
        features: [
          'driver_hourly_stats:conv_rate', 'driver_hourly_stats:acc_rate', 'transformed_conv_rate:conv_rate_plus_val1',
          'rider:lifetime_trip_count', 'trip_context:trip_distance',
        ],
      }],
    });
  });
});

describe('on-demand view mode across Feast versions', () => {
  it('keeps the mode a Feast 0.36+ registry writes and reads an absent one as pandas, as Feast does', () => {
    const Registry = feastTypes().Registry;
    const bytes = Registry.encode(Registry.fromObject({
      on_demand_feature_views: [
        { spec: { name: 'scored', project: 'p', mode: 'python' } },
        { spec: { name: 'written_before_036', project: 'p' } },
      ],
    })).finish();
    assert.deepEqual(decodeRegistry(bytes, 'registry.db').onDemandFeatureViews.map((v) => [v.name, v.mode]), [
      ['scored', 'python'],
      ['written_before_036', 'pandas'],
    ]);
  });
});
