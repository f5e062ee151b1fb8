// A feature view is stale when its online values may have expired: the last materialization ended longer ago than
// its TTL (Feast serves nothing older than the TTL from the online store). A TTL of 0 never expires; a view never
// materialized is not stale but unmaterialized.
import type { FeastFeatureView } from './registryModel';

export type Freshness = 'fresh' | 'stale' | 'never-materialized' | 'offline-only';

export function freshnessOf(view: FeastFeatureView, now: Date): Freshness {
  if (!view.online) return 'offline-only';
  if (!view.lastMaterialized) return 'never-materialized';
  return isStale(view, now) ? 'stale' : 'fresh';
}

export function isStale(view: FeastFeatureView, now: Date): boolean {
  if (!view.lastMaterialized || view.ttlSeconds <= 0) return false;
  return now.getTime() - Date.parse(view.lastMaterialized) > view.ttlSeconds * 1000;
}
