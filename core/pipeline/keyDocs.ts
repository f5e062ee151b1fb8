// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the docs describe DVC ${} templates
// One-line documentation for the keys of each format, shown on hover and as completion details. Wording follows
// the DVC, MLflow and Feast reference documentation.
import { BATCH_ENGINES, OFFLINE_STORES, ONLINE_STORES, PROVIDERS } from './schemas/feastStores';
import type { FileKind } from './types';

export const DVC_TOP_KEYS: Record<string, string> = {
  stages: 'Pipeline stages: each has a `cmd`, its `deps`, `params` and `outs`.',
  vars: 'Values for `${}` templating: params files (`file.yaml`, `file.yaml:key1,key2`) or inline mappings.',
  params: 'Parameter files (besides params.yaml) to show in `dvc params diff` and experiments.',
  metrics: 'Metrics files not produced by a stage, for `dvc metrics`.',
  plots: 'Top-level plot definitions: a list of file paths or `{id: {x, y, template, ...}}`.',
  artifacts: 'Named models/datasets for the model registry: `{name: {path, type, desc, labels, meta}}`.',
  datasets: 'Datasets (DVC/DVCx/cloud) that stages can depend on with `ds://name`.',
};

export const DVC_STAGE_KEYS: Record<string, string> = {
  cmd: 'Command to run: a string, or a list run one after another.',
  wdir: 'Working directory for `cmd`, deps, outs and params, relative to dvc.yaml.',
  deps: 'Files/directories the stage depends on; a change in any of them makes the stage stale.',
  params: 'Parameter keys (from params.yaml) or `{file: [keys]}` / `{file: null}` the stage depends on.',
  outs: 'Outputs produced by `cmd`, cached by DVC. Flags: cache, persist, remote, push, desc.',
  metrics: 'Metrics files produced by `cmd` (JSON/YAML/TOML).',
  plots: 'Plots files produced by `cmd`, with optional template, x, y, titles.',
  frozen: 'A frozen stage is never re-run by `dvc repro`.',
  always_changed: 'Always consider the stage changed, so `dvc repro` always runs it.',
  desc: 'Human-readable description of the stage.',
  meta: 'Arbitrary metadata ignored by DVC.',
  vars: 'Stage-local values for `${}`; paths are relative to `wdir`.',
  foreach: 'Generate one stage per item of a list or mapping; the definition is under `do`.',
  do: 'Stage definition repeated for each `foreach` item (`${item}`, `${key}`).',
  matrix: 'Generate one stage per combination of the listed values (`${item.<name>}`).',
};

export const DVC_OUT_FLAGS: Record<string, string> = {
  cache: 'Whether DVC caches this output (false: tracked by Git instead).',
  persist: 'Keep the output between runs instead of deleting it before `cmd`.',
  remote: 'Name of the remote to push this output to.',
  push: 'Whether `dvc push` uploads this output.',
  desc: 'Description of the output.',
  type: 'Type of the output (e.g. model).',
  labels: 'Labels for the output.',
  meta: 'Arbitrary metadata.',
  template: 'Plot template: linear, simple, scatter, smooth, confusion, confusion_normalized, bar_horizontal, bar_horizontal_sorted.',
  x: 'Field for the x axis.',
  y: 'Field(s) for the y axis.',
  x_label: 'Label of the x axis.',
  y_label: 'Label of the y axis.',
  title: 'Title of the plot.',
  header: 'Whether a CSV/TSV file has a header row.',
};

export const PLOT_TEMPLATES = ['linear', 'simple', 'scatter', 'smooth', 'confusion', 'confusion_normalized', 'bar_horizontal', 'bar_horizontal_sorted'];

export const MLPROJECT_KEYS: Record<string, string> = {
  name: 'Project name.',
  python_env: 'Path of a python_env.yaml (python version, build and runtime dependencies).',
  conda_env: 'Path of a conda environment file.',
  docker_env: 'Docker image to run the project in: `{image, volumes, environment}`.',
  entry_points: 'Named commands with typed parameters: `{name: {parameters, command}}`.',
  databricks_spark_job: 'Run as a Databricks Spark job: `{python_file, parameters, python_libraries}`.',
};

