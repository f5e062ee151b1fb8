// biome-ignore-all lint/suspicious/noTemplateCurlyInString: W&B's command macros are written ${args}
// The W&B sweep configuration as W&B itself checks it: wandb/sweeps 0.2.1.dev1 (main at b1dfc5f, 2026-08-05),
// `config/schema.json` (a JSON-schema draft 7 read by python-jsonschema) and the checks in `config/cfg.py`,
// `config/schema.py`, `params.py`, `grid_search.py`, `bayes_search.py`, `hyperband_stopping.py`; command macros from
// the wandb SDK's agent (`wandb_agent.py`, `sdk/launch/sweeps/utils.py`). Written out here as tables, one entry per
// key, so validation, hover and completion read the same facts.

export const WANDB_SWEEPS_VERSION = 'wandb/sweeps 0.2.1.dev1';

export type ValueType = 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';

export interface FieldSpec {
  type?: ValueType;
  enum?: readonly string[];
  /** python-jsonschema prints the schema's bound with repr(): `0` or `0.0`. */
  minimum?: { value: number; repr: string };
  exclusiveMinimum?: { value: number; repr: string };
  /** schema.json's `format: integer`: Python's isinstance(value, int), so `1.0` fails where `type: integer` passes. */
  format?: 'integer';
  minItems?: number;
  /** Type and bound of each item (probabilities). */
  items?: FieldSpec;
  doc: string;
}

const zero = { value: 0, repr: '0' };
const zeroFloat = { value: 0, repr: '0.0' };

export const METHODS = ['bayes', 'random', 'grid', 'custom'] as const;

export const TOP_KEYS: Record<string, FieldSpec> = {
  method: { enum: METHODS, doc: 'Search strategy: `grid` (every combination of discrete values), `random`, `bayes` (Bayesian optimisation of `metric`; needs it), or `custom` (an external scheduler).' },
  metric: { type: 'object', doc: 'The metric to optimise: `{name, goal: minimize|maximize, target, impute, impute_while_running}`. Required by `bayes` and by `early_terminate`.' },
  parameters: { type: 'object', doc: 'The hyperparameters to search: `name: {values | value | distribution, min, max, …}`; `name: {parameters: {…}}` nests.' },
  early_terminate: { type: 'object', doc: 'Stop poorly performing runs early: `{type: hyperband, min_iter}` or `{type: hyperband, max_iter, s}`, with `eta` (default 3) and `strict` (default true).' },
  program: { type: 'string', doc: 'The training script the agent runs (`${program}` in `command`).' },
  command: { type: 'array', doc: 'The command line the agent runs, default `[${env}, ${interpreter}, ${program}, ${args}]`. Items that are exactly a macro are replaced.' },
  run_cap: { type: 'integer', exclusiveMinimum: zero, doc: 'The sweep runs no more than this number of runs, across any number of agents.' },
  name: { type: 'string', doc: 'The name of the sweep, displayed in the W&B UI.' },
  description: { type: 'string', doc: 'A short description of the sweep.' },
  project: { type: 'string', doc: 'The W&B project the sweep and its runs belong to.' },
  entity: { type: 'string', doc: 'The W&B entity (user or team) of the sweep.' },
  metrics: { type: 'array', minItems: 2, doc: 'Several metrics for multi-objective optimisation; needs `method: custom` and excludes `metric`.' },
  scheduler: { type: 'object', doc: 'A custom optimisation scheduler: `{engine: optuna|ax|wandb, source, optimizer, search_space}`; needs `method: custom`.' },
  controller: { type: 'object', doc: 'Which controller runs the sweep: `{type: cloud|local}` (default cloud).' },
  job: { type: 'string', doc: 'The W&B Launch job to run (sweeps on Launch).' },
  image_uri: { type: 'string', doc: 'A container image Launch runs instead of a job.' },
  apiVersion: { type: 'string', doc: 'Version of the configuration format.' },
  kind: { enum: ['sweep'], doc: 'Always `sweep`.' },
};

export const GOALS = ['minimize', 'maximize'] as const;

export const METRIC_KEYS: Record<string, FieldSpec> = {
  name: { type: 'string', doc: 'The name of the metric, as the training script logs it (`wandb.log({name: value})`).' },
  goal: { type: 'string', enum: GOALS, doc: 'Whether to `minimize` (default) or `maximize` the metric.' },
  target: { type: 'number', doc: 'The sweep finishes once any run reaches the goal for this value.' },
  impute: { type: 'string', enum: ['latest', 'best', 'worst'], doc: 'The metric value bayes search uses for runs that fail, crash or are killed (default `worst`).' },
  impute_while_running: { type: 'string', enum: ['latest', 'best', 'worst', 'false'], doc: 'Add a computed metric value while runs are still running (default `false`).' },
};

