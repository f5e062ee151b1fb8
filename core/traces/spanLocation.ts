// Where the spans of a trace that predates the `spans` table live: traces.json under the trace's
// `mlflow.artifactLocation` tag (MLflow's TraceTagKey.ARTIFACT_LOCATION). A local path or file: URI is read only when
// it is inside the workspace (core/paths/containment.ts: the tag comes from a database someone else wrote); a server's
// artifact store (mlflow-artifacts:, s3:, …) is named plainly, since only that server can hand the spans out.
import { join } from 'node:path';
import { PathEscapeError, resolveInside } from '../paths/containment';

export const TRACE_DATA_FILE = 'traces.json';

export type TraceDataPlace = { kind: 'local'; path: string } | { kind: 'unavailable'; reason: string };

export function traceDataPlace(artifactLocation: string | undefined, workspaceRoot: string, traceId: string): TraceDataPlace {
  if (!artifactLocation) {
    return unavailable(`Trace ${traceId} has neither rows in the spans table nor an mlflow.artifactLocation tag, so its spans are not stored here.`);
  }
  const local = localPath(artifactLocation);
  if (local === undefined) {
    const scheme = artifactLocation.slice(0, artifactLocation.indexOf(':'));
    return unavailable(
      `The spans of trace ${traceId} are in the artifact store at ${artifactLocation} (${scheme}:), which only the tracking server can read; open this experiment through its server (http://…) to see them.`,
    );
  }
  if (/^[A-Za-z]:[\\/]/.test(local) && process.platform !== 'win32') {
    return unavailable(`The spans of trace ${traceId} were written to ${local}, a Windows path on the machine that recorded them; they are not on this machine.`);
  }
  try {
    return { kind: 'local', path: join(resolveInside(workspaceRoot, workspaceRoot, local, 'mlflow.artifactLocation'), TRACE_DATA_FILE) };
  } catch (error) {
    if (!(error instanceof PathEscapeError)) throw error;
    return unavailable(`The spans of trace ${traceId} are at ${local}, outside the workspace ${workspaceRoot}; they are not read from there.`);
  }
}

/** The filesystem path a location names, or undefined for a remote scheme. */
function localPath(location: string): string | undefined {
  if (location.startsWith('file:')) {
    const rest = location.slice('file:'.length);
    if (rest.startsWith('//')) {
      const slash = rest.indexOf('/', 2);
      const host = rest.slice(2, slash < 0 ? undefined : slash);
      if (host !== '' && host !== 'localhost') return undefined;
      return decodeURIComponent(slash < 0 ? '/' : rest.slice(slash)).replace(/^\/([A-Za-z]:)/, '$1');
    }
    return decodeURIComponent(rest);
  }
  // A scheme is two or more letters, so `C:/…` stays a (Windows) path.
  return /^[A-Za-z][A-Za-z0-9+.-]+:/.test(location) ? undefined : location;
}

function unavailable(reason: string): TraceDataPlace {
  return { kind: 'unavailable', reason };
}
