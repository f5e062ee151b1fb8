// Traces in an mlruns/ folder (MLflow's FileStore): `<experiment>/traces/<trace_id>/` holds trace_info.yaml
// (MLflow 2 keys request_id/timestamp_ms/execution_time_ms/status, MLflow 3 keys trace_id/trace_location/request_time/
// execution_duration(_ms)/state), tags/ and request_metadata/ with one file per key (MLflow 3 keeps the folder name
// request_metadata and means to rename it trace_metadata; both are read), assessments/<id>.yaml, and the spans in
// artifacts/traces.json. Everything is found from the mlruns folder, never through the mlflow.artifactLocation tag,
// which names the author's machine.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MetaError, parseMeta } from '../../tracking/file/meta';
import { isMissingFile, isPlainName, listKeys, subfolders } from '../../tracking/file/storedFiles';
import { type Page, StoreError, type StoreWarning } from '../../tracking/store';
import { searchLoadedTraces } from '../search/traceEvaluate';
import { parseTraceDataJson, SpanJsonError } from '../spanJson';
import type { Assessment, SearchTracesRequest, SpanRecord, Trace, TraceInfo, TraceSpans, TraceStore } from '../trace';
import { assessmentFromWire, traceInfoFromWire } from '../traceWire';

const TRACES_FOLDER = 'traces';
const TRACE_INFO_FILE = 'trace_info.yaml';
const METADATA_FOLDERS = ['request_metadata', 'trace_metadata'];

interface TraceFolder {
  dir: string;
  info: TraceInfo;
}

export class FileTraceStore implements TraceStore {
  readonly kind = 'file' as const;
  private readWarnings: StoreWarning[] = [];

  constructor(readonly location: string) {}

  get warnings(): readonly StoreWarning[] {
    return this.readWarnings;
  }

  async searchTraces(request: SearchTracesRequest): Promise<Page<TraceInfo>> {
    this.readWarnings = [];
    const folders = request.experimentIds.flatMap((id) => this.experimentTraces(id));
    const dirs = new Map(folders.map((f) => [f.info, f.dir]));
    return searchLoadedTraces(
      folders.map((f) => f.info),
      request,
      (info) => this.spansForSearch(dirs.get(info)!, info.traceId),
    );
  }

  async getTraceInfo(traceId: string): Promise<TraceInfo> {
    return this.findTrace(traceId).info;
  }

  async getTrace(traceId: string): Promise<Trace> {
    const { dir, info } = this.findTrace(traceId);
    return { info, assessments: this.readAssessments(dir), data: this.readSpans(dir, traceId) };
  }

  async close(): Promise<void> {}

  private experimentTraces(experimentId: string): TraceFolder[] {
    if (!isPlainName(experimentId)) return [];
    const tracesDir = join(this.location, experimentId, TRACES_FOLDER);
    return subfolders(tracesDir).flatMap((name) => {
      const folder = this.readTraceFolder(join(tracesDir, name), name, experimentId);
      return folder ? [folder] : [];
    });
  }

  private findTrace(traceId: string): TraceFolder {
    if (isPlainName(traceId)) {
      for (const experimentId of subfolders(this.location)) {
        const dir = join(this.location, experimentId, TRACES_FOLDER, traceId);
        const folder = this.readTraceFolder(dir, traceId, experimentId);
        if (folder) return folder;
      }
    }
    throw new StoreError(`Trace '${traceId}' not found in ${this.location}.`, this.location, 'NOT_FOUND');
  }

  /** undefined when the folder has no trace_info.yaml (not a trace) or one that does not read (a warning says why). */
  private readTraceFolder(dir: string, folderName: string, experimentId: string): TraceFolder | undefined {
    const infoPath = join(dir, TRACE_INFO_FILE);
    let raw: Record<string, unknown>;
    try {
      raw = parseMeta(readFileSync(infoPath, 'utf8'));
    } catch (error) {
      if (isMissingFile(error)) return undefined;
      const line = error instanceof MetaError ? error.line : undefined;
      this.warn(infoPath, `${(error as Error).message.replace('meta.yaml', TRACE_INFO_FILE)}`, line);
      return undefined;
    }
    const parsed = traceInfoFromWire({ trace_id: folderName, ...raw }, experimentId);
    if (!parsed) return undefined;
    const metadata = Object.assign({}, parsed.traceMetadata, ...METADATA_FOLDERS.map((f) => readKeyFiles(join(dir, f))));
    const info: TraceInfo = { ...parsed, traceMetadata: metadata, tags: { ...parsed.tags, ...readKeyFiles(join(dir, 'tags')) } };
    return { dir, info };
  }

  private readAssessments(dir: string): Assessment[] {
    const folder = join(dir, 'assessments');
    const assessments: Assessment[] = [];
    for (const name of files(folder).filter((n) => n.endsWith('.yaml')).sort()) {
      const path = join(folder, name);
      try {
        const assessment = assessmentFromWire(parseMeta(readFileSync(path, 'utf8')));
        if (assessment) assessments.push(assessment);
      } catch (error) {
        this.warn(path, (error as Error).message.replace('meta.yaml', name), error instanceof MetaError ? error.line : undefined);
      }
    }
    return assessments.sort((a, b) => (a.createTime ?? 0) - (b.createTime ?? 0));
  }

  private readSpans(dir: string, traceId: string): TraceSpans {
    const path = join(dir, 'artifacts', 'traces.json');
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if (!isMissingFile(error)) throw error;
      return { kind: 'unavailable', reason: `Trace ${traceId} has no spans file (${path}); it may still be in progress.` };
    }
    try {
      return { kind: 'spans', spans: parseTraceDataJson(text, traceId) };
    } catch (error) {
      if (!(error instanceof SpanJsonError)) throw error;
      throw new StoreError(`${path}: ${error.message}. Fix or remove the file.`, path, 'CORRUPT');
    }
  }

  /** Spans for a span clause; an unreadable traces.json is a warning there, not a failed search. */
  private spansForSearch(dir: string, traceId: string): SpanRecord[] | undefined {
    try {
      const data = this.readSpans(dir, traceId);
      return data.kind === 'spans' ? data.spans : undefined;
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
      this.warn(error.location, error.message);
      return undefined;
    }
  }

  private warn(path: string, message: string, line?: number): void {
    this.readWarnings.push(line === undefined ? { path, message } : { path, line, message });
  }
}

/** A folder of one file per key (MLflow's tag layout); keys may contain '/'. */
function readKeyFiles(folder: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const key of listKeys(folder)) {
    try {
      values[key] = readFileSync(join(folder, key), 'utf8');
    } catch (error) {
      if (!isMissingFile(error)) throw error;
    }
  }
  return values;
}

function files(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => e.name);
  } catch (error) {
    if (isMissingFile(error)) return [];
    throw error;
  }
}
