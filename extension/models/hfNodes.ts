// The Models view's Hugging Face branch: the local HF cache (the `mlops.hfCache` setting, else HF_HUB_CACHE,
// HF_HOME/hub, ~/.cache/huggingface/hub) → cached models and datasets → revisions with refs and size → the model
// card's metrics and the snapshot's files; PEFT adapters sit under their base model. Everything is read by core/hf.
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import { cachedAdapters, findAdapters, mergeAdapters, type PeftAdapter } from '../../core/hf/adapters';
import { hfCacheDir } from '../../core/hf/cacheLocation';
import { type HfCacheInfo, type HfRepo, type HfRevision, scanHfCache } from '../../core/hf/cacheScan';
import { type HfCardMetric, type HfModelCard, readModelCard } from '../../core/hf/modelCard';
import { formatByteSize } from '../../core/format/byteSize';

export interface HfSnapshot {
  cacheDir: string;
  info?: HfCacheInfo;
  adapters: PeftAdapter[];
  error?: string;
}

export type HfNode =
  | { kind: 'hf'; hf: HfSnapshot }
  | { kind: 'hfRepo'; hf: HfSnapshot; repo: HfRepo }
  | { kind: 'hfRevision'; hf: HfSnapshot; repo: HfRepo; revision: HfRevision }
  | { kind: 'hfFolder'; revision: HfRevision; prefix: string }
  | { kind: 'hfFile'; revision: HfRevision; name: string }
  | { kind: 'hfMetric'; metric: HfCardMetric; under: string }
  | { kind: 'hfAdapter'; adapter: PeftAdapter }
  | { kind: 'hfNote'; text: string; error: boolean }
  /** A registered version's link to the cached repository its source or tags name. */
  | { kind: 'hfLink'; repo: HfRepo; under: string };

/** Reads the cache named by the setting (relative to the first folder) or the environment, and the workspace's adapters. */
export function readHfSnapshot(): HfSnapshot {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const setting = vscode.workspace.getConfiguration('mlops', folders[0]?.uri).get<string>('hfCache', '').trim();
  const cacheDir = setting ? (isAbsolute(setting) || !folders[0] ? setting : join(folders[0].uri.fsPath, setting)) : hfCacheDir(process.env);
  const workspaceAdapters = folders.flatMap((f) => findAdapters(f.uri.fsPath));
  if (!setting && !existsSync(cacheDir)) return { cacheDir, adapters: workspaceAdapters };
  try {
    const info = scanHfCache(cacheDir);
    return { cacheDir, info, adapters: mergeAdapters(cachedAdapters(info), workspaceAdapters) };
  } catch (error) {
    return { cacheDir, adapters: workspaceAdapters, error: (error as Error).message };
  }
}

export function hfRoots(hf: HfSnapshot): HfNode[] {
  return hf.info?.repos.length || hf.adapters.length || hf.error ? [{ kind: 'hf', hf }] : [];
}

export function hfChildren(node: HfNode): HfNode[] {
  switch (node.kind) {
    case 'hf': {
      const { hf } = node;
      const notes: HfNode[] = [...(hf.error ? [hf.error] : []), ...(hf.info?.warnings ?? [])].map((text) => ({ kind: 'hfNote', text, error: true }));
      const repos = hf.info?.repos ?? [];
      const ids = new Set(repos.map((r) => r.repoId));
      const orphans: HfNode[] = hf.adapters.filter((a) => !a.baseRepoId || !ids.has(a.baseRepoId)).map((adapter) => ({ kind: 'hfAdapter', adapter }));
      return [...notes, ...repos.map((repo): HfNode => ({ kind: 'hfRepo', hf, repo })), ...orphans];
    }
    case 'hfRepo': {
      const revisions = node.repo.revisions.map((revision): HfNode => ({ kind: 'hfRevision', hf: node.hf, repo: node.repo, revision }));
      const adapters = node.hf.adapters.filter((a) => a.baseRepoId === node.repo.repoId).map((adapter): HfNode => ({ kind: 'hfAdapter', adapter }));
      return [...revisions, ...adapters];
    }
    case 'hfRevision': {
      const metrics = (cardOf(node.revision)?.metrics ?? []).map((metric): HfNode => ({ kind: 'hfMetric', metric, under: node.revision.snapshotPath }));
      return [...metrics, ...filesUnder(node.revision, '')];
    }
    case 'hfFolder':
      return filesUnder(node.revision, node.prefix);
    default:
      return [];
  }
}

function filesUnder(revision: HfRevision, prefix: string): HfNode[] {
  const folders = new Set<string>();
  const files: HfNode[] = [];
  for (const file of revision.files) {
    if (!file.name.startsWith(prefix)) continue;
    const rest = file.name.slice(prefix.length);
    const slash = rest.indexOf('/');
    if (slash >= 0) folders.add(`${prefix}${rest.slice(0, slash + 1)}`);
    else files.push({ kind: 'hfFile', revision, name: file.name });
  }
  return [...[...folders].sort().map((p): HfNode => ({ kind: 'hfFolder', revision, prefix: p })), ...files];
}

