// Picks the registry store for a tracking location, as MLflow picks its registry store from the registry URI
// (which defaults to the tracking URI): mlruns → FileRegistry, sqlite → SqliteRegistry, http(s) → RestRegistry.
import type { TrackingLocation } from '../tracking/uri';
import { FileRegistry } from './fileRegistry';
import type { ModelRegistry } from './registry';
import { type RestAuth, RestRegistry } from './restRegistry';
import { SqliteRegistry } from './sqliteRegistry';

export interface OpenRegistryOptions {
  auth?: RestAuth;
  now?: () => number;
  busyTimeoutMs?: number;
}

export function openRegistry(location: TrackingLocation, options: OpenRegistryOptions = {}): ModelRegistry {
  switch (location.kind) {
    case 'file':
      return new FileRegistry(location.root, { now: options.now });
    case 'sqlite':
      return new SqliteRegistry(location.path, { now: options.now, busyTimeoutMs: options.busyTimeoutMs });
    case 'rest':
      return new RestRegistry(location.baseUrl, { ...options.auth });
  }
}

