// `mlops hf cache|adapters|delete-revision` — the local Hugging Face Hub cache, read with no Python, counted as
// huggingface_hub's scan_cache_dir counts it (core/hf/cacheScan.ts).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { cachedAdapters, findAdapters, mergeAdapters, type PeftAdapter } from '../../core/hf/adapters';
import { hfCacheDir } from '../../core/hf/cacheLocation';
import { type HfCacheInfo, repoRefs, scanHfCache } from '../../core/hf/cacheScan';
import { executeDeletion, planRevisionDeletion } from '../../core/hf/revisionDeletion';
import { formatByteSize } from '../../core/format/byteSize';
import { confirm } from '../confirm';
import { type CliCommand, type CliIO, type ExitCode, UsageError } from '../command';
import { printTable } from '../table';

const USAGE = `usage:
  mlops hf cache [--dir PATH] [--json]
  mlops hf adapters [PATH] [--dir PATH] [--json]      (PATH: a workspace folder, default the current one)
  mlops hf delete-revision REPO COMMIT [--dir PATH] [--yes]
The cache is --dir, else HF_HUB_CACHE, else HF_HOME/hub, else ~/.cache/huggingface/hub.`;

export const hfCommand: CliCommand = {
  summary: 'Hugging Face Hub cache: cached repos and revisions, PEFT/LoRA adapters, delete a revision',
  async run(args, io) {
    const [sub, ...rest] = args;
    switch (sub) {
      case 'cache':
        return cache(rest, io);
      case 'adapters':
        return adapters(rest, io);
      case 'delete-revision':
        return deleteRevision(rest, io);
      case undefined:
      case '--help':
      case '-h':
        io.out(USAGE);
        return sub ? 0 : 2;
      default:
        throw new UsageError(`unknown subcommand '${sub}'.\n${USAGE}`);
    }
  },
};

function cacheDirOf(io: CliIO, dir: string | undefined): string {
  return dir ? resolve(io.cwd, dir) : hfCacheDir(io.env);
}

/** The shape issue 16 specifies, plus scan_cache_dir's warnings. */
export function cacheJson(info: HfCacheInfo) {
  return {
    size_on_disk: info.sizeOnDisk,
    repos: info.repos.map((r) => ({
      repo_id: r.repoId,
      repo_type: r.repoType,
      size_on_disk: r.sizeOnDisk,
      nb_files: r.nbFiles,
      last_accessed: r.lastAccessed,
      last_modified: r.lastModified,
      revisions: r.revisions.map((v) => ({ commit_hash: v.commitHash, refs: v.refs, size_on_disk: v.sizeOnDisk, nb_files: v.nbFiles })),
    })),
    warnings: info.warnings,
  };
}

async function cache(args: string[], io: CliIO): Promise<ExitCode> {
  const { values, positionals } = parseArgs({ args, options: { dir: { type: 'string' }, json: { type: 'boolean' } }, allowPositionals: true, strict: true });
  if (positionals.length > 0) throw new UsageError(`unexpected argument: ${positionals.join(' ')}\n${USAGE}`);
  const info = scanHfCache(cacheDirOf(io, values.dir));
  if (values.json) {
    io.out(JSON.stringify(cacheJson(info)));
    return 0;
  }
  const when = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ');
  await printTable(
    io,
    [
      { header: 'REPO ID', cell: (r) => r.repoId },
      { header: 'REPO TYPE', cell: (r) => r.repoType },
      { header: 'SIZE ON DISK', cell: (r) => formatByteSize(r.sizeOnDisk), align: 'right' },
      { header: 'NB FILES', cell: (r) => String(r.nbFiles), align: 'right' },
      { header: 'LAST ACCESSED', cell: (r) => when(r.lastAccessed) },
      { header: 'LAST MODIFIED', cell: (r) => when(r.lastModified) },
      { header: 'REFS', cell: (r) => repoRefs(r).join(', ') },
    ],
    info.repos,
  );
  io.out(`\n${info.repos.length} repo(s) in ${info.cacheDir}, ${formatByteSize(info.sizeOnDisk)} on disk.`);
  for (const warning of info.warnings) io.err(`warning: ${warning}`);
  return 0;
}

