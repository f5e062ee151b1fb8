// Issue 16's Feast benchmark: a file registry with 2,000 feature views (20 features each, materialization
// intervals, entities, sources and services) decoded into the registry model (decodeRegistry) against the bare
// protobufjs decode of the same bytes over the same Feast message definitions (Registry.decode), budget <= 1.5.
// Run: npm run bench -- feast
import { decodeRegistry } from '../../core/feast/registryDecode';
import { encodeRegistry, type RegistrySpec } from '../../core/feast/registryEncode';
import { feastTypes } from '../../core/feast/protoSchema';
import { medianMs } from '../support/benchStores';

const VIEWS = 2_000;
const BUDGET = 1.5;

function spec(): RegistrySpec {
  const updated = new Date('2026-06-01T00:00:00Z');
  return {
    project: 'bench',
    updated,
    entities: Array.from({ length: 50 }, (_, i) => ({ name: `entity_${i}`, joinKey: `entity_${i}_id`, valueType: 'INT64' })),
    dataSources: Array.from({ length: 200 }, (_, i) => ({ name: `source_${i}`, kind: 'file' as const, path: `data/source_${i}.parquet`, timestampField: 'event_timestamp' })),
    featureViews: Array.from({ length: VIEWS }, (_, i) => ({
      name: `view_${i}`,
      entities: [`entity_${i % 50}`],
      entityColumns: [{ name: `entity_${i % 50}_id`, valueType: 'INT64' }],
      features: Array.from({ length: 20 }, (_, f) => ({ name: `feature_${f}`, valueType: f % 2 ? 'FLOAT' : 'INT64' })),
      ttlSeconds: 86_400,
      online: true,
      source: `source_${i % 200}`,
      tags: { team: `team_${i % 7}` },
      materialized: [
        { start: new Date('2026-05-01T00:00:00Z'), end: new Date('2026-05-15T00:00:00Z') },
        { start: new Date('2026-05-15T00:00:00Z'), end: new Date('2026-05-31T00:00:00Z') },
      ],
    })),
    featureServices: Array.from({ length: 100 }, (_, i) => ({
      name: `service_${i}`,
      views: [{ view: `view_${i}`, features: [{ name: 'feature_0', valueType: 'INT64' }, { name: 'feature_1', valueType: 'FLOAT' }] }],
    })),
  };
}

async function main(): Promise<void> {
  const bytes = encodeRegistry(spec());
  const { Registry } = feastTypes();
  const registry = decodeRegistry(bytes, 'bench registry.db');
  if (registry.featureViews.length !== VIEWS || registry.featureViews[VIEWS - 1]?.lastMaterialized !== '2026-05-31T00:00:00.000Z') {
    throw new Error('the decoded registry does not hold the generated views');
  }
  const rounds = 30;
  const bare = await medianMs(() => Registry.decode(bytes), rounds);
  const ours = await medianMs(() => decodeRegistry(bytes, 'bench registry.db'), rounds);
  const ratio = ours / bare;
  console.log(`registry: ${(bytes.length / 1024 / 1024).toFixed(2)} MB, ${VIEWS} feature views`);
  console.log(`bare Registry.decode: ${bare.toFixed(2)} ms (median of ${rounds})`);
  console.log(`decodeRegistry (model): ${ours.toFixed(2)} ms`);
  console.log(`ratio ${ratio.toFixed(2)} (budget <= ${BUDGET}) ${ratio <= BUDGET ? 'OK' : 'OVER BUDGET'}`);
  if (ratio > BUDGET) process.exitCode = 1;
}

void main();
