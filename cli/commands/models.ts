// `mlops models [--registry-uri URI] [--prompts] [--json]`: registered models (or prompts) with their latest
// version per stage and aliases. --json prints MLflow's REST shape, {"registered_models": [...]}.
import { parseArgs } from 'node:util';
import { latestPerStage, splitPrompts } from '../../core/registry/registry';
import { modelToWire } from '../../core/registry/restWire';
import { visible, visibleText } from '../../core/format/visibleText';
import type { CliCommand } from '../command';
import { openTarget, REGISTRY_URI_OPTION } from './registryTarget';

export const modelsCommand: CliCommand = {
  summary: 'List registered models (or --prompts) of the MLflow registry',
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: { ...REGISTRY_URI_OPTION, json: { type: 'boolean' }, prompts: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      io.out('usage: mlops models [--registry-uri URI] [--prompts] [--json]\nThe registry URI defaults to MLFLOW_REGISTRY_URI, then the tracking URI.');
      return 0;
    }
    const target = openTarget(values['registry-uri'], io);
    try {
      const all = splitPrompts(await target.registry.listModels());
      const models = values.prompts ? all.prompts : all.models;
      const versions = await target.registry.listVersions();
      const latest = (name: string) => latestPerStage(versions.filter((v) => v.name === name));
      if (values.json) {
        io.out(JSON.stringify({ registered_models: models.map((m) => modelToWire(m, latest(m.name))) }, null, 2));
        return 0;
      }
      if (models.length === 0) io.out(values.prompts ? 'No prompts.' : 'No registered models.');
      for (const model of models) {
        const stages = latest(model.name).map((v) => visible`${v.stage}: v${v.version}`);
        const aliases = Object.keys(model.aliases)
          .sort()
          .map((a) => visible`@${a}=v${model.aliases[a]}`);
        io.out([visibleText(model.name), stages.join(', ') || '(no versions)', aliases.join(' ')].filter(Boolean).join('  '));
      }
      return 0;
    } finally {
      target.registry.close();
    }
  },
};
