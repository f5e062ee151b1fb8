// `.mlops/promotion.yaml`: the gates core/registry/policy.ts applies when a model version moves to a stage. The tool
// that reads it is our own registry, so the rules are its schema (promotion-policy.schema.json) and every finding is
// an error: parsePolicy refuses the whole file on any of them. The schema's oneOf/propertyNames alternatives are
// folded into single checks here so each problem gets one message on its own key or value.
import policySchema from '../../registry/promotion-policy.schema.json';
import type { ParsedDocument } from '../document';
import { checkSchema } from '../schemaCheck';
import type { PipelineDiagnostic } from '../types';

const definitions = policySchema.definitions.stagePolicy.properties;
const requirementPattern = definitions.require.additionalProperties.oneOf[1]!.pattern!;
const beatObject = definitions.must_beat_current.items.oneOf[1]!;
const stagePattern = policySchema.properties.models.additionalProperties.propertyNames.pattern;

const stagePolicy = {
  type: 'object',
  properties: {
    require: {
      type: 'object',
      additionalProperties: {
        type: ['number', 'string'],
        pattern: requirementPattern,
        description: 'expected a number or an operator and a number, e.g. ">= 0.95" (operator >=, >, <=, <, == or !=)',
      },
    },
    must_beat_current: {
      type: 'array',
      items: { ...beatObject, type: ['string', 'object'], minLength: 1, description: 'a metric name, or {metric, direction: higher|lower}' },
    },
    archive_existing: definitions.archive_existing,
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
        // Stages in any case (canonicalStage): None, Staging, Production, Archived.
        patternProperties: { [stagePattern]: stagePolicy },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
} as const;

export function validatePromotion(doc: ParsedDocument): PipelineDiagnostic[] {
  if (doc.value === undefined || doc.value === null) return [];
  return checkSchema(doc, promotionSchema, doc.value, { unknownKeySeverity: 'error', code: 'promotion', format: 'promotion.yaml' }).map((d) =>
    d.code === 'promotion-unknown-key' && !d.message.includes('Known keys')
      ? { ...d, message: `${d.message.replace(/\.$/, '')} is not a stage: use None, Staging, Production or Archived.` }
      : d,
  );
}
