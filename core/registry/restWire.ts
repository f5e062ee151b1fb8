// MLflow's REST JSON for registry entities (mlflow/protos/model_registry.proto, serialised by MLflow's
// message_to_json: int64 as numbers, versions as strings, empty fields left out). Used by RestRegistry to read a
// server, by the CLI for `--json` output, and by the test server to answer like MLflow.
import { aliasesOf, isPromptTags, type ModelVersion, type RegisteredModel } from './registry';
import { type Stage, storedStage } from './stages';

export interface WireTag {
  key: string;
  value: string;
}

export interface WireRegisteredModel {
  name: string;
  creation_timestamp?: number;
  last_updated_timestamp?: number;
  description?: string;
  latest_versions?: WireModelVersion[];
  tags?: WireTag[];
  aliases?: Array<{ alias: string; version: string }>;
}

export interface WireModelVersion {
  name: string;
  version: string;
  creation_timestamp?: number;
  last_updated_timestamp?: number;
  user_id?: string;
  current_stage?: string;
  description?: string;
  source?: string;
  run_id?: string;
  status?: string;
  status_message?: string;
  tags?: WireTag[];
  run_link?: string;
  aliases?: string[];
  model_id?: string;
  storage_location?: string;
}

export function modelToWire(model: RegisteredModel, latestVersions?: ModelVersion[]): WireRegisteredModel {
  const wire: WireRegisteredModel = { name: model.name };
  if (model.creationTimestamp !== null) wire.creation_timestamp = model.creationTimestamp;
  if (model.lastUpdatedTimestamp !== null) wire.last_updated_timestamp = model.lastUpdatedTimestamp;
  if (model.description) wire.description = model.description;
  if (latestVersions && latestVersions.length > 0) wire.latest_versions = latestVersions.map(versionToWire);
  const tags = tagsToWire(model.tags);
  if (tags.length > 0) wire.tags = tags;
  const aliases = Object.keys(model.aliases)
    .sort()
    .map((alias) => ({ alias, version: model.aliases[alias]! }));
  if (aliases.length > 0) wire.aliases = aliases;
  return wire;
}

export function versionToWire(version: ModelVersion): WireModelVersion {
  const wire: WireModelVersion = { name: version.name, version: version.version };
  if (version.creationTimestamp !== null) wire.creation_timestamp = version.creationTimestamp;
  if (version.lastUpdatedTimestamp !== null) wire.last_updated_timestamp = version.lastUpdatedTimestamp;
  if (version.userId) wire.user_id = version.userId;
  wire.current_stage = version.stage;
  if (version.description) wire.description = version.description;
  if (version.source) wire.source = version.source;
  if (version.runId) wire.run_id = version.runId;
  if (version.status) wire.status = version.status;
  if (version.statusMessage) wire.status_message = version.statusMessage;
  const tags = tagsToWire(version.tags);
  if (tags.length > 0) wire.tags = tags;
  if (version.runLink) wire.run_link = version.runLink;
  if (version.aliases.length > 0) wire.aliases = [...version.aliases];
  if (version.modelId) wire.model_id = version.modelId;
  if (version.storageLocation) wire.storage_location = version.storageLocation;
  return wire;
}

export function modelFromWire(wire: WireRegisteredModel): RegisteredModel {
  const tags = tagsFromWire(wire.tags);
  return {
    name: wire.name,
    creationTimestamp: numberOrNull(wire.creation_timestamp),
    lastUpdatedTimestamp: numberOrNull(wire.last_updated_timestamp),
    description: wire.description ?? '',
    tags,
    aliases: Object.fromEntries((wire.aliases ?? []).map((a) => [a.alias, String(a.version)])),
    isPrompt: isPromptTags(tags),
  };
}

/** `modelAliases` fills in aliases for servers that leave them off versions (before MLflow 2.3). */
export function versionFromWire(wire: WireModelVersion, modelAliases?: Record<string, string>): ModelVersion {
  const version = String(wire.version);
  return {
    name: wire.name,
    version,
    stage: storedStage(wire.current_stage) as Stage,
    aliases: wire.aliases ? [...wire.aliases].sort() : modelAliases ? aliasesOf(modelAliases, version) : [],
    tags: tagsFromWire(wire.tags),
    description: wire.description ?? '',
    source: wire.source ?? '',
    runId: wire.run_id ?? '',
    runLink: wire.run_link ?? '',
    status: wire.status ?? 'READY',
    statusMessage: wire.status_message ?? null,
    userId: wire.user_id ?? null,
    creationTimestamp: numberOrNull(wire.creation_timestamp),
    lastUpdatedTimestamp: numberOrNull(wire.last_updated_timestamp),
    modelId: wire.model_id || null,
    storageLocation: wire.storage_location ?? null,
  };
}

function tagsToWire(tags: Record<string, string>): WireTag[] {
  return Object.keys(tags)
    .sort()
    .map((key) => ({ key, value: tags[key]! }));
}

function tagsFromWire(tags: WireTag[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).map((t) => [t.key, t.value ?? '']));
}

function numberOrNull(value: number | string | undefined): number | null {
  return value === undefined ? null : Number(value);
}
