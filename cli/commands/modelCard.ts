// `mlops model-card NAME [VERSION] [--policy FILE] [--registry-uri URI]`: one model version as the notebook card
// shows it (core/registry/versionCard.ts), as JSON: stage, aliases, the run's latest metrics, the next stage on
// MLflow's ladder and the gate for it. VERSION defaults to the newest. The Python magics print this as the card.
import { parseArgs } from 'node:util';
import { newestVersion } from '../../core/registry/registry';
import { buildVersionCard } from '../../core/registry/versionCard';
import { type CliCommand, UsageError } from '../command';
import { openTarget, promotionContext, REGISTRY_URI_OPTION, readPolicy } from './registryTarget';

const USAGE = 'usage: mlops model-card NAME [VERSION] [--policy FILE] [--registry-uri URI]';

export const modelCardCommand: CliCommand = {
  summary: 'Print one model version as the notebook card shows it (JSON: stage, metrics, gate for the next stage)',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { ...REGISTRY_URI_OPTION, policy: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    const [name, version] = positionals;
    if (!name || positionals.length > 2) throw new UsageError(`NAME is required, VERSION optional.\n${USAGE}`);
    const { policy } = readPolicy(values.policy, io);
    const target = openTarget(values['registry-uri'], io);
    try {
      const ctx = promotionContext(target, policy, io);
      const chosen = version ?? newestVersion(name, await ctx.registry.listVersions(name)).version;
      io.out(JSON.stringify(await buildVersionCard(ctx.registry, ctx.metrics, ctx.policy, name, chosen), null, 2));
      return 0;
    } finally {
      target.registry.close();
    }
  },
};
