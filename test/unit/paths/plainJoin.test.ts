// The short-way path helpers must agree with node:path on every input, plain or not.
import assert from 'node:assert/strict';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { joinUnder, relativeTo } from '../../../core/paths/plainJoin';

const segment = fc.constantFrom('data', 'raw', 'a.csv', '.', '..', '', '.dvc', '...', 'x..y', 'sp ace', 'back\\slash');
const relativePath = fc.array(segment, { minLength: 1, maxLength: 5 }).map((parts) => parts.join('/'));
const folder = fc.array(fc.constantFrom('w', 'data', 'raw', 'p.q'), { maxLength: 4 }).map((parts) => `/${parts.join('/')}`);

test('joinUnder gives what path.join gives', () => {
  fc.assert(
    fc.property(folder, relativePath, (base, rel) => {
      assert.equal(joinUnder(base, rel), join(base, rel));
    }),
    { numRuns: 2000 },
  );
});

test('relativeTo gives what path.relative gives', () => {
  fc.assert(
    fc.property(folder, folder, (from, to) => {
      assert.equal(relativeTo(from, to), relative(from, to));
    }),
    { numRuns: 2000 },
  );
  assert.equal(relativeTo('/w/data', '/w/database'), '../database');
  assert.equal(relativeTo('/', '/w/a'), 'w/a');
});
