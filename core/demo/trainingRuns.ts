// The demo's experiments and runs, as plain data both store writers (mlflow.db and mlruns/) serialise.
import { SeededRandom } from './random';

export type DemoRunStatus = 'RUNNING' | 'FINISHED' | 'FAILED' | 'KILLED';

export interface DemoMetricPoint {
  key: string;
  value: number;
  timestamp: number;
  step: number;
}

export interface DemoRun {
  runId: string;
  experimentId: string;
  name: string;
  status: DemoRunStatus;
  startTime: number;
  endTime: number | null;
  user: string;
  params: Record<string, string>;
  tags: Record<string, string>;
  metrics: DemoMetricPoint[];
  parentRunId?: string;
}

export interface DemoExperiment {
  experimentId: string;
  name: string;
  creationTime: number;
  tags: Record<string, string>;
}

export interface DemoTracking {
  experiments: DemoExperiment[];
  runs: DemoRun[];
  /** Runs behind fraud-detection versions 1, 2 and 3, whose final accuracy is pinned for the promotion gate. */
  modelRunIds: [string, string, string];
}

/** Final accuracy of the runs behind fraud-detection v1 (Production), v2 (Staging) and v3 (None). */
export const MODEL_RUN_ACCURACY = [0.951, 0.962, 0.948] as const;

/** 2026-01-05T09:00:00Z: every timestamp in the demo counts from here, so output never depends on the clock. */
export const DEMO_EPOCH_MS = Date.UTC(2026, 0, 5, 9, 0, 0);
const MINUTE = 60_000;
const ADJECTIVES = ['brave', 'calm', 'eager', 'gentle', 'lucky', 'nimble', 'quiet', 'rapid', 'sunny', 'witty'];
const ANIMALS = ['otter', 'heron', 'lynx', 'panda', 'falcon', 'koala', 'moose', 'gecko', 'bison', 'tiger'];

interface RunPlan {
  experimentId: string;
  steps: number;
  status?: DemoRunStatus;
  parentRunId?: string;
  name?: string;
  finalAccuracy?: number;
}

export function buildDemoTracking(seed: number): DemoTracking {
  const random = new SeededRandom(seed);
  const experiments: DemoExperiment[] = [
    { experimentId: '0', name: 'Default', creationTime: DEMO_EPOCH_MS, tags: {} },
    {
      experimentId: '1',
      name: 'fraud-detection',
      creationTime: DEMO_EPOCH_MS + MINUTE,
      tags: { 'mlflow.note.content': 'Gradient-boosted fraud classifier on card transactions.' },
    },
    { experimentId: '2', name: 'churn-baseline', creationTime: DEMO_EPOCH_MS + 2 * MINUTE, tags: {} },
    { experimentId: '3', name: 'hyperparam-sweep', creationTime: DEMO_EPOCH_MS + 3 * MINUTE, tags: {} },
  ];
  const plans: RunPlan[] = [];
  for (const finalAccuracy of MODEL_RUN_ACCURACY) plans.push({ experimentId: '1', steps: 300, finalAccuracy });
  for (let i = 0; i < 21; i++) plans.push({ experimentId: '1', steps: 300 });
  for (let i = 0; i < 16; i++) plans.push({ experimentId: '2', steps: 200 });
  plans.push({ experimentId: '0', steps: 120 });
  plans.push({ experimentId: '0', steps: 80, status: 'FAILED' });
  const runs: DemoRun[] = [];
  let clock = DEMO_EPOCH_MS + 10 * MINUTE;
  for (const plan of plans) {
    runs.push(makeRun(random, plan, clock));
    clock += 47 * MINUTE;
  }
  const sweepParent = makeRun(random, { experimentId: '3', steps: 1, name: 'sweep-xgb-depth' }, clock);
  runs.push(sweepParent);
  for (let i = 0; i < 18; i++) {
    clock += 9 * MINUTE;
    runs.push(makeRun(random, { experimentId: '3', steps: 250, parentRunId: sweepParent.runId }, clock));
  }
  clock += 30 * MINUTE;
  runs.push(makeRun(random, { experimentId: '1', steps: 180, status: 'RUNNING', name: 'live-training' }, clock));
  const modelRunIds: [string, string, string] = [runs[0]!.runId, runs[1]!.runId, runs[2]!.runId];
  return { experiments, runs, modelRunIds };
}

