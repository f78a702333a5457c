// Shared helper for the editor tests, the UI tests and `npm start`:
//   - start a fresh code-server (VS Code in a browser) on 127.0.0.1, everything it writes kept
//     in a temp folder (user data, extensions, config, XDG_* dirs), wait for /healthz by polling;
//   - install the extension into it (VSIX via --install-extension, or a copy of the project);
//   - launch Debian's Chromium through playwright-core;
//   - stop all of it cleanly. Every process is registered with scripts/lifecycle.mjs the moment it
//     is spawned (in its own process group), every temp folder the moment it is made, so a script
//     that is interrupted at any point of start-up leaves nothing behind.
// No fixed sleeps: readiness is an HTTP poll of /healthz, exit is the child's 'exit' event.
import { existsSync, mkdirSync, rmSync, writeFileSync, cpSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isShuttingDown, onShutdown, removeTempDir, runCapture, runStep, spawnTracked, stopTracked, tempDir } from './lifecycle.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CODE_SERVER_VERSION = process.env.CODE_SERVER_VERSION || '4.100.3';
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const EXTENSION_ID = 'scim-provisioning-tools.scim-provisioning';

/** Path of code-server's entry (run it with `node`), or undefined when not provisioned. */
export function codeServerEntry() {
  const dir = path.join(ROOT, '.cache', `code-server-${CODE_SERVER_VERSION}`);
  const entry = path.join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  return existsSync(path.join(dir, '.complete')) && existsSync(entry) ? entry : undefined;
}

/** Runs scripts/provision-editor.sh (idempotent, fast when everything is there). */
export async function provisionEditor() {
  await runStep('bash', [path.join(ROOT, 'scripts', 'provision-editor.sh')], { what: 'scripts/provision-editor.sh' });
  const entry = codeServerEntry();
  if (!entry) throw new Error('code-server is not provisioned (run: bash scripts/provision-editor.sh)');
  return entry;
}

/** A free TCP port on 127.0.0.1 (or `preferred` when it is free). */
export async function freePort(preferred = 0) {
  const tryPort = (p) => new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(undefined));
    srv.listen(p, '127.0.0.1', () => { const port = srv.address().port; srv.close(() => resolve(port)); });
  });
  if (preferred) {
    const p = await tryPort(preferred);
    if (p) return p;
  }
  const p = await tryPort(0);
  if (!p) throw new Error('no free port on 127.0.0.1');
  return p;
}

function httpStatus(url, timeoutMs = 2000) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => { res.resume(); resolve(res.statusCode ?? 0); });
    req.on('timeout', () => { req.destroy(); resolve(0); });
    req.on('error', () => resolve(0));
  });
}

/** Default user settings for a quiet, deterministic workbench. */
export const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'files.autoSave': 'off',
  'editor.minimap.enabled': false,
  'window.restoreWindows': 'none',
  'chat.commandCenter.enabled': false,
};

/**
 * Start a fresh code-server.
 * @param {object} o
 * @param {string} [o.folder]          folder to open by default
 * @param {number} [o.port]            preferred port (falls back to a free one); 0 = any
 * @param {boolean} [o.workspaceTrust] false (default): --disable-workspace-trust
 * @param {object}  [o.settings]       extra user settings
 * @param {string}  [o.vsix]           VSIX to install before starting
 * @param {string}  [o.extensionCopyFrom] project folder to copy into the extensions dir instead
 * @param {boolean} [o.quiet]          don't echo the server's output (kept in baseDir/server.log)
 * @param {(s: string) => void} [o.onOutput]
 * @returns {Promise<{url: string, port: number, baseDir: string, userDataDir: string,
 *   extensionsDir: string, stop: () => Promise<void>, exited: Promise<number|null>}>}
 */
