// Opening the store a tracking URI names, as MLflow maps URIs to stores (mlflow/tracking/_tracking_service/utils.py):
// paths and file: → FileStore, sqlite:/// → SqliteStore, http(s):// → RestStore.
import { FileStore } from './file/fileStore';
import { type RestOptions, restOptionsFromEnv } from './rest/client';
import { RestStore } from './rest/restStore';
import { SqliteStore } from './sqlite/sqliteStore';
import type { TrackingStore } from './store';
import { parseTrackingUri, type TrackingLocation } from './uri';

export interface OpenStoreOptions {
  /** For http(s) stores: credentials and transport settings (see restOptionsFromEnv). */
  rest?: RestOptions;
  /** For sqlite stores. */
  busyTimeoutMs?: number;
}

export function openTrackingStore(location: TrackingLocation, options: OpenStoreOptions = {}): TrackingStore {
  switch (location.kind) {
    case 'file':
      return new FileStore(location.root);
    case 'sqlite':
      return new SqliteStore(location.path, options.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.busyTimeoutMs });
    case 'rest':
      return new RestStore(location.baseUrl, options.rest ?? {});
  }
}

/** Parses the URI (relative paths against cwd) and opens it, taking REST credentials from env like MLflow. */
export function openTrackingUri(uri: string, cwd: string, env: NodeJS.ProcessEnv): TrackingStore {
  return openTrackingStore(parseTrackingUri(uri, cwd), { rest: restOptionsFromEnv(env) });
}