export const EARLY_TERMINATE_KEYS: Record<string, FieldSpec> = {
  type: { type: 'string', enum: ['hyperband'], doc: 'The stopping algorithm: `hyperband`.' },
  min_iter: { type: 'integer', minimum: { value: 1, repr: '1' }, doc: 'The first iteration (logged step of the metric) at which runs are trimmed; later brackets follow by `eta`.' },
  max_iter: { type: 'integer', doc: 'The last iteration at which runs are trimmed; with `s`, the earlier brackets are computed back from it.' },
  s: { type: 'number', doc: 'The number of brackets, counted back from `max_iter`.' },
  eta: { type: 'number', exclusiveMinimum: { value: 1, repr: '1' }, doc: 'At every eta^n iterations hyperband keeps the top 1/eta runs and stops the rest (default 3).' },
  strict: { type: 'boolean', doc: "The stricter termination of the original algorithm: stops more runs (default true since sweeps' #108)." },
};

const num = (doc: string): FieldSpec => ({ type: 'number', doc });
const q: FieldSpec = { type: 'number', exclusiveMinimum: zero, doc: 'Quantization step: values are round(x / q) * q (default 1).' };
const mu = num('Mean of the normal distribution (of the log, for log-normal); default 0.');
const sigma: FieldSpec = { type: 'number', minimum: zero, doc: 'Standard deviation (of the log, for log-normal); default 1.' };
const betaShape = (name: string): FieldSpec => ({ type: 'number', minimum: zero, doc: `Shape parameter ${name} of the beta distribution; default 1.` });
const values: FieldSpec = { type: 'array', minItems: 1, doc: 'The discrete values to choose from.' };
const probabilities: FieldSpec = { type: 'array', minItems: 1, items: { type: 'number', minimum: zero, doc: '' }, doc: 'The probability of each of `values`, in order; they sum to 1.' };
const limits = (lower: string, upper: string, minSpec: Partial<FieldSpec> = {}) => ({
  min: { type: 'number' as const, ...minSpec, doc: lower },
  max: { type: 'number' as const, doc: upper },
});

export interface DistributionSpec {
  /** The schema.json definition it comes from, for messages and docs. */
  definition: string;
  required: readonly string[];
  fields: Record<string, FieldSpec>;
  doc: string;
  /** Grid search takes only these (grid_search.py): categorical, constant, int_uniform, q_uniform. */
  grid: boolean;
  /** Old distributions whose min/max are exponents (params.py PARAM_DEPRECATION_MAP): the replacement. */
  replacedBy?: string;
}

