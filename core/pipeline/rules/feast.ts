// Feast feature_store.yaml rules from feast/repo_config.py: project name (is_valid_name, and no '-' with a
// sqlite online store), registry, provider and store types with their required fields, deprecated keys.
// `${VAR}` values are expanded from the environment by Feast, so they are never type-checked.
import { type ParsedDocument, type PathSegment, rangeAtPath } from '../document';
import { isRecord } from '../dvc/templating';
import { checkSchema } from '../schemaCheck';
import {
  BATCH_ENGINES,
  feastSchema,
  OFFLINE_STORES,
  ONLINE_STORES,
  PROVIDERS,
  REGISTRY_TYPES,
  REQUIRED_STORE_FIELDS,
} from '../schemas/feastSchema';
import type { PipelineDiagnostic } from '../types';

const STORE_TYPES: Record<string, string[]> = { online_store: ONLINE_STORES, offline_store: OFFLINE_STORES, batch_engine: BATCH_ENGINES };

export function validateFeast(doc: ParsedDocument): PipelineDiagnostic[] {
  if (doc.value === undefined || doc.value === null) return [];
  const out: PipelineDiagnostic[] = [];
  for (const d of checkSchema(doc, feastSchema, doc.value, { unknownKeySeverity: 'warning', code: 'feast', format: 'feature_store.yaml' })) {
    if (d.code === 'feast-unknown-key' && d.message.startsWith("Unknown key 'engine'")) continue;
    out.push(d);
  }
  if (!isRecord(doc.value)) return out;
  const config = doc.value;
  const warn = (path: PathSegment[], code: string, message: string, on: 'key' | 'value' = 'key') =>
    out.push({ severity: 'warning', code, message, range: rangeAtPath(doc, path, on) });
  const error = (path: PathSegment[], code: string, message: string) =>
    out.push({ severity: 'error', code, message, range: rangeAtPath(doc, path, 'value') });

  const project = config['project'];
  if (typeof project === 'string' && !isEnv(project)) {
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(project)) {
      error(['project'], 'feast-project-name', `Project name '${project}' is invalid: use letters, digits, '_' and '-', not starting with '_' or '-'.`);
    } else if (project.includes('-') && onlineStoreType(config) === 'sqlite') {
      error(['project'], 'feast-project-name', `Project name '${project}' contains '-', which Feast rejects with a sqlite online store (table names): use '_'.`);
    }
  }
  const registry = config['registry'];
  if (isRecord(registry)) {
    const type = registry['registry_type'];
    if (typeof type === 'string' && !isEnv(type) && !REGISTRY_TYPES.includes(type)) {
      error(['registry', 'registry_type'], 'feast-registry-type', `registry_type '${type}' is not one of ${REGISTRY_TYPES.join(', ')}.`);
    }
    if (registry['path'] === undefined) error(['registry'], 'feast-registry-path', "registry needs a 'path'.");
  }
  const provider = config['provider'];
  if (typeof provider === 'string' && !isEnv(provider) && !PROVIDERS.includes(provider) && !provider.includes('.')) {
    error(['provider'], 'feast-provider', `Provider '${provider}' is not one of ${PROVIDERS.join(', ')} (or a custom provider class path).`);
  }
  for (const field of Object.keys(STORE_TYPES)) out.push(...storeRules(doc, config, field));
  if ('engine' in config) {
    const range = rangeAtPath(doc, ['engine'], 'key');
    out.push({
      severity: 'warning',
      code: 'feast-engine-ignored',
      message: "Feast silently ignores 'engine': the materialization engine is configured with 'batch_engine'.",
      range,
      fixes: 'batch_engine' in config ? undefined : [{ title: "Rename to 'batch_engine'", edits: [{ path: doc.path, range, newText: 'batch_engine' }] }],
    });
  }
  if ('flags' in config) warn(['flags'], 'feast-flags-deprecated', "'flags' is deprecated: Feast no longer reads feature flags; remove the block.");
  const version = config['entity_key_serialization_version'];
  if (typeof version === 'number' && version < 3) {
    warn(['entity_key_serialization_version'], 'feast-serialization-deprecated', `entity_key_serialization_version ${version} is deprecated: use 3 (re-materialize online stores after the change).`, 'value');
  }
  return out;
}

function isEnv(value: string): boolean {
  return value.includes('${');
}

function onlineStoreType(config: Record<string, unknown>): string {
  const store = config['online_store'];
  if (typeof store === 'string') return store;
  if (isRecord(store) && typeof store['type'] === 'string') return store['type'];
  // RepoConfig defaults the online store to sqlite for the local provider.
  return store === undefined ? 'sqlite' : '';
}

function storeRules(doc: ParsedDocument, config: Record<string, unknown>, field: string): PipelineDiagnostic[] {
  const store = config[field];
  const type = typeof store === 'string' ? store : isRecord(store) ? store['type'] : undefined;
  if (typeof type !== 'string' || isEnv(type)) return [];
  const known = STORE_TYPES[field] ?? [];
  const typePath = typeof store === 'string' ? [field] : [field, 'type'];
  if (!known.includes(type) && !type.includes('.')) {
    return [{
      severity: 'error',
      code: 'feast-store-type',
      message: `Unknown ${field} type '${type}': use one of ${known.join(', ')}, or a custom class path (module.Class).`,
      range: rangeAtPath(doc, typePath, 'value'),
    }];
  }
  const required = REQUIRED_STORE_FIELDS[field]?.[type] ?? [];
  const present = isRecord(store) ? store : {};
  return required
    .filter((k) => present[k] === undefined)
    .map((k) => ({
      severity: 'error' as const,
      code: 'feast-store-field',
      message: `${field} of type '${type}' requires '${k}'.`,
      range: rangeAtPath(doc, [field], 'key'),
    }));
}
