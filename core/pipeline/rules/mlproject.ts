// MLproject rules from mlflow/projects/_project_spec.py (MLflow 2.x/3.x): one environment field, docker image,
// Databricks job constraints, env files that exist, and `{param}` placeholders filled by str.format at run time.
// load_project validates little: everything else in the file is read with .get() and passed on, so anything it
// does not act on is at most a hint here.
import { dirname, join } from 'node:path';
import { type ParsedDocument, type PathSegment, rangeAtPath } from '../document';
import { checkSchema } from '../schemaCheck';
import { MLFLOW_VERSION, mlprojectSchema } from '../schemas/mlflowSchemas';
import type { PipelineDiagnostic } from '../types';
import type { ValidationContext } from '../workspace';
import { commandPlaceholders, nearestName } from './placeholders';
import { isRecord } from '../../yaml/records';

const ENV_FIELDS = ['python_env', 'conda_env', 'docker_env'] as const;
export const PARAMETER_TYPES = ['string', 'float', 'int', 'path', 'uri'];
/** Python's float() and int() on text (surrounding whitespace and '_' between digits allowed). */
const PYTHON_FLOAT = /^\s*[-+]?((\d(_?\d)*)?\.?\d(_?\d)*([eE][-+]?\d(_?\d)*)?|\d(_?\d)*\.|inf(inity)?|nan)\s*$/i;
const PYTHON_INT = /^\s*[-+]?\d(_?\d)*\s*$/;

export function validateMlproject(doc: ParsedDocument, files: ValidationContext): PipelineDiagnostic[] {
  if (doc.value === undefined || doc.value === null) return [];
  // MLflow reads the keys it knows with .get(): others are ignored, a hint at most.
  const out = checkSchema(doc, mlprojectSchema, doc.value, { unknownKeySeverity: 'hint', code: 'mlproject', format: 'MLproject' });
  if (!isRecord(doc.value)) return out;
  const project = doc.value;
  const envs = ENV_FIELDS.filter((f) => f in project);
  if (envs.length > 1) {
    for (const f of envs) {
      out.push({
        severity: 'error',
        code: 'mlproject-multiple-envs',
        message: `Project cannot contain multiple environment fields: ${envs.join(', ')}. Keep one.`,
        range: rangeAtPath(doc, [f], 'key'),
      });
    }
  }
  // load_project checks docker_env only when it is truthy: an empty mapping is skipped.
  const docker = project['docker_env'];
  if (isRecord(docker) && Object.keys(docker).length > 0 && !docker['image']) {
    out.push({
      severity: 'error',
      code: 'mlproject-docker-image',
      message: 'Project configuration (MLproject file) was invalid: Docker environment specified but no image attribute found.',
      range: rangeAtPath(doc, ['docker_env'], 'key'),
    });
  }
  out.push(...databricksRules(doc, project));
  for (const field of ['python_env', 'conda_env'] as const) {
    const file = project[field];
    if (typeof file !== 'string' || file === '') continue;
    if (files.exists(join(dirname(doc.path), file))) continue;
    const label = field === 'conda_env' ? 'conda environment file' : 'python_env file';
    out.push({
      severity: 'error',
      code: 'mlproject-env-missing',
      message: `Project specified ${label} ${file}, but no such file was found. Create it next to MLproject or fix the path.`,
      range: rangeAtPath(doc, [field], 'value'),
    });
  }
  const entryPoints = isRecord(project['entry_points']) ? project['entry_points'] : {};
  for (const [name, ep] of Object.entries(entryPoints)) {
    if (isRecord(ep)) out.push(...entryPointRules(doc, name, ep));
  }
  return out;
}

function databricksRules(doc: ParsedDocument, project: Record<string, unknown>): PipelineDiagnostic[] {
  const job = project['databricks_spark_job'];
  if (!isRecord(job)) return [];
  const out: PipelineDiagnostic[] = [];
  const at = (path: PathSegment[], message: string) =>
    out.push({ severity: 'error', code: 'mlproject-databricks', message, range: rangeAtPath(doc, path, 'key') });
  const hasEntryPoints = isRecord(project['entry_points']) && Object.keys(project['entry_points']).length > 0;
  if (job['python_file'] === undefined && !hasEntryPoints) {
    at(['databricks_spark_job'], "Databricks Spark job requires either 'databricks_spark_job.python_file' setting or 'entry_points' setting.");
  }
  if (job['python_file'] !== undefined && hasEntryPoints) {
    at(['databricks_spark_job', 'python_file'], "Databricks Spark job does not allow setting both 'databricks_spark_job.python_file' and 'entry_points'.");
  }
  const names = { docker_env: 'docker', python_env: 'python', conda_env: 'conda' } as const;
  for (const env of ENV_FIELDS) {
    if (env in project) at([env], `Databricks Spark job does not support setting ${names[env]} environment.`);
  }
  const entryPoints = isRecord(project['entry_points']) ? project['entry_points'] : {};
  for (const [entry, ep] of Object.entries(entryPoints)) {
    const params = isRecord(ep) && isRecord(ep['parameters']) ? ep['parameters'] : {};
    for (const [param, spec] of Object.entries(params)) {
      const type = typeof spec === 'string' ? spec : isRecord(spec) ? spec['type'] : undefined;
      if (type !== 'path') continue;
      at(['entry_points', entry, 'parameters', param], `Databricks Spark job does not support entry point parameter of 'path' type. '${param}' value type is invalid.`);
    }
  }
  return out;
}

