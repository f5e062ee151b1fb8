// A store named by URI, resolved and opened the way a CLI flag names one (core/workspace), for tests that start
// from a path or a server URL.
import type { ConnectionOptions, WorkspaceLocation } from '../../core/workspace/location';
import { type LocationServices, type OpenOptions, openLocation } from '../../core/workspace/open';
import { resolveFolder } from '../../core/workspace/resolve';

export function locationFor(uri: string, cwd = '/', connection: ConnectionOptions = { rest: {} }): WorkspaceLocation {
  const found = resolveFolder({ folder: { path: cwd, explicitUri: uri }, env: {}, role: 'tracking', connection });
  if (!found || 'message' in found) throw new Error(`test URI ${uri} does not resolve: ${found?.message ?? 'nothing found'}`);
  return found;
}

export function openUri(uri: string, options: { cwd?: string; connection?: ConnectionOptions } & OpenOptions = {}): LocationServices {
  return openLocation(locationFor(uri, options.cwd, options.connection), options);
}
