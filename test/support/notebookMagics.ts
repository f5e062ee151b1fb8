// Writes a notebook that uses every `%mlops` magic against a demo workspace and executes it with a real IPython
// kernel (Debian's python3-ipykernel + python3-nbclient, installed by scripts/setup-e2e.sh). The kernel test and the
// notebook UI test both build their executed notebook this way, each in its own fresh demo workspace.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { openSqlite } from '../../core/sqlite/driver';

const root = join(__dirname, '..', '..');
/** Debian's interpreter: the one with IPython, ipykernel and nbclient (another python3 may come first on PATH). */
export const KERNEL_PYTHON = '/usr/bin/python3';

/** The promotion policy the gate checks; fraud-detection v2 (accuracy 0.962, f1 0.95) passes it for Production. */
export const DEMO_POLICY = `models:
  fraud-detection:
    Production:
      require: { accuracy: ">= 0.95", f1_score: ">= 0.93" }
      must_beat_current: [accuracy]
      archive_existing: true
`;

export const INVALID_DVC_CELL = 'stages:\n  train:\n    cmd: python src/train.py\n    outz: [model.pkl]\n';

export interface MagicsNotebook {
  path: string;
  /** Run ids of fraud-detection v1 and v2, the runs the plot cell draws. */
  runIds: [string, string];
  /** The demo agent's failed trace, the one `%mlops trace` shows. */
  errorTraceId: string;
  cells: string[];
}

function errorTraceId(folder: string): string {
  const db = openSqlite(join(folder, 'mlflow.db'), { readonly: true });
  try {
    return String(db.prepare("SELECT request_id FROM trace_info WHERE status = 'ERROR'").get()!.request_id);
  } finally {
    db.close();
  }
}

function modelRunIds(folder: string): [string, string] {
  const db = openSqlite(join(folder, 'mlflow.db'), { readonly: true });
  try {
    const rows = db.prepare("SELECT version, run_id FROM model_versions WHERE name = 'fraud-detection' AND version IN (1, 2) ORDER BY version").all();
    return [String(rows[0]!.run_id), String(rows[1]!.run_id)];
  } finally {
    db.close();
  }
}

/** The CLI bundled from source into out/ (inside the repository, so it resolves better-sqlite3 from node_modules). */
function bundleCli(): string {
  const outfile = join(root, 'out', 'notebook-test', 'cli.js');
  buildSync({ entryPoints: [join(root, 'cli', 'main.ts')], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['better-sqlite3'], logLevel: 'warning' });
  buildSync({ entryPoints: [join(root, 'core', 'drift', 'columnWorker.ts')], outfile: join(root, 'out', 'notebook-test', 'driftColumnWorker.js'), bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' });
  return outfile;
}

export function magicsCells(runIds: [string, string], traceId: string): string[] {
  return [
    '%load_ext mlops_workbench',
    "%mlops runs --experiment fraud-detection --order-by 'metrics.accuracy DESC' --max-results 5",
    `%mlops plot ${runIds[0]} ${runIds[1]} --metric accuracy --metric val_loss`,
    '%mlops drift reference.csv current.csv',
    '%mlops model fraud-detection 2',
    '%mlops promote fraud-detection 3 Staging',
    `%%mlops validate --as dvc.yaml\n${INVALID_DVC_CELL}`,
    '%mlops runs --filter "metrics.accuracy >> 0.9"',
    '%mlops model no-such-model',
    '%mlops drift missing.csv current.csv',
    `%mlops traces --experiment support-rag-agent --filter "attributes.status = 'ERROR'"`,
    `%mlops trace ${traceId}`,
  ];
}

/** Writes notebooks/magics.ipynb into the demo folder, executes it (kernel working directory: the demo root). */
export function executeMagicsNotebook(folder: string): MagicsNotebook {
  const runIds = modelRunIds(folder);
  const traceId = errorTraceId(folder);
  const cells = magicsCells(runIds, traceId);
  mkdirSync(join(folder, '.mlops'), { recursive: true });
  writeFileSync(join(folder, '.mlops', 'promotion.yaml'), DEMO_POLICY);
  const notebook = {
    cells: cells.map((source) => ({ cell_type: 'code', metadata: {}, source, execution_count: null, outputs: [] })),
    metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' }, language_info: { name: 'python' } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  const path = join(folder, 'notebooks', 'magics.ipynb');
  writeFileSync(path, JSON.stringify(notebook, null, 1));
  const env = {
    ...process.env,
    MLFLOW_TRACKING_URI: `sqlite:///${join(folder, 'mlflow.db')}`,
    MLOPS_CLI: `"${process.execPath}" "${bundleCli()}"`,
    PYTHONPATH: join(root, 'python'),
  };
  execFileSync(KERNEL_PYTHON, [join(__dirname, 'executeNotebook.py'), path, path, folder], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  return { path, runIds, errorTraceId: traceId, cells };
}

export function readNotebook(path: string): { cells: Array<{ source: string | string[]; outputs: NotebookOutput[] }> } {
  return JSON.parse(readFileSync(path, 'utf8'));
}

export interface NotebookOutput {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
}
