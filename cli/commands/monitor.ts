// `mlops monitor --reference REF BATCH...`: drift and quality per batch against one reference read once; a retrain
// rule (flags or drift.yaml `retrain:`) exits 1 when it fires, naming the part that fired.
import { basename, resolve } from 'node:path';
import { DriftInputError, toReportJson } from '../../core/drift';
import { expandBatches } from '../../core/monitor/batchFiles';
import { runMonitor } from '../../core/monitor/monitorRunner';
import { decideRetrain, parseRetrainRule, type RetrainRule } from '../../core/monitor/retrainRule';
import { addDriftMetrics, MetricSet } from '../../core/prometheus';
import { type CliCommand, type ExitCode, UsageError } from '../command';
import { DRIFT_FLAGS_HELP, numberFlag, parseDriftFlags, withConfig } from './driftFlags';
import { emitMetrics } from './metricsOutput';
import { openTarget } from './registryTarget';

const HELP = `usage: mlops monitor --reference REF [BATCH|GLOB...] [options]

One drift and quality result per batch (files or globs; else drift.yaml \`batches:\`), the reference read once.

options:
  --reference FILE              the reference data (else drift.yaml reference)
  --retrain-share-above X       retrain when the latest batch's drifted share is above X
  --retrain-after N             retrain when the last N batches in a row drifted
  --model NAME --metric M --observed V --max-drop Y
                                retrain when V is below the Production version's registered M by more than Y
  --registry-uri URI            the registry for --model (default as mlops models)
${DRIFT_FLAGS_HELP}`;

const OWN = {
  reference: { type: 'string' },
  'retrain-share-above': { type: 'string' },
  'retrain-after': { type: 'string' },
  model: { type: 'string' },
  metric: { type: 'string' },
  observed: { type: 'string' },
  'max-drop': { type: 'string' },
  'registry-uri': { type: 'string' },
} as const;

export const monitorCommand: CliCommand = {
  summary: 'Drift and quality per batch against one reference; exit 1 when the retrain rule fires',
  async run(args, io): Promise<ExitCode> {
    const flags = parseDriftFlags(args, OWN);
    if (flags === 'help') {
      io.out(HELP);
      return 0;
    }
    const job = withConfig(flags, io.cwd);
    if (job.format === 'markdown') throw new UsageError('--format markdown is for mlops drift and mlops gate; mlops monitor prints text, json or prometheus');
    const own = (name: keyof typeof OWN) => job.extra.get(name)?.at(-1);
    const reference = own('reference') ? resolve(io.cwd, own('reference')!) : job.loaded?.reference;
    if (!reference) throw new UsageError('give --reference FILE (or reference: in --config drift.yaml)');
    const patterns = job.positionals.length ? job.positionals.map((p) => resolve(io.cwd, p)) : (job.loaded?.batches ?? []);
    if (!patterns.length) throw new UsageError('give batch files or globs (or batches: in --config drift.yaml)');
    const fromConfig = job.loaded?.retrain ? parseRetrainRule(job.loaded.retrain.value, job.loaded.retrain.where) : {};
    const rule: RetrainRule = {
      driftShareAbove: own('retrain-share-above') !== undefined ? numberFlag('--retrain-share-above', own('retrain-share-above'), 0, 1) : fromConfig.driftShareAbove,
      consecutiveDriftingBatches: own('retrain-after') !== undefined ? numberFlag('--retrain-after', own('retrain-after'), 1, 1e6) : fromConfig.consecutiveDriftingBatches,
    };
    const model = own('model') ?? fromConfig.metric?.model;
    const metricName = own('metric') ?? fromConfig.metric?.name;
    const maxDrop = own('max-drop') !== undefined ? numberFlag('--max-drop', own('max-drop'), 0, Number.MAX_VALUE) : fromConfig.metric?.maxDrop;
    if (own('observed') !== undefined) {
      if (!model || !metricName || maxDrop === undefined) throw new UsageError('--observed needs --model, --metric and --max-drop (or retrain: model, metric, max_metric_drop)');
      rule.metric = { model, name: metricName, maxDrop, observed: numberFlag('--observed', own('observed'), -Number.MAX_VALUE, Number.MAX_VALUE) };
    }
    let batches: ReturnType<typeof expandBatches>;
    try {
      batches = expandBatches(patterns);
    } catch (error) {
      io.err(`mlops monitor: ${(error as Error).message}`);
      return 2;
    }
    let results: Awaited<ReturnType<typeof runMonitor>>;
    try {
      results = await runMonitor(reference, batches, { ...job.options, threads: job.threads, quality: true });
    } catch (error) {
      if (!(error instanceof DriftInputError)) throw error;
      io.err(`mlops monitor: ${error.message}`);
      return 2;
    }
    const named = results.map((r) => ({ name: basename(r.path), report: r.report }));
    let registered: number | undefined;
    if (rule.metric) registered = await registeredMetric(own('registry-uri'), io, rule.metric.model, rule.metric.name);
    const decision = decideRetrain(rule, named, registered);
    if (job.format === 'json') {
      const json = named.map(({ name, report }) => ({
        name,
        rows: report.rows_current,
        dataset_drift: report.dataset_drift,
        share_of_drifted_columns: report.share_of_drifted_columns,
        columns: toReportJson(report).columns,
        quality: report.quality,
      }));
      io.out(JSON.stringify({ batches: json, retrain: decision.retrain, fired: decision.fired }, null, 2));
    } else if (job.format === 'prometheus') {
      const metrics = new MetricSet();
      for (const { name, report } of named) addDriftMetrics(metrics, report, { batch: name });
      metrics.add('mlops_retrain', 'Whether the retrain rule fired (1) or not (0)', {}, decision.retrain ? 1 : 0);
      if (!(await emitMetrics(io, metrics, job))) return 2;
    } else {
      for (const { name, report } of named) {
        const drifted = report.columns.filter((c) => c.drift_detected).map((c) => c.column_name);
        io.out(`${name}: ${report.rows_current} rows, ${report.dataset_drift ? 'DRIFT' : 'no drift'}, share ${report.share_of_drifted_columns.toFixed(3)}${drifted.length ? ` (${drifted.join(', ')})` : ''}`);
      }
    }
    for (const line of decision.fired) io.err(`mlops monitor: retrain: ${line}`);
    return decision.retrain ? 1 : 0;
  },
};

async function registeredMetric(uri: string | undefined, io: Parameters<CliCommand['run']>[1], model: string, metric: string): Promise<number> {
  const target = openTarget(uri, io);
  try {
    const versions = (await target.registry.listVersions(model)).filter((v) => v.stage === 'Production');
    const production = versions.sort((a, b) => Number(b.version) - Number(a.version))[0];
    if (!production) throw new UsageError(`model '${model}' has no Production version to compare ${metric} with`);
    const value = (await target.services.runMetrics.latestMetrics(production.runId))[metric];
    if (value === undefined) throw new UsageError(`${model} v${production.version}'s run has no metric '${metric}'`);
    return value;
  } finally {
    target.registry.close();
  }
}
