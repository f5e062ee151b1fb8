// DOM helpers for every webview bundle. Data only ever reaches the page as text nodes or attributes, never as HTML,
// so nothing a store or a CSV holds can inject markup or script.
type Child = Node | string | number | null | undefined | false;
type Attributes = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, '').toLowerCase(), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** The nonce the host gave our script tag: styles we add must carry it to pass the CSP. */
export function pageNonce(): string {
  const script = document.querySelector('script[nonce]') as HTMLScriptElement | null;
  return script?.nonce ?? script?.getAttribute('nonce') ?? '';
}

export function injectStyles(css: string): void {
  const style = document.createElement('style');
  style.setAttribute('nonce', pageNonce());
  style.textContent = css;
  document.head.append(style);
}