export const MLPROJECT_ENTRY_KEYS: Record<string, string> = {
  command: 'Shell command; `{param}` is replaced by the parameter value, `{{`/`}}` are literal braces.',
  parameters:
    'Parameters: `name: type` or `name: {type, default, description}`. MLflow acts on `uri` (needs a scheme) and `path` (resolved or downloaded); every other type is passed to the command as text.',
};

const storeTypes = (classes: Record<string, unknown>) => Object.keys(classes).join('|');

/** Feast 0.66 RepoConfig fields (feast/repo_config.py). */
export const FEAST_KEYS: Record<string, string> = {
  project: "Project name: letters, digits and '_', not starting with '_' (Feast 0.58+ rejects '-').",
  project_description: 'Description of the project.',
  registry: 'Registry: a path (local, s3://, gs://, hdfs://) or `{registry_type: file|sql|snowflake.registry|remote, path, cache_ttl_seconds, …}`.',
  provider: `Provider: ${PROVIDERS.join(', ')}, or a provider class path.`,
  online_store: `Online store: \`{type: ${storeTypes(ONLINE_STORES)}, …}\`, a class path ending in OnlineStore, or none. Default sqlite.`,
  offline_store: `Offline store: \`{type: ${storeTypes(OFFLINE_STORES)}, …}\` or a class path ending in OfflineStore. Default dask.`,
  batch_engine: `Materialization engine: \`{type: ${storeTypes(BATCH_ENGINES)}, …}\` or a class path ending in Engine. Default local.`,
  entity_key_serialization_version: 'Entity key serialization version: 3 is current; 1 and 2 are deprecated (Feast warns).',
  feature_server: 'Feature server: `{type: local|mcp, enabled, …}`.',
  coerce_tz_aware: 'Coerce entity timestamps to timezone-aware (UTC).',
  auth: 'Authorization: `{type: no_auth|kubernetes|oidc, …}`.',
  materialization: 'Materialization options: `{pull_latest_features, online_write_batch_size}`.',
  embedding_model: 'Query-time embedding model of the feature server: `{provider, model}`.',
  openlineage: 'OpenLineage lineage events: `{enabled, transport_type, transport_url, namespace, …}`.',
  mlflow: 'MLflow experiment tracking integration.',
  data_quality_monitoring: 'Data quality monitoring: `{auto_baseline}`.',
  flags: 'Deprecated: Feast no longer reads feature flags.',
};

export const PROMOTION_KEYS: Record<string, string> = {
  models: 'Promotion gates per registered model: `{name: {Staging|Production|Archived|None: gate}}`.',
  require: 'Metric conditions the version must meet, e.g. `accuracy: ">= 0.9"`.',
  must_beat_current: 'Metrics that must be better than the version currently in the stage.',
  archive_existing: 'Archive the versions currently in the stage after promotion.',
};

/** Documentation for the key at a path, or undefined. */
export function keyDoc(kind: FileKind, path: (string | number)[]): string | undefined {
  const key = String(path[path.length - 1]);
  switch (kind) {
    case 'dvc-yaml':
      if (path.length === 1) return DVC_TOP_KEYS[key];
      if (path[0] === 'stages' && (path.length === 3 || (path.length === 4 && path[2] === 'do'))) return DVC_STAGE_KEYS[key];
      return path[0] === 'stages' || path[0] === 'plots' ? DVC_OUT_FLAGS[key] : undefined;
    case 'mlproject':
      if (path.length === 1) return MLPROJECT_KEYS[key];
      return path[0] === 'entry_points' && path.length === 3 ? MLPROJECT_ENTRY_KEYS[key] : undefined;
    case 'feast':
      return path.length === 1 ? FEAST_KEYS[key] : undefined;
    case 'promotion':
      return PROMOTION_KEYS[key];
    default:
      return undefined;
  }
}
