// Shared helper for the editor tests, the UI tests and `npm start`:
//   - start a fresh code-server (VS Code in a browser) on 127.0.0.1, everything it writes kept
//     in a temp folder (user data, extensions, config, XDG_* dirs), wait for /healthz by polling;
//   - install the extension into it (VSIX via --install-extension, or a copy of the project);
//   - launch Debian's Chromium through playwright-core;
//   - stop all of it cleanly (the server runs in its own process group).
// No fixed sleeps: readiness is an HTTP poll of /healthz, exit is the child's 'exit' event.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, cpSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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
export function provisionEditor() {
  const r = spawnSync('bash', [path.join(ROOT, 'scripts', 'provision-editor.sh')], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`scripts/provision-editor.sh failed (exit ${r.status})`);
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
  const baseDir = mkdtempSync(path.join(os.tmpdir(), 'scim-cs-'));
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
  const common = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--config', configFile];

  if (o.vsix) {
    const r = spawnSync(process.execPath, [entry, ...common, '--install-extension', o.vsix, '--force'],
      { env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`installing ${o.vsix} failed:\n${r.stdout}\n${r.stderr}`);
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
  const child = spawn(process.execPath, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const onData = (d) => {
    const s = d.toString();
    log += s;
    if (log.length > 200_000) log = log.slice(-100_000);
    o.onOutput?.(s);
    if (!o.quiet) process.stderr.write(s.replace(/^/gm, '[code-server] '));
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  let exitCode;
  const exited = new Promise((resolve) => child.on('exit', (code, sig) => { exitCode = code ?? sig; resolve(code); }));

  let stopping;
  const stop = () => (stopping ??= (async () => {
    if (exitCode === undefined) {
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
      const t = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, 5000);
      await exited;
      clearTimeout(t);
    }
    // the extension host may be a grandchild in the same group: make sure the group is gone
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
    try { writeFileSync(logFile, log); } catch { /* ignore */ }
    if (!o.keepDir) rmSync(baseDir, { recursive: true, force: true, maxRetries: 3 });
  })());

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exitCode !== undefined) throw new Error(`code-server exited (${exitCode}) before it was ready:\n${log.slice(-4000)}`);
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
export function packageVsix({ log = console.log } = {}) {
  const dir = path.join(ROOT, '.cache', 'vsix');
  mkdirSync(dir, { recursive: true });
  const vsix = path.join(dir, 'scim-provisioning.vsix');
  rmSync(vsix, { force: true });
  const vsce = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  const base = process.env.SCIM_VSIX_BASE_URL || 'https://example.invalid/scim-provisioning/';
  const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--baseContentUrl', base,
    '--baseImagesUrl', base, '-o', vsix], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  if (r.status === 0 && existsSync(vsix)) return vsix;
  log(`[vsix] vsce package failed (exit ${r.status}); falling back to copying the built extension.\n` +
    `${((r.stdout ?? '') + (r.stderr ?? '')).trim().split('\n').slice(-8).join('\n')}`);
  return undefined;
}

/** Installs the extension the way the UI tests and `npm start` do: VSIX if it can be built, else a copy. */
export function extensionInstallOptions({ log = console.log } = {}) {
  if (process.env.SCIM_EXTENSION_INSTALL === 'copy') return { extensionCopyFrom: ROOT };
  const vsix = packageVsix({ log });
  return vsix ? { vsix } : { extensionCopyFrom: ROOT };
}

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage'];

/** Launch headless Chromium (persistent context in a temp dir). Returns {context, page, close}. */
export async function launchChromium({ headless = true, viewport = { width: 1400, height: 900 } } = {}) {
  const { chromium } = await import('playwright-core');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'scim-chromium-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM, headless, args: CHROMIUM_ARGS, viewport,
  });
  const page = context.pages()[0] ?? await context.newPage();
  let closing;
  const close = () => (closing ??= (async () => {
    await context.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  })());
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
  const ws = dir ? path.resolve(dir) : mkdtempSync(path.join(os.tmpdir(), prefix));
  mkdirSync(ws, { recursive: true });
  const fixtures = path.join(ROOT, 'test', 'workspace');
  if (existsSync(fixtures)) cpSync(fixtures, ws, { recursive: true });
  const examples = path.join(ROOT, 'examples');
  if (existsSync(examples)) cpSync(examples, path.join(ws, 'examples'), { recursive: true });
  return ws;
}

/**
 * Starts the demo SCIM tenant (test/support/run-tenant.ts) on a free loopback port. Resolves when it
 * printed its `{baseUrl, token}` line. `stop()` ends it (SIGTERM, then SIGKILL after 5 s).
 */
export function startTenant({ users = 250, token, stdio = 'inherit' } = {}) {
  const script = path.join(ROOT, 'test', 'support', 'run-tenant.ts');
  if (!existsSync(script)) return Promise.reject(new Error('test/support/run-tenant.ts is missing (the demo tenant)'));
  const tok = token ?? `demo-${randomBytes(18).toString('base64url')}`;
  const child = spawn(process.execPath, ['--import', 'tsx', script, '--port', '0', '--users', String(users), '--token', tok],
    { cwd: ROOT, stdio: ['ignore', 'pipe', stdio === 'inherit' ? 'inherit' : 'pipe'] });
  let exitCode;
  const exited = new Promise((r) => child.once('exit', (c, s) => { exitCode = c ?? s; r(exitCode); }));
  const stop = async () => {
    if (exitCode !== undefined) return;
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(t);
  };
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
