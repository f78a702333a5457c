// Everything a script starts is stopped whenever the script stops: on SIGINT, SIGTERM, SIGHUP, an
// error in any step, a child that exits early, or a plain process.exit(), at any moment of
// start-up. Used by `npm start`, the editor-test launcher, `test:editor`, `test:ui` and the UI
// suite's process.
//
// - spawnTracked()/track(): a child is registered the instant it is spawned (not once it is ready),
//   in its own process group, so stopping it also stops what it spawned;
// - tempDir(): a temp folder removed at shutdown;
// - onShutdown(): a graceful step (close the browser, stop a server) run first;
// - shutdown(code): graceful steps, then SIGTERM to every tracked group AND to every descendant
//   of this process (found by walking /proc before anything is killed, so grandchildren that get
//   re-parented are not lost), SIGKILL for whatever is left after a grace period, temp folders
//   removed, exit;
// - installExitHandlers(): wires the signals, uncaught errors and the synchronous 'exit' fallback.
// SCIM_LIFECYCLE_DEBUG=1 logs each phase of a shutdown with its time.
// Waits are on 'exit' events; processes that are not our own children are polled through /proc
// (Linux has no exit event for them).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const tracked = new Set(); // { child, name, critical, pid, start, exited }
const tempDirs = new Set();
const graceful = new Set();
let shuttingDown;
let log = (s) => process.stderr.write(`${s}\n`);
let unexpectedExit = (entry, code) =>
  void shutdown(1, `${entry.name} exited unexpectedly (${code})${entry.detail ? `:\n${entry.detail()}` : ''}`);

export const isShuttingDown = () => shuttingDown !== undefined;
const t0 = Date.now();
const debug = (s) => { if (process.env.SCIM_LIFECYCLE_DEBUG === '1') log(`[lifecycle +${Date.now() - t0} ms] ${s}`); };

/** `stat` fields of a process (state, ppid, pgid, start time), or undefined when it is gone. */
export function procStat(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { state: rest[0], ppid: Number(rest[1]), pgid: Number(rest[2]), start: rest[19] };
  } catch {
    return undefined;
  }
}

/** Alive (not a zombie) and still the same process (same start time) as when first seen. */
export function isAlive(pid, start) {
  const st = procStat(pid);
  return !!st && st.state !== 'Z' && st.state !== 'X' && (start === undefined || st.start === start);
}

/** Every live descendant of `root` (children, grandchildren, …) with its start time. */
export function descendants(root = process.pid) {
  const byParent = new Map();
  let names = [];
  try { names = readdirSync('/proc'); } catch { return []; }
  for (const n of names) {
    if (!/^\d+$/.test(n)) continue;
    const st = procStat(Number(n));
    if (!st || st.state === 'Z') continue;
    const list = byParent.get(st.ppid) ?? [];
    list.push({ pid: Number(n), start: st.start, pgid: st.pgid });
    byParent.set(st.ppid, list);
  }
  const out = [];
  const queue = [root];
  while (queue.length) {
    for (const c of byParent.get(queue.shift()) ?? []) { out.push(c); queue.push(c.pid); }
  }
  return out;
}

function signal(target, sig) {
  try { process.kill(target, sig); return true; } catch { return false; }
}

/** Registers a spawned child at once; `critical`: its exit (before shutdown) stops everything. */
export function track(child, { name = 'child', critical = false, detail } = {}) {
  const entry = { child, name, critical, detail, pid: child.pid, start: child.pid ? procStat(child.pid)?.start : undefined, code: undefined };
  entry.exited = new Promise((resolve) => {
    child.once('exit', (code, sig) => { entry.code = code ?? sig; resolve(entry.code); });
    child.once('error', (e) => { if (entry.code === undefined) { entry.code = e.code ?? 'error'; resolve(entry.code); } });
  });
  tracked.add(entry);
  void entry.exited.then((code) => {
    if (entry.critical && !shuttingDown) unexpectedExit(entry, code);
  });
  return entry;
}

/** spawn() in its own process group, tracked from the first moment. Returns the ChildProcess with `.tracked`. */
export function spawnTracked(cmd, args, options = {}) {
  const { name, critical, detail, ...spawnOptions } = options;
  const child = spawn(cmd, args, { detached: true, ...spawnOptions });
  child.tracked = track(child, { name: name ?? path.basename(cmd), critical, detail });
  return child;
}

/** Stops one tracked child: SIGTERM to its group, SIGKILL after `graceMs`; resolves on its exit. */
export async function stopTracked(entry, graceMs = 5000) {
  if (!entry || entry.code !== undefined) return;
  entry.critical = false;
  const pid = entry.pid;
  if (!pid) return;
  signal(-pid, 'SIGTERM') || signal(pid, 'SIGTERM');
  debug(`SIGTERM to ${entry.name} (${pid})`);
  let timer;
  await Promise.race([entry.exited, new Promise((r) => { timer = setTimeout(r, graceMs); })]);
  clearTimeout(timer);
  debug(`${entry.name} ${entry.code === undefined ? 'still running' : `exited (${entry.code})`}`);
  // whatever it left in its group goes too (the extension host, pty host, …)
  signal(-pid, 'SIGKILL');
  if (entry.code === undefined) { signal(pid, 'SIGKILL'); await entry.exited; }
}

