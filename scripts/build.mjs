// Bundles every entry point with esbuild. Native modules stay external: they are loaded from node_modules at run
// time (see core/sqlite/driver.ts), never inlined. In the extension, every dynamic import() of our own code becomes
// its own bundle, dist/lazy-<module>.js: VS Code counts parsing the main bundle as activation time, so views and the
// language client are parsed only when first used.
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as esbuild from 'esbuild';
import { browserBundle } from './bundleOptions.mjs';

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

/**
 * Marks dynamic imports of extension code external, pointing at dist/lazy-<name>.js, and records them in `chunks`.
 * Chunks sit beside extension.js, not in a sub-folder, so that code locating files from __dirname (the drift worker
 * and report script) finds them from any chunk.
 */
function lazyChunks(chunks) {
  return {
    name: 'lazy-chunks',
    setup(build) {
      build.onResolve({ filter: /^\./ }, async (args) => {
        if (args.kind !== 'dynamic-import' || !args.importer.startsWith(join(root, 'extension'))) return undefined;
        const resolved = await build.resolve(args.path, { kind: 'import-statement', resolveDir: args.resolveDir, importer: args.importer });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        const name = relative(root, resolved.path).replace(/\.[cm]?[jt]s$/, '').replaceAll('/', '-');
        chunks.set(name, resolved.path);
        return { path: `./lazy-${name}.js`, external: true };
      });
    },
  };
}

async function buildExtension() {
  for (const stale of readdirSync(join(root, 'dist')).filter((f) => f.startsWith('lazy-'))) rmSync(join(root, 'dist', stale));
  const chunks = new Map();
  await esbuild.build(nodeBundle('extension/extension.ts', 'dist/extension.js', { plugins: [lazyChunks(chunks)] }));
  const built = new Set();
  while (built.size < chunks.size) {
    const pending = [...chunks].filter(([name]) => !built.has(name));
    await Promise.all(
      pending.map(([name, path]) => {
        built.add(name);
        return esbuild.build(nodeBundle(relative(root, path), `dist/lazy-${name}.js`, { plugins: [lazyChunks(chunks)] }));
      }),
    );
  }
  return 1 + built.size;
}

const builds = [
  nodeBundle('language-server/server.ts', 'dist/server.js'),
  nodeBundle('cli/main.ts', 'dist/cli.js', { banner: { js: '#!/usr/bin/env node' } }),
  // Drift tests columns on worker threads; core/drift/columnPool.ts finds this file beside the bundle.
  nodeBundle('core/drift/columnWorker.ts', 'dist/driftColumnWorker.js'),
  // A large .wandb's history is read in parts on worker threads; core/wandb/segmentPool.ts finds this file beside the bundle.
  nodeBundle('core/wandb/segmentWorker.ts', 'dist/wandbSegmentWorker.js'),
  nodeBundle('test/exthost/index.ts', 'out/exthost/index.js', { external: [...external, 'mocha'], sourcemap: 'inline' }),
  // dist/webviews/drift.js is also the UI that standalone HTML drift reports inline (core/drift/reportAssets.ts
  // reads it, from source too): the report's assets are built here, never at run time.
  ...webviewEntries().map((name) => browserBundle(join(root, 'webviews', name, 'main.ts'), join(root, 'dist', 'webviews', `${name}.js`))),
  // A notebook renderer is loaded by VS Code as an ES module exporting activate(): not an IIFE like the webviews.
  browserBundle(join(root, 'webviews', 'notebook', 'index.ts'), join(root, 'dist', 'webviews', 'notebook.js'), 'esm'),
].filter((b) => existsSync(b.entryPoints[0]));

mkdirSync(join(root, 'dist', 'webviews'), { recursive: true });
// Feast's trimmed .proto files, which core/feast/protoSchema.ts loads at run time from beside the bundle.
cpSync(join(root, 'core', 'feast', 'proto'), join(root, 'dist', 'feast-proto'), { recursive: true });
const started = performance.now();
const [extensionBundles] = await Promise.all([buildExtension(), ...builds.map((b) => esbuild.build(b))]);
chmodSync(join(root, 'dist', 'cli.js'), 0o755);
// core/wandb/records.ts reads W&B's record schema beside the bundle (the extension-host tests write W&B runs too).
copyFileSync(join(root, 'core', 'wandb', 'wandb_internal.proto'), join(root, 'dist', 'wandb_internal.proto'));
copyFileSync(join(root, 'core', 'wandb', 'wandb_internal.proto'), join(root, 'out', 'exthost', 'wandb_internal.proto'));
console.log(`built ${builds.length + extensionBundles} bundles in ${Math.round(performance.now() - started)} ms`);