export async function startCodeServer(o = {}) {
  const entry = codeServerEntry();
  if (!entry) throw new Error('code-server is not provisioned: run `bash scripts/provision-editor.sh`');
  const baseDir = tempDir('scim-cs-');
  const userDataDir = path.join(baseDir, 'user-data');
  const extensionsDir = path.join(baseDir, 'extensions');
  const xdg = { XDG_CONFIG_HOME: path.join(baseDir, 'xdg-config'), XDG_DATA_HOME: path.join(baseDir, 'xdg-data'),
    XDG_CACHE_HOME: path.join(baseDir, 'xdg-cache'), XDG_RUNTIME_DIR: path.join(baseDir, 'xdg-runtime') };
  for (const d of [userDataDir, extensionsDir, ...Object.values(xdg)]) mkdirSync(d, { recursive: true, mode: 0o700 });
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  const workspaceTrust = o.workspaceTrust ?? false;
  writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({
    ...DEFAULT_SETTINGS, 'security.workspace.trust.enabled': workspaceTrust, ...(o.settings ?? {}) }, null, 2));
  const configFile = path.join(baseDir, 'config.yaml');
  writeFileSync(configFile, 'auth: none\ncert: false\n');
  const env = { ...process.env, ...xdg, HOME: process.env.HOME ?? baseDir };
  // keep the user's own VS Code env out of the server
  for (const k of Object.keys(env)) if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE') delete env[k];
  delete env.PORT; // code-server lets PORT override --bind-addr's port
  const common = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--config', configFile];

  if (o.vsix) {
    const r = await runCapture(process.execPath, [entry, ...common, '--install-extension', o.vsix, '--force'],
      { env, name: 'code-server --install-extension' });
    if (r.code !== 0) throw new Error(`installing ${o.vsix} failed:\n${r.stdout}\n${r.stderr}`);
  } else if (o.extensionCopyFrom) {
    copyExtension(o.extensionCopyFrom, extensionsDir);
  }

  const port = await freePort(o.port ?? 0);
  const args = [entry, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry',
    '--disable-update-check', '--disable-getting-started-override', '--disable-file-downloads',
    ...common];
  if (!workspaceTrust) args.push('--disable-workspace-trust');
  if (o.folder) args.push(o.folder);
  const logFile = path.join(baseDir, 'server.log');
  let log = '';
  const child = spawnTracked(process.execPath, args, {
    env, stdio: ['ignore', 'pipe', 'pipe'], name: 'code-server', critical: o.critical ?? true, detail: () => log.slice(-3000) });
  o.onSpawn?.(child.pid);
  const onData = (d) => {
    const s = d.toString();
    log += s;
    if (log.length > 200_000) log = log.slice(-100_000);
    o.onOutput?.(s);
    if (!o.quiet) process.stderr.write(s.replace(/^/gm, '[code-server] '));
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = child.tracked.exited;

  let stopping;
  const stop = () => (stopping ??= (async () => {
    offShutdown();
    // SIGTERM to its group, SIGKILL after 5 s; then the rest of the group (the extension host
    // may be a grandchild in the same group)
    await stopTracked(child.tracked);
    try { writeFileSync(logFile, log); } catch { /* ignore */ }
    if (!o.keepDir) removeTempDir(baseDir);
  })());
  const offShutdown = onShutdown(stop);

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.tracked.code !== undefined) throw new Error(`code-server exited (${child.tracked.code}) before it was ready:\n${log.slice(-4000)}`);
    if (isShuttingDown()) throw new Error('stopped while waiting for code-server');
    if (await httpStatus(`${url}/healthz`) === 200) break;
    if (Date.now() > deadline) { await stop(); throw new Error(`code-server did not answer ${url}/healthz in 60 s:\n${log.slice(-4000)}`); }
    await new Promise((r) => setTimeout(r, 100)); // poll interval of the health check, not a wait for state
  }
  return { url, port, baseDir, userDataDir, extensionsDir, stop, exited, pid: child.pid, getLog: () => log };
}

