// `mlops model-versions [--registry-uri URI] [--name NAME] [--json]`: versions newest first, with stage, aliases and
// run. --json prints MLflow's REST shape, {"model_versions": [...]}.
import { parseArgs } from 'node:util';
import { versionToWire } from '../../core/registry/restWire';
import { visible, visibleText } from '../../core/format/visibleText';
import type { CliCommand } from '../command';
import { printLines } from '../streamedOutput';
import { openTarget, REGISTRY_URI_OPTION } from './registryTarget';

export const modelVersionsCommand: CliCommand = {
  summary: 'List model versions (stage, aliases, run) of one or all registered models',
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: { ...REGISTRY_URI_OPTION, name: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      io.out('usage: mlops model-versions [--registry-uri URI] [--name NAME] [--json]');
      return 0;
    }
    const target = openTarget(values['registry-uri'], io);
    try {
      const versions = await target.registry.listVersions(values.name);
      if (values.json) {
        io.out(JSON.stringify({ model_versions: versions.map(versionToWire) }, null, 2));
        return 0;
      }
      if (versions.length === 0) io.out('No model versions.');
      await printLines(io, versions, (v) => {
        const aliases = v.aliases.map((a) => visible`@${a}`).join(' ');
        return [visible`${v.name} v${v.version}`, visibleText(v.stage), aliases, v.runId ? visible`run ${v.runId}` : ''].filter(Boolean).join('  ');
      });
      return 0;
    } finally {
      target.registry.close();
    }
  },
};
