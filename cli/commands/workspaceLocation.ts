// The one store a CLI command acts on, as MLflow's CLI picks it: the flag, then MLFLOW_REGISTRY_URI (registry
// commands), then MLFLOW_TRACKING_URI, then mlflow.db or mlruns/ in the working directory (core/workspace/resolve.ts).
import { StoreError } from '../../core/tracking/store';
import { connectionFromEnv } from '../../core/workspace/connection';
import type { LocationRole, WorkspaceLocation } from '../../core/workspace/location';
import { resolveFolder } from '../../core/workspace/resolve';
import { type CliIO, UsageError } from '../command';

export function commandLocation(flag: string | undefined, io: CliIO, role: LocationRole): WorkspaceLocation {
  const found = resolveFolder({ folder: { path: io.cwd, explicitUri: flag }, env: io.env, role, connection: connectionFromEnv(io.env) });
  if (found && 'message' in found) throw new Error(found.message);
  if (found) return found;
  if (role === 'registry') {
    throw new UsageError('no registry found: pass --registry-uri (e.g. sqlite:///mlflow.db, ./mlruns, http://host:5000) or set MLFLOW_TRACKING_URI.');
  }
  throw new StoreError(
    `No tracking store found in ${io.cwd}: pass --tracking-uri, set MLFLOW_TRACKING_URI, or run where an mlflow.db or mlruns/ folder is.`,
    io.cwd,
    'NOT_FOUND',
  );
}
