// What the Features view shows, decided here so the extension only presents it: per feature repository its project
// → entities, data sources, feature views (→ features with dtype; TTL and a freshness badge), on-demand, stream and
// (Feast 0.20–0.35) request views, feature services; and a feature view's details page as Markdown.
import { freshnessOf } from './freshness';
import type { DefinitionKind } from './pythonDefinitions';
import { DUMMY_ENTITY, type FeastFeatureView, type FeastRegistry, serviceFeatureRefs } from './registryModel';

export interface FeatureTreeNode {
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  icon: string;
  /** For Go to Definition: the object's kind and name. */
  object?: { kind: DefinitionKind; name: string };
  /** A feature view's name, for details and online values. */
  view?: string;
  stale?: boolean;
  children?: FeatureTreeNode[];
}

export function formatTtl(seconds: number): string {
  if (seconds <= 0) return 'no TTL';
  if (seconds % 86_400 === 0) return `TTL ${seconds / 86_400}d`;
  if (seconds % 3600 === 0) return `TTL ${seconds / 3600}h`;
  return `TTL ${seconds}s`;
}

function viewNode(id: string, view: FeastFeatureView, now: Date): FeatureTreeNode {
  const freshness = freshnessOf(view, now);
  const badge = freshness === 'stale' ? 'stale' : freshness === 'never-materialized' ? 'not materialized' : freshness === 'fresh' ? 'fresh' : 'offline';
  return {
    id,
    label: view.name,
    // The badge first: a narrow side bar cuts the description's end off.
    description: `${badge} · ${formatTtl(view.ttlSeconds)}`,
    tooltip: `${view.name}: last materialized ${view.lastMaterialized ?? 'never'}; ${formatTtl(view.ttlSeconds)}${freshness === 'stale' ? ' — older than the TTL: online values may have expired; run `feast materialize-incremental`.' : ''}`,
    icon: freshness === 'stale' ? 'warning' : view.kind === 'stream' ? 'pulse' : 'table',
    object: { kind: view.kind === 'stream' ? 'stream_feature_view' : 'feature_view', name: view.name },
    view: view.name,
    stale: freshness === 'stale',
    children: view.features.map((f) => ({ id: `${id}/${f.name}`, label: f.name, description: f.dtype, tooltip: f.description || undefined, icon: 'symbol-field' })),
  };
}

export function projectTree(key: string, registry: FeastRegistry, project: string, now: Date): FeatureTreeNode {
  const mine = <T extends { project: string }>(items: T[]) => items.filter((i) => i.project === project);
  const group = (name: string, icon: string, children: FeatureTreeNode[]): FeatureTreeNode => ({ id: `${key}/${name}`, label: name, description: String(children.length), icon, children });
  return {
    id: key,
    label: project,
    description: registry.lastUpdated ? `applied ${registry.lastUpdated.slice(0, 16).replace('T', ' ')}` : undefined,
    icon: 'database',
    children: [
      group('Entities', 'symbol-key', mine(registry.entities).filter((e) => e.name !== DUMMY_ENTITY).map((e) => ({
        id: `${key}/entity/${e.name}`, label: e.name, description: `${e.joinKeys.join(', ')}: ${e.valueType}`, tooltip: e.description || undefined, icon: 'symbol-key', object: { kind: 'entity', name: e.name },
      }))),
      group('Data Sources', 'database', mine(registry.dataSources).map((s) => ({
        id: `${key}/source/${s.name}`, label: s.name, description: `${s.kind}${s.location ? ` · ${s.location}` : ''}`, icon: 'file', object: { kind: 'data_source', name: s.name },
      }))),
      group('Feature Views', 'table', [...mine(registry.featureViews), ...mine(registry.streamFeatureViews)].map((v) => viewNode(`${key}/view/${v.name}`, v, now))),
      group('On-Demand Feature Views', 'symbol-function', mine(registry.onDemandFeatureViews).map((v) => ({
        id: `${key}/odfv/${v.name}`, label: v.name, description: `from ${v.sources.join(', ')}`, icon: 'symbol-function', object: { kind: 'on_demand_feature_view', name: v.name },
        children: v.features.map((f) => ({ id: `${key}/odfv/${v.name}/${f.name}`, label: f.name, description: f.dtype, icon: 'symbol-field' })),
      }))),
      group('Request Feature Views', 'symbol-parameter', mine(registry.requestFeatureViews).map((v) => ({
        id: `${key}/rfv/${v.name}`, label: v.name, description: `from ${v.source}`, icon: 'symbol-parameter', object: { kind: 'request_feature_view', name: v.name },
        children: v.features.map((f) => ({ id: `${key}/rfv/${v.name}/${f.name}`, label: f.name, description: f.dtype, icon: 'symbol-field' })),
      }))),
      group('Feature Services', 'package', mine(registry.featureServices).map((s) => ({
        id: `${key}/service/${s.name}`, label: s.name, description: `${serviceFeatureRefs(s).length} features`, icon: 'package', object: { kind: 'feature_service', name: s.name },
        children: serviceFeatureRefs(s).map((ref) => ({ id: `${key}/service/${s.name}/${ref}`, label: ref, icon: 'symbol-field' })),
      }))),
    ].filter((g) => g.children!.length > 0 || g.label === 'Entities' || g.label === 'Feature Views'),
  };
}

/** The details page of one feature view, as Markdown (shown read-only). */
export function featureViewDetails(view: FeastFeatureView, now: Date): string {
  const lines = [
    `# Feature view ${view.name}`,
    '',
    `- Project: ${view.project}`,
    `- Entities: ${view.entities.filter((e) => e !== DUMMY_ENTITY).join(', ') || '(none)'}`,
    `- Source: ${view.source || '(none)'}${view.streamSource ? `, stream ${view.streamSource}` : ''}`,
    `- ${formatTtl(view.ttlSeconds)} · online ${view.online ? 'yes' : 'no'} · freshness: ${freshnessOf(view, now)}`,
    `- Last materialized: ${view.lastMaterialized ?? 'never'}`,
    ...(view.description ? [`- Description: ${view.description}`] : []),
    ...(view.owner ? [`- Owner: ${view.owner}`] : []),
    ...(Object.keys(view.tags).length ? [`- Tags: ${Object.entries(view.tags).map(([k, v]) => `${k}=${v}`).join(', ')}`] : []),
    '',
    '## Features',
    '',
    '| feature | dtype | description |',
    '|---|---|---|',
    ...view.features.map((f) => `| ${f.name} | ${f.dtype} | ${f.description.replace(/\|/g, '\\|')} |`),
    '',
    '## Materialization intervals',
    '',
    ...(view.materializationIntervals.length ? view.materializationIntervals.map((i) => `- ${i.start} → ${i.end}`) : ['(none)']),
    '',
  ];
  return lines.join('\n');
}
