// Batch validation for the CLI and tests: files by path, folders by walking them for every supported file.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parsePipelineDocument } from './document';
import { detectFileKind } from './fileKind';
import type { FileKind, PipelineDiagnostic } from './types';
import { validateDocument } from './validate';
import { diskFiles, type FileSource, ParseCache, ValidationContext } from './workspace';

export interface FileReport {
  path: string;
  kind: FileKind;
  diagnostics: PipelineDiagnostic[];
}

/** Folders never worth walking: VCS data, caches, virtual environments, dependencies. */
const SKIPPED_DIRS = new Set(['.git', '.dvc', 'node_modules', '.venv', 'venv', '__pycache__', 'mlruns', '.mypy_cache']);

export function validateFile(path: string, kind: FileKind, source: FileSource = diskFiles, cache = new ParseCache()): FileReport {
  const text = source.readText(path) ?? '';
  const doc = parsePipelineDocument(path, kind, text);
  return { path, kind, diagnostics: validateDocument(doc, new ValidationContext(source, cache)) };
}

/** YAML files are read to tell a W&B sweep (any name) from other YAML. */
const mayBeSweep = (name: string): boolean => /\.ya?ml$/i.test(name);

/** Every supported file under a folder, sorted for stable output. */
export function findSupportedFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (current: string): void => {
    for (const name of readdirSync(current).sort()) {
      const path = join(current, name);
      const stat = statSync(path, { throwIfNoEntry: false });
      if (!stat) continue;
      if (stat.isDirectory()) {
        if (!SKIPPED_DIRS.has(name)) walk(path);
      } else if (detectFileKind(path, mayBeSweep(name) ? diskFiles.readText(path) : undefined)) found.push(path);
    }
  };
  walk(dir);
  return found;
}
