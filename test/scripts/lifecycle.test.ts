// `npm start` (scripts/start.mjs) and the test launchers that start an editor stop everything they
// started, whenever they are stopped: each script is started for real, interrupted at a moment of
// start-up chosen by waiting for its output (never a sleep), and afterwards no process it started is
// alive — found by a marker in the environment every descendant inherits, so grandchildren that were
// re-parented count too —, no port they listened on still listens, and its temp folder is empty.
// Needs the build (`npm test` builds first) and the provisioned editor.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const MARK = 'SCIM_LIFECYCLE_TEST_MARK';

interface Proc { pid: number; start: string; cmd: string }

function stat(pid: number): { state: string; start: string } | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { state: rest[0] ?? '', start: rest[19] ?? '' };
  } catch {
    return undefined;
  }
}

/** Every live process (not a zombie) whose environment carries `mark`. */
function marked(mark: string): Proc[] {
  const needle = `${MARK}=${mark}`;
  const out: Proc[] = [];
  for (const n of readdirSync('/proc')) {
    if (!/^\d+$/.test(n)) continue;
    const pid = Number(n);
    let env: string;
    try { env = readFileSync(`/proc/${pid}/environ`, 'latin1'); } catch { continue; }
    if (!env.split('\0').includes(needle)) continue;
    const st = stat(pid);
    if (!st || st.state === 'Z' || st.state === 'X') continue;
    let cmd = '';
    try { cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim(); } catch { /* gone */ }
    out.push({ pid, start: st.start, cmd });
  }
  return out;
}

function alive(p: Proc): boolean {
  const st = stat(p.pid);
  return !!st && st.state !== 'Z' && st.state !== 'X' && st.start === p.start;
}

/** TCP ports in LISTEN state, by socket inode (IPv4 and IPv6). */
function listening(): Map<string, number> {
  const byInode = new Map<string, number>();
  for (const f of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try { text = readFileSync(f, 'utf8'); } catch { continue; }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10 || cols[3] !== '0A') continue;
      byInode.set(cols[9] ?? '', parseInt((cols[1] ?? '').split(':')[1] ?? '0', 16));
    }
  }
  return byInode;
}

/** The ports the given processes listen on. */
function portsOf(procs: Proc[]): number[] {
  const listen = listening();
  const ports = new Set<number>();
  for (const p of procs) {
    let fds: string[] = [];
    try { fds = readdirSync(`/proc/${p.pid}/fd`); } catch { continue; }
    for (const fd of fds) {
      let link = '';
      try { link = readlinkSync(`/proc/${p.pid}/fd/${fd}`); } catch { continue; }
      const m = /^socket:\[(\d+)\]$/.exec(link);
      const port = m ? listen.get(m[1] ?? '') : undefined;
      if (port) ports.add(port);
    }
  }
  return [...ports];
}

function stillListening(ports: number[]): number[] {
  const now = new Set(listening().values());
  return ports.filter((p) => now.has(p));
}

class Run {
  readonly mark = randomBytes(8).toString('hex');
  readonly tmp = mkdtempSync(path.join(os.tmpdir(), 'scim-lifecycle-'));
  readonly workspace = path.join(this.tmp, 'workspace');
  readonly tmpdir = path.join(this.tmp, 'tmp');
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private output = '';
  private readonly waiters: Array<() => void> = [];

