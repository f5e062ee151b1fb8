// A program's console output as plain lines for an editor: what a terminal would have left on screen, without the
// escape sequences it acted on. Colour and cursor codes (ECMA-48 CSI, OSC titles and links, two-byte ESC
// sequences) are dropped; a carriage return inside a line is a progress bar redrawing itself (tqdm, Keras), so only
// the last redraw is kept; whatever control character remains is written as a visible escape (visibleText.ts).
import { visibleLines } from './visibleText';

/** CSI (ESC [ or the C1 byte 0x9b) params, intermediates, final byte; OSC up to BEL or ST; other ESC + one byte. */
const ESCAPE_SEQUENCE = /(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[ -/]*[0-~]/g;

export function terminalText(text: string): string {
  const lines = text.replace(ESCAPE_SEQUENCE, '').replace(/\r+\n/g, '\n').split('\n');
  return visibleLines(lines.map(lastRedraw).join('\n'));
}

/** The text after a line's last carriage return that still shows something (a trailing `\r` redraws nothing). */
function lastRedraw(line: string): string {
  if (!line.includes('\r')) return line;
  const redraws = line.split('\r').filter((part) => part.length > 0);
  return redraws.at(-1) ?? '';
}
