// biome-ignore-all lint/suspicious/noTemplateCurlyInString: W&B's command macros are written ${args}
// A W&B sweep configuration (sweep.yaml), checked with the rules of wandb/sweeps (see sweepSchema.ts for the
// version). Severity follows what W&B does with a finding: `wandb sweep` prints schema violations as warnings
// ("Malformed sweep config detected!") and creates the sweep, whose controller then refuses the config
// (SweepConfig raises) — an error here; deprecated distributions are reported as warnings by W&B's own tests and
// still run — a warning; a metric no local run has logged is a hint.
import { dirname, relative } from 'node:path';
import { nearestName } from '../rules/placeholders';
import { type ParsedDocument, type PathSegment, rangeAtPath } from '../document';
import type { PipelineDiagnostic } from '../types';
import type { ValidationContext } from '../workspace';
import { checkField, checkKnownKeys, checkRequired, isMapping, replaceValueFix, report, type SweepCheck } from './fieldCheck';
import { checkParameters, type SweepParameter } from './parameters';
import { floatPaths } from './pythonValues';
import { COMMAND_MACROS, EARLY_TERMINATE_KEYS, METRIC_KEYS, TOP_KEYS } from './sweepSchema';

export function validateSweep(doc: ParsedDocument, files: ValidationContext): PipelineDiagnostic[] {
  const check: SweepCheck = { doc, floats: floatPaths(doc), out: [] };
  const config = doc.value;
  const start = doc.toRange(0, 0);
  // wandb/sdk/launch/sweeps/utils.py load_sweep_config and cfg.py schema_violations_from_proposed_config.
  if (config === null || config === undefined) return [{ severity: 'error', code: 'wandb-sweep-empty', message: 'Configuration file is empty', range: start }];
  if (!isMapping(config)) return [{ severity: 'error', code: 'wandb-sweep-type', message: 'Sweep config must be parsable as a JSON object.', range: start }];
  checkTopLevel(check, config);
  const parameters = isMapping(config.parameters) ? checkParameters(check, config.parameters, ['parameters']) : [];
  checkMethod(check, config, parameters);
  if (isMapping(config.metric)) checkMetricName(check, config.metric, files);
  // In document order, as an editor's problem list and `mlops validate` show them.
  return check.out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

function checkTopLevel(check: SweepCheck, config: Record<string, unknown>): void {
  if (!('method' in config)) {
    const first = Object.keys(config)[0];
    const methods = ['bayes', 'random', 'grid'];
    const insertAt = check.doc.toRange(0, 0);
    const fixes = methods.map((m) => ({ title: `Add 'method: ${m}'`, edits: [{ path: check.doc.path, range: insertAt, newText: `method: ${m}\n` }] }));
    report(check, first === undefined ? [] : [first], 'key', 'missing-key', "'method' is a required property", 'error', fixes);
  }
  checkKnownKeys(check, config, Object.keys(TOP_KEYS), []);
  for (const [key, spec] of Object.entries(TOP_KEYS)) if (key in config) checkField(check, config[key], spec, [key]);
  const scheduler = config.scheduler;
  const hasSearchSpace = isMapping(scheduler) && Boolean(scheduler.search_space);
  if (!('parameters' in config) && !hasSearchSpace && 'method' in config) {
    report(check, ['method'], 'key', 'missing-key', '`parameters` is required unless `scheduler.search_space` is set.');
  }
  if ('metric' in config && 'metrics' in config) {
    report(check, ['metrics'], 'key', 'metrics', '`metric` and `metrics` cannot both be set: use `metric` for a single objective, or `metrics` for multi-objective optimization.');
  } else if ('metrics' in config && config.method !== undefined && config.method !== 'custom') {
    report(check, ['metrics'], 'key', 'metrics', `\`metrics\` requires \`method: custom\` (got \`method: ${String(config.method)}\`): multi-objective optimization is only supported with a custom scheduler.`);
  }
  if (isMapping(config.metric)) checkMetric(check, config.metric, ['metric']);
  if (Array.isArray(config.metrics)) {
    config.metrics.forEach((m, i) => {
      if (isMapping(m)) checkMetric(check, m, ['metrics', i]);
    });
  }
  if (isMapping(config.early_terminate)) checkEarlyTerminate(check, config.early_terminate);
  if (Array.isArray(config.command)) checkCommand(check, config.command, 'program' in config);
}

function checkMetric(check: SweepCheck, metric: Record<string, unknown>, path: PathSegment[]): void {
  checkRequired(check, metric, ['name'], path);
  checkKnownKeys(check, metric, Object.keys(METRIC_KEYS), path);
  for (const [key, spec] of Object.entries(METRIC_KEYS)) if (key in metric) checkField(check, metric[key], spec, [...path, key]);
}

/** schema.json `hyperband_stopping`: `type`, then either `min_iter` or both `max_iter` and `s`. */
function checkEarlyTerminate(check: SweepCheck, et: Record<string, unknown>): void {
  const path = ['early_terminate'];
  checkRequired(check, et, ['type'], path);
  checkKnownKeys(check, et, Object.keys(EARLY_TERMINATE_KEYS), path);
  for (const [key, spec] of Object.entries(EARLY_TERMINATE_KEYS)) if (key in et) checkField(check, et[key], spec, [...path, key]);
  if ('min_iter' in et || ('max_iter' in et && 's' in et)) return;
  if ('max_iter' in et) report(check, ['early_terminate', 'max_iter'], 'key', 'missing-key', "'s' is a required property");
  else report(check, path, 'key', 'hyperband', 'invalid config for hyperband stopping: either "max_iter" or "min_iter" must be specified');
}

/** Items that are exactly `${name}` are replaced by the agent; other macros are dropped, longer items kept as text. */
function checkCommand(check: SweepCheck, command: unknown[], hasProgram: boolean): void {
  const macros = Object.keys(COMMAND_MACROS);
  command.forEach((item, i) => {
    if (typeof item !== 'string') return;
    const whole = /^\$\{([^}]*)\}$/.exec(item);
    if (whole) {
      const name = whole[1]!;
      if (name.startsWith('envvar:')) return;
      if (!macros.includes(name)) {
        const near = nearestName(name, macros);
        const message = `'${item}' is not a W&B command macro: the agent leaves it out of the command. Use one of ${macros.map((m) => `\${${m}}`).join(', ')}.`;
        report(check, ['command', i], 'value', 'command-macro', message, 'error', near ? [replaceValueFix(check, ['command', i], `\${${near}}`)] : undefined);
      } else if (name === 'program' && !hasProgram) {
        report(check, ['command', i], 'value', 'command-program', "The command uses ${program} but the sweep sets no 'program': the agent has no script to put there.", 'warning');
      }
      return;
    }
    const inner = /\$\{(env|interpreter|program|args[a-z_]*)\}/.exec(item);
    if (inner && macros.includes(inner[1]!)) {
      report(check, ['command', i], 'value', 'command-macro-text', `'${inner[0]}' inside '${item}' is passed on as text: the agent replaces only items that are exactly a macro. Make it an item of its own.`, 'warning');
    }
  });
}

