// `mlops features [--repo PATH] [--json]` — a Feast feature repository's registry (file or SQL on SQLite), no Python.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findFeatureRepos, openFeatureRepo } from '../../core/feast/featureRepo';
import { featuresSummary } from '../../core/feast/featuresSummary';
import { visibleText } from '../../core/format/visibleText';
import { type CliCommand, UsageError } from '../command';

const USAGE = 'usage: mlops features [--repo PATH] [--json]   (PATH: a feature repository folder or its feature_store.yaml)';

export const featuresCommand: CliCommand = {
  summary: 'Feast registry: entities, data sources, feature views with freshness, feature services',
  async run(args, io) {
    const { values } = parseArgs({ args, options: { repo: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true });
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    const configFile = locateConfig(resolve(io.cwd, values.repo ?? '.'));
    const repo = openFeatureRepo(configFile);
    if (!repo.registry || !repo.config) {
      io.err(repo.problem ?? `${configFile}: cannot read`);
      return 1;
    }
    const summary = featuresSummary(repo.registry, repo.config.project);
    if (values.json) {
      io.out(JSON.stringify(summary, null, 2));
      return 0;
    }
    io.out(`project ${visibleText(summary.project)}`);
    for (const e of summary.entities) io.out(`entity        ${visibleText(e.name)} (${e.join_keys.map(visibleText).join(', ')}: ${e.value_type})`);
    for (const s of summary.data_sources) io.out(`data source   ${visibleText(s.name)} [${s.kind}]`);
    for (const v of summary.feature_views) {
      io.out(`feature view  ${visibleText(v.name)} (${v.features.length} features, ttl ${v.ttl_seconds}s, last materialized ${v.last_materialized ?? 'never'})`);
    }
    for (const s of summary.feature_services) io.out(`service       ${visibleText(s.name)}: ${s.features.map(visibleText).join(', ')}`);
    return 0;
  },
};

function locateConfig(path: string): string {
  if (existsSync(path) && statSync(path).isFile()) return path;
  if (existsSync(join(path, 'feature_store.yaml'))) return join(path, 'feature_store.yaml');
  const found = findFeatureRepos(path);
  if (found.length === 1) return found[0] as string;
  if (found.length === 0) throw new UsageError(`no feature_store.yaml in ${path}; pass --repo with a Feast feature repository.`);
  throw new UsageError(`several feature repositories under ${path} (${found.join(', ')}); pass --repo with one.`);
}
