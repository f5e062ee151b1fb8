import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parse } from 'yaml';
import { FileRegistry } from '../../../core/registry/fileRegistry';
import { dumpMlflowYaml, type YamlValue } from '../../../core/registry/pyyamlDump';
import { promptTemplate, splitPrompts } from '../../../core/registry/registry';
import { copyFixture, REGISTRY_FIXTURES, TestClock, tempDir } from '../../support/registryStores';
import { registryContract } from './registryContract';
import { openUri } from '../../support/locations';

const dir = tempDir('file-registry');
after(() => dir.remove());

const WINE = 'wine-quality-predictor';
const wineFixture = join(REGISTRY_FIXTURES, 'fastapi-wine', 'mlruns', 'models', WINE);
const fixtureText = (path: string) => readFileSync(join(wineFixture, path), 'utf8');

test('fastapi-wine: aliases come from the alias files (champion=2, challenger=1)', async () => {
  const fromFiles = {
    champion: readFileSync(join(wineFixture, 'aliases', 'champion'), 'utf8'),
    challenger: readFileSync(join(wineFixture, 'aliases', 'challenger'), 'utf8'),
  };
  assert.deepEqual(fromFiles, { champion: '2', challenger: '1' });
  const registry = new FileRegistry(join(REGISTRY_FIXTURES, 'fastapi-wine', 'mlruns'));
  const model = await registry.getModel(WINE);
  assert.deepEqual(model.aliases, fromFiles);
  assert.equal(model.description, 'Optimized neural network for wine quality prediction');
  const versions = await registry.listVersions(WINE);
  assert.deepEqual(
    versions.map((v) => [v.version, v.stage, v.aliases]),
    [
      ['2', 'None', ['champion']],
      ['1', 'None', ['challenger']],
    ],
  );
  const meta1 = parse(fixtureText('version-1/meta.yaml'));
  const v1 = versions[1]!;
  assert.equal(v1.modelId, meta1.model_id);
  assert.equal(v1.source, meta1.source);
  assert.equal(v1.storageLocation, meta1.storage_location);
  assert.equal(v1.creationTimestamp, meta1.creation_timestamp);
  assert.equal(versions[0]!.source, 'models:/wine-quality-predictor/1');
  assert.equal((await registry.getVersionByAlias(WINE, 'champion')).version, '2');
});

test('iris: SVMClassifier version 1 points at the run that logged it', async () => {
  const root = join(REGISTRY_FIXTURES, 'iris-mlflow', 'mlruns');
  const meta = parse(readFileSync(join(root, 'models', 'SVMClassifier', 'version-1', 'meta.yaml'), 'utf8'));
  const registry = new FileRegistry(root);
  const models = await registry.listModels();
  assert.deepEqual(
    models.map((m) => [m.name, m.aliases, m.isPrompt]),
    [['SVMClassifier', {}, false]],
  );
  const [v1] = await registry.listVersions();
  assert.equal(v1!.runId, meta.run_id);
  assert.equal(v1!.runId, '8595f7931d3943f4a7ee038c1728c2c3');
  assert.equal(v1!.stage, 'None');
  assert.equal(v1!.modelId, null);
});

test('the meta.yaml writer reproduces PyYAML byte for byte', () => {
  const cases = JSON.parse(readFileSync(join(REGISTRY_FIXTURES, 'pyyaml-dump-cases.json'), 'utf8')) as {
    cases: Array<{ value: string; pyyaml: string }>;
    nested: Array<{ data: Record<string, YamlValue>; pyyaml: string }>;
  };
  assert.ok(cases.cases.length > 50 && cases.nested.length >= 60);
  for (const c of cases.cases) {
    assert.equal(dumpMlflowYaml({ description: c.value, aliases: [c.value], m: { k: c.value } }), c.pyyaml, JSON.stringify(c.value));
  }
  for (const c of cases.nested) assert.equal(dumpMlflowYaml(c.data), c.pyyaml);
  for (const file of ['meta.yaml', 'version-1/meta.yaml', 'version-2/meta.yaml']) {
    assert.equal(dumpMlflowYaml(parse(fixtureText(file), { version: '1.1' })), fixtureText(file));
  }
});

registryContract('FileRegistry', async () => {
  const root = join(copyFixture('fastapi-wine', join(dir.path, 'contract')), 'mlruns');
  const clock = new TestClock();
  return {
    registry: new FileRegistry(root, { now: clock.now }),
    fresh: () => new FileRegistry(root),
    model: WINE,
    clock,
    modelBumpsOnAliasAndTag: true,
    metrics: openUri(root).runMetrics,
    workDir: dir.path,
  };
});

