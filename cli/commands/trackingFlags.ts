// Flags shared by the tracking commands, and how they open the store.
import { openResolvedStore, type ResolvedStore } from '../../core/tracking/query';
import type { ViewType } from '../../core/tracking/store';
import { type CliIO, UsageError } from '../command';

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

/** Opens the store; file-store warnings (skipped files) go to stderr once the command has read. */
export function openStore(uri: string | undefined, io: CliIO): ResolvedStore {
  return openResolvedStore({ uri, env: io.env, cwd: io.cwd });
}

export async function finish(resolved: ResolvedStore, io: CliIO): Promise<void> {
  for (const w of resolved.store.warnings) io.err(`warning: ${w.path}${w.line ? `:${w.line}` : ''}: ${w.message}`);
  await resolved.store.close();
}
