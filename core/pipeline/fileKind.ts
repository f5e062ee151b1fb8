// Which supported format a path holds, decided from its name the way each tool finds its files:
// DVC looks for `dvc.yaml` / `dvc.lock` / `*.dvc`, MLflow for a file named `mlproject` in any case
// (mlflow/projects/_project_spec.py `_find_mlproject`), Feast for `feature_store.yaml`.
import { basename, dirname } from 'node:path';
import type { FileKind } from './types';

export function detectFileKind(path: string): FileKind | undefined {
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

/** YAML 1.1 for files read by PyYAML (MLflow, Feast, conda), YAML 1.2 for DVC's ruamel-based loader. */
export function yamlVersionFor(kind: FileKind): '1.1' | '1.2' {
  return kind === 'mlproject' || kind === 'feast' || kind === 'python-env' || kind === 'conda-env' ? '1.1' : '1.2';
}
