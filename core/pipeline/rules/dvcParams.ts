// Stage `params` checks (DVC 3.x), worded as DVC words them at `dvc repro` time (dvc/dependency/param.py):
// "Parameters 'a, b' are missing from 'params.yaml'." and "Parameters file 'x.yaml' does not exist".
import { join, relative, resolve } from 'node:path';
import { type PathSegment, rangeAtPath } from '../document';
import { addParamEdit } from '../paramsEdit';
import { isUrl, PARAMS_FILE, type StageModel } from '../../dvc/pipeline';
import type { DvcDocumentModel } from '../dvcModel';
import { lookupParam, resolveString } from '../../dvc/templating';
import { relativeTo } from '../../paths/plainJoin';
import type { PipelineDiagnostic } from '../types';
import type { ValidationContext } from '../workspace';
import { isProduced } from './dvcGraph';
import { isRecord } from '../../yaml/records';

interface ParamRef {
  key: string;
  nodePath: PathSegment[];
}

interface FileRefs {
  refs: ParamRef[];
  nodePath: PathSegment[];
}

export function checkStageParams(model: DvcDocumentModel, stage: StageModel, files: ValidationContext): PipelineDiagnostic[] {
  const list = stage.body['params'];
  if (!Array.isArray(list)) return [];
  const out: PipelineDiagnostic[] = [];
  const byFile = new Map<string, FileRefs>();
  const listPath = [...stage.bodyPath, 'params'];
  list.forEach((item, index) => {
    if (typeof item === 'string') {
      const misread = fileColonKey(item);
      if (misread) {
        out.push(misreadParam(model, stage, [...listPath, index], item, misread));
        return;
      }
      addRefs(byFile, PARAMS_FILE, [...listPath, index], [{ key: item, nodePath: [...listPath, index] }]);
      return;
    }
    if (!isRecord(item)) return;
    for (const [file, keys] of Object.entries(item)) {
      const keyPath = [...listPath, index, file];
      const refs = Array.isArray(keys)
        ? keys.flatMap((k, i) => (typeof k === 'string' ? [{ key: k, nodePath: [...keyPath, i] }] : []))
        : [];
      addRefs(byFile, file, keyPath, refs);
    }
  });
  for (const [fileRaw, { refs, nodePath }] of byFile) {
    const resolved = resolveString(fileRaw, stage.ctx);
    if (!resolved.resolved || typeof resolved.value !== 'string' || isUrl(resolved.value)) continue;
    const path = resolve(stage.wdir, resolved.value);
    // DVC reads a params file outside the project; the editor does not (nothing to report either).
    if (!model.readable(path)) continue;
    const text = files.readText(path);
    if (text === undefined) {
      if (isProduced(model, path)) continue;
      out.push({
        severity: 'error',
        code: 'dvc-params-file-missing',
        message: `Parameters file '${shownFrom(stage, path, resolved.value)}' does not exist`,
        range: rangeAtPath(model.doc, nodePath, fileRaw === PARAMS_FILE && refs[0] ? 'value' : 'key'),
      });
      continue;
    }
    if (!/\.(ya?ml|json)$/i.test(path)) continue;
    const parsed = files.parse(path, 'params');
    const missing: { key: string; ref: ParamRef }[] = [];
    for (const ref of refs) {
      const keyResolved = resolveString(ref.key, stage.ctx);
      if (!keyResolved.resolved || typeof keyResolved.value !== 'string') continue;
      if (!hasKey(parsed?.value, keyResolved.value)) missing.push({ key: keyResolved.value, ref });
    }
    if (missing.length === 0) continue;
    // One message per stage and file, as DVC prints it, shown on each missing key with its own fix.
    const shown = shownFrom(stage, path, resolved.value);
    const message = `Parameters '${missing.map((m) => m.key).join(', ')}' are missing from '${shown}'.`;
    for (const { key, ref } of missing) {
      const edit = addParamEdit(path, parsed, key);
      out.push({
        severity: 'error',
        code: 'dvc-param-missing',
        message,
        range: rangeAtPath(model.doc, ref.nodePath, 'value'),
        fixes: edit ? [{ title: `Add '${key}' to ${shown}`, edits: [edit] }] : undefined,
      });
    }
  }
  return out;
}

function addRefs(byFile: Map<string, FileRefs>, file: string, nodePath: PathSegment[], refs: ParamRef[]): void {
  const entry = byFile.get(file);
  if (entry) entry.refs.push(...refs);
  else byFile.set(file, { refs, nodePath });
}

/** The params file as the user wrote it relative to the stage's wdir (computed only for a message). */
function shownFrom(stage: StageModel, path: string, written: string): string {
  return relativeTo(stage.wdir, path) || written;
}

/** Lookups by params data: the parsed value is cached while its file is unchanged, so answers are too. */
const keyLookups = new WeakMap<object, Map<string, boolean>>();

/** DVC looks params up by dotted path; a key may itself contain dots (flattened), so try both. */
function hasKey(data: unknown, key: string): boolean {
  if (!isRecord(data)) return lookupParam(data, key).found;
  let memo = keyLookups.get(data);
  if (!memo) {
    memo = new Map();
    keyLookups.set(data, memo);
  }
  let found = memo.get(key);
  if (found === undefined) {
    found = lookupParam(data, key).found;
    memo.set(key, found);
  }
  return found;
}


/** `cfg.yaml:model` — the file/key syntax of `dvc run -p`, which in dvc.yaml is just a key of params.yaml. */
function fileColonKey(item: string): { file: string; keys: string[] } | undefined {
  const m = /^([^:]+\.(?:ya?ml|json|toml|py)):(.+)$/.exec(item.trim());
  if (!m) return undefined;
  return { file: m[1]!, keys: m[2]!.split(',').map((k) => k.trim()).filter(Boolean) };
}

function misreadParam(
  model: DvcDocumentModel,
  stage: StageModel,
  nodePath: PathSegment[],
  item: string,
  parsed: { file: string; keys: string[] },
): PipelineDiagnostic {
  const range = rangeAtPath(model.doc, nodePath, 'value');
  const replacement = `{${parsed.file}: [${parsed.keys.join(', ')}]}`;
  // dvc.yaml has no `file:keys` syntax (only `dvc stage add -p` does): DVC 3 looks the whole text up in params.yaml
  // and `dvc repro` stops with "Parameters '…' are missing".
  return {
    severity: 'error',
    code: 'dvc-param-file-syntax',
    message:
      `'${item}' is read by DVC 3 as a key of ${join(relative(model.dir, stage.wdir), PARAMS_FILE)}, not as ` +
      `'${parsed.keys.join(', ')}' from '${parsed.file}', and \`dvc repro\` stops on it. Write it as ${replacement}.`,
    range,
    fixes: [{ title: `Change to ${replacement}`, edits: [{ path: model.doc.path, range, newText: replacement }] }],
  };
}
