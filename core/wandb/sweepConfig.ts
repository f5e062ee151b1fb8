// The W&B sweep configurations a project keeps beside its `wandb/` folder (`wandb sweep sweep.yaml`). W&B writes no
// sweep configuration into a run's local files: a sweep run's `.wandb` record carries only the sweep id, its
// config.yaml only the chosen parameter values (wandb 0.23/0.24, test/fixtures/wandb). So the sweep's metric and
// goal come from the YAML the sweep was created from, found by name (sweep*.yaml, *sweep*.yml) or content
// (fileKind.ts) and matched to a sweep's runs by project and parameter names (core/runsView/sweeps.ts).
import { type Dirent, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse, YAMLParseError } from 'yaml';
import { isSweepText } from '../pipeline/fileKind';

export type SweepGoal = 'minimize' | 'maximize';

export interface SweepMetric {
  name: string;
  goal: SweepGoal;
}

export interface SweepConfig {
  /** The YAML file it was read from. */
  file: string;
  name?: string;
  method: string;
  metric?: SweepMetric;
  project?: string;
  program?: string;
  /** Parameter names as the run's params spell them: nested `parameters` joined with dots, as config is flattened. */
  parameters: string[];
}

export interface SweepConfigProblem {
  file: string;
  message: string;
}

/** Folders never searched: dependencies, version control, W&B's own run folders. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.dvc', 'wandb', 'mlruns', '__pycache__', '.venv', 'venv']);
const YAML_FILE = /\.ya?ml$/i;
/** The project folder and the folders one level below it, where sweep files live in practice. */
const SEARCH_DEPTH = 2;

/** Every sweep configuration under `root` (the folder holding `wandb/`), and the files that could not be read. */
export function findSweepConfigs(root: string): { configs: SweepConfig[]; problems: SweepConfigProblem[] } {
  const configs: SweepConfig[] = [];
  const problems: SweepConfigProblem[] = [];
  const visit = (folder: string, depth: number): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(folder, entry.name);
      if (entry.isDirectory() && depth < SEARCH_DEPTH && !SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.')) visit(path, depth + 1);
      else if (entry.isFile() && YAML_FILE.test(entry.name)) {
        const read = readSweepConfig(path);
        if (read && 'message' in read) problems.push(read);
        else if (read) configs.push(read);
      }
    }
  };
  visit(root, 1);
  return { configs, problems };
}

/** The sweep configuration in `path`; undefined when the file is not a sweep; a problem naming the file otherwise. */
export function readSweepConfig(path: string): SweepConfig | SweepConfigProblem | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { file: path, message: `cannot read ${path}: ${(error as Error).message}` };
  }
  if (!isSweepText(basename(path), text)) return undefined;
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    const line = error instanceof YAMLParseError && error.linePos ? `:${error.linePos[0].line}` : '';
    const reason = (error as Error).message.split('\n')[0];
    return { file: path, message: `${path}${line}: not valid YAML (${reason}); fix it for its sweep's metric to be used` };
  }
  if (!isMapping(value) || typeof value.method !== 'string' || !isMapping(value.parameters)) return undefined;
  const config: SweepConfig = { file: path, method: value.method, parameters: parameterNames(value.parameters, '') };
  const metric = metricOf(value.metric);
  if (metric) config.metric = metric;
  for (const key of ['name', 'project', 'program'] as const) if (typeof value[key] === 'string') config[key] = value[key];
  return config;
}

/** W&B's default goal is minimize (wandb/sweeps config/schema.json, metric.goal). */
function metricOf(metric: unknown): SweepMetric | undefined {
  if (!isMapping(metric) || typeof metric.name !== 'string' || !metric.name) return undefined;
  return { name: metric.name, goal: metric.goal === 'maximize' ? 'maximize' : 'minimize' };
}

function parameterNames(parameters: Record<string, unknown>, prefix: string): string[] {
  const names: string[] = [];
  for (const [key, spec] of Object.entries(parameters)) {
    if (isMapping(spec) && isMapping(spec.parameters)) names.push(...parameterNames(spec.parameters, `${prefix}${key}.`));
    else names.push(`${prefix}${key}`);
  }
  return names;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
