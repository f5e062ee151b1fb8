// The promotion policy, `.mlops/promotion.yaml`: per model (or "*") and target stage, metric thresholds, metrics the
// candidate must beat the current version on, and whether to archive the versions already in that stage.
// Validated against promotion-policy.schema.json (the same file the language server will use); every error names
// the file, line and column.
import { existsSync, readFileSync } from 'node:fs';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { isMap, isPair, isScalar, LineCounter, type Node, parseDocument } from 'yaml';
import schema from './promotion-policy.schema.json';
import { canonicalStage, type Stage } from './stages';

export type Comparison = '>=' | '>' | '<=' | '<' | '==' | '!=';

export interface MetricRequirement {
  metric: string;
  op: Comparison;
  threshold: number;
}

export interface BeatRule {
  metric: string;
  direction: 'higher' | 'lower';
}

export interface StagePolicy {
  require: MetricRequirement[];
  mustBeatCurrent: BeatRule[];
  archiveExisting: boolean;
}

export interface PromotionPolicy {
  file: string;
  models: Record<string, Partial<Record<Stage, StagePolicy>>>;
}

export const POLICY_PATH = '.mlops/promotion.yaml';
export const ANY_MODEL = '*';

export class PolicyError extends Error {
  override name = 'PolicyError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly problem: string,
  ) {
    super(`${file}:${line}:${column}: ${problem}`);
  }
}

// Compiled on first use: compiling costs every `mlops` process tens of milliseconds, and most never read a policy.
let compiled: ValidateFunction | undefined;
const validator = (): ValidateFunction => {
  compiled ??= new Ajv({ allErrors: true, strict: false, verbose: true }).compile(schema);
  return compiled;
};
const REQUIREMENT = /^\s*(>=|<=|==|!=|>|<)\s*(\S+)\s*$/;

/** Reads the policy file; undefined when it does not exist (then no gate applies). */
export function loadPolicy(file: string): PromotionPolicy | undefined {
  if (!existsSync(file)) return undefined;
  return parsePolicy(readFileSync(file, 'utf8'), file);
}

export function parsePolicy(text: string, file: string): PromotionPolicy {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const at = (offset: number, problem: string): PolicyError => {
    const pos = lines.linePos(offset);
    return new PolicyError(file, pos.line, pos.col, problem);
  };
  const syntax = doc.errors[0];
  if (syntax) throw at(syntax.pos[0], `${syntax.message.split('\n')[0]} — fix the YAML syntax.`);
  const data = doc.toJS() as unknown;
  const validate = validator();
  if (!validate(data)) {
    const error = mostSpecific(validate.errors ?? []);
    throw at(offsetOf(doc.contents, error), describe(error));
  }
  const models: PromotionPolicy['models'] = {};
  for (const [model, stages] of Object.entries((data as { models: Record<string, Record<string, RawStagePolicy>> }).models)) {
    models[model] = {};
    for (const [stage, raw] of Object.entries(stages ?? {})) models[model]![canonicalStage(stage)] = toStagePolicy(raw);
  }
  return { file, models };
}

/** The rules for a model and stage: its own entry, else the "*" entry, else none. */
export function policyFor(policy: PromotionPolicy | undefined, model: string, stage: Stage): StagePolicy | undefined {
  if (!policy) return undefined;
  return policy.models[model]?.[stage] ?? policy.models[ANY_MODEL]?.[stage];
}

