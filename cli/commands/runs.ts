// `mlops runs`: search runs with MLflow's filter and order_by; JSON in MLflow's runs/search shape, with the
// latest value per metric.
import { parseArgs } from 'node:util';
import { collectRuns, findExperiments, listExperiments } from '../../core/tracking/query';
import { runToWire } from '../../core/tracking/rest/wire';
import { type CliCommand, UsageError } from '../command';
import { formatNumber, formatTable, formatTime } from '../table';
import { finish, openStore, TRACKING_FLAGS, viewType } from './trackingFlags';

const HELP = `usage: mlops runs [--tracking-uri URI] [--experiment NAME_OR_ID]... [--filter F] [--order-by O]...
                  [--max-results N] [--view active|deleted|all] [--json]

Searches runs (all experiments unless --experiment is given). --filter and --order-by use MLflow's grammar,
e.g. --filter "metrics.acc > 0.9 and params.model = 'lr'" --order-by "metrics.acc DESC".
Without --max-results every matching run is returned.`;

export const runsCommand: CliCommand = {
  summary: "search MLflow runs with MLflow's filter and order_by",
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        ...TRACKING_FLAGS,
        experiment: { type: 'string', multiple: true },
        filter: { type: 'string' },
        'order-by': { type: 'string', multiple: true },
        'max-results': { type: 'string' },
      },
      strict: true,
    });
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    const view = viewType(values.view);
    const limit = maxResults(values['max-results']);
    const resolved = openStore(values['tracking-uri'], io);
    try {
      const { store } = resolved;
      const experiments = values.experiment?.length
        ? await findExperiments(store, values.experiment)
        : await listExperiments(store, 'active');
      const request = {
        experimentIds: experiments.map((e) => e.experimentId),
        filter: values.filter,
        orderBy: values['order-by'] ?? [],
        viewType: view,
      };
      const runs = experiments.length === 0 ? [] : await collectRuns(store, request, limit);
      if (values.json) {
        io.out(JSON.stringify({ runs: runs.map(runToWire) }, null, 2));
        return 0;
      }
      const names = new Map(experiments.map((e) => [e.experimentId, e.name]));
      io.out(
        formatTable(
          ['RUN ID', 'NAME', 'EXPERIMENT', 'STATUS', 'STARTED', 'METRICS'],
          runs.map((r) => [
            r.info.runId,
            r.info.runName,
            names.get(r.info.experimentId) ?? r.info.experimentId,
            r.info.status,
            formatTime(r.info.startTime),
            r.data.metrics.map((m) => `${m.key}=${formatNumber(m.value)}`).join(' '),
          ]),
        ),
      );
      return 0;
    } finally {
      await finish(resolved, io);
    }
  },
};

function maxResults(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--max-results must be a positive integer (got '${value}').`);
  return n;
}
