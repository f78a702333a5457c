#!/usr/bin/env node
// Stand-in for the VS Code executable that @vscode/test-electron's runTests() launches.
// Takes the same arguments VS Code would get:
//   --extensionDevelopmentPath=DIR --extensionTestsPath=FILE [--disable-workspace-trust] [FOLDER] …
// and runs the suite inside a real VS Code workbench: a fresh code-server (VS Code 1.100 in a
// browser) + headless Chromium, with the dev extension and the test runner passed through the
// workbench's `payload` URL parameter (what VS Code's own smoke-test driver uses). The extension
// host reports through codeAutomationLog (printed here) and codeAutomationExit (our exit code).
// Everything it starts is stopped on exit, on SIGINT/SIGTERM/SIGHUP, when the server or the browser
// dies, and after SCIM_TEST_TIMEOUT_MS, at any moment of start-up (scripts/lifecycle.mjs).
import path from 'node:path';
import { URLSearchParams } from 'node:url';
import { format } from 'node:util';
import { startCodeServer, launchChromium, remoteUri } from './code-server.mjs';
import { installExitHandlers, shutdown } from './lifecycle.mjs';

/** Printed by test/editor/index.ts when mocha starts; everything before it is workbench noise. */
const SUITE_START_MARKER = '[scim-editor-tests] start';
const TIMEOUT_MS = Number(process.env.SCIM_TEST_TIMEOUT_MS || 5 * 60_000);
const t0 = Date.now();
const say = (s) => process.stderr.write(`[launcher] ${s}\n`);

function parseArgs(argv) {
  const out = { devPaths: [], testsPath: undefined, folder: undefined, trust: false };
  let trustFlag = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
    if (!m) { out.folder ??= path.resolve(a); continue; }
    const [, name, value] = m;
    const val = () => value ?? argv[++i];
    if (name === 'extensionDevelopmentPath') out.devPaths.push(path.resolve(val()));
    else if (name === 'extensionTestsPath') out.testsPath = path.resolve(val());
    else if (name === 'disable-workspace-trust') trustFlag = true;
    else if (['user-data-dir', 'extensions-dir', 'folder-uri', 'file-uri', 'locale', 'log'].includes(name) && value === undefined) i++;
    // everything else (--no-sandbox, --disable-updates, --skip-welcome, …) is desktop-only: ignored
  }
  // runTests always passes --disable-workspace-trust; SCIM_TEST_WORKSPACE_TRUST=1 turns trust back on
  out.trust = process.env.SCIM_TEST_WORKSPACE_TRUST === '1' || !trustFlag;
  return out;
}

const opts = parseArgs(process.argv.slice(2));
if (!opts.testsPath || opts.devPaths.length === 0) {
  say('usage: vscode-launcher.mjs --extensionDevelopmentPath=DIR --extensionTestsPath=FILE [FOLDER]');
  process.exit(2);
}

function finish(code, why) {
  return shutdown(code, why);
}
process.on('exit', (code) => say(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s, exit ${code}`));
installExitHandlers({
  log: say,
  onUnexpectedExit: (entry, code) => void finish(1, `${entry.name} exited unexpectedly (${code})${entry.detail ? `:\n${entry.detail()}` : ''}`),
});
setTimeout(() => {
  void finish(1, `TIMEOUT: the test run did not finish within ${TIMEOUT_MS / 1000} s ` +
    '(set SCIM_TEST_TIMEOUT_MS to change); stopping code-server and Chromium.');
}, TIMEOUT_MS);

try {
  // start the server and the browser in parallel (both take seconds on a busy 2-core machine)
  const launching = launchChromium();
  launching.catch(() => undefined); // awaited below; a failure there is reported once
  const server = await startCodeServer({
    folder: opts.folder,
    workspaceTrust: opts.trust,
    quiet: process.env.SCIM_TEST_VERBOSE !== '1',
  });
  say(`code-server ${server.url} ready after ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const { page } = await launching;
  // Workbench (renderer) messages also arrive here, before the suite starts: keep them out of the
  // test output unless SCIM_TEST_VERBOSE=1, but dump them if the run fails before the suite began.
  let suiteStarted = false;
  const early = [];
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const list = Array.isArray(args) ? args : [args];
    const text = format(...list);
    if (!suiteStarted && text.includes(SUITE_START_MARKER)) { suiteStarted = true; return; }
    const stream = type === 'error' ? process.stderr : process.stdout;
    if (suiteStarted) stream.write(text + '\n');
    else if (process.env.SCIM_TEST_VERBOSE === '1') process.stderr.write(`[workbench ${type} +${((Date.now() - t0) / 1000).toFixed(1)}s] ${text}\n`);
    else { early.push(`[workbench ${type}] ${text}`); if (early.length > 200) early.shift(); }
  });
  await page.exposeFunction('codeAutomationExit', (code) => {
    if (!suiteStarted && early.length) process.stderr.write(early.join('\n') + '\n');
    void finish(typeof code === 'number' ? code : 1);
  });
  page.on('pageerror', (e) => { if (process.env.SCIM_TEST_VERBOSE === '1') say(`page error: ${e.message}`); });
  page.on('crash', () => void finish(1, 'Chromium page crashed'));

  const payload = [
    ...opts.devPaths.map((p) => ['extensionDevelopmentPath', remoteUri(server.port, p)]),
    ['extensionTestsPath', remoteUri(server.port, opts.testsPath)],
  ];
  const q = new URLSearchParams();
  if (opts.folder) q.set('folder', opts.folder);
  q.set('payload', JSON.stringify(payload));
  const url = `${server.url}/?${q}`;
  if (process.env.SCIM_TEST_VERBOSE === '1') say(`opening ${url}`);
  await page.goto(url, { waitUntil: 'domcontentloaded' });
} catch (e) {
  await finish(1, `launcher failed: ${e?.stack ?? e}`);
}
