// A W&B folder read into runs: the `.wandb` record log when there is one (run record, config, summary, history,
// exit), else `files/config.yaml` and `files/wandb-summary.json`. `wandb-summary.json` is the summary wandb itself
// keeps (written from the same records), so it is preferred when present. A JSON file is parsed again only when its text
// changed, and a growing `.wandb` is read from where the last read stopped.
import { sep } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { type ConsoleOutput, consoleOutput } from './consoleOutput';
import { listRunFolders, type WandbRunFolder } from './folder';
import { readText } from './fileBytes';
import { WandbFormatError } from './framing';
import { WandbRunFile } from './runFile';
import type { HistoryColumn } from './historyColumns';
import { jsonNumber } from './runState';

export type WandbStatus = 'RUNNING' | 'FINISHED' | 'FAILED' | 'KILLED';

/** W&B's own name for runs logged without a project. */
export const DEFAULT_PROJECT = 'uncategorized';

/** A `.wandb` modified this recently without an exit record is a run still logging (wandb flushes every few seconds). */
export const RUNNING_WINDOW_MS = 120_000;

export interface WandbRun {
  folder: WandbRunFolder;
  id: string;
  project: string;
  entity: string;
  displayName: string;
  group: string;
  jobType: string;
  tags: string[];
  notes: string;
  sweepId: string;
  host: string;
  startTime: number;
  endTime: number | null;
  status: WandbStatus;
  exitCode?: number;
  /** Top-level config values (config.yaml's `{value: …}` wrappers unwrapped), `_wandb` included. */
  config: Record<string, unknown>;
  /** The run's summary as wandb-summary.json holds it (nested objects for nested keys). */
  summary: Record<string, unknown>;
  /** Damage found in the run's files, each naming the file; shown once. */
  problems: string[];
}

interface CachedFile<T> {
  text: string;
  value: T;
}

export class WandbFolderReader {
  private readonly recordFiles = new Map<string, WandbRunFile>();
  private readonly jsonFiles = new Map<string, CachedFile<Record<string, unknown> | undefined>>();

  constructor(
    readonly root: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Every run of the folder, re-checking each file's size and time (cheap when nothing changed). */
  runs(): WandbRun[] {
    return listRunFolders(this.root).map((folder) => this.run(folder));
  }

  /** One run's numeric history columns (key → steps, timestamps, values), from its `.wandb`; empty without one. */
  history(folder: WandbRunFolder): Map<string, HistoryColumn> {
    return this.recordFile(folder)?.state.history ?? new Map();
  }

  systemMetrics(folder: WandbRunFolder): Map<string, HistoryColumn> {
    return this.recordFile(folder)?.readRecords().stats ?? new Map();
  }

  /** Console output: `files/output.log`, else the `.wandb` output records (consoleOutput.ts). */
  output(folder: WandbRunFolder): ConsoleOutput {
    return consoleOutput(folder, () => this.recordFile(folder)?.readRecords().output ?? []);
  }

  private run(folder: WandbRunFolder): WandbRun {
    const problems: string[] = [];
    let file: WandbRunFile | undefined;
    try {
      file = this.recordFile(folder);
    } catch (error) {
      problems.push((error as Error).message);
    }
    // wandb writes wandb-summary.json from the summary records of the .wandb: once the run has exited, a .wandb read
    // whole holds that summary already, and the run costs one file read instead of two.
    const summaryFromRecords = file !== undefined && !file.skimmed && file.stateWithoutHistory.exit !== undefined && file.stateWithoutHistory.summary.size > 0;
    const summaryFile = summaryFromRecords ? undefined : this.json(inFiles(folder, 'wandb-summary.json'), problems, parsePythonJson);
    const configFile = configInRecords(file) ? undefined : this.json(inFiles(folder, 'config.yaml'), problems, parseYaml);
    // A skimmed (large) .wandb leaves the config and summary updates in its middle to the files wandb keeps of them;
    // without those files, the middle is read.
    if (file?.skimmed && (summaryFile === undefined || configFile === undefined)) file.readRecords();
    const problem = file?.problems[0];
    if (problem) problems.push(`${file!.path}: byte ${problem.offset}: ${problem.message}`);
    const state = file?.stateWithoutHistory;
    const record = state?.run;
    const config = configInRecords(file) ? parseItems(state!.config) : unwrapConfig(configFile);
    const summary = summaryFile ?? (state ? parseItems(state.summary) : {});
    const metadata = record ? undefined : this.json(inFiles(folder, 'wandb-metadata.json'), problems, JSON.parse);
    const startedAt = typeof metadata?.startedAt === 'string' ? Date.parse(metadata.startedAt) : Number.NaN;
    const startTime = record?.startTime || (Number.isNaN(startedAt) ? folder.nameTimeMs : startedAt);
    const { status, endTime } = runStatus(file, startTime, summary, this.now());
    return {
      folder,
      id: record?.runId || folder.id,
      project: record?.project || DEFAULT_PROJECT,
      entity: record?.entity ?? '',
      displayName: record?.displayName ?? '',
      group: record?.group ?? '',
      jobType: record?.jobType ?? '',
      tags: record?.tags ?? [],
      notes: record?.notes ?? '',
      sweepId: record?.sweepId ?? '',
      host: record?.host ?? '',
      startTime,
      endTime,
      status,
      ...(state?.exit ? { exitCode: state.exit.exitCode } : {}),
      config,
      summary,
      problems,
    };
  }

  private recordFile(folder: WandbRunFolder): WandbRunFile | undefined {
    let file = this.recordFiles.get(folder.recordFile);
    if (!file) {
      file = new WandbRunFile(folder.recordFile);
      this.recordFiles.set(folder.recordFile, file);
    }
    try {
      file.refresh();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        this.recordFiles.delete(folder.recordFile);
        return undefined;
      }
      if (error instanceof WandbFormatError) throw error;
      throw new Error(`Cannot read ${folder.recordFile}: ${(error as Error).message}`);
    }
    return file;
  }

