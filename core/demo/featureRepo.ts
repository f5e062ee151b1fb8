// The demo's Feast repository after `feast apply` and `feast materialize`: a file registry and a SQLite online store
// written in Feast's own formats (core/feast writers), with one fresh view and one stale one (its last
// materialization is older than its TTL), matching feature_repo/features.py.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeOnlineRows } from '../feast/onlineStoreWrite';
import { encodeRegistry, type RegistrySpec } from '../feast/registryEncode';
import { SeededRandom } from './random';

const DAY = 86_400_000;
export const DEMO_FEAST_PROJECT = 'fraud_features';

export function demoRegistrySpec(now: Date): RegistrySpec {
  const at = (daysAgo: number) => new Date(Math.floor((now.getTime() - daysAgo * DAY) / 3_600_000) * 3_600_000);
  return {
    project: DEMO_FEAST_PROJECT,
    updated: at(1),
    entities: [
      { name: 'customer', joinKey: 'customer_id', description: 'A card holder' },
      { name: 'merchant', joinKey: 'merchant_id' },
    ],
    dataSources: [
      { name: 'transactions', kind: 'file', path: 'data/transactions.parquet', timestampField: 'event_timestamp' },
      { name: 'merchant_reports', kind: 'file', path: 'data/merchant_reports.parquet', timestampField: 'event_timestamp' },
    ],
    featureViews: [
      {
        name: 'customer_stats',
        entities: ['customer'],
        entityColumns: [{ name: 'customer_id', valueType: 'INT64' }],
        features: [{ name: 'avg_amount_30d', valueType: 'FLOAT' }, { name: 'txn_count_30d', valueType: 'INT64' }],
        ttlSeconds: 30 * 86_400,
        online: true,
        source: 'transactions',
        tags: { team: 'fraud' },
        materialized: [{ start: at(60), end: at(1) }],
      },
      {
        name: 'merchant_risk',
        entities: ['merchant'],
        entityColumns: [{ name: 'merchant_id', valueType: 'STRING' }],
        features: [{ name: 'chargeback_rate', valueType: 'DOUBLE' }, { name: 'risk_tier', valueType: 'STRING' }],
        ttlSeconds: 86_400,
        online: true,
        source: 'merchant_reports',
        materialized: [{ start: at(40), end: at(9) }],
      },
    ],
    featureServices: [
      {
        name: 'fraud_model_v1',
        views: [
          { view: 'customer_stats', features: [{ name: 'avg_amount_30d', valueType: 'FLOAT' }, { name: 'txn_count_30d', valueType: 'INT64' }] },
          { view: 'merchant_risk', features: [{ name: 'chargeback_rate', valueType: 'DOUBLE' }] },
        ],
      },
    ],
  };
}

export function writeDemoFeatureRepo(repoDir: string, seed: number, now = new Date()): void {
  const spec = demoRegistrySpec(now);
  const data = join(repoDir, 'data');
  mkdirSync(data, { recursive: true });
  writeFileSync(join(data, 'registry.db'), encodeRegistry(spec));
  const rng = new SeededRandom(seed);
  const random = () => rng.next();
  const customerEnd = spec.featureViews[0]!.materialized![0]!.end;
  writeOnlineRows(join(data, 'online_store.db'), spec.project, 'customer_stats', Array.from({ length: 20 }, (_, i) => ({
    key: [{ joinKey: 'customer_id', valueType: 'INT64', value: 1001 + i }],
    values: [
      { feature: 'avg_amount_30d', valueType: 'FLOAT', value: Math.round((20 + random() * 180) * 100) / 100 },
      { feature: 'txn_count_30d', valueType: 'INT64', value: Math.floor(1 + random() * 60) },
    ],
    eventTime: new Date(customerEnd.getTime() - i * 3_600_000),
    createdTime: customerEnd,
  })), 3);
  const merchantEnd = spec.featureViews[1]!.materialized![0]!.end;
  writeOnlineRows(join(data, 'online_store.db'), spec.project, 'merchant_risk', Array.from({ length: 8 }, (_, i) => ({
    key: [{ joinKey: 'merchant_id', valueType: 'STRING', value: `m-${String(i + 1).padStart(3, '0')}` }],
    values: [
      { feature: 'chargeback_rate', valueType: 'DOUBLE', value: Math.round(random() * 5000) / 100_000 },
      { feature: 'risk_tier', valueType: 'STRING', value: ['low', 'medium', 'high'][i % 3] as string },
    ],
    eventTime: merchantEnd,
    createdTime: merchantEnd,
  })), 3);
}
