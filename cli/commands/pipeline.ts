// `mlops pipeline dag` — the DVC pipeline graph with stale stages, from dvc.yaml + dvc.lock, no DVC CLI.
import { parseArgs } from 'node:util';
import { buildPipelineDag } from '../../core/data/dag';
import { findProjectRoot, scanWorkspace } from '../../core/dvc/workspace';
import { visible, visibleText } from '../../core/format/visibleText';
import { type CliCommand, UsageError } from '../command';

const USAGE = 'usage: mlops pipeline dag [--json]';

export const pipeline: CliCommand = {
  summary: 'DVC pipeline graph from dvc.yaml + dvc.lock, with stale stages marked',
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === undefined || sub === '--help' || sub === '-h') {
      io.out(USAGE);
      return sub ? 0 : 2;
    }
    if (sub !== 'dag') throw new UsageError(`unknown subcommand '${sub}'.\n${USAGE}`);
    const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean' } }, allowPositionals: false, strict: true });
    const dag = buildPipelineDag(scanWorkspace(findProjectRoot(io.cwd) ?? io.cwd));
    if (values.json) {
      io.out(JSON.stringify(dag, null, 2));
      return 0;
    }
    const stages = dag.nodes.filter((n) => n.kind === 'stage');
    if (stages.length === 0) io.out('No dvc.yaml stages found.');
    for (const node of stages) {
      const inputs = dag.edges.filter((e) => e.to === node.id).map((e) => visibleText(dag.nodes.find((n) => n.id === e.from)!.name));
      const mark = node.frozen ? 'frozen' : node.stale ? 'stale' : 'ok';
      io.out(`${mark.padEnd(6)}  ${visibleText(node.name)}${inputs.length ? `  ← ${inputs.join(', ')}` : ''}${node.stale ? `  (${node.reasons.map(visibleText).join('; ')})` : ''}`);
    }
    for (const p of dag.problems) io.err(visible`${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`);
    return 0;
  },
};
