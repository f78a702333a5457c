// One workbench per UI suite: a temp copy of test/workspace, code-server with the packaged extension
// (SCIM_UI_VSIX / SCIM_UI_COPY_FROM from scripts/test-ui.mjs) and Chromium, registered as the suite's
// mocha hooks: started in before(), a screenshot of a failed test in afterEach(), everything stopped in
// after() and, through scripts/lifecycle.mjs, on SIGINT/SIGTERM/SIGHUP.
import { rmSync } from 'node:fs';
import type { CodeServer, launchChromium } from '../../scripts/code-server.mjs' with { 'resolution-mode': 'import' };
import { Workbench } from './workbench';

export interface WorkbenchSession {
  /** The workspace folder (a temp copy). */
  workspace: string;
  wb: Workbench;
}

/**
 * Call inside `describe`. `prepare` runs on the new workspace before the editor starts (write files,
 * start a tenant) and may return its own cleanup. The returned object is filled in by before().
 */
export function workbenchSession(prefix: string, prepare?: (workspace: string) => Promise<(() => Promise<void>) | void> | void): WorkbenchSession {
  const session = { workspace: '', wb: undefined as unknown as Workbench };
  let server: CodeServer | undefined;
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  let prepared: (() => Promise<void>) | void;
  const cleanup = async () => {
    await browser?.close();
    await server?.stop();
    await prepared?.();
    if (session.workspace) rmSync(session.workspace, { recursive: true, force: true, maxRetries: 3 });
  };

  before(async function () {
    this.timeout(120_000);
    // Interrupted at any point (SIGINT/SIGTERM/SIGHUP), this process stops what it started
    // (server, browser, tenant, temp folders) before it exits.
    const { installExitHandlers } = await import('../../scripts/lifecycle.mjs');
    installExitHandlers({ log: (s) => console.error(`[ui] ${s}`) });
    const { launchChromium, makeWorkspace, startCodeServer } = await import('../../scripts/code-server.mjs');
    session.workspace = makeWorkspace({ prefix });
    prepared = await prepare?.(session.workspace);
    server = await startCodeServer({
      folder: session.workspace,
      quiet: process.env.SCIM_TEST_VERBOSE !== '1',
      vsix: process.env.SCIM_UI_VSIX || undefined,
      extensionCopyFrom: process.env.SCIM_UI_VSIX ? undefined : (process.env.SCIM_UI_COPY_FROM || undefined),
    });
    console.log(`[ui] code-server ready at ${server.url} (pid ${server.pid})`);
    browser = await launchChromium();
    session.wb = new Workbench(browser.page);
    await session.wb.open(server.url, session.workspace);
  });

  after(async () => {
    await cleanup();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && browser) {
      await session.wb.screenshot(`failed-${this.currentTest.title.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}.png`).catch(() => undefined);
    }
  });

  return session;
}
