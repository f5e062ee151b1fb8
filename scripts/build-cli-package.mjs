// Builds packages/cli/, the `mlops` CLI as its own npm package (mlops-workbench-cli): every dependency bundled by
// esbuild into dist/cli.js, so the package has no runtime dependencies and installs offline. better-sqlite3 stays
// external and optional (core/sqlite/driver.ts falls back to node:sqlite when it does not load). The drift and W&B
// workers, the drift report UI that HTML reports inline and the W&B and Feast schemas sit beside the bundle, where
// core looks for them.
// `node scripts/build-cli-package.mjs [--pack]`: --pack also runs `npm pack` and prints the tarball's path.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { browserBundle } from './bundleOptions.mjs';

const root = new URL('..', import.meta.url).pathname;
const packageDir = join(root, 'packages', 'cli');
const dist = join(packageDir, 'dist');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
if (manifest.version !== version) {
  throw new Error(`packages/cli/package.json has version ${manifest.version}, package.json ${version}: keep them equal (the workflow mlops ci init writes pins this version).`);
}

const node = (entry, outfile, extra = {}) =>
  esbuild.build({
    entryPoints: [join(root, entry)],
    outfile: join(dist, outfile),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['better-sqlite3'],
    minify: true,
    legalComments: 'eof',
    logLevel: 'warning',
    ...extra,
  });

rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, 'webviews'), { recursive: true });
await Promise.all([
  node('cli/main.ts', 'cli.js', { banner: { js: '#!/usr/bin/env node' }, define: { __VERSION__: JSON.stringify(version) } }),
  node('core/drift/columnWorker.ts', 'driftColumnWorker.js'),
  node('core/wandb/segmentWorker.ts', 'wandbSegmentWorker.js'),
  esbuild.build(browserBundle(join(root, 'webviews', 'drift', 'main.ts'), join(dist, 'webviews', 'drift.js'))),
]);
chmodSync(join(dist, 'cli.js'), 0o755);
// The record schemas core/wandb/records.ts and core/feast/protoSchema.ts load from beside the bundle.
copyFileSync(join(root, 'core', 'wandb', 'wandb_internal.proto'), join(dist, 'wandb_internal.proto'));
cpSync(join(root, 'core', 'feast', 'proto'), join(dist, 'feast-proto'), { recursive: true });
copyFileSync(join(root, 'LICENSE'), join(packageDir, 'LICENSE'));

if (process.argv.includes('--pack')) {
  const destination = process.argv[process.argv.indexOf('--pack') + 1];
  const args = ['pack', '--json', ...(destination && !destination.startsWith('--') ? ['--pack-destination', destination] : [])];
  const [packed] = JSON.parse(execFileSync('npm', args, { cwd: packageDir, encoding: 'utf8' }));
  console.log(join(destination && !destination.startsWith('--') ? destination : packageDir, packed.filename));
} else {
  console.log(`built ${dist}`);
}
