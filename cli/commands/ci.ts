// `mlops ci init [--provider github] [--force] [--dry-run]`: writes .github/workflows/mlops.yml fitted to the
// working directory (core/ci). Exit 1 when a different workflow is already there and --force is not given.
import { parseArgs } from 'node:util';
import { CI_PROVIDERS, type CiProvider, CiWorkflowExistsError, planCiWorkflow, writeCiWorkflow } from '../../core/ci/ciInit';
import { describeTrainingEntry } from '../../core/ci/workspaceScan';
import { type CliCommand, UsageError } from '../command';
import { CLI_VERSION } from '../version';

const USAGE = `usage: mlops ci init [--provider github] [--force] [--dry-run]

Writes .github/workflows/mlops.yml for the workspace in the current folder: validate, data status, the training
entry it finds, the promotion gate and promotion on main, and a scheduled drift check that triggers retraining.
  --force     replace an existing, different workflow file
  --dry-run   print the workflow instead of writing it`;

export const ciCommand: CliCommand = {
  summary: 'Write a GitHub Actions workflow (validate, train, gate, promote, drift → retrain) for this workspace',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        provider: { type: 'string', default: 'github' },
        force: { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    if (positionals[0] !== 'init' || positionals.length !== 1) throw new UsageError(`expected 'init'.\n${USAGE}`);
    const provider = values.provider as CiProvider;
    if (!CI_PROVIDERS.includes(provider)) throw new UsageError(`--provider must be one of ${CI_PROVIDERS.join(', ')}, not '${values.provider}'.`);
    const plan = planCiWorkflow(io.cwd, CLI_VERSION, provider);
    if (values['dry-run']) {
      io.out(plan.content);
      return 0;
    }
    try {
      const outcome = writeCiWorkflow(plan, values.force ?? false);
      io.out(outcome === 'unchanged' ? `${plan.relativePath} is already up to date.` : `wrote ${plan.relativePath}`);
    } catch (error) {
      if (!(error instanceof CiWorkflowExistsError)) throw error;
      io.err(`mlops ci: ${plan.relativePath} already exists and differs from the workflow this workspace gets. Compare with \`mlops ci init --dry-run\`, then re-run with --force to replace it.`);
      return 1;
    }
    io.out(`training entry: ${describeTrainingEntry(plan.scan.training)}`);
    if (plan.scan.promotion) io.out(`gate: ${plan.scan.promotion.model} → ${plan.scan.promotion.stage} (.mlops/promotion.yaml)`);
    io.out('Add the repository secrets MLFLOW_TRACKING_URI and MLFLOW_TRACKING_TOKEN (Settings → Secrets and variables → Actions).');
    return 0;
  },
};