/** Every `distribution` W&B knows, with its own fields. */
export const DISTRIBUTIONS: Record<string, DistributionSpec> = {
  constant: { definition: 'param_single_value', required: ['value'], fields: { value: { doc: 'The constant value.' } }, doc: 'A constant: every run gets `value`.', grid: true },
  categorical: { definition: 'param_categorical', required: ['values'], fields: { values }, doc: 'Each of `values` with equal probability; grid search tries every one.', grid: true },
  categorical_w_probabilities: {
    definition: 'param_categorical_w_probabilities',
    required: ['values', 'probabilities'],
    fields: { values, probabilities },
    doc: 'One of `values`, drawn with the matching `probabilities` (not allowed with grid search).',
    grid: false,
  },
  int_uniform: { definition: 'param_int_uniform', required: ['min', 'max'], fields: { min: { type: 'integer', format: 'integer', doc: 'Smallest integer (inclusive).' }, max: { type: 'integer', format: 'integer', doc: 'Largest integer (inclusive).' } }, doc: 'A uniformly drawn integer from `min` to `max` inclusive; grid search tries every one.', grid: true },
  uniform: { definition: 'param_uniform', required: ['min', 'max'], fields: limits('Lower bound.', 'Upper bound.'), doc: 'A real number drawn uniformly between `min` and `max`.', grid: false },
  q_uniform: { definition: 'param_quniform', required: ['min', 'max'], fields: { ...limits('Lower bound.', 'Upper bound.'), q }, doc: 'round(X / q) * q with X uniform on [`min`, `max`]; grid search tries min, min+q, … below max.', grid: true },
  log_uniform_values: { definition: 'param_loguniform_v2', required: ['min', 'max'], fields: limits('Smallest value (> 0).', 'Largest value.', { exclusiveMinimum: zeroFloat }), doc: 'A value whose logarithm is uniform between log(`min`) and log(`max`): learning rates, weight decay.', grid: false },
  q_log_uniform_values: { definition: 'param_qloguniform_v2', required: ['min', 'max'], fields: { ...limits('Smallest value (> 0).', 'Largest value.', { exclusiveMinimum: zeroFloat }), q }, doc: 'round(X / q) * q with X log-uniform between `min` and `max`.', grid: false },
  inv_log_uniform_values: { definition: 'param_inv_loguniform_v2', required: ['min', 'max'], fields: limits('Smallest value (> 0).', 'Largest value.', { exclusiveMinimum: zeroFloat }), doc: 'X where 1/X is log-uniform between 1/`max` and 1/`min`.', grid: false },
  log_uniform: { definition: 'param_loguniform', required: ['min', 'max'], fields: limits('Base-e exponent of the smallest value.', 'Base-e exponent of the largest value.'), doc: 'exp(X) with X uniform between `min` and `max`: min/max are base-e exponents. Deprecated by W&B: use `log_uniform_values`.', grid: false, replacedBy: 'log_uniform_values' },
  q_log_uniform: { definition: 'param_qloguniform', required: ['min', 'max'], fields: { ...limits('Base-e exponent of the smallest value.', 'Base-e exponent of the largest value.'), q }, doc: 'round(exp(X) / q) * q with X uniform between `min` and `max` (base-e exponents). Deprecated by W&B: use `q_log_uniform_values`.', grid: false, replacedBy: 'q_log_uniform_values' },
  inv_log_uniform: { definition: 'param_inv_loguniform', required: ['min', 'max'], fields: limits('Base-e exponent.', 'Base-e exponent.'), doc: 'exp(-X) with X uniform between `min` and `max` (base-e exponents). Deprecated by W&B: use `inv_log_uniform_values`.', grid: false, replacedBy: 'inv_log_uniform_values' },
  normal: { definition: 'param_normal', required: [], fields: { mu, sigma }, doc: 'A normally distributed real number with mean `mu` and standard deviation `sigma`.', grid: false },
  q_normal: { definition: 'param_qnormal', required: [], fields: { mu, sigma, q }, doc: 'round(X / q) * q with X normal(`mu`, `sigma`).', grid: false },
  log_normal: { definition: 'param_lognormal', required: [], fields: { mu, sigma }, doc: 'exp(X) with X normal(`mu`, `sigma`).', grid: false },
  q_log_normal: { definition: 'param_qlognormal', required: [], fields: { mu, sigma, q }, doc: 'round(exp(X) / q) * q with X normal(`mu`, `sigma`).', grid: false },
  beta: { definition: 'param_beta', required: [], fields: { a: betaShape('a'), b: betaShape('b') }, doc: 'A beta-distributed value in [0, 1] with shapes `a` and `b`.', grid: false },
  q_beta: { definition: 'param_qbeta', required: [], fields: { a: betaShape('a'), b: betaShape('b'), q }, doc: 'round(X / q) * q with X beta(`a`, `b`).', grid: false },
};

/** Keys of a parameter, for hover and completion. */
export const PARAMETER_KEYS: Record<string, string> = {
  values: values.doc,
  value: 'A constant value for every run.',
  distribution: `How values are drawn: ${Object.keys(DISTRIBUTIONS).join(', ')}. Default: categorical with \`values\`, constant with \`value\`, int_uniform when min and max are integers, else uniform.`,
  min: 'Lower bound (for int_uniform an integer; for *_values distributions > 0).',
  max: 'Upper bound; must be greater than `min`.',
  probabilities: probabilities.doc,
  mu: mu.doc,
  sigma: sigma.doc,
  q: q.doc,
  a: 'Shape parameter a of the beta distribution; default 1.',
  b: 'Shape parameter b of the beta distribution; default 1.',
  parameters: 'Nested parameters: the run config gets a mapping under this name.',
};

/** Items of `command` the agent replaces when an item is exactly `${name}` (wandb_agent.py `_command_run`). */
export const COMMAND_MACROS: Record<string, string> = {
  env: '`/usr/bin/env` on Unix, nothing on Windows.',
  interpreter: '`python`.',
  program: 'The `program` of the sweep.',
  args: 'The run\'s parameters as `--name=value` flags.',
  args_no_hyphens: 'The run\'s parameters as `name=value` (Hydra-style overrides).',
  args_no_equals: 'The run\'s parameters as `--name value` pairs.',
  args_no_boolean_flags: 'The parameters as `--name=value`; booleans as a bare `--name` when true, left out when false.',
  args_json: 'The parameters as one JSON argument.',
  args_json_file: 'The path of a JSON file holding the parameters.',
};
