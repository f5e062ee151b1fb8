// Which registry a registry command talks to, decided as MLflow decides it: --registry-uri, else
// MLFLOW_REGISTRY_URI, else the tracking URI (MLFLOW_TRACKING_URI, else a store found in the working directory).
import { join, resolve } from 'node:path';
import { PromotionJournal, JOURNAL_PATH } from '../../core/registry/journal';
import { openRegistry } from '../../core/registry/open';
import { canonicalTrackingUri } from '../../core/tracking/uri';
import { loadPolicy, POLICY_PATH, type PromotionPolicy } from '../../core/registry/policy';
import type { PromotionContext } from '../../core/registry/promotion';
import type { ModelRegistry } from '../../core/registry/registry';
import { restAuthFromEnv } from '../../core/registry/restRegistry';
import { openRunMetrics } from '../../core/registry/runMetrics';
import { parseTrackingUri, resolveTrackingUri, type TrackingLocation } from '../../core/tracking/uri';
import { type CliIO, UsageError } from '../command';

export const REGISTRY_URI_OPTION = { 'registry-uri': { type: 'string' } } as const;

export interface RegistryTarget {
  uri: string;
  location: TrackingLocation;
  registry: ModelRegistry;
}

export function openTarget(flag: string | undefined, io: CliIO): RegistryTarget {
  const explicit = flag?.trim() || io.env.MLFLOW_REGISTRY_URI?.trim();
  const uri = explicit || resolveTrackingUri({ env: io.env, folder: io.cwd })?.uri;
  if (!uri) {
    throw new UsageError('no registry found: pass --registry-uri (e.g. sqlite:///mlflow.db, ./mlruns, http://host:5000) or set MLFLOW_TRACKING_URI.');
  }
  const location = parseTrackingUri(uri, io.cwd);
  return { uri, location, registry: openRegistry(location, { auth: restAuthFromEnv(io.env) }) };
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
    metrics: openRunMetrics(target.location, restAuthFromEnv(io.env)),
    policy,
    journal: new PromotionJournal(join(io.cwd, JOURNAL_PATH)),
    store: canonicalTrackingUri(target.location),
  };
}

/** Who promoted: the CI actor when there is one, else the OS user. */
export function actorFrom(env: NodeJS.ProcessEnv): string {
  return env.GITHUB_ACTOR || env.USER || env.USERNAME || 'unknown';
}
