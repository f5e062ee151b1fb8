// What a tracking URI names, read the way MLflow reads it (mlflow/tracking/_tracking_service/utils.py and
// mlflow/store/db/utils.py). Which URI a workspace uses is core/workspace/resolve.ts's decision.
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isWandbFolder } from '../wandb/folder';

export type TrackingLocation =
  | { kind: 'file'; root: string; uri: string }
  | { kind: 'sqlite'; path: string; uri: string }
  | { kind: 'rest'; baseUrl: string; uri: string }
  /** A `wandb/` folder of W&B run folders (core/wandb/), given as a path or file: URI. */
  | { kind: 'wandb'; root: string; uri: string };

export class TrackingUriError extends Error {
  override name = 'TrackingUriError';
}

/** One spelling per store (absolute paths, no trailing slash), so the same store matches however its URI was typed. */
export function canonicalTrackingUri(location: TrackingLocation): string {
  switch (location.kind) {
    case 'file':
      return `file://${location.root}`;
    case 'sqlite':
      return `sqlite:///${location.path}`;
    case 'rest':
      return location.baseUrl;
    case 'wandb':
      return `wandb://${location.root}`;
  }
}

/**
 * Parses a tracking URI. Relative paths resolve against `cwd`, as MLflow resolves them against the process cwd.
 * sqlite follows SQLAlchemy: `sqlite:///rel.db` is relative, `sqlite:////abs.db` absolute.
 */
export function parseTrackingUri(uri: string, cwd: string): TrackingLocation {
  const trimmed = uri.trim();
  if (/^https?:\/\//i.test(trimmed)) {
    return { kind: 'rest', baseUrl: trimmed.replace(/\/+$/, ''), uri: trimmed };
  }
  if (/^sqlite:/i.test(trimmed)) {
    const match = /^sqlite:\/\/\/(.*)$/i.exec(trimmed);
    const rest = match?.[1];
    if (rest === undefined || rest === '' || rest === ':memory:') {
      throw new TrackingUriError(`'${uri}' names no database file. Use sqlite:///mlflow.db (relative) or sqlite:////abs/path/mlflow.db.`);
    }
    const path = decodeURIComponent(rest.split('?')[0]!);
    return { kind: 'sqlite', path: isAbsolute(path) ? path : resolve(cwd, path), uri: trimmed };
  }
  if (/^file:/i.test(trimmed)) return localFolder(fileUriToPath(trimmed, cwd), trimmed);
  const scheme = /^([a-z][a-z0-9+.-]+):/i.exec(trimmed)?.[1];
  if (scheme && scheme.length > 1) {
    throw new TrackingUriError(
      `Tracking URI scheme '${scheme}' is not supported (${uri}). Use a local mlruns folder, file://…, sqlite:///… or http(s)://… (an MLflow tracking server in front of that database).`,
    );
  }
  return localFolder(resolve(cwd, trimmed), trimmed);
}

/** A local path is an mlruns folder unless it holds W&B run folders (`run-…`, `offline-run-…`, `latest-run`). */
function localFolder(root: string, uri: string): TrackingLocation {
  return isWandbFolder(root) ? { kind: 'wandb', root, uri } : { kind: 'file', root, uri };
}

function fileUriToPath(uri: string, cwd: string): string {
  if (uri.startsWith('file://')) {
    try {
      return fileURLToPath(uri);
    } catch {
      return decodeURIComponent(uri.slice('file://'.length));
    }
  }
  // `file:relative/path` and `file:/abs/path` forms, which MLflow accepts too.
  const path = decodeURIComponent(uri.slice('file:'.length));
  return isAbsolute(path) ? path : resolve(cwd, path);
}
