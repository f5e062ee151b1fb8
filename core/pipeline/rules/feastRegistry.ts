// Cross-file checks of feature_store.yaml against what it names: the registry and SQLite online-store files
// (a hint when missing: the registry once the folder holds Python definitions to apply, the online store once the
// registry exists — `feast apply` creates both) and, when the registry reads, feature services
// whose projections name a view the registry does not hold (`feast apply` would reject the service; a registry in
// that state was edited by another tool or a partial apply, and get_online_features fails on it).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { decodeRegistry, FeastRegistryError } from '../../feast/registryDecode';
import { type FeastFeatureService, viewNames } from '../../feast/registryModel';
import { FeatureRepoConfigError, type FeatureRepoConfig, parseFeatureRepoConfig } from '../../feast/repoConfig';
import { type ParsedDocument, rangeAtPath } from '../document';
import type { PipelineDiagnostic } from '../types';
import type { ValidationContext } from '../workspace';

export function feastRepoRules(doc: ParsedDocument, files: ValidationContext): PipelineDiagnostic[] {
  let config: FeatureRepoConfig;
  try {
    config = parseFeatureRepoConfig(doc.text, doc.path);
  } catch (error) {
    if (error instanceof FeatureRepoConfigError) return [];
    throw error;
  }
  const out: PipelineDiagnostic[] = [];
  const registryPath = config.registry.kind === 'not-local' ? undefined : config.registry.path;
  const registryRange = rangeAtPath(doc, typeof (doc.value as Record<string, unknown>)['registry'] === 'string' ? ['registry'] : ['registry', 'path'], 'value');
  const registryExists = registryPath !== undefined && files.exists(registryPath);
  if (registryPath && !registryExists && hasPythonFiles(dirname(doc.path))) {
    out.push({
      severity: 'hint',
      code: 'feast-registry-missing',
      message: `The registry ${config.registry.kind === 'not-local' ? '' : config.registry.written} does not exist yet: run \`feast apply\` in this folder to create it.`,
      range: registryRange,
    });
  }
  if (registryExists && config.onlineStore.kind === 'sqlite' && !files.exists(config.onlineStore.path)) {
    const explicit = rangeAtPath(doc, ['online_store', 'path'], 'value');
    out.push({
      severity: 'hint',
      code: 'feast-online-store-missing',
      message: `The SQLite online store ${config.onlineStore.written} does not exist yet: \`feast apply\` creates it and \`feast materialize\` fills it.`,
      range: explicit,
    });
  }
  if (registryExists && config.registry.kind === 'file') out.push(...serviceRules(registryPath as string, config.project, registryRange));
  return out;
}

function hasPythonFiles(dir: string): boolean {
  try {
    return readdirSync(dir).some((name) => name.endsWith('.py'));
  } catch {
    return false;
  }
}

function serviceRules(registryPath: string, project: string, range: PipelineDiagnostic['range']): PipelineDiagnostic[] {
  let views: Set<string>;
  let services: FeastFeatureService[];
  try {
    const registry = decodeRegistry(readFileSync(registryPath), registryPath);
    views = viewNames(registry, project);
    services = registry.featureServices.filter((s) => s.project === project);
  } catch (error) {
    if (error instanceof FeastRegistryError || (error as NodeJS.ErrnoException).code) return [];
    throw error;
  }
  return services.flatMap((service) =>
    service.views
      .filter((v) => !views.has(v.view))
      .map((v): PipelineDiagnostic => ({
        severity: 'warning',
        code: 'feast-service-unknown-view',
        message: `Feature service '${service.name}' in the registry names feature view '${v.view}', which the registry does not hold: run \`feast apply\` so the view is registered, or remove it from the service.`,
        range,
      })),
  );
}