  constructor(script: string, args: string[] = [], env: Record<string, string> = {}) {
    mkdirSync(this.tmpdir, { recursive: true });
    this.child = spawn(process.execPath, [path.join(ROOT, script), ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env, [MARK]: this.mark, TMPDIR: this.tmpdir, PORT: '0',
        SCIM_START_SKIP_BUILD: '1', SCIM_EXTENSION_INSTALL: 'copy', SCIM_START_WORKSPACE: this.workspace, ...env,
      },
    });
    const onData = (d: Buffer): void => {
      this.output += d.toString();
      for (const w of this.waiters.splice(0)) w();
    };
    this.child.stdout?.on('data', onData);
    this.child.stderr?.on('data', onData);
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => { for (const w of this.waiters.splice(0)) w(); resolve({ code, signal }); }));
  }

  get text(): string { return this.output; }

  /** Resolves with the first match of `re` in the output (waiting for more output as it comes). */
  async waitFor(re: RegExp): Promise<RegExpExecArray> {
    for (;;) {
      const m = re.exec(this.output);
      if (m) return m;
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`exited before printing ${re}:\n${this.output.slice(-3000)}`);
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** The processes it started (itself excluded) and the ports they listen on, at this moment. */
  snapshot(): { procs: Proc[]; ports: number[] } {
    const procs = marked(this.mark).filter((p) => p.pid !== this.child.pid);
    return { procs, ports: portsOf(procs) };
  }

  /** After the exit: nothing it started is alive, nothing listens, its temp folder is empty. */
  assertClean(before: { procs: Proc[]; ports: number[] }): void {
    const left = [...before.procs.filter(alive), ...marked(this.mark)];
    assert.deepEqual([...new Set(left.map((p) => `${p.pid} ${p.cmd.slice(0, 160)}`))], [], `processes left behind:\n${this.output.slice(-2000)}`);
    assert.deepEqual(stillListening(before.ports), [], 'ports still listening');
    // tsx-<uid> is tsx's compile cache, kept across runs on purpose
    assert.deepEqual(readdirSync(this.tmpdir).filter((f) => !/^tsx-\d+$/.test(f)), [], 'temp folders left behind');
  }

  dispose(): void {
    // a failed test must not leave anything either
    for (const p of marked(this.mark)) { try { process.kill(p.pid, 'SIGKILL'); } catch { /* gone */ } }
    rmSync(this.tmp, { recursive: true, force: true });
  }
}

const EDITOR_READY = /\[start\] starting the editor \(code-server, pid (\d+)\)/;
const URL_READY = /Open VS Code:\s+(http:\/\/127\.0\.0\.1:\d+)\S*/;

