// The `parameters` of a sweep, checked as wandb/sweeps does: each parameter must match one schema.json definition
// (`parameter.anyOf`, tried in order by config/schema.py `fill_parameter`), then cfg.py's own checks (min < max,
// probabilities) and params.py's deprecations. A parameter's definition is chosen by its `distribution`, or — when
// that is left out — the way the anyOf order resolves it: `parameters` nests, `values` + `probabilities` is
// categorical_w_probabilities, `values` categorical, `value` constant, integer min/max int_uniform, else uniform.
import { rangeAtPath, type PathSegment } from '../document';
import { nearestName } from '../rules/placeholders';
import type { QuickFix } from '../types';
import { checkField, checkKnownKeys, checkRequired, isMapping, replaceValueFix, report, repr, type SweepCheck } from './fieldCheck';
import { isPythonInt, pythonFloat } from './pythonValues';
import { DISTRIBUTIONS, type DistributionSpec } from './sweepSchema';

export interface SweepParameter {
  /** Dotted name (W&B joins nested names with an internal delimiter; dots read the same in a message). */
  name: string;
  path: PathSegment[];
  distribution: string;
  spec: DistributionSpec;
}

const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** Checks every parameter, nested ones too, and returns those whose definition could be chosen. */
export function checkParameters(check: SweepCheck, parameters: Record<string, unknown>, path: PathSegment[], prefix = ''): SweepParameter[] {
  const found: SweepParameter[] = [];
  if (Object.keys(parameters).length === 0) report(check, path, 'value', 'value', '{} should be non-empty');
  for (const [key, config] of Object.entries(parameters)) {
    const at = [...path, key];
    const name = `${prefix}${key}`;
    if (!NAME_PATTERN.test(key)) report(check, at, 'key', 'value', `${repr(check, key, [])} does not match '^^[A-Za-z_][A-Za-z0-9_.-]*$'`);
    if (!isMapping(config)) {
      report(check, at, 'key', 'parameter', `Invalid configuration for hyperparameter '${name}'`);
      continue;
    }
    if ('parameters' in config) {
      checkKnownKeys(check, config, ['parameters'], at);
      if (isMapping(config.parameters)) found.push(...checkParameters(check, config.parameters, [...at, 'parameters'], `${name}.`));
      else checkField(check, config.parameters, { type: 'object', doc: '' }, [...at, 'parameters']);
      continue;
    }
    const parameter = checkParameter(check, name, config, at);
    if (parameter) found.push(parameter);
  }
  return found;
}

function checkParameter(check: SweepCheck, name: string, config: Record<string, unknown>, at: PathSegment[]): SweepParameter | undefined {
  const distribution = chooseDistribution(check, config, at);
  if (distribution === undefined) return undefined;
  const spec = DISTRIBUTIONS[distribution]!;
  checkRequired(check, config, spec.required, at);
  checkKnownKeys(check, config, ['distribution', ...Object.keys(spec.fields)], at);
  for (const [field, fieldSpec] of Object.entries(spec.fields)) if (field in config) checkField(check, config[field], fieldSpec, [...at, field]);
  checkMinMax(check, name, config, at);
  checkProbabilities(check, name, config, at);
  if (spec.replacedBy) {
    const message = `${name} uses ${distribution}, where min/max specify base-e exponents. Use ${spec.replacedBy} to specify limit values.`;
    report(check, [...at, 'distribution'], 'value', 'deprecated-distribution', message, 'warning', exponentFix(check, config, at, spec.replacedBy));
  }
  return { name, path: at, distribution, spec };
}

function chooseDistribution(check: SweepCheck, config: Record<string, unknown>, at: PathSegment[]): string | undefined {
  const given = config.distribution;
  if (given !== undefined) {
    if (typeof given === 'string' && given in DISTRIBUTIONS) return given;
    const names = Object.keys(DISTRIBUTIONS);
    const near = typeof given === 'string' ? nearestName(given, names) : undefined;
    const message = `${repr(check, given, [...at, 'distribution'])} is not one of [${names.map((n) => `'${n}'`).join(', ')}]`;
    report(check, [...at, 'distribution'], 'value', 'value', message, 'error', near ? [replaceValueFix(check, [...at, 'distribution'], near)] : undefined);
    return undefined;
  }
  if ('probabilities' in config) return 'categorical_w_probabilities';
  if ('values' in config) return 'categorical';
  if ('value' in config) return 'constant';
  if ('min' in config && 'max' in config) {
    const ints = isPythonInt(config.min, [...at, 'min'], check.floats) && isPythonInt(config.max, [...at, 'max'], check.floats);
    return ints ? 'int_uniform' : 'uniform';
  }
  report(check, at, 'key', 'parameter', `${repr(check, config, at)} is not valid under any of the given schemas`);
  return undefined;
}

/** config/schema.py `validate_min_max`, on every parameter with both bounds. */
function checkMinMax(check: SweepCheck, name: string, config: Record<string, unknown>, at: PathSegment[]): void {
  const { min, max } = config;
  if (typeof min !== 'number' || typeof max !== 'number' || min < max) return;
  report(check, [...at, 'min'], 'value', 'min-max', `${name}: min ${repr(check, min, [...at, 'min'])} is not less than max ${repr(check, max, [...at, 'max'])}`);
}

/** config/schema.py `validate_categorical_prob`: same length as `values`, and a sum numpy.isclose to 1. */
function checkProbabilities(check: SweepCheck, name: string, config: Record<string, unknown>, at: PathSegment[]): void {
  const { values, probabilities } = config;
  if (!Array.isArray(values) || !Array.isArray(probabilities)) return;
  const shownValues = repr(check, values, [...at, 'values']);
  const shownProbabilities = repr(check, probabilities, [...at, 'probabilities']);
  if (values.length !== probabilities.length) {
    report(check, [...at, 'probabilities'], 'value', 'probabilities', `Parameter ${name}: values ${shownValues} and probabilities ${shownProbabilities} are not the same length`);
    return;
  }
  if (!probabilities.every((p) => typeof p === 'number')) return;
  const sum = probabilities.reduce((a: number, b: number) => a + b, 0);
  // numpy.isclose(sum, 1.0): |sum - 1| <= 1e-8 + 1e-5 * 1
  if (Math.abs(sum - 1) > 1e-8 + 1e-5) {
    report(check, [...at, 'probabilities'], 'value', 'probabilities', `Parameter ${name}: Probabilities ${shownProbabilities} do not sum to 1`);
  }
}

/** The old log distributions take base-e exponents: the fix writes the same range as limit values. */
function exponentFix(check: SweepCheck, config: Record<string, unknown>, at: PathSegment[], replacement: string): QuickFix[] | undefined {
  const { min, max } = config;
  if (typeof min !== 'number' || typeof max !== 'number') return undefined;
  const edit = (field: string, newText: string) => ({ path: check.doc.path, range: rangeAtPath(check.doc, [...at, field], 'value'), newText });
  return [
    {
      title: `Use ${replacement} with min ${pythonFloat(Math.exp(min))} and max ${pythonFloat(Math.exp(max))} (the same range)`,
      edits: [edit('distribution', replacement), edit('min', pythonFloat(Math.exp(min))), edit('max', pythonFloat(Math.exp(max)))],
    },
  ];
}
