// `.dvc` files written by `dvc add` / `dvc import` (https://dvc.org/doc/user-guide/project-structure/dvc-files).
import { DvcFileError } from './dvcFileError';
import { type HashEntry, parseHashEntry } from './outEntry';
import { loadYaml } from './yamlSource';
import { isRecord } from '../yaml/records';

export interface ImportSource {
  url: string;
  rev?: string;
  revLock?: string;
}

export interface DvcDep extends HashEntry {
  /** Set for `dvc import` from another DVC/git repository. */
  repo?: ImportSource;
}

export interface DvcFile {
  file: string;
  /** Directory of the outs relative to the `.dvc` file's folder (`wdir:`, default '.'). */
  wdir: string;
  outs: HashEntry[];
  deps: DvcDep[];
  /** `frozen: true` marks an import that `dvc update` must not move. */
  frozen: boolean;
  isImport: boolean;
}

export function parseDvcFile(file: string, text: string): DvcFile {
  const src = loadYaml(file, text);
  if (!isRecord(src.value)) throw new DvcFileError(file, 1, 'a .dvc file must be a mapping with an `outs:` list.');
  const outsRaw = src.value['outs'];
  if (!Array.isArray(outsRaw) || outsRaw.length === 0) {
    throw new DvcFileError(file, src.lineOf(['outs']), 'no `outs:` list — a .dvc file tracks at least one output; re-run `dvc add`.');
  }
  const outs = outsRaw.map((raw, i) => parseHashEntry(src, ['outs', i], raw));
  const depsRaw = src.value['deps'] ?? [];
  if (!Array.isArray(depsRaw)) throw new DvcFileError(file, src.lineOf(['deps']), '`deps:` must be a list.');
  const deps = depsRaw.map((raw, i): DvcDep => {
    const dep: DvcDep = parseHashEntry(src, ['deps', i], raw);
    const repo = isRecord(raw) ? raw['repo'] : undefined;
    if (isRecord(repo)) {
      if (typeof repo['url'] !== 'string') throw new DvcFileError(file, src.lineOf(['deps', i, 'repo']), '`repo:` needs a `url:`.');
      dep.repo = { url: repo['url'] };
      if (typeof repo['rev'] === 'string') dep.repo.rev = repo['rev'];
      if (typeof repo['rev_lock'] === 'string') dep.repo.revLock = repo['rev_lock'];
    }
    return dep;
  });
  const wdir = src.value['wdir'];
  return {
    file,
    wdir: typeof wdir === 'string' && wdir !== '' ? wdir : '.',
    outs,
    deps,
    frozen: src.value['frozen'] === true,
    isImport: deps.length > 0,
  };
}