function makeRun(random: SeededRandom, plan: RunPlan, startTime: number): DemoRun {
  const runId = random.hexId();
  const name = plan.name ?? `${random.pick(ADJECTIVES)}-${random.pick(ANIMALS)}-${random.int(100, 999)}`;
  const learningRate = random.pick([0.3, 0.1, 0.05, 0.01, 0.005]);
  const params: Record<string, string> = {
    learning_rate: String(learningRate),
    max_depth: String(random.int(3, 10)),
    n_estimators: String(random.pick([100, 200, 400, 800])),
    subsample: random.pick(['0.7', '0.8', '1.0']),
    optimizer: random.pick(['adam', 'sgd', 'adamw']),
  };
  const quality = plan.finalAccuracy ?? 0.9 + 0.07 * random.next();
  const status = plan.status ?? 'FINISHED';
  const metrics = curves(random, plan.steps, startTime, quality, status === 'FAILED');
  if (plan.finalAccuracy !== undefined) pinFinal(metrics, plan.finalAccuracy);
  const lastTimestamp = metrics.at(-1)?.timestamp ?? startTime;
  const tags: Record<string, string> = {
    'mlflow.runName': name,
    'mlflow.user': 'demo',
    'mlflow.source.name': 'train.py',
    'mlflow.source.type': 'LOCAL',
    'mlflow.source.git.commit': random.hexId().slice(0, 40),
  };
  if (plan.parentRunId) tags['mlflow.parentRunId'] = plan.parentRunId;
  if (status === 'FAILED') tags['mlflow.note.content'] = 'CUDA out of memory at step 80';
  return {
    runId,
    experimentId: plan.experimentId,
    name,
    status,
    startTime,
    endTime: status === 'RUNNING' ? null : lastTimestamp + 1000,
    user: 'demo',
    params,
    tags,
    metrics,
    ...(plan.parentRunId ? { parentRunId: plan.parentRunId } : {}),
  };
}

/** Loss falls and accuracy rises like a real training run: exponential approach plus noise. */
function curves(random: SeededRandom, steps: number, start: number, quality: number, diverges: boolean): DemoMetricPoint[] {
  const points: DemoMetricPoint[] = [];
  const rate = 3 + 4 * random.next();
  for (let step = 0; step < steps; step++) {
    const progress = step / Math.max(steps - 1, 1);
    const timestamp = start + 2000 + step * 1500;
    const decay = Math.exp(-rate * progress);
    const trainLoss = 0.08 + 0.62 * decay + random.normal(0, 0.012);
    const valLoss = diverges && progress > 0.7 ? Number.NaN : 0.11 + 0.6 * decay + random.normal(0, 0.018);
    const accuracy = Math.min(0.999, quality - (quality - 0.5) * decay + random.normal(0, 0.004));
    const f1 = Math.min(0.999, accuracy - 0.015 + random.normal(0, 0.004));
    points.push(
      { key: 'train_loss', value: round(trainLoss), timestamp, step },
      { key: 'val_loss', value: round(valLoss), timestamp, step },
      { key: 'accuracy', value: round(accuracy), timestamp, step },
      { key: 'f1_score', value: round(f1), timestamp, step },
    );
  }
  return points;
}

function pinFinal(points: DemoMetricPoint[], accuracy: number): void {
  const lastStep = points.at(-1)!.step;
  for (const point of points) {
    if (point.step !== lastStep) continue;
    if (point.key === 'accuracy') point.value = accuracy;
    if (point.key === 'f1_score') point.value = round(accuracy - 0.012);
  }
}

function round(value: number): number {
  return Number.isNaN(value) ? value : Math.round(value * 1e6) / 1e6;
}

/** The smaller second store (an mlruns/ folder): classic baselines, one of them still RUNNING. */
export function buildBaselineTracking(seed: number): DemoTracking {
  const random = new SeededRandom(seed);
  const experiments: DemoExperiment[] = [
    { experimentId: '0', name: 'Default', creationTime: DEMO_EPOCH_MS, tags: {} },
    { experimentId: '1', name: 'baselines', creationTime: DEMO_EPOCH_MS + MINUTE, tags: {} },
  ];
  const runs: DemoRun[] = [];
  let clock = DEMO_EPOCH_MS + 5 * MINUTE;
  for (let i = 0; i < 7; i++) {
    runs.push(makeRun(random, { experimentId: '1', steps: 150 }, clock));
    clock += 31 * MINUTE;
  }
  runs.push(makeRun(random, { experimentId: '1', steps: 40, status: 'RUNNING', name: 'baseline-live' }, clock));
  const first = runs[0]!.runId;
  return { experiments, runs, modelRunIds: [first, first, first] };
}
