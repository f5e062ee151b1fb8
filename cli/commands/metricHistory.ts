// `mlops metric-history`: every logged value of one metric of one run, as MLflow's metrics/get-history JSON
// (NaN and infinities as the strings "NaN", "Infinity", "-Infinity") or a table.
import { parseArgs } from 'node:util';
import { metricToWire } from '../../core/tracking/rest/wire';
import { type CliCommand, UsageError } from '../command';
import { printJsonList } from '../streamedOutput';
import { formatNumber, formatTime, printTable } from '../table';
import { finish, openStore, TRACKING_FLAGS } from './trackingFlags';

const HELP = `usage: mlops metric-history [--tracking-uri URI] --run-id ID --key K [--json]

Prints every logged value of metric K of run ID, in logging order.`;

export const metricHistoryCommand: CliCommand = {
  summary: 'Print the full history of one metric of a run',
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: { ...TRACKING_FLAGS, 'run-id': { type: 'string' }, key: { type: 'string' } },
      strict: true,
    });
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    const runId = values['run-id'];
    const key = values.key;
    if (!runId || !key) throw new UsageError(`--run-id and --key are required.\n${HELP}`);
    const resolved = openStore(values['tracking-uri'], io);
    try {
      const history = await resolved.store.getMetricHistory(runId, key);
      if (values.json) {
        await printJsonList(io, 'metrics', history.map(metricToWire));
      } else {
        await printTable(
          io,
          [
            { header: 'STEP', cell: (m) => String(m.step) },
            { header: 'TIMESTAMP', cell: (m) => formatTime(m.timestamp) },
            { header: 'VALUE', cell: (m) => formatNumber(m.value) },
          ],
          history,
        );
      }
      return 0;
    } finally {
      await finish(resolved, io);
    }
  },
};
