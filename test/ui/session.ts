// One workbench per UI suite: a temp copy of test/workspace, code-server with the packaged extension
// (SCIM_UI_VSIX / SCIM_UI_COPY_FROM from scripts/test-ui.mjs) and Chromium, registered as the suite's
// mocha hooks: started in before(), a screenshot of a failed test in afterEach(), everything stopped in
// after() and on SIGINT/SIGTERM.
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
  const onSignal = () => { void cleanup().finally(() => process.exit(130)); };

  before(async function () {
    this.timeout(120_000);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const { launchChromium, makeWorkspace, startCodeServer } = await import('../../scripts/code-server.mjs');
    session.workspace = makeWorkspace({ prefix });
    prepared = await prepare?.(session.workspace);
    server = await startCodeServer({
      folder: session.workspace,
      quiet: process.env.SCIM_TEST_VERBOSE !== '1',
      vsix: process.env.SCIM_UI_VSIX || undefined,
      extensionCopyFrom: process.env.SCIM_UI_VSIX ? undefined : (process.env.SCIM_UI_COPY_FROM || undefined),
    });
    browser = await launchChromium();
    session.wb = new Workbench(browser.page);
    await session.wb.open(server.url, session.workspace);
  });

  after(async () => {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await cleanup();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && browser) {
      await session.wb.screenshot(`failed-${this.currentTest.title.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}.png`).catch(() => undefined);
    }
  });

  return session;
}
