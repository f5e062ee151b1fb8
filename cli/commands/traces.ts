// `mlops traces`: search MLflow 3 traces with MLflow's trace filter and order_by; JSON in MLflow's REST v3 shape
// ({"traces": [TraceInfoV3], "next_page_token"}), or a table.
import { parseArgs } from 'node:util';
import { type SearchTracesRequest, SEARCH_TRACES_DEFAULT_MAX_RESULTS } from '../../core/traces/trace';
import { summarizeTrace } from '../../core/traces/tracePresentation';
import { traceInfoToWire } from '../../core/traces/traceWire';
import { type CliCommand, UsageError } from '../command';
import { formatTime, printTable } from '../table';
import { experimentIdsFor, finishServices, openServices } from './trackingFlags';

const HELP = `usage: mlops traces [--tracking-uri URI] [--experiment NAME_OR_ID]... [--filter F] [--order-by O]...
                    [--max-results N] [--page-token T] [--json]

Searches traces (all active experiments unless --experiment is given), newest first. --filter and --order-by use
MLflow's trace grammar, e.g. --filter "attributes.status = 'ERROR' AND tags.env = 'prod'"
--filter "attributes.execution_time_ms > 1000" --filter "span.type = 'RETRIEVER'" --order-by "attributes.timestamp_ms ASC".
One page of --max-results traces (MLflow's default: 100); the next page with --page-token.`;

export const tracesCommand: CliCommand = {
  summary: "search MLflow 3 traces with MLflow's trace filter and order_by",
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        'tracking-uri': { type: 'string' },
        experiment: { type: 'string', multiple: true },
        filter: { type: 'string' },
        'order-by': { type: 'string', multiple: true },
        'max-results': { type: 'string' },
        'page-token': { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    });
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    const services = openServices(values['tracking-uri'], io);
    try {
      const request: SearchTracesRequest = {
        experimentIds: await experimentIdsFor(services, values.experiment),
        filter: values.filter,
        orderBy: values['order-by'] ?? [],
        maxResults: pageSize(values['max-results']),
        pageToken: values['page-token'],
      };
      const page = await services.traces.searchTraces(request);
      if (values.json) {
        io.out(JSON.stringify({ traces: page.items.map(traceInfoToWire), next_page_token: page.nextPageToken ?? null }, null, 2));
        return 0;
      }
      const rows = page.items.map((info) => summarizeTrace(info, 60));
      await printTable(
        io,
        [
          { header: 'TRACE ID', cell: (t) => t.traceId },
          { header: 'NAME', cell: (t) => t.name },
          { header: 'STATE', cell: (t) => t.state },
          { header: 'LATENCY', cell: (t) => t.latency, align: 'right' },
          { header: 'TIME', cell: (t) => formatTime(t.requestTime) },
          { header: 'TOKENS', cell: (t) => (t.totalTokens === null ? '' : String(t.totalTokens)), align: 'right' },
          { header: 'REQUEST', cell: (t) => t.request },
        ],
        rows,
      );
      if (page.nextPageToken) io.out(`more traces: --page-token ${page.nextPageToken}`);
      return 0;
    } finally {
      await finishServices(services, io, [services.traces]);
    }
  },
};

function pageSize(value: string | undefined): number {
  if (value === undefined) return SEARCH_TRACES_DEFAULT_MAX_RESULTS;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--max-results must be a positive integer (got '${value}').`);
  return n;
}
