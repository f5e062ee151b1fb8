// core/ is the layer everything else adapts: it never imports `vscode`, nor the webviews, the extension, the
// language server, the CLI or the tests built on top of it. Read with TypeScript's own import scanner, so static
// imports, re-exports, import() and require() all count.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';

const root = join(__dirname, '..', '..', '..');
const core = join(root, 'core');
const LAYERS_ABOVE = ['webviews', 'extension', 'language-server', 'cli', 'test'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.[cm]?ts$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** "file: specifier" for every import of `file` that leaves core's layer. */
function forbiddenImports(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles
    .map((imported) => imported.fileName)
    .filter((specifier) => {
      if (specifier === 'vscode' || specifier.startsWith('vscode/')) return true;
      if (!specifier.startsWith('.')) return false;
      const target = relative(root, resolve(dirname(file), specifier));
      return LAYERS_ABOVE.some((layer) => target === layer || target.startsWith(`${layer}${sep}`));
    })
    .map((specifier) => `${relative(root, file)}: ${specifier}`);
}

test('no file under core/ imports vscode, webviews/, extension/, language-server/, cli/ or test/', () => {
  const files = sourceFiles(core);
  assert.ok(files.length > 50, `only ${files.length} files found under ${core}`);
  assert.deepEqual(files.flatMap(forbiddenImports), []);
});

test('the scanner sees every kind of import a core file could sneak in', () => {
  const { importedFiles } = ts.preProcessFile(
    ["import * as vscode from 'vscode';", "export { a } from '../../webviews/x/contract';", "const m = import('../extension/y');", "require('../cli/z');"].join('\n'),
    true,
    true,
  );
  assert.deepEqual(
    importedFiles.map((f) => f.fileName),
    ['vscode', '../../webviews/x/contract', '../extension/y', '../cli/z'],
  );
});
