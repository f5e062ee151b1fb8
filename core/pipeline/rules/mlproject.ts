// MLproject rules from mlflow/projects/_project_spec.py: one environment field, docker image, Databricks job
// constraints, env files that exist, and `{param}` placeholders filled by str.format at run time.
import { dirname, join } from 'node:path';
import { type ParsedDocument, type PathSegment, rangeAtPath } from '../document';
import { isRecord } from '../dvc/templating';
import { checkSchema } from '../schemaCheck';
import { mlprojectSchema } from '../schemas/mlflowSchemas';
import type { PipelineDiagnostic } from '../types';
import type { ValidationContext } from '../workspace';
import { commandPlaceholders, nearestName } from './placeholders';

const ENV_FIELDS = ['python_env', 'conda_env', 'docker_env'] as const;
export const PARAMETER_TYPES = ['string', 'float', 'int', 'path', 'uri'];

export function validateMlproject(doc: ParsedDocument, files: ValidationContext): PipelineDiagnostic[] {
  if (doc.value === undefined || doc.value === null) return [];
  // MLflow ignores keys it does not know: a hint, never an error.
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
  const docker = project['docker_env'];
  if (isRecord(docker) && !docker['image']) {
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

function parameterRules(doc: ParsedDocument, path: PathSegment[], name: string, spec: unknown): PipelineDiagnostic[] {
  const type = typeof spec === 'string' ? spec : isRecord(spec) ? (spec['type'] ?? 'string') : undefined;
  if (typeof type !== 'string') return [];
  const out: PipelineDiagnostic[] = [];
  const typePath = typeof spec === 'string' ? path : [...path, 'type'];
  if (!PARAMETER_TYPES.includes(type)) {
    out.push({
      severity: 'warning',
      code: 'mlproject-parameter-type',
      message: `Parameter '${name}' has unknown type '${type}': MLflow knows ${PARAMETER_TYPES.join(', ')} (others are passed through as strings).`,
      range: rangeAtPath(doc, typePath, 'value'),
    });
    return out;
  }
  if (!isRecord(spec) || !('default' in spec) || spec['default'] === null) return out;
  const value = spec['default'];
  const ok =
    type === 'float' ? typeof value === 'number' :
    type === 'int' ? Number.isInteger(value) :
    type === 'string' ? ['string', 'number', 'boolean'].includes(typeof value) :
    typeof value === 'string';
  if (!ok) {
    const yaml11 = typeof value === 'string' && /^[-+]?(\d+\.?\d*|\.\d+)e[-+]?\d+$/i.test(value) ? ' (MLflow reads MLproject with PyYAML, where a float needs a dot and a signed exponent: write 1.0e-1, not 1e-1)' : '';
    out.push({
      severity: 'error',
      code: 'mlproject-default-type',
      message: `Default ${JSON.stringify(value)} of parameter '${name}' is not a valid ${type}${yaml11}.`,
      range: rangeAtPath(doc, [...path, 'default'], 'value'),
    });
  }
  return out;
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