function entryPointRules(doc: ParsedDocument, name: string, ep: Record<string, unknown>): PipelineDiagnostic[] {
  const out: PipelineDiagnostic[] = [];
  const base: PathSegment[] = ['entry_points', name];
  const params = isRecord(ep['parameters']) ? ep['parameters'] : {};
  const declared = Object.keys(params);
  for (const [param, spec] of Object.entries(params)) {
    out.push(...parameterRules(doc, [...base, 'parameters', param], param, spec));
  }
  const command = ep['command'];
  if (typeof command !== 'string') {
    out.push({
      severity: 'error',
      code: 'mlproject-command',
      message: `Entry point '${name}' has no command: add \`command: "python ${name}.py"\` or similar.`,
      range: rangeAtPath(doc, base, 'key'),
    });
    return out;
  }
  const commandNode = rangeAtPath(doc, [...base, 'command'], 'value');
  const used = new Set<string>();
  for (const ph of commandPlaceholders(command)) {
    used.add(ph.name);
    if (declared.includes(ph.name)) continue;
    const nearest = nearestName(ph.name, declared);
    const range = placeholderRange(doc, [...base, 'command'], ph.start, ph.end) ?? commandNode;
    out.push({
      severity: 'error',
      code: 'mlproject-undeclared-placeholder',
      message:
        `Entry point '${name}' uses {${ph.name}} but declares no parameter '${ph.name}': MLflow fails with KeyError: '${ph.name}' at run time.` +
        (nearest ? ` Did you mean {${nearest}}?` : ` Declare it under parameters or write {{${ph.name}}} for literal braces.`),
      range,
      fixes: nearest ? [{ title: `Change to {${nearest}}`, edits: [{ path: doc.path, range, newText: `{${nearest}}` }] }] : undefined,
    });
  }
  for (const param of declared) {
    if (used.has(param)) continue;
    out.push({
      severity: 'hint',
      code: 'mlproject-unused-parameter',
      message: `Parameter '${param}' is declared but not used in the command of '${name}'.`,
      range: rangeAtPath(doc, [...base, 'parameters', param], 'key'),
    });
  }
  return out;
}

/**
 * Parameter.compute_value: only `uri` (urlparse must find a scheme) and `path` (resolved, downloaded) are acted on;
 * every other type, known or not, hands its value to the command as text, unchecked. So a default that does not
 * parse as its declared type is a hint, and only a `uri` default without a scheme is an error.
 */
function parameterRules(doc: ParsedDocument, path: PathSegment[], name: string, spec: unknown): PipelineDiagnostic[] {
  const type = typeof spec === 'string' ? spec : isRecord(spec) ? (spec['type'] ?? 'string') : undefined;
  if (typeof type !== 'string') return [];
  const out: PipelineDiagnostic[] = [];
  const typePath = typeof spec === 'string' ? path : [...path, 'type'];
  if (!PARAMETER_TYPES.includes(type)) {
    out.push({
      severity: 'hint',
      code: 'mlproject-parameter-type',
      message: `MLflow (${MLFLOW_VERSION}) does not know type '${type}' of parameter '${name}': it passes the value to the command unchanged, as for 'string'. MLflow's types are ${PARAMETER_TYPES.join(', ')}.`,
      range: rangeAtPath(doc, typePath, 'value'),
    });
    return out;
  }
  if (!isRecord(spec) || spec['default'] === undefined || spec['default'] === null) return out;
  const value = spec['default'];
  const range = rangeAtPath(doc, [...path, 'default'], 'value');
  const text = pythonStr(value);
  if (type === 'uri' || type === 'path') {
    if (typeof value !== 'string' || (type === 'uri' && !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(value))) {
      out.push({
        severity: 'error',
        code: 'mlproject-default-type',
        message: type === 'uri'
          ? `Expected URI for parameter ${name} but got ${text}: MLflow (${MLFLOW_VERSION}) raises this when the run uses the default. Give a URI with a scheme (file:, s3:, https:, …).`
          : `The default of path parameter '${name}' must be text: MLflow (${MLFLOW_VERSION}) resolves it as a path or URI and fails on ${typeName(value)}.`,
        range,
      });
    }
    return out;
  }
  const parses = type === 'float' ? PYTHON_FLOAT.test(text) : type === 'int' ? PYTHON_INT.test(text) : true;
  if (!parses) {
    out.push({
      severity: 'hint',
      code: 'mlproject-default-type',
      message: `MLflow (${MLFLOW_VERSION}) never checks a parameter's type: the default ${JSON.stringify(text)} of '${name}' reaches the command as text, and Python's ${type}() would not parse it.`,
      range,
    });
  }
  return out;
}

/** What `str(value)` gives in Python for a value PyYAML read: the text MLflow puts in the command. */
function pythonStr(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value);
}

function typeName(value: unknown): string {
  return Array.isArray(value) ? 'a list' : isRecord(value) ? 'a mapping' : `a ${typeof value}`;
}

/** Map offsets inside the command's value to the source when the scalar is written verbatim. */
function placeholderRange(doc: ParsedDocument, path: PathSegment[], start: number, end: number) {
  const range = rangeAtPath(doc, path, 'value');
  const from = doc.offsetAt(range.start.line, range.start.character);
  const to = doc.offsetAt(range.end.line, range.end.character);
  const source = doc.text.slice(from, to);
  const quoted = source.startsWith('"') || source.startsWith("'") ? 1 : 0;
  const inner = source.slice(quoted, source.length - quoted);
  const value = inner.slice(start, end);
  if (!/^\{[^{}]*\}$/.test(value)) return undefined;
  return doc.toRange(from + quoted + start, from + quoted + end);
}