/** `accuracy=">=0.95"` from the CLI's --require flag. */
export function parseRequirementFlag(flag: string): MetricRequirement {
  const eq = flag.indexOf('=');
  if (eq <= 0) throw new Error(`--require '${flag}': expected METRIC=">=VALUE", e.g. accuracy=">=0.95".`);
  const metric = flag.slice(0, eq).trim();
  const requirement = parseRequirement(metric, flag.slice(eq + 1).replace(/^["']|["']$/g, ''));
  if (!requirement) throw new Error(`--require '${flag}': the condition must be an operator (>=, >, <=, <, ==, !=) and a number, e.g. accuracy=">=0.95".`);
  return requirement;
}

interface RawStagePolicy {
  require?: Record<string, number | string>;
  must_beat_current?: Array<string | { metric: string; direction?: 'higher' | 'lower' }>;
  archive_existing?: boolean;
}

function toStagePolicy(raw: RawStagePolicy | null): StagePolicy {
  const require = Object.entries(raw?.require ?? {}).map(([metric, condition]) => parseRequirement(metric, condition)!);
  const mustBeatCurrent = (raw?.must_beat_current ?? []).map((item) =>
    typeof item === 'string' ? { metric: item, direction: 'higher' as const } : { metric: item.metric, direction: item.direction ?? 'higher' },
  );
  return { require, mustBeatCurrent, archiveExisting: raw?.archive_existing ?? false };
}

function parseRequirement(metric: string, condition: number | string): MetricRequirement | undefined {
  if (typeof condition === 'number') return { metric, op: '>=', threshold: condition };
  const match = REQUIREMENT.exec(condition);
  const threshold = Number(match?.[2]);
  if (!match || !Number.isFinite(threshold)) return undefined;
  return { metric, op: match[1] as Comparison, threshold };
}

/** The deepest error is the one a user can act on (oneOf reports its branches one level up). */
function mostSpecific(errors: ErrorObject[]): ErrorObject {
  // Ajv reports a bad key twice (pattern, then propertyNames); the propertyNames one carries the key's name.
  const depth = (e: ErrorObject) => e.instancePath.split('/').length + (e.keyword === 'oneOf' ? -0.5 : 0) + (e.keyword === 'propertyNames' || e.keyword === 'additionalProperties' ? 0.25 : 0);
  return [...errors].sort((a, b) => depth(b) - depth(a))[0]!;
}

function describe(error: ErrorObject): string {
  const where = error.instancePath ? error.instancePath.slice(1).split('/').map(unescapePointer).join('.') : 'the file';
  // A requirement may be a number or an operator string; either branch's complaint means the same to a user.
  if (/\/require\/[^/]+$/.test(error.instancePath)) return `${where}: expected a number or an operator and a number, e.g. ">= 0.95".`;
  switch (error.keyword) {
    case 'additionalProperties':
      return `'${error.params.additionalProperty}' is not allowed in ${where}; allowed: ${Object.keys((error.parentSchema as { properties?: object })?.properties ?? {}).join(', ')}.`;
    case 'propertyNames':
      return `'${error.params.propertyName}' is not a stage; use None, Staging, Production or Archived.`;
    case 'required':
      return `${where} needs '${error.params.missingProperty}'.`;
    default:
      return `${where} ${error.message ?? 'is invalid'}.`;
  }
}

function offsetOf(root: Node | null, error: ErrorObject): number {
  let node: unknown = root;
  const path = error.instancePath ? error.instancePath.slice(1).split('/').map(unescapePointer) : [];
  const key = (error.params as { additionalProperty?: string; propertyName?: string }).additionalProperty ?? (error.params as { propertyName?: string }).propertyName;
  if (key !== undefined) path.push(key);
  let offset = (root as Node | null)?.range?.[0] ?? 0;
  for (const segment of path) {
    if (!isMap(node) && !(node && typeof node === 'object' && 'items' in node)) break;
    const items = (node as { items: unknown[] }).items;
    const found = isMap(node)
      ? items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === segment)
      : items[Number(segment)];
    if (!found) break;
    if (isPair(found)) {
      offset = (found.key as Node).range?.[0] ?? offset;
      node = segment === key ? undefined : found.value;
      if (node && (node as Node).range && segment !== key && isScalar(node)) offset = (node as Node).range![0];
    } else {
      offset = (found as Node).range?.[0] ?? offset;
      node = found;
    }
  }
  return offset;
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}
