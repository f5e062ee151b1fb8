// Flags shared by the tracking commands, and how they open the store.
import { visible } from '../../core/format/visibleText';
import { findExperiments, listExperiments } from '../../core/tracking/query';
import type { StoreWarning, TrackingStore, ViewType } from '../../core/tracking/store';
import type { WorkspaceLocation } from '../../core/workspace/location';
import { type LocationServices, openLocation } from '../../core/workspace/open';
import { type CliIO, UsageError } from '../command';
import { commandLocation } from './workspaceLocation';

export const TRACKING_FLAGS = {
  'tracking-uri': { type: 'string' },
  view: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export function viewType(value: string | undefined): ViewType {
  if (value === undefined) return 'active';
  if (value === 'active' || value === 'deleted' || value === 'all') return value;
  throw new UsageError(`--view must be active, deleted or all (got '${value}').`);
}

export interface ResolvedStore {
  store: TrackingStore;
  location: WorkspaceLocation;
}

/** Opens the store; file-store warnings (skipped files) go to stderr once the command has read. */
export function openStore(uri: string | undefined, io: CliIO): ResolvedStore {
  const location = commandLocation(uri, io, 'tracking');
  return { store: openLocation(location).tracking, location };
}

export async function finish(resolved: ResolvedStore, io: CliIO): Promise<void> {
  for (const w of resolved.store.warnings) io.err(visible`warning: ${w.path}${w.line ? `:${w.line}` : ''}: ${w.message}`);
  await resolved.store.close();
}

/** All services of the location a command names (traces, logged models, tracking), opened through the one factory. */
export function openServices(uri: string | undefined, io: CliIO): LocationServices {
  return openLocation(commandLocation(uri, io, 'tracking'));
}

/** Prints the warnings of the stores a command read (skipped files), then closes the location. */
export async function finishServices(services: LocationServices, io: CliIO, read: ReadonlyArray<{ warnings: readonly StoreWarning[] }>): Promise<void> {
  for (const store of read) for (const w of store.warnings) io.err(visible`warning: ${w.path}${w.line ? `:${w.line}` : ''}: ${w.message}`);
  await services.close();
}

/** The experiments a command acts on: those named (by id or name), else every active one. */
export async function experimentIdsFor(services: LocationServices, named: string[] | undefined): Promise<string[]> {
  const experiments = named?.length ? await findExperiments(services.tracking, named) : await listExperiments(services.tracking, 'active');
  return experiments.map((e) => e.experimentId);
}
