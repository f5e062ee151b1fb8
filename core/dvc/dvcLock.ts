// `dvc.lock` (schema '2.0', dvc/schema.py LOCKFILE_STAGES_SCHEMA). DVC 3 refuses the v1 layout (stages at the top
// level, no `schema:` key), and so do we.
import { DvcFileError } from './dvcFileError';
import { type HashEntry, parseHashEntry } from './outEntry';
import { loadYaml } from './yamlSource';
import { isRecord } from '../yaml/records';

export interface LockStage {
  name: string;
  cmd: string | string[];
  deps: HashEntry[];
  /** params file (relative to the stage's wdir) → dotted key → value recorded at the last run. */
  params: Record<string, Record<string, unknown>>;
  outs: HashEntry[];
}

export interface DvcLock {
  file: string;
  stages: Map<string, LockStage>;
}

export function parseDvcLock(file: string, text: string): DvcLock {
  const src = loadYaml(file, text);
  if (src.value === null || src.value === undefined) return { file, stages: new Map() };
  if (!isRecord(src.value)) throw new DvcFileError(file, 1, 'dvc.lock must be a mapping with `schema:` and `stages:`.');
  const schema = src.value['schema'];
  if (schema === undefined) {
    throw new DvcFileError(
      file,
      1,
      'this dvc.lock uses the DVC 1 format (no `schema:` key), which DVC 3 no longer reads — run `dvc repro` or `dvc commit` with DVC 2+ to rewrite it.',
    );
  }
  if (String(schema) !== '2.0') {
    throw new DvcFileError(file, src.lineOf(['schema']), `unsupported lock schema '${String(schema)}' (only '2.0' is known).`);
  }
  const stagesRaw = src.value['stages'] ?? {};
  if (!isRecord(stagesRaw)) throw new DvcFileError(file, src.lineOf(['stages']), '`stages:` must be a mapping of stage name → entry.');
  const stages = new Map<string, LockStage>();
  for (const [name, raw] of Object.entries(stagesRaw)) {
    const at = ['stages', name];
    if (!isRecord(raw)) throw new DvcFileError(file, src.lineOf(at), `stage '${name}' must be a mapping.`);
    const cmd = raw['cmd'];
    const list = (key: 'deps' | 'outs'): HashEntry[] => {
      const items = raw[key] ?? [];
      if (!Array.isArray(items)) throw new DvcFileError(file, src.lineOf([...at, key]), `\`${key}:\` of stage '${name}' must be a list.`);
      return items.map((item, i) => parseHashEntry(src, [...at, key, i], item));
    };
    const paramsRaw = raw['params'] ?? {};
    if (!isRecord(paramsRaw)) throw new DvcFileError(file, src.lineOf([...at, 'params']), `\`params:\` of stage '${name}' must map files to values.`);
    const params: Record<string, Record<string, unknown>> = {};
    for (const [paramsFile, values] of Object.entries(paramsRaw)) params[paramsFile] = isRecord(values) ? values : {};
    stages.set(name, {
      name,
      cmd: Array.isArray(cmd) ? cmd.map(String) : typeof cmd === 'string' ? cmd : '',
      deps: list('deps'),
      params,
      outs: list('outs'),
    });
  }
  return { file, stages };
}
