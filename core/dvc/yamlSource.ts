// YAML loading with line numbers, shared by the .dvc, dvc.yaml, dvc.lock and params parsers.
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { DvcFileError } from './dvcFileError';
import { parseBlockYaml } from '../yaml/blockYaml';

export type YamlPath = ReadonlyArray<string | number>;

export interface YamlSource {
  file: string;
  value: unknown;
  /** 1-based line of the node at `path`, or of the closest ancestor that exists. */
  lineOf(path: YamlPath): number | undefined;
}

/**
 * Parses YAML; DVC-written plain block YAML takes the fast path (core/yaml/blockYaml.ts, the reader the language
 * server uses too) and line numbers are then computed only when asked for (error messages, stage locations). A
 * repeated key goes to the full parser, which reports it.
 */
export function loadYaml(file: string, text: string): YamlSource {
  const fast = parseBlockYaml(text);
  if (fast === undefined || fast.duplicates.length > 0) return loadFullYaml(file, text);
  const plain = fast.value;
  let full: YamlSource | undefined;
  return {
    file,
    value: plain,
    lineOf: (path) => {
      full ??= loadFullYaml(file, text);
      return full.lineOf(path);
    },
  };
}

function loadFullYaml(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  // DVC reads metafiles as YAML 1.2 (ruamel, "safe"), so `yes`/`no` stay strings, as here.
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const first = doc.errors[0];
  if (first) {
    const line = lineCounter.linePos(first.pos[0]).line;
    throw new DvcFileError(file, line, `invalid YAML: ${first.message.split('\n')[0]} — fix the syntax and reload.`);
  }
  const lineOf = (path: YamlPath): number | undefined => {
    for (let depth = path.length; depth > 0; depth--) {
      const start = startOf(depth === 1 ? doc.contents : doc.getIn(path.slice(0, depth - 1), true), path[depth - 1]!);
      if (start !== undefined) return lineCounter.linePos(start).line;
    }
    const root = (doc.contents as Node | null)?.range?.[0];
    return root === undefined ? undefined : lineCounter.linePos(root).line;
  };
  return { file, value: doc.toJS({ maxAliasCount: 1000 }), lineOf };
}

/** Where a child starts: a mapping entry at its key (where readers look for it), a list item at the item. */
function startOf(parent: unknown, step: string | number): number | undefined {
  if (isMap(parent)) {
    const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === String(step));
    return (pair?.key as Node | undefined)?.range?.[0];
  }
  if (isSeq(parent) && typeof step === 'number') return (parent.items[step] as Node | undefined)?.range?.[0];
  return undefined;
}

