// scripts/build.mjs loads `.css` imports as text (esbuild's text loader); injectStyles() puts them on the page.
declare module '*.css' {
  const text: string;
  export default text;
}
