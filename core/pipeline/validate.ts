// Validation service: one entry point over every supported file kind. It reads other files only through the
// ValidationContext, which records them as dependencies of this document.
import { dirname, join } from 'node:path';
import type { ParsedDocument } from './document';
import { validateDvcFile, validateDvcLock } from './rules/dvcLock';
import { validateDvcYaml } from './rules/dvcYaml';
import { validateCondaEnv, validatePythonEnv } from './rules/environment';
import { validateFeast } from './rules/feast';
import { feastRepoRules } from './rules/feastRegistry';
import { validateMlproject } from './rules/mlproject';
import { validatePromotion } from './rules/promotion';
import { validateSweep } from './sweep/validateSweep';
import type { PipelineDiagnostic } from './types';
import type { ValidationContext } from './workspace';

export function validateDocument(doc: ParsedDocument, files: ValidationContext): PipelineDiagnostic[] {
  const parse = doc.parseDiagnostics;
  // A document that is too large or not YAML at all gets only its parse findings.
  if (!doc.yaml || parse.some((d) => d.code === 'yaml-aliases')) return [...parse];
  return [...parse, ...rulesFor(doc, files)];
}

function rulesFor(doc: ParsedDocument, files: ValidationContext): PipelineDiagnostic[] {
  switch (doc.kind) {
    case 'dvc-yaml':
      return validateDvcYaml(doc, files);
    case 'dvc-lock':
      return validateDvcLock(doc, files);
    case 'dvc-file':
      return validateDvcFile(doc);
    case 'mlproject':
      return validateMlproject(doc, files);
    case 'python-env':
      return validatePythonEnv(doc);
    case 'conda-env':
      return nextToMlproject(doc, files) ? validateCondaEnv(doc) : [];
    case 'feast':
      return [...validateFeast(doc), ...feastRepoRules(doc, files)];
    case 'promotion':
      return validatePromotion(doc);
    case 'wandb-sweep':
      return validateSweep(doc, files);
    case 'params':
      return [];
  }
}

/** conda.yaml is only an MLflow environment when an MLproject (any case) sits beside it. */
function nextToMlproject(doc: ParsedDocument, files: ValidationContext): boolean {
  const dir = dirname(doc.path);
  return ['MLproject', 'mlproject', 'MLProject', 'Mlproject'].some((n) => files.exists(join(dir, n)));
}
