// SVG counterpart of webviews/shared/dom.ts `h()`: elements built with DOM APIs, text only ever as text nodes.
type SvgChild = Node | string | number | null | undefined | false;
type SvgAttributes = Record<string, string | number | undefined | ((event: Event) => void)>;

const SVG_NS = 'http://www.w3.org/2000/svg';

export function s<K extends keyof SVGElementTagNameMap>(tag: K, attributes: SvgAttributes = {}, ...children: SvgChild[]): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, '').toLowerCase(), value);
    else element.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}
