// `mlops features --json` over the real Feast registries: the script contract's fields, and plain errors.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCaptured } from '../support/cliRun';

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

  it('finds the one repository below the folder and says plainly when a registry is not local', async () => {
    const found = await runCaptured(join(FIXTURES, 'feast-oip'), ['features', '--json']);
    assert.equal(JSON.parse(found.out).project, 'feast_repo');
    writeFileSync(join(temp, 'feature_store.yaml'), 'project: p\nregistry: gs://bucket/registry.pb\n');
    const remote = await runCaptured(temp, ['features']);
    assert.equal(remote.code, 1);
    assert.match(remote.err, /registry 'gs:\/\/bucket\/registry.pb' is not local/);
  });
});
