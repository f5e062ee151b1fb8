// Benchmark: our full dvc.yaml validation (parse + schema + templating + params + graph, reading params files
// from disk) against yaml-language-server's validation with the dvcyaml schema (SchemaStore's dvc.yaml schema,
// iterative/dvcyaml-schema@f563c18 schema.json, stored offline in test/fixtures/lsp) on the same files; then p95
// keystroke→diagnostics latency through the real server over stdio.
// Each validator runs in its own child process, as each language server does in VS Code: sharing one heap would
// charge one side for the other's garbage. The parent sends both the same batches in turn and compares the CPU time
// each child reports for its batches.
// Run: node --import tsx test/bench/lsp.bench.ts
import { type ChildProcess, fork } from 'node:child_process';
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

interface Sample {
  wallMs: number;
  cpuMs: number;
}

/**
 * One sample is a batch of `batch` runs of one validator (CPU time from getrusage is counted in scheduler ticks,
 * so a 1 ms run needs a batch to be measured). CPU time is what the comparison uses: on a shared machine wall time
 * also counts the time the process waits for a core.
 */
async function sample(fn: () => unknown, batch: number): Promise<Sample> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < batch; i++) await fn();
  const used = process.cpuUsage(cpu);
  return { wallMs: (performance.now() - start) / batch, cpuMs: (used.user + used.system) / 1000 / batch };
}

type Side = 'ours' | 'theirs';
type Request = { batch: number };
type Reply = Sample & { diagnostics: number };

/** The child side: validate `path` with one validator, a batch per request, and report CPU and wall time. */
async function serveValidator(side: Side, path: string): Promise<void> {
  const text = readFileSync(path, 'utf8');
  const validate = side === 'ours' ? async () => ours(path, text) : yamlLanguageService().bind(undefined, path, text);
  const diagnostics = await validate();
  process.on('message', async ({ batch }: Request) => {
    const reply: Reply = { ...(await sample(validate, batch)), diagnostics };
    process.send!(reply);
  });
  process.send!({ ready: true });
}

class ValidatorProcess {
  private readonly child: ChildProcess;
  private readonly ready: Promise<void>;
  constructor(side: Side, path: string) {
    this.child = fork(__filename, ['--validator', side, path], { execArgv: ['--import', 'tsx'] });
    this.ready = new Promise((resolve) => this.child.once('message', () => resolve()));
  }
  async run(batch: number): Promise<Reply> {
    await this.ready;
    return new Promise((resolve) => {
      this.child.once('message', (reply: Reply) => resolve(reply));
      this.child.send({ batch } satisfies Request);
    });
  }
  stop(): void {
    this.child.kill();
  }
}

/** Both validators get the same text and the same batches, one after the other, so load hits both alike. */
async function compare(label: string, path: string, options: { warmups: number; samples: number; batch: number }): Promise<void> {
  const text = readFileSync(path, 'utf8');
  const ourSide = new ValidatorProcess('ours', path);
  const theirSide = new ValidatorProcess('theirs', path);
  try {
    await ourSide.run(options.warmups);
    await theirSide.run(options.warmups);
    const ourSamples: Reply[] = [];
    const theirSamples: Reply[] = [];
    for (let i = 0; i < options.samples; i++) {
      ourSamples.push(await ourSide.run(options.batch));
      theirSamples.push(await theirSide.run(options.batch));
    }
    const ourCpu = median(ourSamples.map((s) => s.cpuMs));
    const theirCpu = median(theirSamples.map((s) => s.cpuMs));
    const ourWall = median(ourSamples.map((s) => s.wallMs));
    const theirWall = median(theirSamples.map((s) => s.wallMs));
    const lines = text.split('\n').length;
    const ratio = ourCpu / theirCpu;
    console.log(
      `${label} (${lines} lines; median of ${options.samples} batches of ${options.batch} after ${options.warmups} warm-up runs, each validator in its own process): ` +
        `ours ${ourCpu.toFixed(2)} ms CPU (${ourSamples[0]!.diagnostics} diagnostics), yaml-language-server+dvcyaml-schema ${theirCpu.toFixed(2)} ms CPU (${theirSamples[0]!.diagnostics}) ` +
        `— ratio ${ratio.toFixed(3)}x (target <= 0.2x) ${ratio <= 0.2 ? 'PASS' : 'FAIL'}; wall ${ourWall.toFixed(2)} vs ${theirWall.toFixed(2)} ms, ${(ourWall / theirWall).toFixed(3)}x`,
    );
  } finally {
    ourSide.stop();
    theirSide.stop();
  }
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
  await compare('real dvc.yaml', realPipeline(join(data, 'real')), { warmups: 50, samples: 31, batch: 50 });
  await compare('generated dvc.yaml', generatedPipeline(join(data, 'generated'), 1600), { warmups: 3, samples: 15, batch: 1 });
  await keystrokeLatency(data);
}

const validatorFlag = process.argv.indexOf('--validator');
if (validatorFlag >= 0) void serveValidator(process.argv[validatorFlag + 1] as Side, process.argv[validatorFlag + 2]!);
else void main();
