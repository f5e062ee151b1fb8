// The demo registry: fraud-detection with a version in each live stage, and one MLflow 3 prompt.
import { demoLoggedModelId } from './loggedModelRecords';
import type { DemoTracking } from './trainingRuns';

export interface DemoModelVersion {
  version: number;
  stage: 'None' | 'Staging' | 'Production' | 'Archived';
  runId: string | null;
  source: string;
  description: string;
  tags: Record<string, string>;
  creationTime: number;
  lastUpdatedTime: number;
}

export interface DemoRegisteredModel {
  name: string;
  description: string;
  tags: Record<string, string>;
  aliases: Record<string, number>;
  versions: DemoModelVersion[];
  creationTime: number;
  lastUpdatedTime: number;
}

export interface DemoRegistry {
  models: DemoRegisteredModel[];
}

const DAY = 86_400_000;

export function buildDemoRegistry(tracking: DemoTracking): DemoRegistry {
  const base = tracking.runs[0]!.startTime + DAY;
  const stages = ['Production', 'Staging', 'None'] as const;
  const fraud: DemoRegisteredModel = {
    name: 'fraud-detection',
    description: 'Card-transaction fraud classifier (gradient boosting).',
    tags: { team: 'risk-ml' },
    aliases: { champion: 1, challenger: 2 },
    versions: tracking.modelRunIds.map((runId, index) => ({
      version: index + 1,
      stage: stages[index]!,
      runId,
      // MLflow 3 registers the logged model, not a run artifact path.
      source: `models:/${demoLoggedModelId(runId)}`,
      description: '',
      tags: {},
      creationTime: base + index * DAY,
      lastUpdatedTime: base + index * DAY,
    })),
    creationTime: base,
    lastUpdatedTime: base + 2 * DAY,
  };
  return { models: [fraud, triagePrompt(base + 3 * DAY)] };
}

// MLflow 3's prompt registry stores a prompt as a registered model tagged mlflow.prompt.is_prompt, each version's
// template in the mlflow.prompt.text tag (mlflow/prompt/constants.py).
function triagePrompt(created: number): DemoRegisteredModel {
  const templates = [
    'Classify this card transaction as FRAUD or LEGIT.\nTransaction: {{transaction}}',
    'You are a fraud analyst. Classify the transaction below as FRAUD or LEGIT and give one reason.\nTransaction: {{transaction}}\nCustomer history: {{history}}',
  ];
  return {
    name: 'fraud-triage-prompt',
    description: 'Prompt for the LLM triage step before manual review.',
    tags: { 'mlflow.prompt.is_prompt': 'true' },
    aliases: { production: 2 },
    versions: templates.map((text, index) => ({
      version: index + 1,
      stage: 'None',
      runId: null,
      source: 'dummy-source',
      description: index === 0 ? 'First draft' : 'Ask for a reason and use customer history',
      tags: { 'mlflow.prompt.is_prompt': 'true', 'mlflow.prompt.text': text },
      creationTime: created + index * DAY,
      lastUpdatedTime: created + index * DAY,
    })),
    creationTime: created,
    lastUpdatedTime: created + DAY,
  };
}
