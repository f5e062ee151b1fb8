// python_env.yaml (mlflow/utils/environment.py _PythonEnv) and conda.yaml next to an MLproject.
import { type ParsedDocument, rangeAtPath } from '../document';
import { isRecord } from '../dvc/templating';
import { checkSchema } from '../schemaCheck';
import { condaEnvSchema, pythonEnvSchema } from '../schemas/mlflowSchemas';
import type { PipelineDiagnostic } from '../types';

export function validatePythonEnv(doc: ParsedDocument): PipelineDiagnostic[] {
  if (doc.value === undefined || doc.value === null) return [];
  const value = isRecord(doc.value) && typeof doc.value['python'] === 'number' ? { ...doc.value, python: String(doc.value['python']) } : doc.value;
  const out = checkSchema(doc, pythonEnvSchema, value, { unknownKeySeverity: 'error', code: 'python-env', format: 'python_env.yaml' });
  if (isRecord(doc.value) && typeof doc.value['python'] === 'number') {
    // YAML reads `python: 3.10` as the float 3.1 — MLflow would then install Python 3.1.
    out.push({
      severity: 'error',
      code: 'python-env-version-number',
      message: `python: ${doc.value['python']} is read as a number; quote it (python: "${rangeText(doc)}") so the version is kept exactly.`,
      range: rangeAtPath(doc, ['python'], 'value'),
    });
  }
  return out;
}

function rangeText(doc: ParsedDocument): string {
  const r = rangeAtPath(doc, ['python'], 'value');
  return doc.text.slice(doc.offsetAt(r.start.line, r.start.character), doc.offsetAt(r.end.line, r.end.character));
}

export function validateCondaEnv(doc: ParsedDocument): PipelineDiagnostic[] {
  if (doc.value === undefined || doc.value === null) return [];
  return checkSchema(doc, condaEnvSchema, doc.value, { unknownKeySeverity: 'hint', code: 'conda-env', format: 'conda.yaml' });
}
