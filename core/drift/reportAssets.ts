// Finds the drift UI bundle to inline into HTML exports. Shipped: dist/webviews/drift.js beside the bundled CLI or
// extension. From source (tests, tsx): built in memory from webviews/drift/main.ts with the options
// scripts/build.mjs uses, so an export never carries a stale UI.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DriftInputError } from './tableReaders';

const BUNDLED = join(__dirname, 'webviews', 'drift.js');
const SOURCE_ENTRY = join(__dirname, '..', '..', 'webviews', 'drift', 'main.ts');

let cached: string | undefined;

export function loadReportScript(): string {
  if (cached !== undefined) return cached;
  if (existsSync(BUNDLED)) {
    cached = readFileSync(BUNDLED, 'utf8');
    return cached;
  }
  if (!existsSync(SOURCE_ENTRY)) {
    throw new DriftInputError(`the drift report UI is missing (${BUNDLED}); run \`npm run build\` first`);
  }
  // A variable module name keeps esbuild from inlining esbuild into the CLI bundle; it is only needed from source.
  const builder = 'esbuild';
  const esbuild = require(builder) as typeof import('esbuild');
  const result = esbuild.buildSync({
    entryPoints: [SOURCE_ENTRY],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: true,
    loader: { '.css': 'text' },
    logLevel: 'silent',
  });
  cached = result.outputFiles[0]!.text;
  return cached;
}
