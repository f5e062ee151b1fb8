// Which supported format a path holds, decided from its name the way each tool finds its files:
// DVC looks for `dvc.yaml` / `dvc.lock` / `*.dvc`, MLflow for a file named `mlproject` in any case
// (mlflow/projects/_project_spec.py `_find_mlproject`), Feast for `feature_store.yaml`. W&B takes a sweep from
// any path (`wandb sweep FILE`), so a sweep is known by its text: see isSweepText.
import { basename, dirname } from 'node:path';
import type { FileKind } from './types';

/**
 * The kind of a file. With its text, a YAML file can also be a W&B sweep; without it (a file only referenced by
 * another) sweeps are never guessed.
 */
export function detectFileKind(path: string, text?: string): FileKind | undefined {
  const byName = kindFromName(path);
  if (byName || text === undefined) return byName;
  return isSweepText(basename(path), text) ? 'wandb-sweep' : undefined;
}

/** Keys only a W&B sweep has at its top level (wandb/sweeps config/schema.json). */
const SWEEP_KEYS = /^["']?(method|parameters|metric|early_terminate|program|command)["']?[ \t]*:/gm;
/** A sweep is usually named sweep.yaml, sweep_bayes.yaml, grid-sweep.yml… */
const SWEEP_NAME = /sweep.*\.ya?ml$/i;
const YAML_NAME = /\.ya?ml$/i;
/** Only the head of a file is scanned: the top-level keys of a sweep come long before 256 KB. */
const SCAN_CHARS = 256 * 1024;

/**
 * A sweep by name needs at least one sweep key at its top level (`sweep_results.yaml` holding results is not a sweep);
 * any other YAML file is a sweep when its top level has both `method` and `parameters`.
 */
export function isSweepText(name: string, text: string): boolean {
  if (!YAML_NAME.test(name)) return false;
  const keys = new Set<string>();
  for (const m of text.slice(0, SCAN_CHARS).matchAll(SWEEP_KEYS)) keys.add(m[1]!);
  if (SWEEP_NAME.test(name)) return keys.size > 0;
  return keys.has('method') && keys.has('parameters');
}

function kindFromName(path: string): FileKind | undefined {
  const name = basename(path);
  const lower = name.toLowerCase();
  if (name === 'dvc.yaml' || name.endsWith('.dvc.yaml')) return 'dvc-yaml';
  if (name === 'dvc.lock') return 'dvc-lock';
  if (name.endsWith('.dvc') && name.length > 4) return 'dvc-file';
  if (lower === 'mlproject') return 'mlproject';
  if (name === 'python_env.yaml') return 'python-env';
  if (name === 'conda.yaml' || name === 'conda.yml') return 'conda-env';
  if (name === 'feature_store.yaml') return 'feast';
  if (name === 'promotion.yaml' && basename(dirname(path)) === '.mlops') return 'promotion';
  if (name === 'params.yaml') return 'params';
  return undefined;
}

/**
 * YAML 1.1 for files read by PyYAML (MLflow, Feast, conda), YAML 1.2 for DVC's ruamel-based loader. A W&B sweep is
 * read by PyYAML too, but `wandb sweep` sends it on re-dumped as YAML, and PyYAML writes the strings it read from
 * plain `1e-6` back as plain `1e-6`, which W&B's server reads as the number: in effect sweeps are YAML 1.2.
 */
export function yamlVersionFor(kind: FileKind): '1.1' | '1.2' {
  return kind === 'mlproject' || kind === 'feast' || kind === 'python-env' || kind === 'conda-env' ? '1.1' : '1.2';
}
