// Hover service: key documentation, resolved `${}` values, param values, and a stage's deps/outs.
import { relative } from 'node:path';
import { isScalar } from 'yaml';
import type { ParsedDocument } from './document';
import { buildPipelineModel } from './dvcModel';
import { UNKNOWN } from '../dvc/templating';
import { keyDoc } from './keyDocs';
import { preview, stageFieldOf, targetAt } from './locate';
import { paramReferenceAt } from './paramReference';
import { sweepHover } from './sweep/sweepAssist';
import type { Range } from './types';
import type { ValidationContext } from './workspace';

export interface HoverResult {
  markdown: string;
  range?: Range;
}

export function hoverAt(doc: ParsedDocument, offset: number, files: ValidationContext): HoverResult | undefined {
  if (!doc.yaml) return undefined;
  const target = targetAt(doc, offset);
  if (doc.kind === 'dvc-yaml') {
    const model = buildPipelineModel(doc, files);
    const field = stageFieldOf(target.path);
    const stage = field ? model.stages.find((s) => s.name === field.stage) : undefined;
    if (target.interpolation) {
      const ctx = field && field.field !== 'foreach' && field.field !== 'matrix' ? (stage?.ctx ?? model.global) : model.global;
      const hit = ctx.select(target.interpolation.expr);
      const range = doc.toRange(target.interpolation.start, target.interpolation.end);
      if (!hit.found) return { markdown: `\`${target.interpolation.expr}\`: not defined in params.yaml or vars`, range };
      const from = hit.source ? ` — from \`${relative(model.dir, hit.source.path) || hit.source.path}\`` : '';
      const value = hit.value === UNKNOWN ? 'set per generated stage' : `\`${preview(hit.value)}\``;
      return { markdown: `\`${target.interpolation.expr}\` = ${value}${from}`, range };
    }
    const param = paramReferenceAt(model, target, files);
    if (param) {
      const value = param.found ? `\`${preview(param.value)}\`` : '_missing_';
      return { markdown: `Parameter \`${param.key}\` in \`${relative(model.dir, param.file)}\` = ${value}`, range: param.range };
    }
    if (stage && target.onKey && target.path.length === 2) {
      const list = (label: string, items: string[]) => (items.length ? `\n\n**${label}:** ${items.map((i) => `\`${i}\``).join(', ')}` : '');
      const desc = typeof stage.body['desc'] === 'string' ? `\n\n${stage.body['desc']}` : '';
      return {
        markdown: `**Stage \`${stage.name}\`** (${stage.kind})${desc}${list('deps', stage.deps.map((d) => d.raw))}${list('outs', stage.outs.map((o) => o.raw))}`,
      };
    }
  }
  if (doc.kind === 'wandb-sweep') {
    const value = isScalar(target.node) ? target.node.value : undefined;
    const markdown = sweepHover(target.path, target.onKey, value);
    return markdown ? { markdown } : undefined;
  }
  if (target.onKey) {
    const docs = keyDoc(doc.kind, target.path);
    if (docs) return { markdown: `**${String(target.path[target.path.length - 1])}** — ${docs}` };
  }
  return undefined;
}
