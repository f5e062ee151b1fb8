// Writes a small project into a temp folder and validates one of its files from disk.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after } from 'node:test';
import { detectFileKind } from '../../../core/pipeline/fileKind';
import type { PipelineDiagnostic } from '../../../core/pipeline/types';
import { validateFile } from '../../../core/pipeline/validateFiles';

export function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-pipeline-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

export function check(dir: string, name: string): PipelineDiagnostic[] {
  const path = join(dir, name);
  return validateFile(path, detectFileKind(path, readFileSync(path, 'utf8'))!).diagnostics;
}

/** Validates one file of a project written to a temp folder; the folders are removed when the test file ends. */
export function projectChecker(): (files: Record<string, string>, name: string) => PipelineDiagnostic[] {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  return (files, name) => {
    const dir = project(files);
    dirs.push(dir);
    return check(dir, name);
  };
}

/** The text a diagnostic's range covers, for asserting "the smallest range". */
export function covered(text: string, d: PipelineDiagnostic): string {
  const lines = text.split('\n');
  const { start, end } = d.range;
  if (start.line === end.line) return lines[start.line]!.slice(start.character, end.character);
  return [lines[start.line]!.slice(start.character), ...lines.slice(start.line + 1, end.line), lines[end.line]!.slice(0, end.character)].join('\n');
}
