// A workspace location: one store a folder holds or names, with what it takes to open it. The resolver
// (resolve.ts) produces them in MLflow's order; the factory (open.ts) opens one into its services. Views, the notebook
// and the CLI hold locations and never re-derive where the runs live.
import { basename, dirname } from 'node:path';
import type { RestOptions } from '../rest/client';
import type { TrackingLocation } from '../tracking/uri';

/** Where a location came from: the folder's `mlops.trackingUri` (or a CLI flag), an MLFLOW_* variable, or the folder's files. */
export type LocationSource = 'setting' | 'env' | 'discovered';

/** MLflow resolves the registry URI with MLFLOW_REGISTRY_URI before falling back to the tracking URI. */
export type LocationRole = 'tracking' | 'registry';

/** What opening a location needs besides its address. */
export interface ConnectionOptions {
  /** http(s) locations: credentials and transport (MLflow's MLFLOW_TRACKING_* and MLFLOW_HTTP_REQUEST_* variables). */
  rest: RestOptions;
  /** sqlite locations: how long a tracking read waits for a writer's lock, milliseconds (registry writes wait longer). */
  busyTimeoutMs?: number;
}

export interface LocationContext {
  /** One spelling per store (absolute paths, no trailing slash): tree ids, panels and the journal key on it. */
  key: string;
  source: LocationSource;
  /** The folder whose setting or files gave this location; its .mlops/ holds the promotion policy and journal. */
  folder: string;
  /** The folder's display name, when the caller shows several folders. */
  folderName?: string;
  connection: ConnectionOptions;
}

/** The kind is the store's (`file` is an mlruns folder, `sqlite` a database file, `rest` a tracking server). */
export type WorkspaceLocation = TrackingLocation & LocationContext;

/** A URI that names no store this toolkit opens, with the fix (from TrackingUriError). */
export interface LocationProblem {
  uri: string;
  folder: string;
  message: string;
}

/** A location's own name: its database file or mlruns folder name, or the server's URL. */
export function locationName(location: TrackingLocation): string {
  switch (location.kind) {
    case 'file':
      return basename(location.root);
    case 'sqlite':
      return basename(location.path);
    case 'rest':
      return location.baseUrl;
    case 'wandb':
      return basename(location.root);
  }
}

const KIND_NAMES: Record<TrackingLocation['kind'], string> = { file: 'mlruns', sqlite: 'sqlite', rest: 'server', wandb: 'W&B' };

/** How a location reads in a tree or a picker: its name and kind. */
export function locationLabel(location: TrackingLocation): string {
  return `${locationName(location)} (${KIND_NAMES[location.kind]})`;
}

/** Whether a location can hold MLflow traces: W&B run folders never do, so trace views leave them out. */
export function holdsTraces(location: TrackingLocation): boolean {
  return location.kind !== 'wandb';
}

/** The files whose change means new data: an mlruns tree, a database and its -wal/-shm; null for a polled server. */
export function locationWatch(location: TrackingLocation): { folder: string; glob: string } | null {
  switch (location.kind) {
    case 'file':
      return { folder: location.root, glob: '**' };
    case 'sqlite':
      // The -wal and -shm files change on every committed write in WAL mode; the main file may not.
      return { folder: dirname(location.path), glob: `${basename(location.path)}*` };
    case 'rest':
      return null;
    case 'wandb':
      return { folder: location.root, glob: '**' };
  }
}
