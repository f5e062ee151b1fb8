// The CLI's version: the bundle's __VERSION__ (scripts/build-cli-package.mjs defines it from package.json), else the
// extension's. `mlops ci init` pins the workflow's `npx` to it.
declare const __VERSION__: string | undefined;
export const CLI_VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.1.0';
