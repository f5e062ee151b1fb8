// A W&B run's console output as an editor shows it. wandb keeps it twice: `files/output.log`, which it renders from
// the stream as a terminal would, and the `.wandb` file's output / output_raw records, raw chunks of stdout and
// stderr as the process wrote them (a line's text and its '\n' are often separate records). output.log is read
// when it exists; the records are the fallback (offline runs never synced, runs whose files/ was not copied).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { terminalText } from '../format/terminalText';
import type { WandbRunFolder } from './folder';
import type { OutputLine } from './runState';

export interface ConsoleOutput {
  /** Plain text: escape sequences dropped, progress-bar redraws collapsed, other controls made visible. */
  text: string;
  /** The file it came from: `files/output.log` or the run's `.wandb`. */
  source: string;
  /** What was found: nothing, the rendered log, or the records. */
  kind: 'output.log' | 'records' | 'none';
}

/** `chunks` are the run's output records in file order (read only when output.log is absent). */
export function consoleOutput(folder: WandbRunFolder, chunks: () => readonly OutputLine[]): ConsoleOutput {
  const logFile = join(folder.filesFolder, 'output.log');
  const log = readIfPresent(logFile);
  if (log !== undefined) return { text: terminalText(log), source: logFile, kind: 'output.log' };
  const records = chunks();
  if (records.length === 0) return { text: '', source: folder.recordFile, kind: 'none' };
  return { text: terminalText(joinChunks(records)), source: folder.recordFile, kind: 'records' };
}

/**
 * Chunks joined into lines per stream (a stdout line interrupted by a stderr chunk stays whole), each line placed
 * where it was completed, as output.log has them; what never got its '\n' ends the text.
 */
export function joinChunks(chunks: readonly OutputLine[]): string {
  const pending = { stdout: '', stderr: '' };
  let text = '';
  for (const chunk of chunks) {
    const lines = (pending[chunk.stream] + chunk.line).split('\n');
    pending[chunk.stream] = lines.pop()!;
    for (const line of lines) text += `${line}\n`;
  }
  return text + [pending.stdout, pending.stderr].filter(Boolean).join('\n');
}

function readIfPresent(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`Cannot read ${path}: ${(error as Error).message}`);
  }
}
