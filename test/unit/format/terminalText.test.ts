// Console output as an editor shows it: colour and cursor codes gone, a progress bar's redraws collapsed to the last
// one, every other control character visible; the text itself untouched.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { terminalText } from '../../../core/format/terminalText';

test('SGR colours, cursor moves, OSC titles and hyperlinks are dropped; the text stays', () => {
  assert.equal(terminalText('\x1b[32mINFO\x1b[0m epoch 1 \x1b[1;31mERROR\x1b[m'), 'INFO epoch 1 ERROR');
  assert.equal(terminalText('a\x1b[2K\x1b[1Gb\x1b[?25l'), 'ab');
  assert.equal(terminalText('\x1b]0;title\x07run \x1b]8;;https://wandb.ai\x1b\\link\x1b]8;;\x1b\\'), 'run link');
  assert.equal(terminalText('x\x9b31my'), 'xy', 'the one-byte C1 CSI too');
  assert.equal(terminalText('\x1b(Bplain'), 'plain');
});

test("a progress bar's carriage-return redraws keep only the last; CRLF is a line break", () => {
  assert.equal(terminalText(' 10%|█  | 1/10\r 50%|█████  | 5/10\r100%|██████████| 10/10\nnext'), '100%|██████████| 10/10\nnext');
  assert.equal(terminalText('done\r\nnext\r\n'), 'done\nnext\n');
  assert.equal(terminalText('kept\r'), 'kept', 'a trailing return redraws nothing');
});

test('other controls and bidi overrides are visible escapes; tabs and line breaks stay', () => {
  assert.equal(terminalText('bell\x07 back\b\tend\u202e'), 'bell\\x07 back\\x08\tend\\u202e');
  assert.equal(terminalText('a lone \x1b'), 'a lone \\x1b');
});
