// The promotion view's one message contract, imported by the host (extension/models/promotionPanel.ts) and the UI
// (webviews/promotion/main.ts). Host → UI: the whole state; UI → host: what the person asked for.

export type StageName = 'None' | 'Staging' | 'Production' | 'Archived';
export type PromotionTargetStage = 'Staging' | 'Production';

export interface VersionCard {
  version: string;
  stage: StageName;
  aliases: string[];
  runId: string;
  /** ISO time, or '' when the store has none. */
  created: string;
  promotedBy?: string;
}

export interface MetricRow {
  key: string;
  candidate?: number;
  current?: number;
  direction: 'higher' | 'lower';
  verdict: 'better' | 'worse' | 'equal' | 'candidate-only' | 'current-only';
}

export interface ParamRow {
  key: string;
  candidate?: string;
  current?: string;
  changed: boolean;
}

export interface GateRow {
  kind: 'require' | 'must_beat_current';
  metric: string;
  passed: boolean;
  detail: string;
}

/** The candidate measured against one target stage. */
export interface TargetView {
  stage: PromotionTargetStage;
  /** The version now in that stage (the newest one), when there is one. */
  current?: VersionCard;
  metrics: MetricRow[];
  params: ParamRow[];
  gate: { passed: boolean; checks: GateRow[]; policyFile?: string };
  /** Whether promoting archives the versions already in the stage (policy's archive_existing). */
  archivesExisting: boolean;
}

export interface PromotionState {
  model: string;
  store: string;
  candidate: VersionCard;
  /** The target shown first: the next stage up from the candidate's. */
  selected: PromotionTargetStage;
  targets: TargetView[];
  /** Alias names to offer as one-click buttons (champion, challenger, and the model's own). */
  aliasSuggestions: string[];
  /** Set while a write runs, so buttons are disabled. */
  busy: boolean;
  /** The outcome of the last action, or an error a person can act on. */
  notice?: { kind: 'info' | 'error'; text: string };
}

export type HostToUi = { type: 'setState'; state: PromotionState };

export type UiToHost =
  | { type: 'ready' }
  | { type: 'promote'; stage: PromotionTargetStage }
  | { type: 'setAlias'; alias: string }
  | { type: 'archive' }
  | { type: 'revealRun'; runId: string }
  | { type: 'refresh' };
