// scripts/build.mjs loads .css imports as text (esbuild loader 'text'); the UI injects them with a nonce.
declare module '*.css' {
  const text: string;
  export default text;
}
