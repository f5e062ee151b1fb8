// Stage names and MLflow's rules for them (mlflow/entities/model_registry/model_version_stages.py): input is
// case-insensitive, output canonical, and only the "active" stages may archive the versions already there.
import { RegistryError } from './registry';

export type Stage = 'None' | 'Staging' | 'Production' | 'Archived';

export const ALL_STAGES: readonly Stage[] = ['None', 'Staging', 'Production', 'Archived'];
/** MLflow's DEFAULT_STAGES_FOR_GET_LATEST_VERSIONS: the stages `archive_existing_versions` may be used with. */
export const ACTIVE_STAGES: readonly Stage[] = ['Staging', 'Production'];
/** What MLflow writes when a version is deleted; such versions do not exist for users. */
export const STAGE_DELETED_INTERNAL = 'Deleted_Internal';

export function canonicalStage(stage: string): Stage {
  const found = ALL_STAGES.find((s) => s.toLowerCase() === stage.toLowerCase());
  if (!found) {
    throw new RegistryError(
      `Invalid Model Version stage: ${stage}. Value must be one of ${ALL_STAGES.join(', ')}.`,
      'INVALID_PARAMETER_VALUE',
    );
  }
  return found;
}

/** Validates a transition request the way MLflow's stores do before touching anything. */
export function checkTransition(stage: string, archiveExisting: boolean): Stage {
  const canonical = canonicalStage(stage);
  if (archiveExisting && !ACTIVE_STAGES.includes(canonical)) {
    // Same text as MLflow, including Python's list formatting.
    throw new RegistryError(
      `Model version transition cannot archive existing model versions because '${stage}' is not an Active stage. ` +
        `Valid stages are ['Staging', 'Production']`,
      'INVALID_PARAMETER_VALUE',
    );
  }
  return canonical;
}

/** Stage as stored, for reading: unknown spellings are canonicalised when possible, else kept as 'None'. */
export function storedStage(value: unknown): Stage | typeof STAGE_DELETED_INTERNAL {
  const text = typeof value === 'string' ? value : 'None';
  if (text === STAGE_DELETED_INTERNAL) return STAGE_DELETED_INTERNAL;
  return ALL_STAGES.find((s) => s.toLowerCase() === text.toLowerCase()) ?? 'None';
}
