// meta.yaml of MLflow file-store experiments and runs, across MLflow 1.x–3.x. Older runs have `run_uuid` and no
// `run_name`; status is the proto enum number; paths inside point at the author's machine and are only shown,
// never followed. Parsed with the `yaml` package, after a fast path for the flat shape MLflow writes (flatYaml.ts).
import { parse, YAMLParseError } from 'yaml';
import type { Experiment, LifecycleStage, RunInfo, RunStatus } from '../store';
import { RUN_STATUS_BY_NUMBER } from '../store';
import { parseFlatYaml } from './flatYaml';

export class MetaError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

type Meta = Record<string, unknown>;

export function parseMeta(text: string): Meta {
  const flat = parseFlatYaml(text);
  if (flat) return flat;
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    const line = error instanceof YAMLParseError ? error.linePos?.[0]?.line : undefined;
    const reason = (error as Error).message.split('\n')[0];
    throw new MetaError(`meta.yaml is not valid YAML (${reason}); fix or remove the file`, line);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new MetaError('meta.yaml does not hold a mapping of fields; fix or remove the file');
  }
  return value as Meta;
}

/** Fields without which MLflow's Experiment(...) and RunInfo(...) cannot be built from meta.yaml (a TypeError there). */
const EXPERIMENT_FIELDS = ['artifact_location', 'experiment_id', 'lifecycle_stage', 'name'];
const RUN_FIELDS = ['end_time', 'experiment_id', 'start_time', 'user_id'];

/** PyYAML writes keys sorted, so a cut file lacks the last ones; MLflow fails on such a file, and so does this. */
function requireFields(meta: Meta, fields: string[], what: 'an experiment' | 'a run'): void {
  const missing = fields.filter((field) => !(field in meta));
  if (what === 'a run' && !('run_id' in meta) && !('run_uuid' in meta)) missing.push('run_id');
  if (missing.length === 0) return;
  const folder = what === 'a run' ? 'the run folder' : 'the experiment folder';
  throw new MetaError(`meta.yaml lacks ${missing.join(', ')}, which MLflow needs to read ${what} (the file looks truncated); restore it from a backup or remove ${folder}`);
}

export function experimentFromMeta(meta: Meta): Omit<Experiment, 'tags'> {
  requireFields(meta, EXPERIMENT_FIELDS, 'an experiment');
  const id = meta.experiment_id;
  if (id === undefined || id === null || id === '') throw new MetaError('meta.yaml has no experiment_id');
  const experiment: Omit<Experiment, 'tags'> = {
    experimentId: String(id),
    name: stringField(meta.name),
    artifactLocation: stringField(meta.artifact_location),
    lifecycleStage: stageField(meta.lifecycle_stage),
  };
  const created = numberField(meta.creation_time);
  const updated = numberField(meta.last_update_time);
  if (created !== undefined) experiment.creationTime = created;
  if (updated !== undefined) experiment.lastUpdateTime = updated;
  return experiment;
}

/** runName falls back to the mlflow.runName tag (MLflow 1.x), then ''. */
export function runInfoFromMeta(meta: Meta, runNameTag: string | undefined): RunInfo {
  requireFields(meta, RUN_FIELDS, 'a run');
  const runId = meta.run_id ?? meta.run_uuid;
  if (typeof runId !== 'string' || runId === '') throw new MetaError('meta.yaml has neither run_id nor run_uuid');
  const runName = typeof meta.run_name === 'string' && meta.run_name !== '' ? meta.run_name : (runNameTag ?? '');
  return {
    runId,
    runName,
    experimentId: String(meta.experiment_id ?? ''),
    userId: stringField(meta.user_id),
    status: statusField(meta.status),
    startTime: numberField(meta.start_time) ?? 0,
    endTime: numberField(meta.end_time) ?? null,
    artifactUri: stringField(meta.artifact_uri),
    lifecycleStage: stageField(meta.lifecycle_stage),
  };
}

function statusField(value: unknown): RunStatus {
  if (typeof value === 'number') return RUN_STATUS_BY_NUMBER[value] ?? 'RUNNING';
  if (typeof value === 'string') {
    const upper = value.toUpperCase();
    if (Object.values(RUN_STATUS_BY_NUMBER).includes(upper as RunStatus)) return upper as RunStatus;
  }
  return 'RUNNING';
}

function stageField(value: unknown): LifecycleStage {
  return value === 'deleted' ? 'deleted' : 'active';
}

function stringField(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

function numberField(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}