test('after a transition, version meta.yaml is the file MLflow wrote with only stage, timestamp and aliases changed', async () => {
  const root = join(copyFixture('fastapi-wine', join(dir.path, 'bytes')), 'mlruns');
  const clock = new TestClock(1_754_700_000_000);
  const registry = new FileRegistry(root, { now: clock.now });
  await registry.transitionStage(WINE, '1', 'production', false);
  const written = readFileSync(join(root, 'models', WINE, 'version-1', 'meta.yaml'), 'utf8');
  const original = parse(fixtureText('version-1/meta.yaml'));
  const now = parse(written);
  assert.deepEqual(Object.keys(now), Object.keys(original));
  for (const key of Object.keys(original)) {
    const expected = key === 'current_stage' ? 'Production' : key === 'last_updated_timestamp' ? 1_754_700_000_000 : key === 'aliases' ? ['challenger'] : original[key];
    assert.deepEqual(now[key], expected, key);
  }
  const expectedText = fixtureText('version-1/meta.yaml')
    .replace('aliases: []', 'aliases:\n- challenger')
    .replace('current_stage: None', 'current_stage: Production')
    .replace('last_updated_timestamp: 1754670286528', 'last_updated_timestamp: 1754700000000');
  assert.equal(written, expectedText);
  const modelText = readFileSync(join(root, 'models', WINE, 'meta.yaml'), 'utf8');
  assert.equal(modelText, fixtureText('meta.yaml').replace('last_updated_timestamp: 1754671232140', 'last_updated_timestamp: 1754700000000'));
  assert.equal(readFileSync(join(root, 'models', WINE, 'version-2', 'meta.yaml'), 'utf8'), fixtureText('version-2/meta.yaml'));
});

test('alias writes: body is the bare version number, the meta.yaml map follows the files', async () => {
  const root = join(copyFixture('fastapi-wine', join(dir.path, 'alias')), 'mlruns');
  const registry = new FileRegistry(root, { now: () => 1_754_700_000_000 });
  await registry.setAlias(WINE, 'champion', '1');
  const aliasFolder = join(root, 'models', WINE, 'aliases');
  assert.equal(readFileSync(join(aliasFolder, 'champion'), 'utf8'), '1');
  const meta = parse(readFileSync(join(root, 'models', WINE, 'meta.yaml'), 'utf8'));
  assert.deepEqual(meta.aliases, { challenger: '1', champion: '1' });
  assert.equal(meta.deployment_job_id, null);
  await registry.deleteAlias(WINE, 'challenger');
  assert.deepEqual(parse(readFileSync(join(root, 'models', WINE, 'meta.yaml'), 'utf8')).aliases, { champion: '1' });
});

test('an MLflow 2 file keeps its MLflow 2 shape (no MLflow 3 keys appear), `aliases: {}` stays a map', async () => {
  const root = join(copyFixture('iris-mlflow', join(dir.path, 'iris')), 'mlruns');
  const registry = new FileRegistry(root, { now: () => 1_731_500_000_000 });
  await registry.transitionStage('SVMClassifier', '1', 'Staging', true);
  const folder = join(root, 'models', 'SVMClassifier');
  const original = readFileSync(join(REGISTRY_FIXTURES, 'iris-mlflow', 'mlruns', 'models', 'SVMClassifier', 'version-1', 'meta.yaml'), 'utf8');
  assert.equal(
    readFileSync(join(folder, 'version-1', 'meta.yaml'), 'utf8'),
    original.replace('current_stage: None', 'current_stage: Staging').replace('last_updated_timestamp: 1731484679925', 'last_updated_timestamp: 1731500000000'),
  );
  assert.match(readFileSync(join(folder, 'meta.yaml'), 'utf8'), /^aliases: \{\}\n/);
});

test('Deleted_Internal versions do not exist for readers or writers; prompts are told apart', async () => {
  const root = join(copyFixture('fastapi-wine', join(dir.path, 'deleted')), 'mlruns');
  const models = join(root, 'models');
  cpSync(join(models, WINE, 'version-2'), join(models, WINE, 'version-3'), { recursive: true });
  const v3 = join(models, WINE, 'version-3', 'meta.yaml');
  writeFileSync(v3, readFileSync(v3, 'utf8').replace('current_stage: None', 'current_stage: Deleted_Internal').replace('version: 2', 'version: 3'));
  const prompt = join(models, 'summarize');
  mkdirSync(join(prompt, 'tags'), { recursive: true });
  mkdirSync(join(prompt, 'version-1', 'tags'), { recursive: true });
  writeFileSync(join(prompt, 'meta.yaml'), dumpMlflowYaml({ name: 'summarize', creation_timestamp: 1, last_updated_timestamp: 1, description: '', aliases: {} }));
  writeFileSync(join(prompt, 'tags', 'mlflow.prompt.is_prompt'), 'true');
  writeFileSync(join(prompt, 'version-1', 'meta.yaml'), dumpMlflowYaml({ name: 'summarize', version: 1, current_stage: 'None', source: '', aliases: [] }));
  writeFileSync(join(prompt, 'version-1', 'tags', 'mlflow.prompt.text'), 'Summarize {{text}} in one line.');

  const registry = new FileRegistry(root);
  assert.deepEqual(
    (await registry.listVersions(WINE)).map((v) => v.version),
    ['2', '1'],
  );
  await assert.rejects(registry.getVersion(WINE, '3'), /not found/);
  await assert.rejects(registry.transitionStage(WINE, '3', 'Production', false), /not found/);
  const split = splitPrompts(await registry.listModels());
  assert.deepEqual(
    split.models.map((m) => m.name),
    [WINE],
  );
  assert.deepEqual(
    split.prompts.map((m) => m.name),
    ['summarize'],
  );
  assert.equal(promptTemplate(await registry.getVersion('summarize', '1')), 'Summarize {{text}} in one line.');
  assert.equal(promptTemplate(await registry.getVersion(WINE, '1')), undefined);
});
