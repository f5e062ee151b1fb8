// `.dvc/config` and `.dvc/config.local` (configobj INI, dvc/config.py). Read-only: remotes to show and to name in
// "pull from" messages, and `cache.dir`. Section names look like `['remote "storage"']` or `[remote "storage"]`.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { DvcFileError } from './dvcFileError';

export interface DvcRemote {
  name: string;
  url: string;
  options: Record<string, string>;
}

export interface DvcConfig {
  /** `core.remote`, the remote `dvc pull` uses without `-r`. */
  defaultRemote?: string;
  remotes: DvcRemote[];
  /** Absolute cache directory (`cache.dir`, relative to the .dvc folder), default `<root>/.dvc/cache`. */
  cacheDir: string;
}

type Sections = Map<string, Record<string, string>>;

export function parseIni(file: string, text: string): Sections {
  const sections: Sections = new Map();
  let current: Record<string, string> | undefined;
  text.split(/\r?\n/).forEach((rawLine, index) => {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
    const header = /^\[\s*(.+?)\s*\]$/.exec(line);
    if (header) {
      const name = header[1]!.replace(/^'(.*)'$/, '$1').replace(/^"(.*)"$/, '$1');
      current = sections.get(name) ?? {};
      sections.set(name, current);
      return;
    }
    const eq = line.indexOf('=');
    if (eq < 0 || !current) {
      throw new DvcFileError(file, index + 1, `expected '[section]' or 'key = value', got '${line}'. Fix the line or run \`dvc config\` to rewrite it.`);
    }
    current[line.slice(0, eq).trim()] = unquote(line.slice(eq + 1).trim());
  });
  return sections;
}

function unquote(value: string): string {
  const quoted = /^(['"])(.*)\1$/.exec(value);
  return quoted ? quoted[2]! : value;
}

/** Reads the project's config files; a project without them gets the defaults. */
export function readDvcConfig(projectRoot: string): DvcConfig {
  const dvcDir = join(projectRoot, '.dvc');
  const merged: Sections = new Map();
  for (const name of ['config', 'config.local']) {
    const path = join(dvcDir, name);
    if (!existsSync(path)) continue;
    for (const [section, values] of parseIni(path, readFileSync(path, 'utf8'))) merged.set(section, { ...merged.get(section), ...values });
  }
  const remotes: DvcRemote[] = [];
  for (const [section, values] of merged) {
    const match = /^remote\s+"(.+)"$/.exec(section);
    if (!match) continue;
    const { url = '', ...options } = values;
    remotes.push({ name: match[1]!, url, options });
  }
  const cacheDirSetting = merged.get('cache')?.['dir'];
  const config: DvcConfig = {
    remotes,
    cacheDir: cacheDirSetting ? (isAbsolute(cacheDirSetting) ? cacheDirSetting : resolve(dvcDir, cacheDirSetting)) : join(dvcDir, 'cache'),
  };
  const defaultRemote = merged.get('core')?.['remote'];
  if (defaultRemote) config.defaultRemote = defaultRemote;
  return config;
}

/** The command that would fetch missing content, naming the remote as `dvc pull` would pick it. */
export function pullHint(config: DvcConfig, target: string): string {
  const remote = config.defaultRemote ?? (config.remotes.length === 1 ? config.remotes[0]!.name : undefined);
  if (remote) {
    const url = config.remotes.find((r) => r.name === remote)?.url;
    return `run \`dvc pull -r ${remote} ${target}\`${url ? ` (remote '${remote}' at ${url})` : ''}`;
  }
  if (config.remotes.length > 1) return `run \`dvc pull -r <remote> ${target}\` with one of: ${config.remotes.map((r) => r.name).join(', ')}`;
  return 'no DVC remote is configured in .dvc/config — add one with `dvc remote add -d <name> <url>` and push from a machine that has the data';
}
