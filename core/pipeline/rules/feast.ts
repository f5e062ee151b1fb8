// Feast feature_store.yaml rules, encoding Feast 0.66 (feast/repo_config.py RepoConfig and the config classes in
// schemas/feastStores.ts). Errors are what `feast apply` / FeatureStore() reject or silently read otherwise; warnings
// are what Feast itself warns about (deprecations) and keys or types older releases took and 0.66 rejects.
// `${VAR}`/`$VAR` values are expanded by Feast (os.path.expandvars) before parsing, so they are never checked.
import { type ParsedDocument, type PathSegment, rangeAtPath } from '../document';
import { FEAST_VERSION, PROVIDERS, REPO_CONFIG } from '../schemas/feastStores';
import type { PipelineDiagnostic } from '../types';
import { checkConfigClass, isEnvTemplated } from './feastConfig';
import { authRules, featureServerRules, nestedModelRules, registryRules, storeRules } from './feastSections';
import { isRecord } from '../../yaml/records';

export function validateFeast(doc: ParsedDocument): PipelineDiagnostic[] {
  if (doc.value === undefined || doc.value === null) return [];
  if (!isRecord(doc.value)) {
    return [{ severity: 'error', code: 'feast-type', message: 'feature_store.yaml must be a mapping of RepoConfig fields (project, registry, provider, …).', range: rangeAtPath(doc, [], 'value') }];
  }
  const config = doc.value;
  const out = checkConfigClass({ doc, path: [], value: config, cls: REPO_CONFIG }).filter((d) => !isUnknownEngine(d));
  out.push(
    ...projectRules(doc, config['project']),
    ...providerRules(doc, config['provider']),
    ...registryRules(doc, config['registry']),
    ...storeRules(doc, config),
    ...authRules(doc, config['auth']),
    ...featureServerRules(doc, config['feature_server']),
    ...nestedModelRules(doc, config),
    ...engineRules(doc, config),
    ...deprecations(doc, config),
  );
  return out;
}

function isUnknownEngine(d: PipelineDiagnostic): boolean {
  return d.code === 'feast-unknown-key' && d.message.startsWith("feature_store.yaml: 'engine' ");
}

/** RepoConfig._validate_project_name with repo_operations.is_valid_name (Python's Unicode `\w`). */
function projectRules(doc: ParsedDocument, project: unknown): PipelineDiagnostic[] {
  if (typeof project !== 'string' || isEnvTemplated(project)) return [];
  const range = rangeAtPath(doc, ['project'], 'value');
  if (/^[_-]/.test(project) || !/^[\p{L}\p{N}_-]*$/u.test(project)) {
    return [{
      severity: 'error',
      code: 'feast-project-name',
      message: `Project name, ${project}, should only have alphanumerical values, underscores, and hyphens but not start with an underscore or hyphen.`,
      range,
    }];
  }
  if (!project.includes('-')) return [];
  // Feast 0.58 added the SQLite check, but it runs before the online store is validated, so it sees none and
  // treats every project as SQLite: a hyphen fails whatever the online store (only 0.53–0.57 accepted it).
  const fixed = project.replace(/-/g, '_');
  return [{
    severity: 'error',
    code: 'feast-project-name',
    message: `Project names for SQLite online stores cannot contain hyphens because they are used in table names. ${FEAST_VERSION} raises this for every online store (since 0.58): use '${fixed}'.`,
    range,
    fixes: [{ title: `Change to '${fixed}'`, edits: [{ path: doc.path, range, newText: fixed }] }],
  }];
}

/** feast/infra/provider.py get_provider: a known name, or a dotted class path. */
function providerRules(doc: ParsedDocument, provider: unknown): PipelineDiagnostic[] {
  if (typeof provider !== 'string' || isEnvTemplated(provider) || PROVIDERS.includes(provider) || provider.includes('.')) return [];
  return [{
    severity: 'error',
    code: 'feast-provider',
    message: `Provider '${provider}' is not implemented: use ${PROVIDERS.join(', ')} or a provider class path (module.Class).`,
    range: rangeAtPath(doc, ['provider'], 'value'),
  }];
}

/** RepoConfig keeps unknown keys: `engine` is never read, so materialization silently runs on the local engine. */
function engineRules(doc: ParsedDocument, config: Record<string, unknown>): PipelineDiagnostic[] {
  if (!('engine' in config)) return [];
  const range = rangeAtPath(doc, ['engine'], 'key');
  return [{
    severity: 'error',
    code: 'feast-engine-ignored',
    message: `Feast silently ignores 'engine' and materializes with the local engine: the materialization engine is configured with 'batch_engine' (${FEAST_VERSION}).`,
    range,
    fixes: 'batch_engine' in config ? undefined : [{ title: "Rename to 'batch_engine'", edits: [{ path: doc.path, range, newText: 'batch_engine' }] }],
  }];
}

/** What RepoConfig logs or warns itself, in its own words. */
function deprecations(doc: ParsedDocument, config: Record<string, unknown>): PipelineDiagnostic[] {
  const out: PipelineDiagnostic[] = [];
  const at = (path: PathSegment[], on: 'key' | 'value') => rangeAtPath(doc, path, on);
  if (isRecord(config['flags'])) {
    out.push({
      severity: 'warning',
      code: 'feast-flags-deprecated',
      message: `Flags are no longer necessary in Feast. Experimental features will log warnings instead. (${FEAST_VERSION} logs this; remove the 'flags' block.)`,
      range: at(['flags'], 'key'),
    });
  }
  const version = config['entity_key_serialization_version'];
  if (!Number.isInteger(version)) return out;
  const path = ['entity_key_serialization_version'];
  if ((version as number) < 1 || (version as number) > 3) {
    out.push({
      severity: 'error',
      code: 'feast-serialization-version',
      message: `entity_key_serialization_version ${version} does not exist: ${FEAST_VERSION} knows 1, 2 and 3${(version as number) > 3 ? ' and silently serializes it as 3' : ''}.`,
      range: at(path, 'value'),
    });
  } else if ((version as number) < 3) {
    out.push({
      severity: 'warning',
      code: 'feast-serialization-deprecated',
      message: 'The serialization version below 3 are deprecated. Specifying `entity_key_serialization_version` to 3 is recommended. (Re-materialize the online store after the change.)',
      range: at(path, 'value'),
    });
  }
  return out;
}
