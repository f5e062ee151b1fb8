// W&B runs in the tracking model (store.ts): experiment = W&B project, run id = W&B id, run name = display name;
// params = config flattened with dots (`_wandb` left out), latest metrics = the summary's numbers (nested keys
// joined with '/'), tags = W&B's own fields under `wandb.*` plus MLflow's note tag. What is not a number in the
// summary (media, tables, histograms) has no MLflow counterpart and is left out.
import { basename, dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { WandbRunFolder } from '../../wandb/folder';
import type { WandbRun } from '../../wandb/folderReader';
import type { Experiment, Metric, Param, Run, RunTag } from '../store';

/** MLflow's tag keys for the run name and notes (mlflow/utils/mlflow_tags.py). */
const RUN_NAME_TAG = 'mlflow.runName';
const NOTE_TAG = 'mlflow.note.content';

export function wandbRunToRun(run: WandbRun): Run {
  const timestamp = typeof run.summary._timestamp === 'number' ? Math.round(run.summary._timestamp * 1000) : (run.endTime ?? run.startTime);
  const step = typeof run.summary._step === 'number' ? run.summary._step : 0;
  return {
    info: {
      runId: run.id,
      runName: run.displayName,
      experimentId: run.project,
      userId: run.entity,
      status: run.status,
      startTime: run.startTime,
      endTime: run.endTime,
      artifactUri: filesUri(run.folder),
      lifecycleStage: 'active',
    },
    data: { metrics: summaryMetrics(run.summary, timestamp, step), params: configParams(run.config), tags: runTags(run) },
  };
}

/** One experiment per project, created when its first run started. */
export function projectExperiments(runs: WandbRun[], folder: string): Experiment[] {
  const first = new Map<string, number>();
  const last = new Map<string, number>();
  for (const run of runs) {
    first.set(run.project, Math.min(first.get(run.project) ?? Number.POSITIVE_INFINITY, run.startTime));
    last.set(run.project, Math.max(last.get(run.project) ?? 0, run.endTime ?? run.startTime));
  }
  return [...first].map(([project, creationTime]) => ({
    experimentId: project,
    name: project,
    artifactLocation: pathToFileURL(folder).href,
    lifecycleStage: 'active' as const,
    creationTime,
    lastUpdateTime: last.get(project)!,
    tags: [],
  }));
}

// The objects walked below are JSON or YAML values (plain objects, no inherited keys): `for…in` visits the keys
// Object.entries would, without an array per object — a listing maps a thousand runs.

function summaryMetrics(summary: Record<string, unknown>, timestamp: number, step: number): Metric[] {
  const metrics: Metric[] = [];
  for (const key in summary) if (!key.startsWith('_')) addSummaryMetric(metrics, summary[key], key, timestamp, step);
  return metrics;
}

function addSummaryMetric(metrics: Metric[], value: unknown, key: string, timestamp: number, step: number): void {
  if (typeof value === 'number') metrics.push({ key, value, timestamp, step });
  else if (isPlainObject(value) && !('_type' in value)) {
    for (const child in value) addSummaryMetric(metrics, value[child], `${key}/${child}`, timestamp, step);
  }
}

/** `wandb.config` flattened as MLflow's autologgers flatten dicts: nested keys joined with dots. */
export function configParams(config: Record<string, unknown>): Param[] {
  const params: Param[] = [];
  for (const key in config) if (key !== '_wandb') addParam(params, config[key], key);
  return params;
}

function addParam(params: Param[], value: unknown, key: string): void {
  if (isPlainObject(value) && hasKeys(value)) {
    for (const child in value) addParam(params, value[child], `${key}.${child}`);
  } else params.push({ key, value: paramText(value) });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function hasKeys(value: Record<string, unknown>): boolean {
  for (const _ in value) return true;
  return false;
}

let lastParent: { path: string; href: string } | undefined;

/**
 * The file: URI of a run's files/ folder. The URI of the wandb/ folder is built once per folder (pathToFileURL is
 * costly a thousand times over); run folder names hold only characters a URI keeps as they are (folder.ts, RUN_FOLDER).
 */
function filesUri(folder: WandbRunFolder): string {
  const parent = dirname(folder.path);
  if (lastParent?.path !== parent) lastParent = { path: parent, href: pathToFileURL(parent).href.replace(/\/$/, '') };
  return `${lastParent.href}/${basename(folder.path)}/files`;
}

/** Values as Python's str() writes them, as MLflow stores a logged param. */
function paramText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : Number.isNaN(value) ? 'nan' : value > 0 ? 'inf' : '-inf';
  return JSON.stringify(value);
}

function runTags(run: WandbRun): RunTag[] {
  const tags: RunTag[] = [];
  addTag(tags, RUN_NAME_TAG, run.displayName);
  addTag(tags, NOTE_TAG, run.notes);
  addTag(tags, 'wandb.tags', run.tags.join(', '));
  addTag(tags, 'wandb.group', run.group);
  addTag(tags, 'wandb.jobType', run.jobType);
  addTag(tags, 'wandb.sweepId', run.sweepId);
  addTag(tags, 'wandb.entity', run.entity);
  addTag(tags, 'wandb.host', run.host);
  addTag(tags, 'wandb.runFolder', run.folder.path);
  if (run.folder.offline) addTag(tags, 'wandb.offline', 'true');
  return tags;
}

/** A tag with a value; an empty field gives none. */
function addTag(tags: RunTag[], key: string, value: string): void {
  if (value) tags.push({ key, value });
}
