// The shape every UI test file shares: one isolated code-server with the freshly packaged extension and one
// browser, started before the file's tests and stopped after them.
import { after, before } from 'node:test';
import { type CodeServer, type CodeServerOptions, startCodeServer } from './codeServer';
import { packagedVsix } from './paths';
import { launchWorkbench, type Workbench } from './workbench';

export interface UiSession {
  readonly server: CodeServer;
  readonly workbench: Workbench;
}

export interface UiSessionOptions extends CodeServerOptions {
  /** Runs once both are up, before the first test (a test file's own before() hooks are not ordered after ours). */
  ready?: (session: UiSession) => Promise<void>;
  cleanup?: () => void;
}

export function uiSession(options: UiSessionOptions = {}): UiSession {
  const { cleanup, ready, ...serverOptions } = options;
  let server: CodeServer | undefined;
  let workbench: Workbench | undefined;
  before(async () => {
    server = await startCodeServer({ vsix: packagedVsix(), ...serverOptions });
    workbench = await launchWorkbench();
    await ready?.(session);
  });
  after(async () => {
    await workbench?.close();
    await server?.stop();
    cleanup?.();
  });
  const session: UiSession = {
    get server() {
      if (!server) throw new Error('code-server is not started yet: use the session inside a test');
      return server;
    },
    get workbench() {
      if (!workbench) throw new Error('the browser is not started yet: use the session inside a test');
      return workbench;
    },
  };
  return session;
}
