// PEFT adapters (LoRA and the other PEFT methods): a folder with adapter_config.json, as PeftModel.save_pretrained
// writes it, beside the adapter weights (adapter_model.safetensors, or adapter_model.bin from older PEFT). They are
// found in the HF cache's snapshots and anywhere in a workspace, including an MLflow run's artifacts folder
// (`<experiment>/<run id>/artifacts/…`, where mlflow.transformers / log_artifacts put them).
import { type Dirent, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { HfCacheInfo } from './cacheScan';

export interface PeftAdapterConfig {
  peftType: string | null;
  baseModel: string | null;
  r: number | null;
  loraAlpha: number | null;
  loraDropout: number | null;
  targetModules: string[];
  taskType: string | null;
}

export interface PeftAdapter {
  folder: string;
  config: PeftAdapterConfig;
  /** Bytes of the adapter weight files (links followed), and their names. */
  weightsSize: number;
  weightFiles: string[];
  /** The base model as a Hub repo id: the config's name, or the repo a cache snapshot path belongs to. */
  baseRepoId: string | null;
  /** Where it was found: a cached repo's revision, or an MLflow run's artifacts. */
  cache?: { repoId: string; commitHash: string };
  run?: { experimentId: string; runId: string };
  /** Why the config could not be read in full. */
  problem?: string;
}

const CONFIG = 'adapter_config.json';
const WEIGHTS = /^adapter_model(\.safetensors|\.bin|-\d+-of-\d+\.safetensors)$/;
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.venv', 'venv', '__pycache__', '.vscode-test']);
const MAX_DIRS = 20_000;
const MAX_DEPTH = 10;

export function readAdapter(folder: string): PeftAdapter {
  const configPath = join(folder, CONFIG);
  let config: PeftAdapterConfig = { peftType: null, baseModel: null, r: null, loraAlpha: null, loraDropout: null, targetModules: [], taskType: null };
  let problem: string | undefined;
  try {
    config = adapterConfig(JSON.parse(readFileSync(configPath, 'utf8')));
  } catch (error) {
    problem = `${configPath}: ${(error as Error).message}; it must be the JSON PEFT's save_pretrained writes.`;
  }
  const weightFiles: string[] = [];
  let weightsSize = 0;
  for (const name of readdirSync(folder).sort()) {
    if (!WEIGHTS.test(name)) continue;
    const stats = statSync(join(folder, name), { throwIfNoEntry: false });
    if (!stats?.isFile()) continue;
    weightFiles.push(name);
    weightsSize += stats.size;
  }
  return { folder, config, weightsSize, weightFiles, baseRepoId: baseRepoId(config.baseModel), run: runOf(folder), ...(problem ? { problem } : {}) };
}

function adapterConfig(json: unknown): PeftAdapterConfig {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('not a JSON object');
  const o = json as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const num = (v: unknown) => (typeof v === 'number' ? v : null);
  // target_modules is a list of module names, or one regular expression as a string.
  const targets = Array.isArray(o.target_modules) ? o.target_modules.filter((t): t is string => typeof t === 'string') : typeof o.target_modules === 'string' ? [o.target_modules] : [];
  return {
    peftType: str(o.peft_type),
    baseModel: str(o.base_model_name_or_path),
    r: num(o.r),
    loraAlpha: num(o.lora_alpha),
    loraDropout: num(o.lora_dropout),
    targetModules: targets,
    taskType: str(o.task_type),
  };
}

/** `org/name`, or a local path into an HF cache (`…/models--org--name/snapshots/<commit>`), as a repo id. */
export function baseRepoId(baseModel: string | null): string | null {
  if (!baseModel) return null;
  const cached = /(?:^|[\\/])models--([^\\/]+)(?:[\\/]|$)/.exec(baseModel);
  if (cached) return cached[1]!.replaceAll('--', '/');
  if (baseModel.startsWith('/') || baseModel.startsWith('.') || /^[A-Za-z]:[\\/]/.test(baseModel)) return basename(baseModel) || null;
  return baseModel;
}

function runOf(folder: string): PeftAdapter['run'] {
  const match = /[\\/]([^\\/]+)[\\/]([0-9a-f]{32})[\\/]artifacts(?:[\\/]|$)/.exec(folder);
  return match ? { experimentId: match[1]!, runId: match[2]! } : undefined;
}

/** The adapters inside cached revisions (an adapter_config.json anywhere in a snapshot). */
export function cachedAdapters(info: HfCacheInfo): PeftAdapter[] {
  const adapters: PeftAdapter[] = [];
  for (const repo of info.repos) {
    for (const revision of repo.revisions) {
      for (const file of revision.files) {
        if (basename(file.name) !== CONFIG) continue;
        adapters.push({ ...readAdapter(dirname(file.path)), cache: { repoId: repo.repoId, commitHash: revision.commitHash } });
      }
    }
  }
  return adapters;
}

/** Adapters under `root` (not following directory links, skipping node_modules, .git and virtualenvs). */
export function findAdapters(root: string): PeftAdapter[] {
  const adapters: PeftAdapter[] = [];
  let visited = 0;
  const walk = (dir: string, depth: number) => {
    if (visited++ >= MAX_DIRS || depth > MAX_DEPTH) return;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    if (entries.some((e) => e.name === CONFIG && !e.isDirectory())) adapters.push(readAdapter(dir));
    for (const entry of entries) if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name)) walk(join(dir, entry.name), depth + 1);
  };
  walk(root, 0);
  return adapters.sort((a, b) => (a.folder < b.folder ? -1 : a.folder > b.folder ? 1 : 0));
}

/** Cache adapters first, then workspace ones not already found there (a cache inside the workspace). */
export function mergeAdapters(cached: PeftAdapter[], workspace: PeftAdapter[]): PeftAdapter[] {
  const seen = new Set(cached.map((a) => a.folder));
  return [...cached, ...workspace.filter((a) => !seen.has(a.folder))];
}
