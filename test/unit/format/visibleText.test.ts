import assert from 'node:assert/strict';
import { test } from 'node:test';
import { outputTooltip, versionTooltip } from '../../../extension/data/tooltips';
import { markdownText, visible, visibleLines, visibleText } from '../../../core/format/visibleText';
import type { TrackedOutput } from '../../../core/dvc/workspace';

/** Everything a terminal acts on: C0 but line feed and tab, DEL, C1, bidi controls, line separators, BOM. */
const ACTIVE_BUT_LINES = /[\0-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]/;

test('control characters become visible escapes, named where C has a name', () => {
  assert.equal(visibleText('a\x1b[2Jb'), 'a\\x1b[2Jb');
  assert.equal(visibleText('bell\x07 back\b cr\r nl\n tab\t nul\0'), 'bell\\x07 back\\x08 cr\\r nl\\n tab\\t nul\\x00');
  assert.equal(visibleText('del\x7f csi\u009b31m nel\u0085'), 'del\\u007f csi\\u009b31m nel\\u0085');
});

test('bidi overrides, isolates, marks, line separators and BOM become \\u escapes', () => {
  for (const code of [0x061c, 0x200e, 0x200f, 0x2028, 0x2029, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0xfeff]) {
    const char = String.fromCharCode(code);
    assert.equal(visibleText(`x${char}y`), `x\\u${code.toString(16).padStart(4, '0')}y`);
  }
});

test('printable text, including non-Latin scripts and emoji, is unchanged', () => {
  const text = 'accuracy ≥ 0.9 — Ünïcödé 模型 שלום مرحبا 🚀 C:\\Users\\me';
  assert.equal(visibleText(text), text);
  assert.equal(visibleLines(text), text);
});

test('visibleLines keeps the line breaks and tabs of a program’s own output, and nothing else', () => {
  const escaped = visibleLines('a\tb\nc\x1b[31m\rd\u202e');
  assert.equal(escaped, 'a\tb\nc\\x1b[31m\\rd\\u202e');
  assert.doesNotMatch(escaped, ACTIVE_BUT_LINES);
});

test('JSON text passed through visibleLines parses to the same value', () => {
  const value = { name: 'e\x1b[2J\u0085\u009b\u202e\x7f\n\u2066', nested: ['\u200f', 'plain'] };
  const json = JSON.stringify(value, null, 2);
  const shown = visibleLines(json);
  assert.doesNotMatch(shown, ACTIVE_BUT_LINES);
  assert.deepEqual(JSON.parse(shown), value);
});

test('the visible tag escapes interpolated values only', () => {
  const name = 'model\n\x1b[1mfake row';
  assert.equal(visible`${name}  v${3}`, 'model\\n\\x1b[1mfake row  v3');
});

test('markdownText shows Markdown and HTML literally after escaping controls', () => {
  assert.equal(markdownText('**bold** [x](javascript:alert(1)) <img src=x>'), '\\*\\*bold\\*\\* \\[x\\]\\(javascript:alert\\(1\\)\\) \\<img src=x\\>');
  assert.equal(markdownText('a\x1b\u202eb'), 'a\\\\x1b\\\\u202eb');
});

test("the Data view's tooltips escape paths, subjects and authors from the repository", () => {
  const hostile = 'data/ev\x1b[2Jil\u202e**x**\n# forged.csv';
  const output = {
    path: hostile,
    pointer: { kind: 'file', file: `${hostile}.dvc` },
    entry: { md5: 'abc', size: 10, isDir: false },
  } as unknown as TrackedOutput;
  const tip = outputTooltip(output);
  assert.doesNotMatch(tip, ACTIVE_BUT_LINES);
  assert.ok(tip.startsWith('**data/ev\\\\x1b\\[2Jil\\\\u202e\\*\\*x\\*\\*\\\\n\\# forged\\.csv**'), tip);
  const version = { commit: 'c'.repeat(40), date: '2026-01-01', author: 'Mallory\u202e <m@x>', subject: 'fix\r\x1b]0;pwned\x07 <b>', md5: 'abc' };
  const versionTip = versionTooltip(version as never, true);
  assert.doesNotMatch(versionTip, ACTIVE_BUT_LINES);
  assert.match(versionTip, /^fix\\\\r\\\\x1b\\\]0;pwned\\\\x07 \\<b\\>\n\n/);
  assert.match(versionTip, /Mallory\\\\u202e \\<m@x\\>/);
});
