// Where a run's artifacts sit on this machine. MLflow's file store keeps them in <mlruns>/<exp>/<run>/artifacts, but
// meta.yaml's artifact_uri names the author's machine, so the folder is found from the store's own layout (as the
// FileStore resolves everything relative to mlruns/). A database only has artifact_uri: usable when it is a local
// file: URI inside the database's folder (where `mlflow ui` puts ./mlruns), never elsewhere — a store file someone
// else wrote must not make the view list the rest of the disk. A tracking server's file: URI names the server's disk;
// other schemes (mlflow-artifacts:, s3:, …) live behind a server this view does not reach.
import { type Dirent, existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tryResolveInside } from '../paths/containment';
import type { RunInfo, StoreKind } from '../tracking/store';

export type ArtifactFolder = { kind: 'local'; path: string } | { kind: 'unavailable'; reason: string };

export function artifactFolder(storeKind: StoreKind, storeLocation: string, info: RunInfo): ArtifactFolder {
  if (storeKind === 'file') return fileStoreFolder(storeLocation, info);
  if (storeKind === 'wandb') return wandbFilesFolder(storeLocation, info);
  if (!/^file:/i.test(info.artifactUri)) {
    return {
      kind: 'unavailable',
      reason: info.artifactUri ? `artifacts are stored at ${info.artifactUri}, which is not a local folder` : 'the run records no artifact location',
    };
  }
  if (storeKind !== 'sqlite') return { kind: 'unavailable', reason: `artifact URI ${info.artifactUri} names a folder on the tracking server's machine` };
  let path: string;
  try {
    path = fileURLToPath(info.artifactUri);
  } catch (error) {
    return { kind: 'unavailable', reason: `artifact URI ${info.artifactUri} is not a local path: ${(error as Error).message}` };
  }
  const storeFolder = dirname(storeLocation);
  const inside = tryResolveInside(storeFolder, storeFolder, path);
  return inside
    ? { kind: 'local', path: inside }
    : { kind: 'unavailable', reason: `artifact URI ${info.artifactUri} is outside the database's folder ${storeFolder}; it is not read` };
}

/**
 * A W&B run's `files/` folder (its artifact URI), only inside the W&B folder the store reads. Whether it exists is
 * asked here, when the artifacts are opened, not for every run a listing maps.
 */
function wandbFilesFolder(wandbFolder: string, info: RunInfo): ArtifactFolder {
  const inside = tryResolveInside(wandbFolder, wandbFolder, fileURLToPath(info.artifactUri));
  if (!inside) return { kind: 'unavailable', reason: `${info.artifactUri} is outside ${wandbFolder}; it is not read` };
  return existsSync(inside) ? { kind: 'local', path: inside } : { kind: 'unavailable', reason: 'this W&B run has no files/ folder (an offline run never synced)' };
}

/** <mlruns>/<exp>/<run>/artifacts (or under .trash), with ids from the store checked to stay inside mlruns/. */
function fileStoreFolder(mlruns: string, info: RunInfo): ArtifactFolder {
  const experimentFolder = info.lifecycleStage === 'deleted' ? join('.trash', info.experimentId) : info.experimentId;
  const candidates = [join(experimentFolder, info.runId, 'artifacts'), join('.trash', info.experimentId, info.runId, 'artifacts')];
  for (const candidate of candidates) {
    const path = tryResolveInside(mlruns, mlruns, candidate);
    if (path === undefined) return { kind: 'unavailable', reason: `run ${info.runId} of experiment ${info.experimentId} names a folder outside ${mlruns}` };
    if (existsSync(path)) return { kind: 'local', path };
  }
  return { kind: 'unavailable', reason: `no artifacts folder in ${join(mlruns, candidates[0]!)}` };
}

export interface ArtifactEntry {
  name: string;
  path: string;
  isDirectory: boolean;
}

/** Folders first, then files, each by name; a missing folder lists as empty. */
export function listArtifacts(folder: string): ArtifactEntry[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .map((d) => ({ name: d.name, path: join(folder, d.name), isDirectory: d.isDirectory() }))
    .sort((a, b) => Number(b.isDirectory) - Number(a.isDirectory) || a.name.localeCompare(b.name));
}