async function adapters(args: string[], io: CliIO): Promise<ExitCode> {
  const { values, positionals } = parseArgs({ args, options: { dir: { type: 'string' }, json: { type: 'boolean' } }, allowPositionals: true, strict: true });
  if (positionals.length > 1) throw new UsageError(`too many arguments: ${positionals.join(' ')}\n${USAGE}`);
  const root = resolve(io.cwd, positionals[0] ?? '.');
  let cached: PeftAdapter[] = [];
  try {
    cached = cachedAdapters(scanHfCache(cacheDirOf(io, values.dir)));
  } catch (error) {
    if (values.dir) throw error;
  }
  const list = mergeAdapters(cached, findAdapters(root));
  if (values.json) {
    io.out(
      JSON.stringify({
        adapters: list.map((a) => ({
          path: a.folder,
          peft_type: a.config.peftType,
          base_model_name_or_path: a.config.baseModel,
          base_model: a.baseRepoId,
          r: a.config.r,
          lora_alpha: a.config.loraAlpha,
          lora_dropout: a.config.loraDropout,
          target_modules: a.config.targetModules,
          task_type: a.config.taskType,
          weights_size: a.weightsSize,
          weight_files: a.weightFiles,
          cache: a.cache ? { repo_id: a.cache.repoId, commit_hash: a.cache.commitHash } : null,
          run: a.run ? { experiment_id: a.run.experimentId, run_id: a.run.runId } : null,
          problem: a.problem ?? null,
        })),
      }),
    );
    return 0;
  }
  await printTable(
    io,
    [
      { header: 'BASE MODEL', cell: (a) => a.baseRepoId ?? '?' },
      { header: 'TYPE', cell: (a) => a.config.peftType ?? '?' },
      { header: 'R', cell: (a) => String(a.config.r ?? ''), align: 'right' },
      { header: 'ALPHA', cell: (a) => String(a.config.loraAlpha ?? ''), align: 'right' },
      { header: 'WEIGHTS', cell: (a) => formatByteSize(a.weightsSize), align: 'right' },
      { header: 'WHERE', cell: (a) => (a.cache ? `${a.cache.repoId}@${a.cache.commitHash.slice(0, 8)}` : a.run ? `run ${a.run.runId}` : a.folder) },
    ],
    list,
  );
  return 0;
}

async function deleteRevision(args: string[], io: CliIO): Promise<ExitCode> {
  const { values, positionals } = parseArgs({ args, options: { dir: { type: 'string' }, yes: { type: 'boolean' } }, allowPositionals: true, strict: true });
  const [repoId, commit] = positionals;
  if (!repoId || !commit || positionals.length > 2) throw new UsageError(`delete-revision needs REPO and COMMIT.\n${USAGE}`);
  const info = scanHfCache(cacheDirOf(io, values.dir));
  const repo = info.repos.find((r) => r.repoId === repoId || `${r.repoType}/${r.repoId}` === repoId);
  if (!repo?.revisions.some((r) => r.commitHash === commit)) {
    io.err(`mlops hf delete-revision: ${repoId} has no cached revision ${commit} in ${info.cacheDir}; run \`mlops hf cache\` to list them.`);
    return 2;
  }
  const plan = planRevisionDeletion({ ...info, repos: [repo] }, [commit]);
  const question = `Delete ${repo.repoId} revision ${commit}? This frees ${formatByteSize(plan.expectedFreedSize)} (${plan.expectedFreedSize} bytes). [y/N] `;
  if (!values.yes && !(await confirm(question))) {
    io.err('mlops hf delete-revision: not confirmed; nothing deleted. Pass --yes to delete without a prompt.');
    return 1;
  }
  const result = executeDeletion(plan);
  for (const problem of result.problems) io.err(`warning: ${problem}`);
  io.out(`Deleted ${repo.repoId} revision ${commit}: freed ${formatByteSize(result.freedBytes)} (${result.freedBytes} bytes).`);
  return 0;
}
