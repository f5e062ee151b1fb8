// What a CI workflow needs to know about a workspace, found on disk: the files `mlops validate` checks, whether DVC
// tracks data, the training entry, the promotion policy's model and stage, and the drift inputs. Read-only; the
// workflow itself is rendered from this by githubWorkflow.ts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadDriftConfig } from '../drift/driftConfig';
import { findSupportedFiles } from '../pipeline/validateFiles';
import { loadPolicy, POLICY_PATH } from '../registry/policy';
import type { Stage } from '../registry/stages';

export type TrainingEntry =
  | { kind: 'dvc-stage'; file: string; stage: string }
  | { kind: 'mlproject'; file: string; entryPoint: string }
  | { kind: 'script'; file: string };

export interface PromotionTarget {
  model: string;
  stage: Stage;
}

export interface DriftInputs {
  /** drift.yaml (relative), when the workspace has one; its paths and limits then apply. */
  config?: string;
  reference: string;
  current: string;
  /** drift.yaml sets fail_on_share or fail_on_count itself; else the workflow passes the default share limit. */
  limitInConfig: boolean;
}

export interface WorkspaceScan {
  /** Files `mlops validate` checks, relative to the workspace with '/' separators. */
  validateFiles: string[];
  /** DVC pointers or a dvc.lock exist: the workflow reports `mlops data status`. */
  tracksData: boolean;
  training?: TrainingEntry;
  /** requirements.txt, installed before training when present. */
  requirements?: string;
  promotion?: PromotionTarget;
  drift?: DriftInputs;
}

const TRAINING_SCRIPTS = ['train.py', 'src/train.py', 'scripts/train.py', 'training/train.py'];
const DATA_EXTENSIONS = ['csv', 'tsv', 'parquet'];

export function scanWorkspace(folder: string): WorkspaceScan {
  const rel = (path: string) => relative(folder, path).split(sep).join('/');
  const validateFiles = findSupportedFiles(folder).map(rel);
  const scan: WorkspaceScan = {
    validateFiles,
    tracksData: validateFiles.some((f) => f.endsWith('.dvc') || f === 'dvc.lock' || f.endsWith('/dvc.lock')),
  };
  const training = findTrainingEntry(folder);
  if (training) scan.training = training;
  if (existsSync(join(folder, 'requirements.txt'))) scan.requirements = 'requirements.txt';
  const promotion = findPromotionTarget(folder);
  if (promotion) scan.promotion = promotion;
  const drift = findDriftInputs(folder);
  if (drift) scan.drift = drift;
  return scan;
}

/** A dvc.yaml stage first (a stage named train, else one whose name has "train", else the last), then MLproject, then a script. */
export function findTrainingEntry(folder: string): TrainingEntry | undefined {
  const stages = readYamlKeys(join(folder, 'dvc.yaml'), 'stages');
  if (stages.length > 0) {
    const stage = stages.find((s) => s === 'train') ?? stages.find((s) => /train/i.test(s)) ?? stages[stages.length - 1]!;
    return { kind: 'dvc-stage', file: 'dvc.yaml', stage };
  }
  const mlproject = ['MLproject', 'mlproject'].find((name) => existsSync(join(folder, name)));
  if (mlproject) {
    const entryPoints = readYamlKeys(join(folder, mlproject), 'entry_points');
    const entryPoint = entryPoints.includes('main') ? 'main' : (entryPoints[0] ?? 'main');
    return { kind: 'mlproject', file: mlproject, entryPoint };
  }
  const script = TRAINING_SCRIPTS.find((path) => existsSync(join(folder, path)));
  return script ? { kind: 'script', file: script } : undefined;
}

/** The top-level mapping's keys under `key`; none when the file is missing or not valid YAML (validate reports that). */
function readYamlKeys(path: string, key: string): string[] {
  if (!existsSync(path)) return [];
  try {
    const data = parseYaml(readFileSync(path, 'utf8')) as Record<string, unknown> | null;
    const section = data?.[key];
    return section && typeof section === 'object' && !Array.isArray(section) ? Object.keys(section) : [];
  } catch {
    return [];
  }
}

/** The first named model in the policy and its furthest stage (Production over Staging). */
function findPromotionTarget(folder: string): PromotionTarget | undefined {
  const policy = loadPolicy(join(folder, POLICY_PATH));
  if (!policy) return undefined;
  for (const [model, stages] of Object.entries(policy.models)) {
    if (model === '*') continue;
    const stage = (['Production', 'Staging'] as const).find((s) => stages[s]);
    if (stage) return { model, stage };
  }
  return undefined;
}

/** drift.yaml at the top or one level down, else a reference.* and current.* pair at the top. */
function findDriftInputs(folder: string): DriftInputs | undefined {
  const config = ['drift.yaml', 'drift.yml', ...subfolders(folder).flatMap((d) => [`${d}/drift.yaml`, `${d}/drift.yml`])].find((p) =>
    existsSync(join(folder, p)),
  );
  if (config) {
    const parsed = loadDriftConfig(join(folder, config));
    if (parsed.reference && parsed.current) {
      return {
        config,
        reference: relative(folder, parsed.reference).split(sep).join('/'),
        current: relative(folder, parsed.current).split(sep).join('/'),
        limitInConfig: parsed.failOnShare !== undefined || parsed.failOnCount !== undefined,
      };
    }
  }
  const pair = DATA_EXTENSIONS.find((ext) => existsSync(join(folder, `reference.${ext}`)) && existsSync(join(folder, `current.${ext}`)));
  return pair ? { reference: `reference.${pair}`, current: `current.${pair}`, limitInConfig: false } : undefined;
}

function subfolders(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.') && !['node_modules', 'mlruns'].includes(d.name))
    .map((d) => d.name)
    .sort();
}

/** One line naming the training entry, for the confirmation in VS Code and the CLI's summary. */
export function describeTrainingEntry(entry: TrainingEntry | undefined): string {
  if (!entry) return 'no training entry found (no dvc.yaml stage, MLproject or train.py): the train job is left out';
  switch (entry.kind) {
    case 'dvc-stage':
      return `dvc.yaml stage '${entry.stage}' (dvc repro ${entry.stage})`;
    case 'mlproject':
      return `${entry.file} entry point '${entry.entryPoint}' (mlflow run . -e ${entry.entryPoint})`;
    case 'script':
      return `script ${entry.file} (python ${entry.file})`;
  }
}
