// Where validation reads other files from (params files, env files, dependencies). The language server layers
// open editor buffers over the disk; every path consulted is recorded so the server knows which documents to
// re-check when a params file or a referenced file changes.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { type ParsedDocument, parsePipelineDocument } from './document';
import { defaultMetricNameSource, type MetricNameSource } from './sweep/metricNames';
import type { FileKind } from './types';

export interface FileSource {
  /** Text of a file, or undefined when it does not exist (or is a directory). */
  readText(path: string): string | undefined;
  /** True for an existing file or directory. */
  exists(path: string): boolean;
}

interface CachedText {
  mtimeMs: number;
  ctimeMs: number;
  size: number;
  text: string;
}

/**
 * File texts by path, reused while stat says the file is unchanged: params files are read once, not per run.
 * File times tick in coarse steps (a few ms on Linux), so two same-size writes can share a stat; as git does for
 * "racily clean" files, a text is only reused when it was read well after its last modification.
 */
const diskTexts = new Map<string, CachedText>();
const DISK_TEXT_LIMIT = 500;
const SETTLED_MS = 2000;

export const diskFiles: FileSource = {
  readText(path) {
    try {
      const stat = statSync(path, { throwIfNoEntry: false });
      if (!stat?.isFile()) return undefined;
      const cached = diskTexts.get(path);
      if (cached && cached.mtimeMs === stat.mtimeMs && cached.ctimeMs === stat.ctimeMs && cached.size === stat.size) return cached.text;
      const text = readFileSync(path, 'utf8');
      if (Date.now() - Math.max(stat.mtimeMs, stat.ctimeMs) > SETTLED_MS) {
        if (diskTexts.size >= DISK_TEXT_LIMIT) diskTexts.clear();
        diskTexts.set(path, { mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, size: stat.size, text });
      } else {
        diskTexts.delete(path);
      }
      return text;
    } catch {
      return undefined;
    }
  },
  exists: (path) => existsSync(path),
};

/** Files seen by one validation run, with a parse cache shared across runs keyed by path and text. */
export class ValidationContext {
  readonly dependencies = new Set<string>();

  constructor(
    private readonly source: FileSource,
    private readonly cache: ParseCache = sharedParseCache,
    /** Where a sweep's `metric.name` is looked up: the metrics the workspace's W&B runs logged. */
    readonly metricNames: MetricNameSource = defaultMetricNameSource,
  ) {}

  private readonly texts = new Map<string, string | undefined>();
  private readonly existing = new Map<string, boolean>();

  /** Reads are memoized for the run: a pipeline of 1,600 stages asks for params.yaml 1,600 times. */
  readText(path: string): string | undefined {
    if (this.texts.has(path)) return this.texts.get(path);
    this.dependencies.add(path);
    const text = this.source.readText(path);
    this.texts.set(path, text);
    return text;
  }

  exists(path: string): boolean {
    const known = this.existing.get(path);
    if (known !== undefined) return known;
    this.dependencies.add(path);
    // A path whose folder is missing is missing too: one check per folder instead of one per file.
    const parent = dirname(path);
    const found = (parent === path || this.exists(parent)) && (this.texts.get(path) !== undefined || this.source.exists(path));
    this.existing.set(path, found);
    return found;
  }

  /** Parse another file (a params file, an MLproject) through the cache. */
  parse(path: string, kind: FileKind): ParsedDocument | undefined {
    const text = this.readText(path);
    if (text === undefined) return undefined;
    return this.cache.get(path, kind, text);
  }
}

/** Parsed files by path, reused while their text is unchanged (the text is still read on every run). */
export class ParseCache {
  private readonly entries = new Map<string, ParsedDocument>();

  constructor(private readonly limit = 500) {}

  get(path: string, kind: FileKind, text: string): ParsedDocument {
    const hit = this.entries.get(path);
    if (hit && hit.text === text && hit.kind === kind) return hit;
    const parsed = parsePipelineDocument(path, kind, text);
    if (this.entries.size >= this.limit) this.entries.clear();
    this.entries.set(path, parsed);
    return parsed;
  }
}

const sharedParseCache = new ParseCache();
