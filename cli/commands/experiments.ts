// `mlops experiments`: the experiments of a tracking store, as MLflow's experiments/search JSON or a table.
import { parseArgs } from 'node:util';
import { listExperiments } from '../../core/tracking/query';
import { experimentToWire } from '../../core/tracking/rest/wire';
import type { CliCommand } from '../command';
import { formatTime, printTable } from '../table';
import { finish, openStore, TRACKING_FLAGS, viewType } from './trackingFlags';

const HELP = `usage: mlops experiments [--tracking-uri URI] [--view active|deleted|all] [--json]

Lists experiments. --tracking-uri defaults to MLFLOW_TRACKING_URI, then mlflow.db or mlruns/ in this folder.
--json prints {"experiments": [...]} in MLflow's REST shape.`;

export const experimentsCommand: CliCommand = {
  summary: 'List MLflow experiments (file store, mlflow.db or tracking server)',
  async run(args, io) {
    const { values } = parseArgs({ args, options: TRACKING_FLAGS, strict: true });
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    const view = viewType(values.view);
    const resolved = openStore(values['tracking-uri'], io);
    try {
      const experiments = await listExperiments(resolved.store, view);
      if (values.json) {
        io.out(JSON.stringify({ experiments: experiments.map(experimentToWire) }, null, 2));
      } else {
        await printTable(
          io,
          [
            { header: 'ID', cell: (e) => e.experimentId },
            { header: 'NAME', cell: (e) => e.name },
            { header: 'STAGE', cell: (e) => e.lifecycleStage },
            { header: 'CREATED', cell: (e) => formatTime(e.creationTime) },
          ],
          experiments,
        );
      }
      return 0;
    } finally {
      await finish(resolved, io);
    }
  },
};