const cards = new Map<string, HfModelCard | null>();
export function cardOf(revision: HfRevision): HfModelCard | null {
  const readme = revision.files.find((f) => f.name === 'README.md');
  if (!readme) return null;
  if (!cards.has(readme.path)) {
    try {
      cards.set(readme.path, readModelCard(readme.path));
    } catch {
      cards.set(readme.path, null);
    }
  }
  return cards.get(readme.path) ?? null;
}

export function hfTreeItem(node: HfNode): vscode.TreeItem {
  const C = vscode.TreeItemCollapsibleState;
  switch (node.kind) {
    case 'hf': {
      const item = new vscode.TreeItem('Hugging Face', C.Collapsed);
      item.id = `hf|${node.hf.cacheDir}`;
      item.iconPath = new vscode.ThemeIcon('hubot');
      item.description = node.hf.info ? `${node.hf.info.repos.length} cached · ${formatByteSize(node.hf.info.sizeOnDisk)}` : 'no cache';
      item.tooltip = node.hf.cacheDir;
      return item;
    }
    case 'hfRepo': {
      const { repo } = node;
      const item = new vscode.TreeItem(repo.repoId, C.Collapsed);
      item.id = `hf|${repo.repoPath}`;
      item.iconPath = new vscode.ThemeIcon(repo.repoType === 'dataset' ? 'database' : repo.repoType === 'space' ? 'globe' : 'package');
      item.description = `${repo.repoType} · ${formatByteSize(repo.sizeOnDisk)} · ${repo.revisions.length} revision${repo.revisions.length === 1 ? '' : 's'}`;
      item.tooltip = `${repo.repoPath}\n${repo.nbFiles} files`;
      item.contextValue = 'mlops.hfRepo';
      return item;
    }
    case 'hfRevision': {
      const { revision } = node;
      const item = new vscode.TreeItem(revision.commitHash.slice(0, 8), C.Collapsed);
      item.id = `hf|${revision.snapshotPath}`;
      item.iconPath = new vscode.ThemeIcon('git-commit');
      item.description = [...revision.refs, formatByteSize(revision.sizeOnDisk), `${revision.nbFiles} files`].join(' · ');
      item.tooltip = `${revision.commitHash}\n${revision.snapshotPath}`;
      item.contextValue = 'mlops.hfRevision';
      return item;
    }
    case 'hfFolder': {
      const item = new vscode.TreeItem(node.prefix.slice(0, -1).split('/').pop()!, C.Collapsed);
      item.id = `hf|${node.revision.snapshotPath}|${node.prefix}`;
      item.iconPath = vscode.ThemeIcon.Folder;
      return item;
    }
    case 'hfFile': {
      const file = node.revision.files.find((f) => f.name === node.name)!;
      const item = new vscode.TreeItem(node.name.split('/').pop()!, C.None);
      item.id = `hf|${file.path}`;
      item.resourceUri = vscode.Uri.file(file.path);
      item.description = formatByteSize(file.size);
      item.command = { command: 'vscode.open', title: 'Open', arguments: [vscode.Uri.file(file.path)] };
      return item;
    }
    case 'hfMetric': {
      const { metric } = node;
      const item = new vscode.TreeItem(`${metric.name}: ${metric.value}`, C.None);
      item.id = `hf|${node.under}|metric|${metric.model}|${metric.dataset}|${metric.name}`;
      item.iconPath = new vscode.ThemeIcon('graph');
      item.description = [metric.dataset, metric.task].filter(Boolean).join(' · ');
      return item;
    }
    case 'hfAdapter': {
      const { adapter } = node;
      const c = adapter.config;
      const item = new vscode.TreeItem(`${c.peftType ?? 'PEFT'} adapter`, C.None);
      item.id = `hf|adapter|${adapter.folder}`;
      item.iconPath = new vscode.ThemeIcon('extensions');
      item.description = [c.r !== null ? `r=${c.r}` : '', c.loraAlpha !== null ? `α=${c.loraAlpha}` : '', formatByteSize(adapter.weightsSize), adapter.run ? `run ${adapter.run.runId.slice(0, 8)}` : ''].filter(Boolean).join(' · ');
      item.tooltip = [adapter.folder, `base: ${c.baseModel ?? '?'}`, `target modules: ${c.targetModules.join(', ')}`, `dropout: ${c.loraDropout ?? '?'}`, `task: ${c.taskType ?? '?'}`, ...(adapter.problem ? [adapter.problem] : [])].join('\n');
      item.resourceUri = vscode.Uri.file(join(adapter.folder, 'adapter_config.json'));
      item.command = { command: 'vscode.open', title: 'Open', arguments: [item.resourceUri] };
      return item;
    }
    case 'hfLink': {
      const { repo } = node;
      const item = new vscode.TreeItem(`Hugging Face: ${repo.repoId}`, C.None);
      item.id = `${node.under}|hfLink|${repo.repoPath}`;
      item.iconPath = new vscode.ThemeIcon('hubot');
      item.description = `cached · ${formatByteSize(repo.sizeOnDisk)} · ${repo.revisions.map((r) => r.refs.join(', ') || r.commitHash.slice(0, 8)).join(' · ')}`;
      item.tooltip = `${repo.repoPath}\nUnder Models › Hugging Face`;
      return item;
    }
    case 'hfNote': {
      const item = new vscode.TreeItem(node.text);
      item.iconPath = new vscode.ThemeIcon(node.error ? 'warning' : 'info');
      item.tooltip = node.text;
      return item;
    }
  }
}
