// The drift report UI that HTML exports inline: dist/webviews/drift.js, which scripts/build.mjs emits (it is also
// the VS Code panel's bundle). Bundled, the CLI and the extension find it beside themselves in dist/; run from
// source (tests, tsx), core finds the same built file under the repository's dist/. Never built here: core holds no
// build options and imports nothing from webviews/.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DriftInputError } from './tableReaders';

const CANDIDATES = [join(__dirname, 'webviews', 'drift.js'), join(__dirname, '..', '..', 'dist', 'webviews', 'drift.js')];

let cached: string | undefined;

export function loadReportScript(): string {
  if (cached !== undefined) return cached;
  const built = CANDIDATES.find((path) => existsSync(path));
  if (!built) throw new DriftInputError(`the drift report UI is missing (looked for ${CANDIDATES.join(' and ')}); run \`npm run build\` first`);
  cached = readFileSync(built, 'utf8');
  return cached;
}
