// `mlops runs`: search runs with MLflow's filter and order_by; JSON in MLflow's runs/search shape, with the
// latest value per metric.
import { parseArgs } from 'node:util';
import { csvField } from '../../core/format/csv';
import { type CsvColumn, parseCsvColumns, runsCsvRows } from '../../core/runsTable/columnsCsv';
import { SearchSyntaxError } from '../../core/tracking/search/filter';
import { collectRuns, findExperiments, listExperiments } from '../../core/tracking/query';
import { runToWire } from '../../core/tracking/rest/wire';
import { type CliCommand, UsageError } from '../command';
import { printJsonList, printLines } from '../streamedOutput';
import { formatNumber, formatTime, printTable } from '../table';
import { finish, openStore, TRACKING_FLAGS, viewType } from './trackingFlags';

const HELP = `usage: mlops runs [--tracking-uri URI] [--experiment NAME_OR_ID]... [--filter F] [--order-by O]...
                  [--max-results N] [--view active|deleted|all] [--json | --format table|json|csv [--columns C,...]]

Searches runs (all experiments unless --experiment is given). --filter and --order-by use MLflow's grammar,
e.g. --filter "metrics.acc > 0.9 and params.model = 'lr'" --order-by "metrics.acc DESC".
Without --max-results every matching run is returned.
--format csv --columns params.lr,metrics.loss,tags.team prints run_id and those columns as given (a metric is its
latest value, an absent value is empty), as the runs table exports them.`;

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
        format: { type: 'string' },
        columns: { type: 'string' },
      },
      strict: true,
    });
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    const view = viewType(values.view);
    const limit = maxResults(values['max-results']);
    const format = outputFormat(values.format, values.json);
    const columns = csvColumns(format, values.columns);
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
      if (format === 'json') {
        await printJsonList(io, 'runs', runs.map(runToWire));
        return 0;
      }
      if (columns) {
        // `\n` line ends for a terminal (files written by the runs table use CRLF); streamed like every long output.
        await printLines(io, runsCsvRows(runs, columns), (row) => row.map(csvField).join(','));
        return 0;
      }
      const names = new Map(experiments.map((e) => [e.experimentId, e.name]));
      await printTable(
        io,
        [
          { header: 'RUN ID', cell: (r) => r.info.runId },
          { header: 'NAME', cell: (r) => r.info.runName },
          { header: 'EXPERIMENT', cell: (r) => names.get(r.info.experimentId) ?? r.info.experimentId },
          { header: 'STATUS', cell: (r) => r.info.status },
          { header: 'STARTED', cell: (r) => formatTime(r.info.startTime) },
          { header: 'METRICS', cell: (r) => r.data.metrics.map((m) => `${m.key}=${formatNumber(m.value)}`).join(' ') },
        ],
        runs,
      );
      return 0;
    } finally {
      await finish(resolved, io);
    }
  },
};

function outputFormat(format: string | undefined, json: boolean | undefined): 'table' | 'json' | 'csv' {
  if (json && format && format !== 'json') throw new UsageError(`--json and --format ${format} ask for two outputs: give one.`);
  if (json) return 'json';
  const chosen = format ?? 'table';
  if (chosen !== 'table' && chosen !== 'json' && chosen !== 'csv') throw new UsageError(`--format must be table, json or csv (got '${chosen}').`);
  return chosen;
}

function csvColumns(format: string, columns: string | undefined): CsvColumn[] | undefined {
  if (format !== 'csv') {
    if (columns !== undefined) throw new UsageError('--columns goes with --format csv.');
    return undefined;
  }
  if (columns === undefined) throw new UsageError('--format csv needs --columns, e.g. --columns params.lr,metrics.loss,tags.team');
  try {
    return parseCsvColumns(columns);
  } catch (error) {
    if (error instanceof SearchSyntaxError) throw new UsageError(`--columns: ${error.message}`);
    throw error;
  }
}

function maxResults(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--max-results must be a positive integer (got '${value}').`);
  return n;
}