/** Copies the built extension (package.json, dist/, schemas/, media/ …) into extensionsDir. */
export function copyExtension(projectDir, extensionsDir) {
  const pkg = JSON.parse(readFileSync(path.join(projectDir, 'package.json'), 'utf8'));
  const dest = path.join(extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`);
  mkdirSync(dest, { recursive: true });
  for (const f of ['package.json', 'package.nls.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'dist', 'schemas', 'media',
    'language-configuration.json', 'snippets', 'syntaxes']) {
    const src = path.join(projectDir, f);
    if (existsSync(src)) cpSync(src, path.join(dest, f), { recursive: true });
  }
  return dest;
}

/**
 * Package the (already built) extension with vsce into .cache/vsix/. Returns its path, or undefined
 * when packaging fails (callers then fall back to copying the build into the extensions dir).
 * The base URLs only matter for README links (vsce refuses relative images without a GitHub
 * repository); they do not affect what is installed.
 */
export async function packageVsix({ log = console.log } = {}) {
  const dir = path.join(ROOT, '.cache', 'vsix');
  mkdirSync(dir, { recursive: true });
  const vsix = path.join(dir, 'scim-provisioning.vsix');
  rmSync(vsix, { force: true });
  const vsce = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  const base = process.env.SCIM_VSIX_BASE_URL || 'https://example.invalid/scim-provisioning/';
  const r = await runCapture(process.execPath, [vsce, 'package', '--no-dependencies', '--baseContentUrl', base,
    '--baseImagesUrl', base, '-o', vsix], { cwd: ROOT, env: { ...process.env, CI: 'true' }, name: 'vsce package' });
  if (r.code === 0 && existsSync(vsix)) return vsix;
  if (isShuttingDown()) throw new Error('stopped while packaging the extension');
  log(`[vsix] vsce package failed (exit ${r.code}); falling back to copying the built extension.\n` +
    `${((r.stdout ?? '') + (r.stderr ?? '')).trim().split('\n').slice(-8).join('\n')}`);
  return undefined;
}

/** Installs the extension the way the UI tests and `npm start` do: VSIX if it can be built, else a copy. */
export async function extensionInstallOptions({ log = console.log } = {}) {
  if (process.env.SCIM_EXTENSION_INSTALL === 'copy') return { extensionCopyFrom: ROOT };
  const vsix = await packageVsix({ log });
  return vsix ? { vsix } : { extensionCopyFrom: ROOT };
}

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage'];

/** Launch headless Chromium (persistent context in a temp dir). Returns {context, page, close}. */
export async function launchChromium({ headless = true, viewport = { width: 1400, height: 900 } } = {}) {
  const { chromium } = await import('playwright-core');
  const dir = tempDir('scim-chromium-');
  const launched = chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM, headless, args: CHROMIUM_ARGS, viewport,
    // scripts/lifecycle.mjs stops the browser on signals (playwright's own handlers would kill it
    // under a close() in progress, which then never returns)
    handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,
  });
  let closing;
  // Registered before the launch finishes: stopped mid-launch, it still closes the browser (which
  // also removes playwright's own temp folder) instead of leaving it to a SIGKILL.
  const close = () => (closing ??= (async () => {
    offShutdown();
    const context = await launched.catch(() => undefined);
    await context?.close().catch(() => {});
    removeTempDir(dir);
  })());
  const offShutdown = onShutdown(close);
  const context = await launched;
  const page = context.pages()[0] ?? await context.newPage();
  return { context, page, close };
}

/** `vscode-remote://127.0.0.1:PORT/abs/path` for a local path served by code-server on PORT. */
export function remoteUri(port, absPath) {
  return `vscode-remote://127.0.0.1:${port}${absPath.split(path.sep).map(encodeURIComponent).join('/')}`;
}

/**
 * A fresh test workspace: test/workspace/** plus examples/* (under examples/), copied into a new
 * temp dir (or into `dir`, emptied first), so tests never change the repo's files.
 */
export function makeWorkspace({ prefix = 'scim-ws-', dir } = {}) {
  if (dir) rmSync(dir, { recursive: true, force: true });
  const ws = dir ? path.resolve(dir) : tempDir(prefix);
  mkdirSync(ws, { recursive: true });
  const fixtures = path.join(ROOT, 'test', 'workspace');
  if (existsSync(fixtures)) cpSync(fixtures, ws, { recursive: true });
  const examples = path.join(ROOT, 'examples');
  if (existsSync(examples)) cpSync(examples, path.join(ws, 'examples'), { recursive: true });
  return ws;
}

/**
 * Starts the demo SCIM tenant (test/support/run-tenant.ts) on a free loopback port. Resolves when it
 * printed its `{baseUrl, token}` line. The token goes to it in the environment (SCIM_TENANT_TOKEN),
 * never on its command line (visible to every user in `ps`). `stop()` ends it (SIGTERM, then
 * SIGKILL after 5 s); it is registered for shutdown from the moment it is spawned.
 */
export function startTenant({ users = 250, token, stdio = 'inherit', critical = true } = {}) {
  const script = path.join(ROOT, 'test', 'support', 'run-tenant.ts');
  if (!existsSync(script)) return Promise.reject(new Error('test/support/run-tenant.ts is missing (the demo tenant)'));
  const tok = token ?? `demo-${randomBytes(18).toString('base64url')}`;
  const child = spawnTracked(process.execPath, ['--import', 'tsx', script, '--port', '0', '--users', String(users)], {
    cwd: ROOT, env: { ...process.env, SCIM_TENANT_TOKEN: tok }, name: 'the demo SCIM tenant', critical,
    stdio: ['ignore', 'pipe', stdio === 'inherit' ? 'inherit' : 'pipe'] });
  const exited = child.tracked.exited;
  let stopping;
  const stop = () => (stopping ??= (async () => { offShutdown(); await stopTracked(child.tracked); })());
  const offShutdown = onShutdown(stop);
  return new Promise((resolve, reject) => {
    let buf = '';
    let ready = false;
    const timer = setTimeout(() => { void stop(); reject(new Error('the demo tenant did not report ready within 60 s')); }, 60_000);
    child.stdout.on('data', (d) => {
      if (ready) return;
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      ready = true;
      clearTimeout(timer);
      try {
        const info = JSON.parse(buf.slice(0, nl));
        resolve({ baseUrl: info.baseUrl, token: info.token, pid: child.pid, stop, exited });
      } catch {
        void stop();
        reject(new Error(`unexpected output from the tenant: ${buf.slice(0, nl)}`));
      }
    });
    exited.then((c) => { if (!ready) { clearTimeout(timer); reject(new Error(`the demo tenant exited (${c}) before it was ready`)); } });
  });
}
