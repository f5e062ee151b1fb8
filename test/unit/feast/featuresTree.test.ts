// The Features view's tree over a real registry: groups, dtypes, TTL and the stale badge, decided in core.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { featureViewDetails, projectTree } from '../../../core/feast/featuresTree';
import { decodeRegistry } from '../../../core/feast/registryDecode';

const REGISTRY = join(__dirname, '..', '..', 'fixtures', 'feast-registry', 'sdfabio-feast-demo', 'data', 'registry.db');

it('shows entities, sources, views with dtype and a stale badge once the TTL has passed, and services', () => {
  const registry = decodeRegistry(readFileSync(REGISTRY), REGISTRY);
  const tree = projectTree('repo', registry, 'my_project', new Date('2023-03-14T09:00:00Z'));
  assert.deepEqual(tree.children!.map((g) => `${g.label} ${g.description}`), ['Entities 1', 'Data Sources 3', 'Feature Views 1', 'On-Demand Feature Views 1', 'Feature Services 2']);
  const view = tree.children![2]!.children![0]!;
  assert.equal(view.description, 'fresh · TTL 1d');
  assert.deepEqual(view.children!.map((f) => `${f.label}: ${f.description}`), ['conv_rate: Float32', 'acc_rate: Float32', 'avg_daily_trips: Int64']);
  const later = projectTree('repo', registry, 'my_project', new Date('2023-03-16T00:00:00Z')).children![2]!.children![0]!;
  assert.equal(later.description, 'stale · TTL 1d');
  assert.equal(later.stale, true);
  assert.match(featureViewDetails(registry.featureViews[0]!, new Date('2023-03-16T00:00:00Z')), /freshness: stale[\s\S]*\| conv_rate \| Float32 \|/);
});
