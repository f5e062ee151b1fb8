// Any value a span recorded as collapsible JSON. Objects and lists are <details> whose children are built the first
// time they open, so a megabyte of inputs costs nothing until someone looks; long strings show their start and a
// "show all". Every value reaches the page as text.
import { h } from '../shared/dom';

const LONG_STRING = 2_000;

/** `open` levels start expanded (1: the top object's keys are visible). */
export function jsonView(value: unknown, open = 1): HTMLElement {
  return h('div', { class: 'json' }, node(value, open));
}

function node(value: unknown, open: number): Node {
  if (value === null || typeof value !== 'object') return scalar(value);
  const entries: Array<[string, unknown]> = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  const summary = Array.isArray(value) ? `[${entries.length} item${entries.length === 1 ? '' : 's'}]` : `{${entries.length} key${entries.length === 1 ? '' : 's'}}`;
  if (entries.length === 0) return h('span', { class: 'json-empty' }, Array.isArray(value) ? '[]' : '{}');
  const details = h('details', { class: 'json-node' }, h('summary', {}, summary));
  let built = false;
  const build = () => {
    if (built) return;
    built = true;
    details.append(h('div', { class: 'json-children' }, ...entries.map(([key, child]) => h('div', { class: 'json-entry' }, h('span', { class: 'json-key' }, key), ': ', node(child, open - 1)))));
  };
  details.addEventListener('toggle', build);
  if (open > 0) {
    build();
    details.open = true;
  }
  return details;
}

function scalar(value: unknown): HTMLElement {
  if (typeof value === 'string') return stringValue(value);
  const kind = value === null || value === undefined ? 'null' : typeof value;
  return h('span', { class: `json-${kind}` }, value === undefined ? 'undefined' : JSON.stringify(value));
}

function stringValue(text: string): HTMLElement {
  if (text.length <= LONG_STRING) return h('span', { class: 'json-string' }, JSON.stringify(text));
  const shown = h('span', { class: 'json-string' }, `${JSON.stringify(text.slice(0, LONG_STRING)).slice(0, -1)}…`);
  const more = h('button', { type: 'button', class: 'link' }, `show all ${text.length.toLocaleString('en-US')} characters`);
  more.addEventListener('click', () => {
    shown.textContent = JSON.stringify(text);
    more.remove();
  });
  return h('span', {}, shown, ' ', more);
}
