// Text from stores, data files and pointers shown where characters act instead of print: a terminal runs ESC and
// C1 sequences, moves the cursor on CR and backspace, rings on BEL, and reorders a line on bidi overrides (the
// "Trojan Source" trick); a newline forges a table row. Every such character is written as a visible escape instead:
// C0 controls as `\n`, `\t`, `\r` or `\x1b`, DEL, C1 controls and invisible format characters as `\u007f`,
// `\u009b`, `\u202e`. The \u form is JSON's own escape, so JSON text passed through stays JSON with the same value.

/** C0 controls, DEL, C1 controls, and Unicode's Bidi_Control, line/paragraph separators and BOM. */
const ACTIVE = /[\0-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g;
/** The same, less the line break and tab that a command's own multi-line output uses. */
const ACTIVE_IN_LINES = /[\0-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeOne(char: string): string {
  const code = char.charCodeAt(0);
  if (code < 0x20) return NAMED[char] ?? `\\x${code.toString(16).padStart(2, '0')}`;
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/** One value (a name, tag, param, cell): every control and bidi character escaped, line breaks included. */
export function visibleText(text: string): string {
  return text.replace(ACTIVE, escapeOne);
}

/** Output a program composed of lines: the same, but its own `\n` and `\t` keep their meaning. */
export function visibleLines(text: string): string {
  return text.replace(ACTIVE_IN_LINES, escapeOne);
}

/** Markdown that shows `text` literally: visible escapes first, then every character Markdown or HTML would act on. */
export function markdownText(text: string): string {
  return visibleText(text).replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, '\\$&');
}

/** Template tag for a line that quotes data: each interpolated value goes through visibleText, the template does not. */
export function visible(template: TemplateStringsArray, ...values: unknown[]): string {
  let text = template[0]!;
  for (let i = 0; i < values.length; i++) text += visibleText(String(values[i])) + template[i + 1]!;
  return text;
}
