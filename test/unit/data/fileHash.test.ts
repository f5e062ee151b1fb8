import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { hashFile, isTextBlock } from '../../../core/data/fileHash';

const dir = mkdtempSync(join(tmpdir(), 'mlops-hash-'));
const md5 = (bytes: Buffer | string) => createHash('md5').update(bytes).digest('hex');

describe('DVC file hashes', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('DVC 3 hashes the bytes; DVC 2 turns CRLF into LF only in text files', () => {
    const path = join(dir, 'rows.csv');
    writeFileSync(path, 'a,b\r\n1,2\r\n');
    assert.equal(hashFile(path, 'md5'), md5('a,b\r\n1,2\r\n'));
    assert.equal(hashFile(path, 'md5-dos2unix'), md5('a,b\n1,2\n'));
    const binary = Buffer.from([0x00, 0x0d, 0x0a, 0xff]);
    writeFileSync(join(dir, 'bin'), binary);
    assert.equal(hashFile(join(dir, 'bin'), 'md5-dos2unix'), md5(binary));
  });

  it('judges text by the first 512 bytes: no NUL and at most 30% non-text bytes (dvc/istextfile.py)', () => {
    assert.equal(isTextBlock(Buffer.alloc(0)), true);
    assert.equal(isTextBlock(Buffer.from('plain\ttext\r\n')), true);
    assert.equal(isTextBlock(Buffer.from([65, 66, 67, 0])), false);
    assert.equal(isTextBlock(Buffer.from([65, 66, 67, 200, 201, 202, 203, 204, 205, 206])), false);
    assert.equal(isTextBlock(Buffer.from([65, 66, 67, 68, 69, 70, 71, 200, 201, 202])), true);
    // Text in the first 512 bytes decides for the whole file, even if binary follows.
    const path = join(dir, 'mixed');
    const content = Buffer.concat([Buffer.from('x'.repeat(600)), Buffer.from([0, 13, 10])]);
    writeFileSync(path, content);
    assert.equal(hashFile(path, 'md5-dos2unix'), md5(Buffer.concat([Buffer.from('x'.repeat(600)), Buffer.from([0, 10])])));
  });

  it('applies dos2unix per 1 MiB read, as DVC 2 did: a CRLF split by the chunk boundary is kept', () => {
    const path = join(dir, 'big.txt');
    const head = 'y'.repeat((1 << 20) - 1);
    writeFileSync(path, `${head}\r\nz\r\n`);
    assert.equal(hashFile(path, 'md5-dos2unix'), md5(`${head}\r\nz\n`));
  });
});
