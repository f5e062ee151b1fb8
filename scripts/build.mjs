// Bundles every entry point with esbuild. Native modules stay external: they are loaded from node_modules at run
// time (see core/sqlite/driver.ts), never inlined.
import { existsSync, readdirSync, mkdirSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const production = process.argv.includes('--production');
const external = ['vscode', 'better-sqlite3'];

const nodeBundle = (entry, outfile, extra = {}) => ({
  entryPoints: [join(root, entry)],
  outfile: join(root, outfile),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  ...extra,
});

function webviewEntries() {
  const dir = join(root, 'webviews');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'main.ts')))
    .map((d) => d.name);
}

const builds = [
  nodeBundle('extension/extension.ts', 'dist/extension.js'),
  nodeBundle('language-server/server.ts', 'dist/server.js'),
  nodeBundle('cli/main.ts', 'dist/cli.js', { banner: { js: '#!/usr/bin/env node' } }),
  // Drift tests columns on worker threads; core/drift/columnPool.ts finds this file beside the bundle.
  nodeBundle('core/drift/columnWorker.ts', 'dist/driftColumnWorker.js'),
  nodeBundle('test/exthost/index.ts', 'out/exthost/index.js', { external: [...external, 'mocha'], sourcemap: 'inline' }),
  ...webviewEntries().map((name) => ({
    entryPoints: [join(root, 'webviews', name, 'main.ts')],
    outfile: join(root, 'dist', 'webviews', `${name}.js`),
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: true,
    loader: { '.css': 'text' },
    logLevel: 'warning',
  })),
  // A notebook renderer is loaded by VS Code as an ES module exporting activate(): not an IIFE like the webviews.
  {
    entryPoints: [join(root, 'webviews', 'notebook', 'index.ts')],
    outfile: join(root, 'dist', 'webviews', 'notebook.js'),
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    loader: { '.css': 'text' },
    logLevel: 'warning',
  },
].filter((b) => existsSync(b.entryPoints[0]));

mkdirSync(join(root, 'dist', 'webviews'), { recursive: true });
const started = performance.now();
await Promise.all(builds.map((b) => esbuild.build(b)));
chmodSync(join(root, 'dist', 'cli.js'), 0o755);
console.log(`built ${builds.length} bundles in ${Math.round(performance.now() - started)} ms`);
