// Editor tests: mocha (bdd) inside a real VS Code extension host, against the real extension.
//   npm run test:editor            (builds first; see package.json)
// Uses @vscode/test-electron's runTests(). On this kind of machine (VS Code not downloadable)
// the "VS Code executable" is scripts/vscode-launcher.mjs, which runs the suite in code-server +
// headless Chromium. On a desktop with network: SCIM_TEST_VSCODE=download uses runTests' normal
// download of VS Code (SCIM_TEST_VSCODE_VERSION picks the version, default 'stable').
// The workspace is a fresh temp copy of test/workspace/ + examples/, so the repo never changes.
// Env: SCIM_TEST_GREP=<regex> runs only matching tests; SCIM_TEST_TIMEOUT_MS (default 300000).
// A second session runs the 'untrusted workspace' suite with workspace trust enabled.
// Interrupted (SIGINT/SIGTERM/SIGHUP) or failing at any point, it stops the launcher, the editor,
// the browser and the tenant, and removes the workspace (scripts/lifecycle.mjs).
import { runTests } from '@vscode/test-electron';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT, codeServerEntry, makeWorkspace, provisionEditor, startTenant } from './code-server.mjs';
import { installExitHandlers, removeTempDir } from './lifecycle.mjs';

installExitHandlers({ log: (s) => console.error(`[test-editor] ${s}`) });
const t0 = Date.now();
const testsPath = path.join(ROOT, 'out', 'test', 'editor', 'index.js');
if (!existsSync(testsPath)) {
  console.error(`[test-editor] ${path.relative(ROOT, testsPath)} is missing: run \`npm run build\` first`);
  process.exit(1);
}

const mode = process.env.SCIM_TEST_VSCODE === 'download' ? 'download' : 'code-server';
const workspace = makeWorkspace({ prefix: 'scim-editor-ws-' });
let code = 1;
let tenant;
try {
  // A real SCIM tenant (scimmy) on 127.0.0.1 for the credential and users-tree tests.
  tenant = await startTenant({ users: 30 });
  const options = {
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: testsPath,
    extensionTestsEnv: { SCIM_TEST_WORKSPACE: workspace, SCIM_TEST_TENANT_URL: tenant.baseUrl, SCIM_TEST_TENANT_TOKEN: tenant.token },
    launchArgs: [workspace, '--disable-extensions'],
  };
  if (mode === 'download') {
    options.version = process.env.SCIM_TEST_VSCODE_VERSION || 'stable';
  } else {
    if (!codeServerEntry()) await provisionEditor();
    options.vscodeExecutablePath = path.join(ROOT, 'scripts', 'vscode-launcher.mjs');
  }
  console.log(`[test-editor] running in ${mode === 'download' ? 'a downloaded VS Code' : 'code-server + Chromium'}; workspace ${workspace}`);
  const grep = process.env.SCIM_TEST_GREP ?? '';
  code = /untrusted/i.test(grep) ? 0 : await runTests(options);
  // Second session with workspace trust on (the test folder is then untrusted): validation works,
  // nothing touches the network. code-server only: runTests always disables trust on the desktop.
  if (code === 0 && mode === 'code-server' && (!grep || /untrusted/i.test(grep))) {
    console.log('[test-editor] second session: workspace trust enabled, folder untrusted');
    code = await runTests({ ...options, extensionTestsEnv: { ...options.extensionTestsEnv, SCIM_TEST_WORKSPACE_TRUST: '1', SCIM_TEST_GREP: 'untrusted workspace' } });
  }
} catch (e) {
  console.error(`[test-editor] FAILED: ${e?.message ?? e}`);
  code = typeof e?.code === 'number' && e.code !== 0 ? e.code : 1;
} finally {
  await tenant?.stop();
  removeTempDir(workspace);
}
console.log(`[test-editor] ${code === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
process.exit(code);
