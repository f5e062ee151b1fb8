// A stage `params` entry under the cursor, resolved to the params file and key it names (DVC's default file is
// params.yaml in the stage's wdir; `{file: [keys]}` names another file).
import { resolve } from 'node:path';
import { rangeAtPath } from './document';
import { PARAMS_FILE } from '../dvc/pipeline';
import type { DvcDocumentModel } from './dvcModel';
import { lookupParam } from '../dvc/templating';
import { type CursorTarget, stageFieldOf } from './locate';
import type { Range } from './types';
import type { ValidationContext } from './workspace';
import { isRecord } from '../yaml/records';

export interface ParamReference {
  file: string;
  key: string;
  found: boolean;
  value?: unknown;
  range: Range;
}

export function paramReferenceAt(model: DvcDocumentModel, target: CursorTarget, files: ValidationContext): ParamReference | undefined {
  const field = stageFieldOf(target.path);
  if (field?.field !== 'params') return undefined;
  const stage = model.stages.find((s) => s.name === field.stage);
  if (!stage) return undefined;
  const [index, fileKey, keyIndex] = field.rest;
  const list = stage.body['params'];
  if (!Array.isArray(list) || typeof index !== 'number') return undefined;
  const item = list[index];
  let file = PARAMS_FILE;
  let key: string | undefined;
  if (typeof item === 'string') key = item;
  else if (isRecord(item) && typeof fileKey === 'string') {
    file = fileKey;
    const keys = item[fileKey];
    if (typeof keyIndex === 'number' && Array.isArray(keys) && typeof keys[keyIndex] === 'string') key = keys[keyIndex];
  }
  if (key === undefined) return undefined;
  const path = resolve(stage.wdir, file);
  if (!model.readable(path)) return undefined;
  const data = files.parse(path, 'params')?.value;
  const hit = lookupParam(data, key);
  return { file: path, key, found: hit.found, value: hit.found ? hit.value : undefined, range: rangeAtPath(model.doc, target.path, 'value') };
}
