// Builds better-sqlite3 for every Node ABI the extension may run under and places the binaries in
// native/better-sqlite3/node-v<ABI>-<platform>-<arch>/. The CLI's Node (this process) uses the build npm made;
// code-server's extension host is Node 24, built here with node-gyp against the headers that ship with node@24.
// Builds are cached per better-sqlite3 version in .vscode-test/native-cache, so only the first run compiles.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const require = createRequire(import.meta.url);
const moduleDir = dirname(require.resolve('better-sqlite3/package.json'));
const version = JSON.parse(readFileSync(join(moduleDir, 'package.json'), 'utf8')).version;
const outDir = join(root, 'native', 'better-sqlite3');
const target = (abi) => join(outDir, `node-v${abi}-${process.platform}-${process.arch}`);

mkdirSync(target(process.versions.modules), { recursive: true });
copyFileSync(join(moduleDir, 'build', 'Release', 'better_sqlite3.node'), join(target(process.versions.modules), 'better_sqlite3.node'));

execFileSync('bash', [join(root, 'scripts', 'setup-e2e.sh'), 'node24'], { stdio: 'inherit' });
const node24Home = join(root, '.vscode-test', 'node24', 'node_modules', 'node', 'node_modules', `node-${process.platform}-${process.arch}`);
const node24 = join(node24Home, 'bin', 'node');
const abi = execFileSync(node24, ['-p', 'process.versions.modules']).toString().trim();
const cached = join(root, '.vscode-test', 'native-cache', `better-sqlite3-${version}-node-v${abi}`, 'better_sqlite3.node');
if (!existsSync(cached)) {
  console.log(`building better-sqlite3 ${version} for Node ABI ${abi} (about a minute)…`);
  // A folder of this process's own: two builds at once (two checkouts' tests) must not delete each other's files.
  const work = join(root, '.vscode-test', 'native-cache', `work-${process.pid}`);
  try {
    cpSync(moduleDir, work, { recursive: true, filter: (src) => !src.includes(`${moduleDir}/build`) });
    // npm bundles node-gyp; using it avoids a dependency of our own.
    const globalModules = execFileSync('npm', ['root', '-g']).toString().trim();
    const nodeGyp = join(globalModules, 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
    const built = spawnSync(node24, [nodeGyp, 'rebuild', '--release', `--nodedir=${node24Home}`], {
      cwd: work,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, PATH: `${dirname(node24)}:${process.env.PATH}` },
    });
    if (built.status !== 0) throw new Error(`node-gyp failed for Node ABI ${abi}`);
    mkdirSync(dirname(cached), { recursive: true });
    copyFileSync(join(work, 'build', 'Release', 'better_sqlite3.node'), `${cached}.${process.pid}`);
    renameSync(`${cached}.${process.pid}`, cached);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
mkdirSync(target(abi), { recursive: true });
copyFileSync(cached, join(target(abi), 'better_sqlite3.node'));
// The JavaScript half travels next to the binaries: the packaged extension has no node_modules.
rmSync(join(outDir, 'js'), { recursive: true, force: true });
for (const entry of ['package.json', 'lib', 'LICENSE']) cpSync(join(moduleDir, entry), join(outDir, 'js', entry), { recursive: true });
console.log(`native builds: ABI ${process.versions.modules} (Node ${process.versions.node}), ABI ${abi} (Node 24)`);
