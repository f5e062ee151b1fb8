// `mlops gate NAME VERSION --stage STAGE [--policy FILE] [--require METRIC=">=X"]... [--format text|json|github|markdown]`:
// evaluates the promotion gate without promoting. Exit 0 when every check passes, 1 when one fails, 2 on usage or
// store errors — the contract of the seed's check_performance_gate.py.
import { parseArgs } from 'node:util';
import { evaluateGate, resolveVersionName } from '../../core/registry/gate';
import { formatGate, GATE_FORMATS, type GateFormat } from '../../core/registry/gateReport';
import { parseRequirementFlag } from '../../core/registry/policy';
import { effectivePolicy } from '../../core/registry/promotion';
import { type CliCommand, UsageError } from '../command';
import { openTarget, promotionContext, REGISTRY_URI_OPTION, readPolicy } from './registryTarget';

const USAGE = 'usage: mlops gate NAME VERSION|latest --stage STAGE [--policy FILE] [--require METRIC=">=X"]... [--format text|json|github|markdown] [--registry-uri URI]';

export const gateCommand: CliCommand = {
  summary: 'Check a model version against the promotion gate (exit 0 pass, 1 fail)',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        ...REGISTRY_URI_OPTION,
        stage: { type: 'string' },
        policy: { type: 'string' },
        require: { type: 'string', multiple: true },
        format: { type: 'string', default: 'text' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    const [name, version] = positionals;
    if (!name || !version || positionals.length !== 2 || !values.stage) throw new UsageError(`NAME, VERSION and --stage are required.\n${USAGE}`);
    const format = values.format as GateFormat;
    if (!GATE_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${GATE_FORMATS.join(', ')}, not '${values.format}'.`);
    let extra: ReturnType<typeof parseRequirementFlag>[];
    try {
      extra = (values.require ?? []).map(parseRequirementFlag);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const { policy, file } = readPolicy(values.policy, io);
    const target = openTarget(values['registry-uri'], io);
    try {
      const ctx = promotionContext(target, policy, io);
      const gate = await evaluateGate({
        registry: target.registry,
        metrics: ctx.metrics,
        model: name,
        version: await resolveVersionName(target.registry, name, version),
        stage: values.stage,
        policy: effectivePolicy(policy, name, values.stage, extra),
      });
      io.out(formatGate(gate, format, file));
      return gate.passed ? 0 : 1;
    } finally {
      target.registry.close();
    }
  },
};
