import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_DEMO_SEED, generateDemoWorkspace } from '../../core/demo/generate';
import type { CliCommand } from '../command';
import { UsageError } from '../command';

export const demoCommand: CliCommand = {
  summary: 'Generate the demo workspace (MLflow stores, DVC project with git history, drift data) into a folder',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { seed: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean' } },
    });
    if (values.help) {
      io.out('usage: mlops demo FOLDER [--seed N] [--json]');
      return 0;
    }
    const target = positionals[0];
    if (!target || positionals.length > 1) throw new UsageError('expected one FOLDER. Usage: mlops demo FOLDER [--seed N]');
    const seed = values.seed === undefined ? DEFAULT_DEMO_SEED : Number(values.seed);
    if (!Number.isInteger(seed)) throw new UsageError(`--seed must be an integer, got '${values.seed}'`);
    const summary = generateDemoWorkspace(resolve(io.cwd, target), seed);
    io.out(
      values.json
        ? JSON.stringify(summary)
        : `demo workspace in ${summary.folder}: ${summary.experiments} experiments, ${summary.runs} runs in mlflow.db, ${summary.fileStoreRuns} in mlruns/`,
    );
    return 0;
  },
};
