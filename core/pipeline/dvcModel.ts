// The language server's view of a dvc.yaml: core/dvc's one pipeline model over an open document, with params and
// vars files read through the validation context (open buffers over the disk, recorded as dependencies), plus
// what the rules take from the document itself.
import { dirname, join, parse } from 'node:path';
import { PathEscapeError, tryResolveInside } from '../paths/containment';
import { buildPipelineModel as buildModel, type DvcPipelineModel, PARAMS_FILE } from '../dvc/pipeline';
import { type ParsedDocument, parsePipelineDocument } from './document';
import type { ValidationContext } from './workspace';

export interface DvcDocumentModel extends DvcPipelineModel {
  doc: ParsedDocument;
  /** Whether a params or vars file may be read: it is inside the repository holding the dvc.yaml. */
  readable(path: string): boolean;
  /** params.yaml next to dvc.yaml, parsed (for quick fixes that add keys to it). */
  paramsDoc?: ParsedDocument;
  /** Offsets of every `${` in the document, found on first use (rules/dvcYaml.ts). */
  templateOffsets?: number[];
}

/**
 * Params and vars files are read only inside the DVC project (the repository holding the dvc.yaml): a dvc.yaml
 * someone else wrote must not make the editor read, and show in hovers, other files — by `../` or by a checked-in
 * symlink. A dvc.yaml in no repository (no `.dvc/` or `.git` above it: not cloned, and not a project DVC would run)
 * has no bounds to keep.
 */
export function buildPipelineModel(doc: ParsedDocument, files: ValidationContext): DvcDocumentModel {
  const dir = dirname(doc.path);
  const root = repositoryRoot(dir, files) ?? parse(dir).root;
  // Every stage names the same few files: each is checked (a realpath) once per validation.
  const checked = new Map<string, boolean>();
  const readable = (path: string): boolean => {
    const known = checked.get(path);
    if (known !== undefined) return known;
    const inside = tryResolveInside(root, root, path) !== undefined;
    checked.set(path, inside);
    return inside;
  };
  const model = buildModel(doc.path, doc.value, {
    readText: (path) => {
      if (!readable(path)) throw new PathEscapeError(path, root, doc.path);
      return files.readText(path);
    },
    parse: (path, text) => (files.parse(path, 'params') ?? parsePipelineDocument(path, 'params', text)).value,
  });
  const paramsDoc = files.parse(join(model.dir, PARAMS_FILE), 'params');
  return paramsDoc ? { ...model, doc, readable, paramsDoc } : { ...model, doc, readable };
}

/**
 * The nearest folder holding `.dvc/` or `.git` at or above `dir`, as DVC finds its root. A repository does not move
 * while the editor has it open, so a found root is kept for the process: each validation would otherwise stat every
 * folder up to it. (A folder in no repository is looked up again each time.)
 */
export function repositoryRoot(dir: string, files: ValidationContext): string | undefined {
  const known = knownRoots.get(dir);
  if (known !== undefined) return known;
  for (let current = dir; current !== dirname(current); current = dirname(current)) {
    if (files.exists(join(current, '.dvc')) || files.exists(join(current, '.git'))) {
      if (knownRoots.size >= 1000) knownRoots.clear();
      knownRoots.set(dir, current);
      return current;
    }
  }
  return undefined;
}

const knownRoots = new Map<string, string>();
