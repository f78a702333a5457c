// UI tests: drive the real workbench (code-server + headless Chromium via playwright-core) with
// the packaged extension installed, the way a person would use it.
//   npm run test:ui           (builds first; see package.json)
// 1. package the extension (`npm run package` → dist/scim-provisioning.vsix); when that fails,
//    fall back to copying the built extension into the server's extensions dir
//    (SCIM_EXTENSION_INSTALL=copy forces the copy);
// 2. run mocha (spec reporter) on test/ui/**/*.test.ts with tsx; the suite's before() hook starts a
//    fresh code-server on a temp copy of test/workspace + examples, and Chromium.
// Screenshots go to test-results/screenshots/. Exit code = mocha's.
// Interrupted (SIGINT/SIGTERM/SIGHUP) at any point, it stops mocha and everything mocha started
// (the suite's own process stops its server, browser and tenant the same way: scripts/lifecycle.mjs).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT, codeServerEntry, extensionInstallOptions, provisionEditor } from './code-server.mjs';
import { installExitHandlers, shutdown, spawnTracked } from './lifecycle.mjs';

const t0 = Date.now();
installExitHandlers({ log: (s) => console.error(`[test-ui] ${s}`) });
try {
  if (!codeServerEntry()) await provisionEditor();
  const install = await extensionInstallOptions({ log: (s) => console.log(s) });
  console.log(`[test-ui] extension install: ${install.vsix ? `VSIX ${path.relative(ROOT, install.vsix)}` : 'copy of the built project'}`);
  mkdirSync(path.join(ROOT, 'test-results', 'screenshots'), { recursive: true });

  const env = { ...process.env, SCIM_UI_VSIX: install.vsix ?? '', SCIM_UI_COPY_FROM: install.extensionCopyFrom ?? '' };
  const mocha = path.join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
  const args = [mocha, '--no-config', '--node-option', 'import=tsx', '--extension', 'ts', '--reporter', 'spec',
    '--timeout', '60000', '--slow', '5000', '--exit', 'test/ui/**/*.test.ts', ...process.argv.slice(2)];
  const child = spawnTracked(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'], name: 'mocha (UI tests)' });
  const overall = setTimeout(() => {
    void shutdown(1, '[test-ui] TIMEOUT: UI tests did not finish within 5 minutes; stopping.');
  }, Number(process.env.SCIM_TEST_TIMEOUT_MS || 5 * 60_000));
  const code = await child.tracked.exited;
  clearTimeout(overall);
  const rc = code === 0 ? 0 : 1;
  console.log(`[test-ui] ${rc === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  await shutdown(rc);
} catch (e) {
  await shutdown(1, e);
}