/** Runs a step to completion (output inherited); rejects with `what` on a non-zero exit. */
export async function runStep(cmd, args, { what = `${cmd} ${args.join(' ')}`, ...options } = {}) {
  const { code } = await runCapture(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options, name: what });
  if (code !== 0) throw new Error(`\`${what}\` failed (exit ${code})`);
}

/** Runs a command to completion, tracked; resolves with its exit code and (when piped) its output. */
export async function runCapture(cmd, args, options = {}) {
  const child = spawnTracked(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => { stdout += d; });
  child.stderr?.on('data', (d) => { stderr += d; });
  const code = await child.tracked.exited;
  tracked.delete(child.tracked);
  signal(-child.pid, 'SIGKILL'); // nothing of a finished step stays behind
  return { code, stdout, stderr };
}

/** A fresh temp folder, removed at shutdown (or earlier with removeTempDir). */
export function tempDir(prefix) {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

export function removeTempDir(dir) {
  tempDirs.delete(dir);
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

/** A graceful step run first at shutdown (browser.close, server.stop). Returns its remover. */
export function onShutdown(fn) {
  graceful.add(fn);
  return () => graceful.delete(fn);
}

async function waitGone(list, ms) {
  const deadline = Date.now() + ms;
  for (;;) {
    const alive = list.filter((p) => isAlive(p.pid, p.start));
    if (!alive.length || Date.now() > deadline) return alive;
    // Not our children: no exit event to wait on, so poll /proc.
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Stops everything and exits with `code`. Idempotent: later calls wait for the first one.
 * `why` is logged (an Error's stack, or a sentence).
 */
export function shutdown(code = 0, why) {
  if (shuttingDown) return shuttingDown;
  shuttingDown = (async () => {
    if (why) log(why instanceof Error ? (why.stack ?? why.message) : String(why));
    // The whole tree first: once a parent dies its children are re-parented and cannot be found.
    const tree = descendants();
    const steps = [...graceful];
    graceful.clear();
    let timer;
    await Promise.race([
      Promise.allSettled(steps.map((fn, i) => Promise.resolve().then(fn).finally(() => debug(`graceful step ${i + 1} done`)))),
      // (a browser stopped while it launches first finishes launching: slow on a loaded machine)
      new Promise((r) => { timer = setTimeout(r, 20_000); }),
    ]);
    clearTimeout(timer);
    debug(`graceful steps done (${steps.length})`);
    // Our own children first, so each can stop what it started in its own order (a launcher
    // closes its browser, which removes its temp folders)…
    const direct = descendants().filter((p) => procStat(p.pid)?.ppid === process.pid);
    for (const e of tracked) if (e.code === undefined && e.pid) signal(-e.pid, 'SIGTERM') || signal(e.pid, 'SIGTERM');
    for (const p of direct) signal(p.pid, 'SIGTERM');
    // (waiting for the whole tree: a child that is itself shutting down ends its own children)
    const stillUp = await waitGone([...tree, ...descendants()], 25_000);
    debug(stillUp.length ? `${stillUp.length} process(es) still up after 25 s` : 'all gone');
    // …then whatever of the tree is left (grandchildren re-parented when their parent died).
    for (const p of [...tree, ...descendants()]) if (isAlive(p.pid, p.start)) signal(p.pid, 'SIGTERM');
    const left = await waitGone([...tree, ...descendants()], 2000);
    if (left.length) debug(`SIGKILL to ${left.map((p) => p.pid).join(' ')}`);
    killRemaining(left);
    // SIGKILL is not instant: exit only once they are gone, so nothing outlives this process
    await waitGone([...left, ...descendants()], 2000);
    for (const d of tempDirs) rmSync(d, { recursive: true, force: true, maxRetries: 3 });
    tempDirs.clear();
    process.exit(code);
  })();
  return shuttingDown;
}

function killRemaining(extra = []) {
  for (const e of tracked) if (e.pid) signal(-e.pid, 'SIGKILL');
  for (const p of [...extra, ...descendants()]) if (isAlive(p.pid, p.start)) signal(p.pid, 'SIGKILL');
}

let installed = false;
/**
 * SIGINT / SIGTERM / SIGHUP: stop everything, exit 128+n. An uncaught error: stop everything,
 * exit 1. A direct process.exit() anywhere: SIGKILL what is left and remove the temp folders
 * (synchronously, all an 'exit' handler can do).
 */
export function installExitHandlers(o = {}) {
  if (o.log) log = o.log;
  if (o.onUnexpectedExit) unexpectedExit = o.onUnexpectedExit;
  if (installed) return;
  installed = true;
  const codes = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };
  for (const [sig, n] of Object.entries(codes)) process.on(sig, () => void shutdown(n, `${sig}: stopping everything this started…`));
  process.on('uncaughtException', (e) => void shutdown(1, e));
  process.on('unhandledRejection', (e) => void shutdown(1, e instanceof Error ? e : new Error(String(e))));
  process.on('exit', () => {
    killRemaining();
    for (const d of tempDirs) { try { rmSync(d, { recursive: true, force: true }); } catch { /* best effort */ } }
  });
}