describe('npm start and the editor launchers stop everything they started', function () {
  this.timeout(120_000);
  let run: Run | undefined;

  before(function () {
    const entry = path.join(ROOT, '.cache', 'code-server-4.100.3', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
    if (!existsSync(path.join(ROOT, 'dist', 'extension.js')) || !existsSync(entry)) {
      throw new Error('needs the build (npm run build) and the editor (bash scripts/provision-editor.sh)');
    }
  });
  afterEach(() => { run?.dispose(); run = undefined; });

  it('SIGTERM right after spawn', async () => {
    run = new Run('scripts/start.mjs');
    await new Promise((resolve) => run!.child.once('spawn', resolve));
    const before = run.snapshot();
    run.child.kill('SIGTERM');
    const { code, signal } = await run.exited;
    assert.ok(code === 143 || signal === 'SIGTERM', `exit ${code} ${signal}`);
    run.assertClean(before);
  });

  it('SIGHUP between steps (the editor is provisioned, the tenant about to start)', async () => {
    run = new Run('scripts/start.mjs');
    await run.waitFor(/\[provision\] code-server .* present/);
    const before = run.snapshot();
    run.child.kill('SIGHUP');
    assert.equal((await run.exited).code, 129);
    run.assertClean(before);
  });

  it('SIGINT while waiting for the editor (tenant up, code-server spawned, not yet healthy)', async () => {
    run = new Run('scripts/start.mjs');
    await run.waitFor(EDITOR_READY);
    const before = run.snapshot();
    assert.ok(before.procs.some((p) => p.cmd.includes('code-server')), 'code-server is running');
    assert.ok(before.procs.some((p) => p.cmd.includes('run-tenant.ts')), 'the tenant is running');
    run.child.kill('SIGINT');
    assert.equal((await run.exited).code, 130);
    run.assertClean(before);
  });

  it('SIGTERM after ready; the banner points at the demo config first; the token is not on a command line; the demo files name themselves', async () => {
    run = new Run('scripts/start.mjs');
    await run.waitFor(URL_READY);
    await run.waitFor(/Press Ctrl\+C to stop/);
    const before = run.snapshot();
    assert.ok(before.ports.length >= 2, `the tenant and the editor listen: ${before.ports.join(', ')}`);
    const token = /Demo API token:\s+(\S+)/.exec(run.text)?.[1] ?? '';
    assert.ok(token.length > 10);
    for (const p of before.procs) assert.ok(!p.cmd.includes(token), `the token is on the command line of ${p.cmd.slice(0, 120)}`);
    const steps = run.text.slice(run.text.indexOf('In the editor:'));
    assert.ok(steps.indexOf('flosum-demo.scim.yaml') >= 0 && steps.indexOf('flosum-demo.scim.yaml') < steps.indexOf('Set API Token'),
      'the banner names flosum-demo.scim.yaml before the first command');
    // the demo's broken.scim.yaml names itself where it is, not where the example lives in the repository
    const broken = readFileSync(path.join(run.workspace, 'broken.scim.yaml'), 'utf8');
    assert.ok(!broken.includes('examples/') && broken.includes('validate broken.scim.yaml'), broken.slice(0, 200));
    run.child.kill('SIGTERM');
    assert.equal((await run.exited).code, 143);
    run.assertClean(before);
  });

  it('the tenant dying after ready stops the editor too (exit 1)', async () => {
    run = new Run('scripts/start.mjs');
    await run.waitFor(/Press Ctrl\+C to stop/);
    const before = run.snapshot();
    const tenantPid = Number(/demo SCIM tenant at \S+ \(250 users, pid (\d+)\)/.exec(run.text)?.[1]);
    assert.ok(tenantPid > 0);
    process.kill(tenantPid, 'SIGKILL');
    assert.equal((await run.exited).code, 1);
    assert.match(run.text, /the demo SCIM tenant exited unexpectedly/);
    run.assertClean(before);
  });

  it('the editor dying before it is ready is a failed step: everything stops (exit 1)', async () => {
    run = new Run('scripts/start.mjs');
    const pid = Number((await run.waitFor(EDITOR_READY))[1]);
    const before = run.snapshot();
    process.kill(pid, 'SIGKILL');
    assert.equal((await run.exited).code, 1);
    assert.match(run.text, /code-server exited/);
    run.assertClean(before);
  });

  it('the editor-test launcher: SIGTERM once its editor is up and Chromium is starting', async () => {
    run = new Run('scripts/vscode-launcher.mjs', [`--extensionDevelopmentPath=${ROOT}`,
      `--extensionTestsPath=${path.join(ROOT, 'out', 'test', 'editor', 'index.js')}`, ROOT]);
    await run.waitFor(/\[launcher\] code-server \S+ ready/);
    const before = run.snapshot();
    run.child.kill('SIGTERM');
    assert.equal((await run.exited).code, 143);
    run.assertClean(before);
  });

  it('test:editor (runTests → launcher → editor + Chromium, tenant): SIGINT while the editor starts', async () => {
    run = new Run('scripts/test-editor.mjs', [], { SCIM_TEST_GREP: 'harness' });
    await run.waitFor(/\[launcher\] code-server \S+ ready/);
    const before = run.snapshot();
    assert.ok(before.procs.some((p) => p.cmd.includes('vscode-launcher.mjs')), 'the launcher runs');
    run.child.kill('SIGINT');
    const { code } = await run.exited;
    assert.notEqual(code, 0);
    run.assertClean(before);
  });

  it('test:ui (mocha → editor, Chromium, tenant): SIGTERM once the suite\'s editor is up', async () => {
    run = new Run('scripts/test-ui.mjs');
    await run.waitFor(/\[ui\] code-server ready at/);
    const before = run.snapshot();
    assert.ok(before.procs.some((p) => p.cmd.includes('mocha')), 'mocha runs');
    run.child.kill('SIGTERM');
    assert.equal((await run.exited).code, 143);
    run.assertClean(before);
  });
});
