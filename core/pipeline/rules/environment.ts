// python_env.yaml (MLflow 2.x/3.x mlflow/utils/environment.py _PythonEnv) and conda.yaml next to an MLproject
// (conda's conda/env/env.py, which `mlflow run` hands the file to).
import { type ParsedDocument, rangeAtPath } from '../document';
import { checkSchema } from '../schemaCheck';
import { condaEnvSchema, MLFLOW_VERSION, pythonEnvSchema } from '../schemas/mlflowSchemas';
import type { PipelineDiagnostic } from '../types';
import { isRecord } from '../../yaml/records';

/** _PythonEnv.from_dict is `cls(**dct)` and its __init__ type-checks each argument: every finding is a TypeError. */
export function validatePythonEnv(doc: ParsedDocument): PipelineDiagnostic[] {
  if (doc.value === undefined || doc.value === null) return [];
  const python = isRecord(doc.value) ? doc.value['python'] : undefined;
  const value = typeof python === 'number' && isRecord(doc.value) ? { ...doc.value, python: String(python) } : doc.value;
  const out = checkSchema(doc, pythonEnvSchema, value, { unknownKeySeverity: 'error', code: 'python-env', format: 'python_env.yaml' }).map((d) => {
    const key = d.code === 'python-env-unknown-key' ? /^Unknown key '([^']+)'/.exec(d.message)?.[1] : undefined;
    if (!key) return d;
    return { ...d, message: `${MLFLOW_VERSION} fails with TypeError: __init__() got an unexpected keyword argument '${key}'. python_env.yaml takes python, build_dependencies and dependencies.` };
  });
  if (typeof python === 'number') {
    // YAML reads `python: 3.10` as the float 3.1.
    const written = rangeText(doc);
    out.push({
      severity: 'error',
      code: 'python-env-version-number',
      message: `${MLFLOW_VERSION} fails with TypeError: \`python\` must be a string but got <class '${Number.isInteger(python) ? 'int' : 'float'}'>. YAML reads ${written} as a number: quote it (python: "${written}").`,
      range: rangeAtPath(doc, ['python'], 'value'),
    });
  }
  return out;
}

function rangeText(doc: ParsedDocument): string {
  const r = rangeAtPath(doc, ['python'], 'value');
  return doc.text.slice(doc.offsetAt(r.start.line, r.start.character), doc.offsetAt(r.end.line, r.end.character));
}

/** Conda drops unknown sections with a printed warning, and nags when pip packages are listed without pip itself. */
export function validateCondaEnv(doc: ParsedDocument): PipelineDiagnostic[] {
  if (doc.value === undefined || doc.value === null) return [];
  const out = checkSchema(doc, condaEnvSchema, doc.value, { unknownKeySeverity: 'warning', code: 'conda-env', format: 'conda.yaml' }).map((d) => {
    const key = d.code === 'conda-env-unknown-key' ? /^Unknown key '([^']+)'/.exec(d.message)?.[1] : undefined;
    if (!key) return d;
    return { ...d, message: `EnvironmentSectionNotValid: The following section on 'conda.yaml' is invalid and will be ignored: ${key}. Conda reads name, channels, dependencies, prefix and variables.` };
  });
  const deps = isRecord(doc.value) && Array.isArray(doc.value['dependencies']) ? doc.value['dependencies'] : [];
  const pipBlock = deps.findIndex((d) => isRecord(d) && 'pip' in d);
  // conda/env/env.py validate_keys: a dependency names pip when its package part (before a version operator or
  // space, after an optional `channel::`) is pip.
  const listsPip = deps.some((d) => typeof d === 'string' && (d.split(/[<>~\s=]/)[0] ?? '').split('::').includes('pip'));
  if (pipBlock >= 0 && !listsPip) {
    out.push({
      severity: 'warning',
      code: 'conda-env-pip-missing',
      message: 'Warning: you have pip-installed dependencies in your environment file, but you do not list pip itself as one of your conda dependencies. Conda may not use the correct pip to install your packages. Add `- pip` to dependencies.',
      range: rangeAtPath(doc, ['dependencies', pipBlock], 'value'),
    });
  }
  return out;
}
