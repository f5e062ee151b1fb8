// The registry a registry command talks to (workspaceLocation.ts picks it), its promotion policy and journal.
import { join, resolve } from 'node:path';
import { PromotionJournal, JOURNAL_PATH } from '../../core/registry/journal';
import { loadPolicy, POLICY_PATH, type PromotionPolicy } from '../../core/registry/policy';
import type { PromotionContext } from '../../core/registry/promotion';
import type { ModelRegistry } from '../../core/registry/registry';
import type { WorkspaceLocation } from '../../core/workspace/location';
import { type LocationServices, openLocation } from '../../core/workspace/open';
import { type CliIO, UsageError } from '../command';
import { commandLocation } from './workspaceLocation';

export const REGISTRY_URI_OPTION = { 'registry-uri': { type: 'string' } } as const;

export interface RegistryTarget {
  location: WorkspaceLocation;
  services: LocationServices;
  registry: ModelRegistry;
}

export function openTarget(flag: string | undefined, io: CliIO): RegistryTarget {
  const services = openLocation(commandLocation(flag, io, 'registry'));
  return { location: services.location, services, registry: services.registry };
}

/** The promotion policy: --policy FILE, else .mlops/promotion.yaml in the working directory when it exists. */
export function readPolicy(flag: string | undefined, io: CliIO): { policy: PromotionPolicy | undefined; file: string | undefined } {
  const file = flag ? resolve(io.cwd, flag) : join(io.cwd, POLICY_PATH);
  const policy = loadPolicy(file);
  if (flag && !policy) throw new UsageError(`policy file '${flag}' does not exist.`);
  return { policy, file: policy ? file : undefined };
}

export function promotionContext(target: RegistryTarget, policy: PromotionPolicy | undefined, io: CliIO): PromotionContext {
  return {
    registry: target.registry,
    metrics: target.services.runMetrics,
    policy,
    journal: new PromotionJournal(join(io.cwd, JOURNAL_PATH)),
    store: target.location.key,
  };
}
