// The promotion journal: one JSON object per line in `.mlops/promotions.jsonl` at the workspace root (the CLI uses
// its working directory). Each promotion records the stages, aliases and audit tags of every version before and
// after, so "undo last promotion" can put back exactly what it changed. Undos are appended too, never rewritten:
// the file is an audit trail. Appends are single O_APPEND writes followed by fsync.
// An entry is written before its change is committed (a write-ahead record), so a change that took effect is always
// journaled; when the commit then fails, an `aborted` entry naming it follows.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Stage } from './stages';

export const JOURNAL_PATH = '.mlops/promotions.jsonl';

/** What undo needs of a model: each version's stage, the alias map, and the audit tags of touched versions. */
export interface RegistrySnapshot {
  stages: Record<string, Stage>;
  aliases: Record<string, string>;
  /** version → audit tag → value (null when the tag was absent). */
  tags: Record<string, Record<string, string | null>>;
}

export interface PromotionEntry {
  type: 'promotion';
  id: string;
  at: string;
  actor: string;
  store: string;
  model: string;
  version: string;
  fromStage: Stage;
  toStage: Stage;
  archiveExisting: boolean;
  alias?: string;
  overrideReason?: string;
  gatePassed: boolean;
  before: RegistrySnapshot;
  after: RegistrySnapshot;
}

export interface UndoEntry {
  type: 'undo';
  /** Absent in journals written before undos could be aborted. */
  id?: string;
  of: string;
  at: string;
  actor: string;
}

/** The change journaled as `of` never took effect (its transaction was rolled back). */
export interface AbortedEntry {
  type: 'aborted';
  of: string;
  at: string;
  reason: string;
}

export type JournalEntry = PromotionEntry | UndoEntry | AbortedEntry;

export class PromotionJournal {
  constructor(readonly path: string) {}

  entries(): JournalEntry[] {
    if (!existsSync(this.path)) return [];
    return readFileSync(this.path, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line, index) => {
        try {
          return JSON.parse(line) as JournalEntry;
        } catch {
          throw new Error(`${this.path}:${index + 1}: not a JSON line; remove or repair that line to use undo.`);
        }
      });
  }

  append(entry: JournalEntry): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const fd = openSync(this.path, 'a');
    try {
      writeSync(fd, `${JSON.stringify(entry)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  /** The newest promotion (of `model`, of `store` when given) that has not been undone. */
  lastUndoable(filter: { model?: string; store?: string } = {}): PromotionEntry | undefined {
    const all = this.entries();
    const aborted = new Set(all.filter((e): e is AbortedEntry => e.type === 'aborted').map((e) => e.of));
    const undone = new Set(all.filter((e): e is UndoEntry => e.type === 'undo' && !(e.id && aborted.has(e.id))).map((e) => e.of));
    return all
      .filter((e): e is PromotionEntry => e.type === 'promotion' && !undone.has(e.id) && !aborted.has(e.id))
      .filter((e) => (filter.model === undefined || e.model === filter.model) && (filter.store === undefined || e.store === filter.store))
      .pop();
  }
}
