// esbuild options shared by scripts/build.mjs and scripts/build-cli-package.mjs: the webview bundles (the drift UI
// is also what the CLI's HTML reports inline, so both builds emit it the same way).
export function browserBundle(entry, outfile, format = 'iife') {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'browser',
    format,
    target: 'es2022',
    minify: true,
    loader: { '.css': 'text' },
    logLevel: 'warning',
  };
}
