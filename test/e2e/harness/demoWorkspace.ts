import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemoWorkspace } from '../../../core/demo/generate';

/** A fresh demo workspace in a temp folder; the returned function removes it. */
export function freshDemoWorkspace(): { folder: string; remove(): void } {
  const parent = mkdtempSync(join(tmpdir(), 'mlops-demo-'));
  const folder = join(parent, 'demo');
  generateDemoWorkspace(folder);
  return { folder, remove: () => rmSync(parent, { recursive: true, force: true }) };
}
