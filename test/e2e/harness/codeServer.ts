// Starts code-server (the real VS Code 1.139.1 workbench and extension host) isolated in a temp folder: its own
// user data, extensions and XDG dirs, no gallery, no telemetry, bound to 127.0.0.1 on a free port. stop() ends
// exactly the process group it started.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeServerEntry, node24 } from './paths';

export interface CodeServerOptions {
  /** A .vsix to install before start (UI tests). */
  vsix?: string;
  /** Extension-host test mode: the workbench honours extensionDevelopmentPath / extensionTestsPath payloads. */
  smokeTestDriver?: boolean;
  env?: Record<string, string>;
  settings?: Record<string, unknown>;
}

export interface CodeServer {
  port: number;
  origin: string;
  home: string;
  /** URL opening a folder, optionally with a workbench payload (extension-host tests). */
  folderUrl(folder: string, payload?: Array<[string, string]>): string;
  remoteUri(path: string): string;
  stop(): Promise<void>;
}

const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'workbench.enableExperiments': false,
  'git.openRepositoryInParentFolders': 'never',
};

export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  const home = mkdtempSync(join(tmpdir(), 'mlops-code-server-'));
  const dirs = {
    userData: join(home, 'user-data'),
    extensions: join(home, 'extensions'),
    xdgData: join(home, 'xdg-data'),
    xdgConfig: join(home, 'xdg-config'),
    xdgCache: join(home, 'xdg-cache'),
    tmp: join(home, 'tmp'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  writeFileSync(join(dirs.userData, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...options.settings }, null, 2));
  const config = join(home, 'config.yaml');
  writeFileSync(config, 'auth: none\ncert: false\n');
  const env = {
    ...process.env,
    EXTENSIONS_GALLERY: '{}',
    XDG_DATA_HOME: dirs.xdgData,
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_CACHE_HOME: dirs.xdgCache,
    TMPDIR: dirs.tmp,
    ...options.env,
  };
  const common = ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
  if (options.vsix) {
    execFileSync(node24, [codeServerEntry, ...common, '--install-extension', options.vsix, '--force'], { env, stdio: 'pipe' });
  }
  const port = await freePort();
  const args = [
    codeServerEntry,
    ...common,
    '--config',
    config,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...(options.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
  ];
  const child = spawn(node24, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const origin = `http://127.0.0.1:${port}`;
  await waitForHealth(origin, child, output);
  return {
    port,
    origin,
    home,
    remoteUri: (path) => `vscode-remote://127.0.0.1:${port}${path}`,
    folderUrl(folder, payload) {
      const query = new URLSearchParams({ folder });
      if (payload) query.set('payload', JSON.stringify(payload));
      return `${origin}/?${query.toString()}`;
    },
    stop: () => stopProcessGroup(child, home),
  };
}

async function waitForHealth(origin: string, child: ChildProcess, output: string[]): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${output.join('')}`);
    try {
      const response = await fetch(`${origin}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`code-server did not answer ${origin}/healthz within 30 s:\n${output.join('')}`);
}

async function stopProcessGroup(child: ChildProcess, home: string): Promise<void> {
  if (child.pid !== undefined && child.exitCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 5000);
    await exited;
    clearTimeout(timer);
  }
  rmSync(home, { recursive: true, force: true });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The last lines of code-server's extension-host logs, for a failure message (the home goes when the server stops). */
export function extensionHostLogTail(server: CodeServer, lines = 30): string {
  const logs = readdirSync(server.home, { recursive: true, encoding: 'utf8' }).filter((file) => /exthost.*\.log$|remoteagent\.log$/i.test(file));
  return logs
    .map((file) => `--- ${file}\n${readFileSync(join(server.home, file), 'utf8').trimEnd().split('\n').slice(-lines).join('\n')}`)
    .join('\n');
}
