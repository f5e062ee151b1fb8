// The registry's input rules against the cases MLflow 3.11's own tests and code pin down (mlflow/utils/validation.py,
// mlflow/store/model_registry/file_store.py): same accepted set, same messages.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RegistryError } from '../../../core/registry/registry';
import {
  pythonNormpath,
  validateAlias,
  validateAliasNotReserved,
  validateFileStoreModelName,
  validateModelName,
  validateVersion,
  validateVersionTag,
} from '../../../core/registry/validation';

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof RegistryError);
    assert.equal(error.code, 'INVALID_PARAMETER_VALUE');
    return error.message;
  }
  assert.fail('expected the input to be refused');
}

test('model names: MLflow refuses empty, "/", ":" and names that resolve to another path', () => {
  for (const name of ['fraud-detection', 'Fraud Detection v2', 'a.b', 'a..b', 'модель', 'x\\y', 'a%b']) validateModelName(name);
  assert.equal(refusal(() => validateModelName('')), "Missing value for required parameter 'name'.");
  assert.equal(refusal(() => validateModelName('   ')), "Missing value for required parameter 'name'.");
  assert.equal(refusal(() => validateModelName('team/model')), "Invalid model name 'team/model'. Names cannot contain '/' or ':'.");
  assert.equal(refusal(() => validateModelName('prod:model')), "Invalid model name 'prod:model'. Names cannot contain '/' or ':'.");
  assert.equal(
    refusal(() => validateModelName('..')),
    `Invalid value ".." for parameter 'name' supplied: Names may be treated as files in certain cases, and must not resolve to other names when treated as such. This name would resolve to '..'`,
  );
  assert.match(refusal(() => validateModelName('.')), /would resolve to '\.'$/);
  // norm.startswith("..") also catches names that merely begin with two dots.
  assert.match(refusal(() => validateModelName('..hidden')), /^Invalid value "\.\.hidden" for parameter 'name'/);
  assert.match(refusal(() => validateModelName('..é')), /^Invalid value "\.\.\\u00e9"/);
});

test('FileStore model names also refuse the OS path separator and "%"', () => {
  assert.equal(refusal(() => validateFileStoreModelName('a%2Fb')), "Invalid name: 'a%2Fb'. Registered model name cannot contain '%' character");
  assert.match(refusal(() => validateFileStoreModelName('..')), /would resolve to '\.\.'/);
  if (process.platform === 'win32') assert.match(refusal(() => validateFileStoreModelName('a\\b')), /path separator/);
  else validateFileStoreModelName('a\\b');
});

test('aliases: characters and length on every use, reserved names only when setting', () => {
  for (const alias of ['champion', 'challenger-2', 'Ünïcode_ok', 'latest', 'v3']) validateAlias(alias);
  assert.equal(refusal(() => validateAlias('')), 'Registered model alias name cannot be empty.');
  assert.equal(refusal(() => validateAlias('../x')), "Invalid alias name: '../x'. Names may only contain alphanumerics, underscores (_), and dashes (-).");
  assert.match(refusal(() => validateAlias('a.b')), /Invalid alias name/);
  assert.equal(refusal(() => validateAlias('a'.repeat(256))), "'Registered model alias name' exceeds the maximum length of 255 characters");
  validateAlias('ü'.repeat(255));
  assert.equal(refusal(() => validateAliasNotReserved('Latest')), "'latest' alias name (case insensitive) is reserved.");
  assert.equal(refusal(() => validateAliasNotReserved('V12')), "Version alias name 'V12' is reserved.");
  validateAliasNotReserved('v1x');
});

test("versions: what Python's int() accepts, as a canonical number", () => {
  assert.equal(validateVersion('3'), '3');
  assert.equal(validateVersion(' 007 '), '7');
  assert.equal(validateVersion('1_000'), '1000');
  assert.equal(validateVersion('-1'), '-1');
  for (const bad of ['', 'x', '1.0', '1__0', '_1', '../1']) assert.equal(refusal(() => validateVersion(bad)), `Parameter 'version' must be an integer, got '${bad}'.`);
});

test('version tag keys may nest with "/" but never climb out of the tags folder', () => {
  validateVersionTag('mlops.promoted_by', 'ana');
  validateVersionTag('team/owner', 'x');
  assert.match(refusal(() => validateVersionTag('../escape', 'x')), /^Invalid value "\.\.\/escape" for parameter 'key' supplied: .*resolve to '\.\.\/escape'$/);
  assert.match(refusal(() => validateVersionTag('a/../b', 'x')), /resolve to 'b'$/);
  assert.match(refusal(() => validateVersionTag('/abs', 'x')), /resolve to '\/abs'$/);
  assert.match(refusal(() => validateVersionTag('', 'x')), /resolve to '\.'$/);
  assert.match(refusal(() => validateVersionTag('bad*key', 'x')), /Names may only contain alphanumerics/);
  assert.equal(refusal(() => validateVersionTag('k'.repeat(251), 'x')), "'key' exceeds the maximum length of 250 characters");
});

test("posixpath.normpath's rules, which differ from Node's path.posix.normalize", () => {
  assert.equal(pythonNormpath(''), '.');
  assert.equal(pythonNormpath('a/'), 'a');
  assert.equal(pythonNormpath('//a'), '//a');
  assert.equal(pythonNormpath('///a/../b'), '/b');
  assert.equal(pythonNormpath('../../a'), '../../a');
  assert.equal(pythonNormpath('/..'), '/');
  assert.equal(pythonNormpath('a/./b/..'), 'a');
});
