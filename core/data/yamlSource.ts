// YAML loading with line numbers, shared by the .dvc, dvc.yaml, dvc.lock and params parsers.
import { isMap, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { DvcFileError } from './dvcFileError';

export type YamlPath = ReadonlyArray<string | number>;

export interface YamlSource {
  file: string;
  value: unknown;
  /** 1-based line of the node at `path`, or of the closest ancestor that exists. */
  lineOf(path: YamlPath): number | undefined;
}

export function loadYaml(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  // DVC reads metafiles as YAML 1.2 (ruamel, "safe"), so `yes`/`no` stay strings, as here.
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const first = doc.errors[0];
  if (first) {
    const line = lineCounter.linePos(first.pos[0]).line;
    throw new DvcFileError(file, line, `invalid YAML: ${first.message.split('\n')[0]} — fix the syntax and reload.`);
  }
  const lineOf = (path: YamlPath): number | undefined => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
      const start = (node as Node | null | undefined)?.range?.[0];
      if (start !== undefined && (depth === 0 || isNodeLike(node))) return lineCounter.linePos(start).line;
    }
    return undefined;
  };
  return { file, value: doc.toJS({ maxAliasCount: 1000 }), lineOf };
}

function isNodeLike(node: unknown): boolean {
  return typeof node === 'object' && node !== null && ('range' in node || isMap(node) || isSeq(node));
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
