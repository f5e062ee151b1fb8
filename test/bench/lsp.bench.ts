// Benchmark: our full dvc.yaml validation (parse + schema + templating + params + graph, reading params files
// from disk) against yaml-language-server's validation with the dvcyaml schema (SchemaStore's dvc.yaml schema,
// iterative/dvcyaml-schema@f563c18 schema.json, stored offline in test/fixtures/lsp) on the same files; then p95
// keystroke→diagnostics latency through the real server over stdio.
// Run: node --import tsx test/bench/lsp.bench.ts
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from 'yaml-language-server/lib/umd/languageservice/yamlLanguageService';
import { parsePipelineDocument } from '../../core/pipeline/document';
import { validateDocument } from '../../core/pipeline/validate';
import { diskFiles, ValidationContext } from '../../core/pipeline/workspace';
import { LspClient } from '../lsp/lspClient';

const root = join(__dirname, '..', '..');
const data = join(root, 'bench-data', 'lsp');
const fixtures = join(root, 'test', 'fixtures', 'lsp', 'dvc');
const SCHEMA_URI = 'file:///dvcyaml-schema.json';

/** A real ~240-line pipeline: data42lana's dvc.yaml plus example-get-started's stages, with their params files. */
function realPipeline(dir: string): string {
  mkdirSync(join(dir, 'pipelines'), { recursive: true });
  mkdirSync(join(dir, 'configs'), { recursive: true });
  writeFileSync(join(dir, 'configs', 'params.yaml'), readFileSync(join(fixtures, 'data42lana-cv-mlops', 'configs', 'params.yaml')));
  writeFileSync(join(dir, 'pipelines', 'params.yaml'), readFileSync(join(fixtures, 'example-get-started', 'params.yaml')));
  const main = readFileSync(join(fixtures, 'data42lana-cv-mlops', 'pipelines', 'dvc.yaml'), 'utf8').trimEnd();
  const started = readFileSync(join(fixtures, 'example-get-started', 'dvc.yaml'), 'utf8');
  const stages = started.slice(started.indexOf('stages:\n') + 8, started.indexOf('\nmetrics:'));
  const experiments = readFileSync(join(fixtures, 'example-get-started-experiments', 'dvc.yaml'), 'utf8');
  const more = experiments.slice(experiments.indexOf('stages:\n') + 8).replace(/^ {2}(\w+):$/gm, '  exp_$1:');
  const text = `${main}\n${stages.replace(/^ {2}(\w+):$/gm, '  gs_$1:')}\n${more}`;
  writeFileSync(join(dir, 'pipelines', 'dvc.yaml'), text);
  return join(dir, 'pipelines', 'dvc.yaml');
}

/** A generated pipeline of `stages` chained stages, ~10 lines each, with ${} and params references. */
function generatedPipeline(dir: string, stages: number): string {
  mkdirSync(dir, { recursive: true });
  const params = ['train:', '  lr: 0.01', '  epochs: 10', 'data:', '  root: data'].join('\n');
  writeFileSync(join(dir, 'params.yaml'), `${params}\n`);
  const lines = ['stages:'];
  for (let i = 0; i < stages; i++) {
    lines.push(
      `  stage_${i}:`,
      `    cmd: python step.py --lr \${train.lr} --in \${data.root}/s${i}.csv`,
      '    deps:',
      i === 0 ? '      - step.py' : `      - \${data.root}/s${i}.csv`,
      '    params:',
      '      - train.lr',
      '      - train.epochs',
      '    outs:',
      `      - \${data.root}/s${i + 1}.csv`,
      `    desc: Stage number ${i}`,
    );
  }
  writeFileSync(join(dir, 'step.py'), 'print(1)\n');
  writeFileSync(join(dir, 'dvc.yaml'), `${lines.join('\n')}\n`);
  return join(dir, 'dvc.yaml');
}

function ours(path: string, text: string): number {
  const doc = parsePipelineDocument(path, 'dvc-yaml', text);
  return validateDocument(doc, new ValidationContext(diskFiles)).length;
}

function yamlLanguageService() {
  const schema = readFileSync(join(root, 'test', 'fixtures', 'lsp', 'dvcyaml-schema.json'), 'utf8');
  const service = getLanguageService({
    schemaRequestService: async (uri: string) => {
      if (uri === SCHEMA_URI) return schema;
      throw new Error(`offline: ${uri}`);
    },
    workspaceContext: { resolveRelativePath: (rel: string, resource: string) => new URL(rel, resource).toString() },
  });
  service.configure({ validate: true, hover: false, completion: false, format: false, schemas: [{ uri: SCHEMA_URI, fileMatch: ['**/dvc.yaml'] }] });
  let version = 0;
  return async (path: string, text: string) => (await service.doValidation(TextDocument.create(`file://${path}`, 'yaml', ++version, text), false)).length;
}

function median(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Both validators run alternately in the same process, so load from other work on the machine hits both. */
async function compare(label: string, path: string, runs: number): Promise<void> {
  const text = readFileSync(path, 'utf8');
  const theirs = yamlLanguageService();
  const ourCount = ours(path, text);
  const theirCount = await theirs(path, text);
  for (let i = 0; i < 3; i++) {
    ours(path, text);
    await theirs(path, text);
  }
  const ourTimes: number[] = [];
  const theirTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    let start = performance.now();
    ours(path, text);
    ourTimes.push(performance.now() - start);
    start = performance.now();
    await theirs(path, text);
    theirTimes.push(performance.now() - start);
  }
  const ourMs = median(ourTimes);
  const theirMs = median(theirTimes);
  const lines = text.split('\n').length;
  console.log(
    `${label} (${lines} lines): ours ${ourMs.toFixed(2)} ms (${ourCount} diagnostics), yaml-language-server+dvcyaml-schema ${theirMs.toFixed(2)} ms (${theirCount}) — ratio ${(ourMs / theirMs).toFixed(3)}x (target <= 0.2x)`,
  );
}

async function keystrokeLatency(dir: string): Promise<void> {
  const path = generatedPipeline(join(dir, 'keystroke'), 160);
  const text = readFileSync(path, 'utf8');
  const client = await LspClient.start(join(dir, 'keystroke'));
  try {
    await client.open(path, text);
    await client.diagnostics(path);
    const line = text.split('\n').findIndex((l) => l.startsWith('    desc: Stage number 80'));
    const times: number[] = [];
    for (let i = 0; i < 80; i++) {
      const character = 25 + i;
      const start = performance.now();
      const version = await client.edit(path, { start: { line, character }, end: { line, character } }, 'x');
      await client.diagnosticsFor(path, version);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const p95 = times[Math.floor(times.length * 0.95)]!;
    const p50 = times[Math.floor(times.length / 2)]!;
    console.log(`keystroke→diagnostics over stdio (${text.split('\n').length} lines, ${times.length} edits): p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (includes the server's 20 ms debounce)`);
  } finally {
    await client.stop();
  }
}

async function main(): Promise<void> {
  rmSync(data, { recursive: true, force: true });
  mkdirSync(data, { recursive: true });
  await compare('real dvc.yaml', realPipeline(join(data, 'real')), 200);
  await compare('generated dvc.yaml', generatedPipeline(join(data, 'generated'), 1600), 9);
  await keystrokeLatency(data);
}

void main();
