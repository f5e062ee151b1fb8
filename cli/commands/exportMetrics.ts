// `mlops export-metrics [--registry-uri URI] [--model NAME]`: the registry's versions and stages and the Production
// version's metrics in Prometheus's text format, printed, written atomically (--out) or pushed (--push-gateway).
import { parseArgs } from 'node:util';
import { addRegistryMetrics, MetricSet } from '../../core/prometheus';
import { type CliCommand, type ExitCode, UsageError } from '../command';
import { emitMetrics } from './metricsOutput';
import { openTarget, REGISTRY_URI_OPTION } from './registryTarget';

const HELP = `usage: mlops export-metrics [--registry-uri URI] [--model NAME] [--out FILE] [--push-gateway URL --job NAME [--label K=V]...]`;

export const exportMetricsCommand: CliCommand = {
  summary: "Registered models' stages and versions and the Production version's metrics for Prometheus",
  async run(args, io): Promise<ExitCode> {
    const { values } = parseArgs({
      args,
      options: {
        ...REGISTRY_URI_OPTION,
        model: { type: 'string' },
        out: { type: 'string' },
        'push-gateway': { type: 'string' },
        job: { type: 'string' },
        label: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    if (values['push-gateway'] && !values.job) throw new UsageError('--push-gateway needs --job NAME');
    const labels = (values.label ?? []).map((l): [string, string] => {
      const at = l.indexOf('=');
      if (at <= 0) throw new UsageError(`--label needs NAME=VALUE, got '${l}'`);
      return [l.slice(0, at), l.slice(at + 1)];
    });
    const target = openTarget(values['registry-uri'], io);
    try {
      const metrics = new MetricSet();
      await addRegistryMetrics(metrics, target.registry, target.services.runMetrics, values.model);
      const ok = await emitMetrics(io, metrics, { out: values.out, pushGateway: values['push-gateway'], job: values.job, labels });
      return ok ? 0 : 2;
    } finally {
      target.registry.close();
    }
  },
};
