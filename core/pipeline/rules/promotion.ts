// `.mlops/promotion.yaml`: the gates the registry applies when a model version moves to a stage.
// models → <name> → <stage> → {require: {metric: "op number"}, must_beat_current: [metric], archive_existing}.
import type { ParsedDocument } from '../document';
import { checkSchema } from '../schemaCheck';
import type { PipelineDiagnostic } from '../types';

const gate = {
  type: 'object',
  properties: {
    require: {
      type: 'object',
      additionalProperties: {
        type: 'string',
        pattern: '^\\s*(>=|<=|==|!=|>|<)\\s*[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?\\s*$',
        description: 'a condition like ">= 0.9" (operator >=, <=, >, <, == or != and a number)',
      },
    },
    must_beat_current: { type: 'array', items: { type: 'string' } },
    archive_existing: { type: 'boolean' },
  },
  additionalProperties: false,
} as const;

export const promotionSchema = {
  type: 'object',
  required: ['models'],
  properties: {
    models: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        properties: { None: gate, Staging: gate, Production: gate, Archived: gate },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
} as const;

export function validatePromotion(doc: ParsedDocument): PipelineDiagnostic[] {
  if (doc.value === undefined || doc.value === null) return [];
  return checkSchema(doc, promotionSchema, doc.value, { unknownKeySeverity: 'error', code: 'promotion', format: 'promotion.yaml' });
}
