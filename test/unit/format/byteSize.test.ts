import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatByteSize } from '../../../core/format/byteSize';

test('byte sizes use binary units with one decimal, plain bytes below 1 KB', () => {
  assert.equal(formatByteSize(0), '0 B');
  assert.equal(formatByteSize(1023), '1023 B');
  assert.equal(formatByteSize(1024), '1.0 KB');
  assert.equal(formatByteSize(329104), '321.4 KB');
  assert.equal(formatByteSize(5 * 1024 ** 3), '5.0 GB');
  assert.equal(formatByteSize(3 * 1024 ** 5), '3072.0 TB');
});
