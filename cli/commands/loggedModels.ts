// `mlops logged-models`: MLflow 3 logged models of the experiments (or of one run), with status, metrics (and the
// dataset each was computed on), params and tags; JSON {"models": [...]} or a table.
import { parseArgs } from 'node:util';
import type { LoggedModel, LoggedModelStore } from '../../core/loggedModels/loggedModel';
import { loggedModelToJson } from '../../core/loggedModels/loggedModelWire';
import type { CliCommand } from '../command';
import { formatNumber, formatTime, printTable } from '../table';
import { experimentIdsFor, finishServices, openServices } from './trackingFlags';

const HELP = `usage: mlops logged-models [--tracking-uri URI] [--experiment NAME_OR_ID]... [--run RUN_ID] [--json]

Lists MLflow 3 logged models (m-…), newest first, of every active experiment unless --experiment is given;
--run keeps the models one run produced. --json prints {"models": [{"model_id", "name", "experiment_id",
"source_run_id", "status", "creation_timestamp_ms", "metrics": [{"key", "value", "step", "dataset_name"}],
"params", "tags"}]}.`;

export const loggedModelsCommand: CliCommand = {
  summary: 'list MLflow 3 logged models with their metrics, params and tags',
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        'tracking-uri': { type: 'string' },
        experiment: { type: 'string', multiple: true },
        run: { type: 'string' },
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
      const experimentIds = await experimentIdsFor(services, values.experiment);
      const store = services.loggedModels;
      const models = values.run
        ? (await Promise.all(experimentIds.map((id) => store.modelsOfRun(values.run!, id)))).flat()
        : await allModels(store, experimentIds);
      if (values.json) {
        io.out(JSON.stringify({ models: models.map(loggedModelToJson) }, null, 2));
        return 0;
      }
      await printTable(
        io,
        [
          { header: 'MODEL ID', cell: (m) => m.modelId },
          { header: 'NAME', cell: (m) => m.name },
          { header: 'STATUS', cell: (m) => m.status.replace('LOGGED_MODEL_', '') },
          { header: 'RUN', cell: (m) => m.sourceRunId ?? '' },
          { header: 'CREATED', cell: (m) => formatTime(m.creationTimestampMs) },
          { header: 'METRICS', cell: (m) => m.metrics.map((x) => `${x.key}=${formatNumber(x.value)}${x.datasetName ? `(${x.datasetName})` : ''}`).join(' ') },
        ],
        models,
      );
      return 0;
    } finally {
      await finishServices(services, io, [services.loggedModels]);
    }
  },
};

async function allModels(store: LoggedModelStore, experimentIds: string[]): Promise<LoggedModel[]> {
  const models: LoggedModel[] = [];
  let pageToken: string | undefined;
  do {
    const page = await store.searchLoggedModels({ experimentIds, pageToken });
    models.push(...page.items);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return models;
}
