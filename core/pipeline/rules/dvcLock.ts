// dvc.lock and *.dvc files (DVC 3.x): structure (dvc/schema.py LOCKFILE_SCHEMA, SINGLE_STAGE_SCHEMA) and staleness
// of lock entries against dvc.yaml. A stale lock is normal between an edit and `dvc repro`: DVC neither fails nor
// warns, `dvc status` lists the stage as changed and `dvc repro` re-runs it, so it is information.
import { dirname, join } from 'node:path';
import { type ParsedDocument, rangeAtPath } from '../document';
import { detectFileKind } from '../fileKind';
import { buildPipelineModel } from '../dvcModel';
import { resolveString } from '../../dvc/templating';
import { checkSchema } from '../schemaCheck';
import { dvcFileSchema, dvcLockSchema } from '../schemas/dvcSchemas';
import type { PipelineDiagnostic } from '../types';
import type { ValidationContext } from '../workspace';
import { isRecord } from '../../yaml/records';

export function validateDvcFile(doc: ParsedDocument): PipelineDiagnostic[] {
  if (doc.value === undefined || doc.value === null) return [];
  return checkSchema(doc, dvcFileSchema, doc.value, { unknownKeySeverity: 'error', code: 'dvc-file', format: 'the .dvc file' });
}

export function validateDvcLock(doc: ParsedDocument, files: ValidationContext): PipelineDiagnostic[] {
  if (doc.value === undefined || doc.value === null) return [];
  const out = checkSchema(doc, dvcLockSchema, doc.value, { unknownKeySeverity: 'error', code: 'dvc-lock', format: 'dvc.lock' });
  const lockStages = isRecord(doc.value) && isRecord(doc.value['stages']) ? doc.value['stages'] : {};
  const yamlPath = join(dirname(doc.path), 'dvc.yaml');
  const pipeline = files.parse(yamlPath, detectFileKind(yamlPath) ?? 'dvc-yaml');
  if (!pipeline || !isRecord(pipeline.value)) return out;
  const model = buildPipelineModel(pipeline, files);
  const stages = new Map(model.stages.map((s) => [s.name, s]));
  for (const [name, lock] of Object.entries(lockStages)) {
    // Expanded foreach/matrix stages are locked as `name@key`.
    const base = name.includes('@') ? name.slice(0, name.indexOf('@')) : name;
    const stage = stages.get(base);
    if (!stage || (base !== name && stage.kind === 'plain')) {
      out.push({
        severity: 'information',
        code: 'dvc-lock-stale',
        message: `Stage '${name}' in dvc.lock no longer exists in dvc.yaml (stale): run \`dvc repro\` or \`dvc commit\` to update the lock.`,
        range: rangeAtPath(doc, ['stages', name], 'key'),
      });
      continue;
    }
    if (stage.kind !== 'plain' || !isRecord(lock)) continue;
    const cmd = normalizeCmd(stage.body['cmd'], stage.ctx);
    const locked = normalizeCmd(lock['cmd'], undefined);
    if (cmd !== undefined && locked !== undefined && cmd !== locked) {
      out.push({
        severity: 'information',
        code: 'dvc-lock-stale',
        message: `Stage '${name}' is stale: its cmd in dvc.yaml differs from dvc.lock. Run \`dvc repro ${name}\`.`,
        range: rangeAtPath(doc, ['stages', name, 'cmd'], 'value'),
      });
    }
  }
  return out;
}

function normalizeCmd(cmd: unknown, ctx: Parameters<typeof resolveString>[1] | undefined): string | undefined {
  const parts = typeof cmd === 'string' ? [cmd] : Array.isArray(cmd) ? cmd : undefined;
  if (!parts?.every((p) => typeof p === 'string')) return undefined;
  const resolved: string[] = [];
  for (const part of parts as string[]) {
    if (!ctx) {
      resolved.push(part.trim());
      continue;
    }
    const r = resolveString(part, ctx);
    if (!r.resolved || typeof r.value !== 'string') return undefined;
    resolved.push(r.value.trim());
  }
  return resolved.join('\n');
}
