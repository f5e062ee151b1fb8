import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isInside, PathEscapeError, resolveInside, tryResolveInside } from '../../../core/paths/containment';

const project = mkdtempSync(join(tmpdir(), 'mlops-containment-'));
mkdirSync(join(project, 'data'));
symlinkSync(tmpdir(), join(project, 'escape-link'));
symlinkSync(join(project, 'data'), join(project, 'inner-link'));

test('relative paths inside the project resolve to absolute paths', () => {
  assert.equal(resolveInside(project, project, 'data/train.csv'), join(project, 'data', 'train.csv'));
  assert.equal(resolveInside(project, join(project, 'data'), '../model.pkl'), join(project, 'model.pkl'));
  assert.equal(resolveInside(project, project, '.'), project);
});

test('../ and absolute paths that leave the project are refused, naming the source file', () => {
  assert.throws(() => resolveInside(project, project, '../../escaped.txt', 'data.dvc'), (error: unknown) => {
    assert.ok(error instanceof PathEscapeError);
    assert.match(error.message, /^data\.dvc: '\.\.\/\.\.\/escaped\.txt' is outside the project/);
    return true;
  });
  assert.throws(() => resolveInside(project, project, '/etc/passwd'), PathEscapeError);
  assert.throws(() => resolveInside(project, join(project, 'data'), '../../x'), PathEscapeError);
  assert.equal(tryResolveInside(project, project, '../x'), undefined);
});

test('a symlink inside the project that points outside does not carry a path out; one that stays inside does', () => {
  assert.throws(() => resolveInside(project, project, 'escape-link/victim.txt'), PathEscapeError);
  assert.equal(resolveInside(project, project, 'inner-link/new/file.csv'), join(project, 'inner-link', 'new', 'file.csv'));
});

test('isInside compares whole path segments', () => {
  assert.equal(isInside('/a/b', '/a/b'), true);
  assert.equal(isInside('/a/b', '/a/b/c'), true);
  assert.equal(isInside('/a/b', '/a/bc'), false);
  assert.equal(isInside('/a/b', '/a'), false);
});
