// `mlops ci init` and MLOps: Add CI Workflow share this: plan the workflow for a folder (what it would write and
// what is there now), then write it — never over a different file unless forced.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../registry/atomicWrite';
import { renderGithubWorkflow, WORKFLOW_PATH } from './githubWorkflow';
import { scanWorkspace, type WorkspaceScan } from './workspaceScan';

export const CI_PROVIDERS = ['github'] as const;
export type CiProvider = (typeof CI_PROVIDERS)[number];

export interface CiPlan {
  provider: CiProvider;
  /** Absolute path of the workflow file. */
  path: string;
  /** Relative to the folder, '/' separated. */
  relativePath: string;
  content: string;
  /** The file's text now; undefined when it does not exist. */
  existing: string | undefined;
  scan: WorkspaceScan;
}

export type CiWriteOutcome = 'written' | 'unchanged';

export class CiWorkflowExistsError extends Error {
  override name = 'CiWorkflowExistsError';
  constructor(readonly path: string) {
    super(`${path} already exists and differs from the workflow this workspace gets. Review it, then re-run with --force to replace it (or move it aside).`);
  }
}

export function planCiWorkflow(folder: string, cliVersion: string, provider: CiProvider = 'github'): CiPlan {
  const scan = scanWorkspace(folder);
  const path = join(folder, WORKFLOW_PATH);
  return {
    provider,
    path,
    relativePath: WORKFLOW_PATH,
    content: renderGithubWorkflow(scan, { cliVersion }),
    existing: existsSync(path) ? readFileSync(path, 'utf8') : undefined,
    scan,
  };
}

export function writeCiWorkflow(plan: CiPlan, force: boolean): CiWriteOutcome {
  if (plan.existing === plan.content) return 'unchanged';
  if (plan.existing !== undefined && !force) throw new CiWorkflowExistsError(plan.path);
  mkdirSync(dirname(plan.path), { recursive: true });
  writeFileAtomic(plan.path, plan.content);
  return 'written';
}
