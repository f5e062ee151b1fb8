// biome-ignore-all lint/suspicious/noTemplateCurlyInString: DVC writes ${} templates inside plain YAML strings
// Bad input never crashes the server: random YAML, binary junk, a 10 MB file, deep nesting and alias bombs are
// thrown at a real server over stdio, and every request must be answered. Runs are bounded in time.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { LspClient } from './lspClient';

const dir = mkdtempSync(join(tmpdir(), 'mlops-fuzz-'));
const FILES = ['dvc.yaml', 'dvc.lock', 'MLproject', 'feature_store.yaml', 'params.yaml', 'data.dvc', 'python_env.yaml'].map((n) => join(dir, n));
let client: LspClient;

before(async () => {
  client = await LspClient.start(dir);
  for (const path of FILES) await client.open(path, '');
});
after(async () => {
  await client.stop();
  rmSync(dir, { recursive: true, force: true });
});

const REQUEST_TIMEOUT_MS = 15_000;

function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer`)), REQUEST_TIMEOUT_MS))]);
}

/** Set a document's text and require diagnostics for that version plus an answer to every feature request. */
async function exercise(path: string, text: string, line: number, character: number): Promise<void> {
  const version = await client.change(path, text);
  await client.diagnosticsFor(path, version, REQUEST_TIMEOUT_MS);
  const position = { line, character };
  const range = { start: position, end: position };
  await withTimeout(
    Promise.all([
      client.hover(path, position),
      client.completion(path, position),
      client.definition(path, position),
      client.symbols(path),
      client.codeActions(path, range, []),
    ]),
    `requests on ${path}`,
  );
}

const DVC_SAMPLE = 'stages:\n  train:\n    cmd: python t.py ${a.b}\n    deps: [x]\n    params:\n      - cfg.yaml:model\n    outs:\n      - m: {cache: false}\n';

const yamlValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.constantFrom('${x}', '${item.a}', '\\${y}', '{p}', '{{q}}', 'yes', '1e-1', '~', 'stages', 'cmd', 'deps'),
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom('stages', 'cmd', 'deps', 'outs', 'params', 'vars', 'foreach', 'do', 'matrix', 'wdir', 'entry_points', 'command', 'parameters', 'project', 'registry', 'online_store', 'x'), tie('value'), { maxKeys: 5 }),
  ),
})).value;

const documentText = fc.oneof(
  yamlValue.map((v) => stringify(v)),
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.uint8Array({ maxLength: 400 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
  fc.tuple(fc.nat(DVC_SAMPLE.length), fc.nat(20), fc.string({ maxLength: 10 })).map(
    ([at, drop, insert]) => DVC_SAMPLE.slice(0, at) + insert + DVC_SAMPLE.slice(at + drop),
  ),
);

test('random YAML, junk and mutated pipelines: every request answered', async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...FILES), documentText, fc.nat(12), fc.nat(60), async (path, text, line, character) => {
      await exercise(path, text, line, character);
    }),
    { numRuns: 400, interruptAfterTimeLimit: 20_000, seed: 20260 },
  );
  assert.equal(client.proc.exitCode, null, 'server still running');
});

test('a 10 MB file is capped with a message and requests stay answered', async () => {
  const big = `stages:\n${'  s: {cmd: x}\n'.repeat(10 * 1024 * 1024 / 14)}`;
  const started = Date.now();
  await exercise(FILES[0]!, big, 5, 3);
  const diags = await client.diagnostics(FILES[0]!);
  assert.equal(diags[0]?.code, 'file-too-large');
  assert.ok(Date.now() - started < REQUEST_TIMEOUT_MS);
});

test('alias bombs and deep nesting get an error diagnostic, not a hang or crash', async () => {
  const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 12; i++) lines.push(`l${i}: &l${i} [${Array(10).fill(i === 1 ? '*a' : `*l${i - 1}`).join(', ')}]`);
  await exercise(FILES[0]!, lines.join('\n'), 3, 5);
  assert.ok((await client.diagnostics(FILES[0]!)).some((d) => d.code === 'yaml-aliases'));
  const depth = 20_000;
  await exercise(FILES[2]!, `${'['.repeat(depth)}${']'.repeat(depth)}`, 0, 10);
  await exercise(FILES[3]!, Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n'), 100, 100);
  assert.equal(client.proc.exitCode, null, 'server still running');
});