/** run.py, grid_search.py and bayes_search.py: what each search method needs of the config. */
function checkMethod(check: SweepCheck, config: Record<string, unknown>, parameters: SweepParameter[]): void {
  if (config.method === 'grid') {
    for (const p of parameters) {
      if (p.spec.grid) continue;
      const message = `Parameter ${p.name} is a disallowed type with grid search. Grid search requires all parameters to be categorical, constant, int_uniform, or q_uniform. Specification of probabilities for categorical parameters is disallowed in grid search`;
      report(check, p.path, 'key', 'grid', message);
    }
  }
  if (config.method === 'bayes') {
    if (!('metric' in config)) report(check, ['method'], 'value', 'bayes-metric', 'Bayesian search requires "metric" section');
    if (parameters.length > 0 && parameters.every((p) => p.distribution === 'constant')) {
      report(check, ['parameters'], 'key', 'bayes-searchable', 'Need at least one searchable parameter for bayes search.');
    }
  }
  if ('early_terminate' in config && !('metric' in config)) {
    report(check, ['early_terminate'], 'key', 'hyperband-metric', 'Hyperband stopping requires "metric" section');
  }
}

/** A hint, never more: the runs that log the metric may not have run on this machine yet. */
function checkMetricName(check: SweepCheck, metric: Record<string, unknown>, files: ValidationContext): void {
  const name = metric.name;
  if (typeof name !== 'string' || name === '') return;
  const known = files.metricNames.metricNamesNear(check.doc.path, files);
  if (!known || known.names.has(name)) return;
  const near = nearestName(name, [...known.names]);
  const runs = known.runCount === 1 ? '1 run' : `${known.runCount} runs`;
  const message = `metric.name '${name}' never appears in the history of this workspace's W&B runs (${runs} in ${relative(dirname(check.doc.path), known.folder) || known.folder}/).${near ? ` Did you mean '${near}'?` : ''}`;
  const fixes = near ? [{ title: `Change to '${near}'`, edits: [{ path: check.doc.path, range: rangeAtPath(check.doc, ['metric', 'name'], 'value'), newText: near }] }] : undefined;
  report(check, ['metric', 'name'], 'value', 'metric-unknown', message, 'hint', fixes);
}
