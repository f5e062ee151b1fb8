// Red Hat YAML (vscode-yaml) sends every extension's `contributes.yamlValidation` to yaml-language-server as schema
// associations (priority SchemaAssociation = 2), above SchemaStore's catalog (SchemaStore = 1), and the server
// validates a file only against its highest-priority schemas (yamlSchemaService.highestPrioritySchemas). So our
// permissive schema for dvc.yaml replaces SchemaStore's stale dvcyaml schema instead of adding to it. This test runs
// the real yaml-language-server with both associations, built as vscode-yaml builds them from package.json.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService, SchemaPriority } from 'yaml-language-server/lib/umd/languageservice/yamlLanguageService';

const root = join(__dirname, '..', '..');
const SCHEMASTORE_DVC_URI = 'https://raw.githubusercontent.com/iterative/dvcyaml-schema/master/schema.json';

interface YamlValidation {
  fileMatch: string | string[];
  url: string;
}

/** The association vscode-yaml derives from a contribution: `./` URLs under the extension, fileMatch rooted with `/`. */
function associationsFromManifest(): Array<{ uri: string; fileMatch: string[] }> {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { contributes: { yamlValidation?: YamlValidation[] } };
  return (manifest.contributes.yamlValidation ?? []).map(({ fileMatch, url }) => ({
    uri: url.startsWith('./') ? pathToFileURL(join(root, url)).toString() : url,
    fileMatch: (Array.isArray(fileMatch) ? fileMatch : [fileMatch]).map((m) => (/^(\w+:\/\/|\/|!)/.test(m) ? m : `/${m}`)),
  }));
}

// yaml-language-server caches parsed documents by URI and version across service instances: never reuse a version.
let documentVersion = 0;

function yamlServer(withContribution: boolean) {
  const schemas = new Map<string, string>([[SCHEMASTORE_DVC_URI, readFileSync(join(root, 'test', 'fixtures', 'lsp', 'dvcyaml-schema.json'), 'utf8')]]);
  const contributed = withContribution ? associationsFromManifest() : [];
  for (const { uri } of contributed) schemas.set(uri, readFileSync(new URL(uri), 'utf8'));
  const service = getLanguageService({
    schemaRequestService: async (uri: string) => {
      const text = schemas.get(uri);
      if (text === undefined) throw new Error(`no schema ${uri}`);
      return text;
    },
    workspaceContext: { resolveRelativePath: (rel: string, resource: string) => new URL(rel, resource).toString() },
  });
  service.configure({
    validate: true,
    schemas: [
      { uri: SCHEMASTORE_DVC_URI, fileMatch: ['dvc.yaml'], priority: SchemaPriority.SchemaStore },
      ...contributed.map((a) => ({ ...a, priority: SchemaPriority.SchemaAssociation })),
    ],
  });
  return (path: string, text: string) =>
    service.doValidation(TextDocument.create(pathToFileURL(path).toString(), 'yaml', ++documentVersion, text), false);
}

// A stage with a typo'd key and a list-valued `frozen`: SchemaStore's schema reports it (with its misleading
// "Missing property matrix"); our language server reports the same mistakes worded as DVC does.
const BAD_DVC_YAML = 'stages:\n  train:\n    cmd: python train.py\n    depz:\n    - data.csv\n    frozen: [1]\n';

test('package.json contributes the shipped permissive schema for dvc.yaml', () => {
  const [association, ...others] = associationsFromManifest();
  assert.equal(others.length, 0);
  assert.deepEqual(association?.fileMatch, ['/dvc.yaml']);
  const schema = JSON.parse(readFileSync(new URL(association!.uri), 'utf8')) as Record<string, unknown>;
  assert.deepEqual(Object.keys(schema).sort(), ['$schema', 'description', 'title'], 'the schema constrains nothing');
});

test('without the contribution, SchemaStore’s dvcyaml schema reports its own diagnostics on dvc.yaml', async () => {
  const diagnostics = await yamlServer(false)('/work/project/dvc.yaml', BAD_DVC_YAML);
  assert.ok(diagnostics.length > 0, 'SchemaStore’s schema flags the stage');
  assert.ok(diagnostics.some((d) => /matrix|depz|frozen/.test(d.message)), diagnostics.map((d) => d.message).join('\n'));
});

test('with the contribution, yaml-language-server validates dvc.yaml against our schema only: no duplicates', async () => {
  const validate = yamlServer(true);
  assert.deepEqual(await validate('/work/project/dvc.yaml', BAD_DVC_YAML), []);
  assert.deepEqual(await validate('/work/project/nested/dir/dvc.yaml', BAD_DVC_YAML), []);
});

test('YAML syntax errors still come from yaml-language-server: only schema checks are replaced', async () => {
  const diagnostics = await yamlServer(true)('/work/project/dvc.yaml', 'stages:\n  train:\n    cmd: "unterminated\n');
  assert.ok(diagnostics.length > 0);
});
