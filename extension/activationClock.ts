// Imported first by extension.ts, so this line runs before any other module of the bundle is evaluated: the
// activation time we log covers loading our code, not only the activate() call.
export const bundleLoadStart = performance.now();
