// The model card a Hub repository carries as README.md: YAML front matter between `---` lines, with the metadata the
// Hub's model card spec defines (huggingface.co/docs/hub/model-cards): license, base_model, pipeline_tag, datasets,
// and `model-index`, the eval results (`results[].task`, `.dataset`, `.metrics[]`) the Hub shows as a leaderboard.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export interface HfCardMetric {
  /** The `model-index` entry's name (usually the model). */
  model: string;
  task: string;
  dataset: string;
  /** The metric's display name, else its type (`accuracy`). */
  name: string;
  type: string;
  value: number | string;
}

export interface HfModelCard {
  license: string | null;
  baseModels: string[];
  pipelineTag: string | null;
  datasets: string[];
  metrics: HfCardMetric[];
}

const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/** The card in `text`, or null when it has no front matter. Throws with the file's name when the YAML is invalid. */
export function parseModelCard(text: string, file = 'README.md'): HfModelCard | null {
  const match = FRONT_MATTER.exec(text);
  if (!match) return null;
  let meta: unknown;
  try {
    meta = parse(match[1]!);
  } catch (error) {
    throw new Error(`${file}: the model card's YAML front matter is invalid (${(error as Error).message}); fix it between the --- lines.`);
  }
  if (!isRecord(meta)) return null;
  return {
    license: stringOrNull(meta.license),
    baseModels: strings(meta.base_model),
    pipelineTag: stringOrNull(meta.pipeline_tag),
    datasets: strings(meta.datasets),
    metrics: modelIndexMetrics(meta['model-index']),
  };
}

export function readModelCard(path: string): HfModelCard | null {
  return parseModelCard(readFileSync(path, 'utf8'), path);
}

function modelIndexMetrics(index: unknown): HfCardMetric[] {
  if (!Array.isArray(index)) return [];
  const metrics: HfCardMetric[] = [];
  for (const entry of index.filter(isRecord)) {
    const model = stringOrNull(entry.name) ?? '';
    for (const result of Array.isArray(entry.results) ? entry.results.filter(isRecord) : []) {
      const task = isRecord(result.task) ? (stringOrNull(result.task.name) ?? stringOrNull(result.task.type) ?? '') : '';
      const dataset = isRecord(result.dataset) ? (stringOrNull(result.dataset.name) ?? stringOrNull(result.dataset.type) ?? '') : '';
      for (const metric of Array.isArray(result.metrics) ? result.metrics.filter(isRecord) : []) {
        const value = typeof metric.value === 'number' || typeof metric.value === 'string' ? metric.value : null;
        const type = stringOrNull(metric.type) ?? '';
        if (value === null || (!type && !metric.name)) continue;
        metrics.push({ model, task, dataset, name: stringOrNull(metric.name) ?? type, type, value });
      }
    }
  }
  return metrics;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : null;
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
