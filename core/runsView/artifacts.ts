// Where a run's artifacts sit on this machine. MLflow's file store keeps them in <mlruns>/<exp>/<run>/artifacts, but
// meta.yaml's artifact_uri names the author's machine, so the folder is found from the store's own layout (as the
// FileStore resolves everything relative to mlruns/). Other stores only have artifact_uri: usable when it is a local
// file: URI, otherwise (mlflow-artifacts:, s3:, …) the artifacts live behind a server this view does not reach.
import { type Dirent, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunInfo, StoreKind } from '../tracking/store';

export type ArtifactFolder = { kind: 'local'; path: string } | { kind: 'unavailable'; reason: string };

export function artifactFolder(storeKind: StoreKind, storeLocation: string, info: RunInfo): ArtifactFolder {
  if (storeKind === 'file') {
    const experimentFolder = info.lifecycleStage === 'deleted' ? join('.trash', info.experimentId) : info.experimentId;
    const candidates = [join(storeLocation, experimentFolder, info.runId, 'artifacts'), join(storeLocation, '.trash', info.experimentId, info.runId, 'artifacts')];
    const found = candidates.find((path) => existsSync(path));
    return found ? { kind: 'local', path: found } : { kind: 'unavailable', reason: `no artifacts folder in ${candidates[0]}` };
  }
  if (/^file:/i.test(info.artifactUri)) {
    try {
      return { kind: 'local', path: fileURLToPath(info.artifactUri) };
    } catch (error) {
      return { kind: 'unavailable', reason: `artifact URI ${info.artifactUri} is not a local path: ${(error as Error).message}` };
    }
  }
  return {
    kind: 'unavailable',
    reason: info.artifactUri
      ? `artifacts are stored at ${info.artifactUri}, which is not a local folder`
      : 'the run records no artifact location',
  };
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
