// Completion for `%mlops` / `%%mlops` lines in Python notebook cells: the subcommands and flags the IPython extension
// (python/mlops_workbench/magics.py) accepts, stage names for promote, file names `%%mlops validate --as` knows, and
// registered model names for `model` / `promote` when the caller can list them.
import { ALL_STAGES } from '../registry/stages';

export interface MagicCompletion {
  label: string;
  detail: string;
  kind: 'subcommand' | 'flag' | 'value';
}

interface Subcommand {
  detail: string;
  flags: Record<string, string>;
  /** What the n-th positional argument is, when it can be completed. */
  positionals: Array<'model' | 'stage' | 'other'>;
}

const LINE_SUBCOMMANDS: Record<string, Subcommand> = {
  runs: {
    detail: 'Search MLflow runs (table)',
    flags: { '--experiment': 'experiment name or id', '--filter': "MLflow filter, e.g. \"metrics.accuracy > 0.9\"", '--order-by': 'e.g. "metrics.accuracy DESC"', '--max-results': 'at most N runs' },
    positionals: [],
  },
  traces: {
    detail: 'Search MLflow 3 traces (table)',
    flags: { '--experiment': 'experiment name or id', '--filter': "MLflow trace filter, e.g. \"attributes.status = 'ERROR'\"", '--order-by': 'e.g. "attributes.execution_time_ms DESC"', '--max-results': 'at most N traces' },
    positionals: [],
  },
  trace: { detail: 'One trace in the trace explorer', flags: {}, positionals: ['other'] },
  plot: { detail: 'Plot metric histories of runs', flags: { '--metric': 'metric key (repeatable)' }, positionals: [] },
  drift: { detail: 'Data drift between two files', flags: { '--config': 'drift.yaml with column mapping and tests' }, positionals: ['other', 'other'] },
  model: { detail: 'Model version card with the next stage’s gate', flags: {}, positionals: ['model', 'other'] },
  promote: {
    detail: 'Promote a version through its gate',
    flags: { '--archive-existing': 'archive the versions now in that stage', '--alias': 'also point this alias at the version', '--override-reason': 'promote past a failing gate (recorded)' },
    positionals: ['model', 'other', 'stage'],
  },
};

const CELL_SUBCOMMANDS: Record<string, Subcommand> = {
  validate: { detail: 'Validate the cell’s YAML with the language server’s rules', flags: { '--as': 'the file the cell stands for (default dvc.yaml)' }, positionals: [] },
};

const VALIDATE_NAMES = ['dvc.yaml', 'dvc.lock', 'params.yaml', 'MLproject', 'python_env.yaml', 'conda.yaml', 'feature_store.yaml', '.mlops/promotion.yaml'];

/** True when completions may need the registry's model names for this line prefix. */
export function wantsModelNames(prefix: string): boolean {
  return /^\s*%mlops\s+(model|promote)\s+\S*$/.test(prefix);
}

/** Completions for the text of a line up to the cursor; empty when the line is not an `%mlops` magic. */
export function completeMagicLine(prefix: string, modelNames: readonly string[] = []): MagicCompletion[] {
  const match = /^\s*(%%?)mlops(\s+.*)?$/.exec(prefix);
  if (!match) return [];
  const table = match[1] === '%%' ? CELL_SUBCOMMANDS : LINE_SUBCOMMANDS;
  const rest = match[2] ?? '';
  if (rest === '') return [];
  const words = rest.trim() === '' ? [] : rest.trim().split(/\s+/);
  const typing = /\s$/.test(rest) ? '' : (words.pop() ?? '');
  if (words.length === 0) {
    return Object.entries(table).map(([label, sub]) => ({ label, detail: sub.detail, kind: 'subcommand' }));
  }
  const [name, ...args] = words;
  const sub = table[name!];
  if (!sub) return [];
  const previous = args[args.length - 1];
  if (previous === '--as' && name === 'validate') return VALIDATE_NAMES.map((label) => ({ label, detail: 'validate the cell as this file', kind: 'value' }));
  if (previous !== undefined && previous in sub.flags && previous !== '--archive-existing') return [];
  if (typing.startsWith('-')) return Object.entries(sub.flags).map(([label, detail]) => ({ label, detail, kind: 'flag' }));
  const position = countPositionals(args, sub);
  const what = sub.positionals[position];
  if (what === 'model') return modelNames.map((label) => ({ label, detail: 'registered model', kind: 'value' }));
  if (what === 'stage') return ALL_STAGES.filter((s) => s !== 'None').map((label) => ({ label, detail: 'target stage', kind: 'value' }));
  return Object.entries(sub.flags).map(([label, detail]) => ({ label, detail, kind: 'flag' }));
}

function countPositionals(args: string[], sub: Subcommand): number {
  let count = 0;
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    if (word.startsWith('--')) {
      if (word !== '--archive-existing' && word in sub.flags) i++;
      continue;
    }
    count++;
  }
  return count;
}