  private json(path: string | undefined, problems: string[], parse: (text: string) => unknown): Record<string, unknown> | undefined {
    if (!path) return undefined;
    // Read every time (the text is small; a stat to tell whether it changed would cost as much as the read), parsed
    // only when it changed.
    const cached = this.jsonFiles.get(path);
    let text: string | undefined;
    let value: Record<string, unknown> | undefined;
    try {
      text = readText(path);
      if (text === undefined) return undefined;
      if (text === cached?.text) return cached.value;
      const parsed = parse(text);
      value = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
    } catch (error) {
      problems.push(`${path}: ${(error as Error).message.split('\n')[0]} — the file is skipped; wandb rewrites it while the run logs.`);
    }
    this.jsonFiles.set(path, { text: text ?? '', value });
    return value;
  }
}

/** The run's config comes from its records: the `.wandb` was read whole (not skimmed) and holds config. */
function configInRecords(file: WandbRunFile | undefined): boolean {
  return file !== undefined && !file.skimmed && file.stateWithoutHistory.config.size > 0;
}

/** A file of the run's `files/` folder, which json() opens (a missing file is no value, not an error). */
function inFiles(folder: WandbRunFolder, name: string): string {
  return `${folder.filesFolder}${sep}${name}`;
}

function runStatus(file: WandbRunFile | undefined, startTime: number, summary: Record<string, unknown>, now: number): { status: WandbStatus; endTime: number | null } {
  const exit = file?.stateWithoutHistory.exit;
  if (exit) return { status: exit.exitCode === 0 ? 'FINISHED' : 'FAILED', endTime: startTime + exit.runtime * 1000 };
  if (file && now - file.mtimeMs < RUNNING_WINDOW_MS) return { status: 'RUNNING', endTime: null };
  const lastTimestamp = typeof summary._timestamp === 'number' ? Math.round(summary._timestamp * 1000) : undefined;
  return { status: 'KILLED', endTime: lastTimestamp ?? (file ? Math.round(file.mtimeMs) : null) };
}

/** value_json items → values; JSON.parse, with Python's NaN/Infinity words read as numbers. */
function parseItems(items: Map<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // forEach, not for…of: no [key, value] array per item.
  items.forEach((json, key) => {
    out[key] = parseJsonValue(json);
  });
  return out;
}

export function parseJsonValue(json: string): unknown {
  const number = jsonNumber(json);
  if (number !== undefined) return number;
  try {
    return parsePythonJson(json);
  } catch {
    return json;
  }
}

const NON_FINITE = '\u0000nonfinite:';
const NON_FINITE_VALUES: Record<string, number> = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, '-Infinity': Number.NEGATIVE_INFINITY };

/** JSON as Python's json.dumps writes it: NaN, Infinity and -Infinity as bare words where a value goes. */
export function parsePythonJson(text: string): unknown {
  // Most files hold no such word: plain JSON.parse reads them, far faster than the rewrite and reviver below.
  try {
    return JSON.parse(text);
  } catch {}
  const quoted = text.replace(/([:,[]\s*)(NaN|-?Infinity)(?=\s*[,}\]])/g, (_, before: string, word: string) => `${before}"\\u0000nonfinite:${word}"`);
  return JSON.parse(quoted, (_key, value) => (typeof value === 'string' && value.startsWith(NON_FINITE) ? NON_FINITE_VALUES[value.slice(NON_FINITE.length)] : value));
}

/** config.yaml writes each top-level key as `{value: …}` (and `desc` when given): the value is the config. */
function unwrapConfig(yaml: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, wrapped] of Object.entries(yaml ?? {})) {
    out[key] = wrapped && typeof wrapped === 'object' && 'value' in wrapped ? (wrapped as { value: unknown }).value : wrapped;
  }
  return out;
}
