// `mlops features --json` over the real Feast registries and one laid out as Feast 0.20 writes it: the script
// contract's fields, and plain errors.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCaptured } from '../support/cliRun';
import { writeFeast020Repo } from '../support/feast020Registry';

const FIXTURES = join(__dirname, '..', 'fixtures', 'feast-registry');
const temp = mkdtempSync(join(tmpdir(), 'mlops-features-cli-'));
after(() => rmSync(temp, { recursive: true, force: true }));

describe('mlops features', () => {
  it('prints the registry of a repository found under --repo', async () => {
    const { code, out } = await runCaptured(FIXTURES, ['features', '--repo', 'sdfabio-feast-demo', '--json']);
    assert.equal(code, 0);
    const doc = JSON.parse(out);
    assert.deepEqual(Object.keys(doc), ['project', 'entities', 'data_sources', 'feature_views', 'feature_services']);
    assert.equal(doc.project, 'my_project');
    assert.deepEqual(doc.entities, [{ name: 'driver', join_keys: ['driver_id'], value_type: 'INT64' }]);
    assert.deepEqual(doc.feature_views[0], {
      name: 'driver_hourly_stats',
      entities: ['driver'],
      features: [{ name: 'conv_rate', dtype: 'Float32' }, { name: 'acc_rate', dtype: 'Float32' }, { name: 'avg_daily_trips', dtype: 'Int64' }],
      ttl_seconds: 86400,
      online: true,
      source: 'driver_hourly_stats_source',
      last_materialized: '2023-03-14T08:14:00.000Z',
    });
    assert.deepEqual(doc.feature_services.map((s: { name: string }) => s.name), ['driver_activity_v1', 'driver_activity_v2']);
  });

  it('prints a registry written as Feast 0.20 writes it', async () => {
    writeFeast020Repo(join(temp, 'feast020'));
    const { code, out } = await runCaptured(temp, ['features', '--repo', 'feast020', '--json']);
    assert.equal(code, 0);
    const doc = JSON.parse(out);
    assert.equal(doc.project, 'driver_ranking');
    assert.deepEqual(doc.entities, [
      { name: 'driver_id', join_keys: ['driver_id'], value_type: 'INT64' },
      { name: 'customer', join_keys: ['customer_id'], value_type: 'STRING' },
    ]);
    assert.deepEqual(doc.data_sources.map((s: { name: string }) => s.name), ['data/driver_stats.parquet', 'vals_to_add', 'trip_request']);
    assert.deepEqual(doc.feature_views[1], {
      name: 'driver_hourly_stats',
      entities: ['driver_id'],
      features: [{ name: 'conv_rate', dtype: 'Float32' }, { name: 'acc_rate', dtype: 'Float32' }, { name: 'avg_daily_trips', dtype: 'Int64' }],
      ttl_seconds: 86400,
      online: true,
      source: 'data/driver_stats.parquet',
      last_materialized: '2022-04-22T06:30:00.250Z',
    });
    assert.deepEqual(doc.feature_views[0].features, [{ name: 'avg_passenger_count', dtype: 'Float32' }, { name: 'lifetime_trip_count', dtype: 'Int32' }]);
    assert.deepEqual(doc.feature_services, [{
      name: 'driver_activity',
      features: [
        'driver_hourly_stats:conv_rate', 'driver_hourly_stats:acc_rate', 'transformed_conv_rate:conv_rate_plus_val1',
        'rider:lifetime_trip_count', 'trip_context:trip_distance',
      ],
    }]);
  });

  it('finds the one repository below the folder and says plainly when a registry is not local', async () => {
    const found = await runCaptured(join(FIXTURES, 'feast-oip'), ['features', '--json']);
    assert.equal(JSON.parse(found.out).project, 'feast_repo');
    writeFileSync(join(temp, 'feature_store.yaml'), 'project: p\nregistry: gs://bucket/registry.pb\n');
    const remote = await runCaptured(temp, ['features']);
    assert.equal(remote.code, 1);
    assert.match(remote.err, /registry 'gs:\/\/bucket\/registry.pb' is not local/);
  });
});
