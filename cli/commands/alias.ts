// `mlops alias set NAME ALIAS VERSION` / `mlops alias delete NAME ALIAS`: move or remove a model alias.
import { parseArgs } from 'node:util';
import { type CliCommand, UsageError } from '../command';
import { openTarget, REGISTRY_URI_OPTION } from './registryTarget';

const USAGE = 'usage: mlops alias set NAME ALIAS VERSION [--registry-uri URI]\n       mlops alias delete NAME ALIAS [--registry-uri URI]';

export const aliasCommand: CliCommand = {
  summary: 'Set or delete a registered model alias (e.g. champion)',
  async run(args, io) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { ...REGISTRY_URI_OPTION, help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    const [action, name, alias, version] = positionals;
    const arity = action === 'set' ? 4 : action === 'delete' ? 3 : -1;
    if (arity < 0 || positionals.length !== arity) throw new UsageError(`expected 'set NAME ALIAS VERSION' or 'delete NAME ALIAS'.\n${USAGE}`);
    const target = openTarget(values['registry-uri'], io);
    try {
      if (action === 'set') {
        await target.registry.setAlias(name!, alias!, version!);
        io.out(`${name}@${alias} → version ${version}`);
      } else {
        await target.registry.deleteAlias(name!, alias!);
        io.out(`${name}@${alias} deleted`);
      }
      return 0;
    } finally {
      target.registry.close();
    }
  },
};
