// Produces mlops-workbench-<version>.vsix holding only what runs: the bundles, the extension's media and README,
// and native/ (better-sqlite3's JavaScript and its binaries per Node ABI, see build-native.mjs). vsce runs offline with --no-dependencies, so the
// runtime files are staged in out/vsix first, exactly as they will sit in the installed extension.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const require = createRequire(import.meta.url);
const run = (cmd, args, cwd = root) => execFileSync(cmd, args, { cwd, stdio: 'inherit' });

run(process.execPath, [join(root, 'scripts', 'build.mjs'), '--production']);
run(process.execPath, [join(root, 'scripts', 'build-native.mjs')]);

const stage = join(root, 'out', 'vsix');
rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
// The installed extension needs no build tooling: drop scripts and devDependencies from the shipped manifest.
const { scripts: _scripts, devDependencies: _dev, allowScripts: _allow, ...shipped } = manifest;
writeFileSync(join(stage, 'package.json'), `${JSON.stringify(shipped, null, 2)}\n`);
for (const entry of ['LICENSE', 'media', 'schemas', 'syntaxes', 'native', 'python']) {
  // dereference: a checkout may hold native/ as a link to another checkout's build (vsce cannot pack a link).
  cpSync(join(root, entry), join(stage, entry), {
    recursive: true,
    dereference: true,
    filter: (src) => !src.includes('__pycache__'),
  });
}
// The README's screenshot and its links into docs/ are not shipped and have no public URL to point at (vsce refuses
// relative links): the packaged README drops the picture and keeps only those links' text.
const readme = readFileSync(join(root, 'README.md'), 'utf8')
  .replace(/^!\[[^\]]*\]\([^)]*\)\n\n?/gm, '')
  .replace(/\[([^\]]+)\]\((?!https?:|#)[^)]*\)/g, '$1');
writeFileSync(join(stage, 'README.md'), readme);
cpSync(join(root, 'dist'), join(stage, 'dist'), { recursive: true, filter: (src) => !src.endsWith('.map') });
writeFileSync(join(stage, '.vscodeignore'), '**/*.map\n');

const vsix = join(root, `${manifest.name}-${manifest.version}.vsix`);
const vsce = join(dirname(require.resolve('@vscode/vsce/package.json')), 'vsce');
run(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsix], stage);
const bytes = statSync(vsix).size;
const extensionJs = statSync(join(root, 'dist', 'extension.js')).size;
console.log(`vsix: ${vsix} ${(bytes / 1024 / 1024).toFixed(2)} MB; dist/extension.js ${(extensionJs / 1024).toFixed(1)} KB`);
