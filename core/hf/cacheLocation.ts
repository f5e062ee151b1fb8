// Where huggingface_hub keeps its cache (huggingface_hub/constants.py): HF_HUB_CACHE, else HF_HOME/hub, else
// ~/.cache/huggingface/hub. HF_HOME itself defaults to XDG_CACHE_HOME/huggingface, as huggingface_hub does.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export function hfCacheDir(env: NodeJS.ProcessEnv, home: string = homedir()): string {
  const expand = (path: string) => resolve(path.startsWith('~/') || path === '~' ? join(home, path.slice(1)) : path);
  if (env.HF_HUB_CACHE) return expand(env.HF_HUB_CACHE);
  if (env.HUGGINGFACE_HUB_CACHE) return expand(env.HUGGINGFACE_HUB_CACHE);
  if (env.HF_HOME) return join(expand(env.HF_HOME), 'hub');
  const xdgCache = env.XDG_CACHE_HOME ? expand(env.XDG_CACHE_HOME) : join(home, '.cache');
  return join(xdgCache, 'huggingface', 'hub');
}
