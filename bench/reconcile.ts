// Reconcile at scale: a 50,000-user tenant and a 5,000-assignment file. Reconcile (the CLI's
// runReconcile, JSON output included) against the users sweep alone (UserPager.loadAll with its
// defaults), each run in its own process so peak RSS is its own, alternating, medians.
//   node --import tsx bench/reconcile.ts            prints `RESULT {ratioToSweep, ...}` (BENCH_QUICK=1: one run each)
//   node --import tsx bench/reconcile.ts sweep|users|reconcile <baseUrl> <configFile>   one run: `RESULT {ms, cpuMs, peakRssMb, ...}`
// `users` is the CLI's own sweep (`scim-provisioning users --format json`, output discarded): context
// for the headline, which is against the pager's sweep alone.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ScimClient } from '../src/core/scim/client';
import { UserPager } from '../src/core/scim/pager';
import { runReconcile } from '../src/cli/commands/reconcile';
import { runUsers } from '../src/cli/commands/users';
import { buildUser } from '../test/support/builders';
import { reconcileConfig } from '../test/support/reconcile-cases';
import type { AssignmentSpec } from '../test/support/reconcile-cases';

const TOKEN = 'bench-token';
const ROOT = join(dirname(__filename), '..');
const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2; };

interface Run { ms: number; cpuMs: number; peakRssMb: number; users?: number; people?: number; bytes?: number }

async function once(mode: string, baseUrl: string, configFile: string): Promise<Run> {
  let peak = 0;
  const sample = (): void => { peak = Math.max(peak, process.memoryUsage.rss()); };
  const timer = setInterval(sample, 5);
  sample();
  const cpu = process.cpuUsage();
  const t = performance.now();
  let extra: Partial<Run>;
  if (mode === 'sweep') {
    const client = new ScimClient({ baseUrl, token: TOKEN });
    let users = 0;
    const r = await new UserPager(client).loadAll({ onPage: (p) => { users += p.users.length; } });
    await client.close();
    if (!r.ok) throw new Error(r.failure.message);
    extra = { users };
  } else if (mode === 'users') {
    let users = 0;
    const code = await runUsers(['--base-url', baseUrl, '--format', 'json'], { out: () => { users++; }, err: (s) => { throw new Error(s); }, env: { SCIM_TOKEN: TOKEN }, version: 'bench' });
    if (code !== 0) throw new Error(`users exited ${code}`);
    extra = { users };
  } else {
    let bytes = 0;
    let people = 0;
    const code = await runReconcile(['--config', configFile, '--format', 'json'], {
      out: (s) => { bytes += s.length; for (let i = s.indexOf('"category":'); i >= 0; i = s.indexOf('"category":', i + 1)) people++; },
      err: (s) => { throw new Error(s); },
      env: { SCIM_TOKEN: TOKEN },
      version: 'bench',
    });
    if (code !== 1) throw new Error(`reconcile exited ${code}`);
    extra = { people, bytes };
  }
  const ms = performance.now() - t;
  const used = process.cpuUsage(cpu);
  sample();
  clearInterval(timer);
  return { ms, cpuMs: (used.user + used.system) / 1000, peakRssMb: peak / 2 ** 20, ...extra };
}

function child(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', __filename, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    p.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code !== 0 || !line) reject(new Error(`${args[0]} exited ${code}`));
      else resolve(JSON.parse(line.slice(7)) as Run);
    });
  });
}

function listServer(latencyMs: number): Promise<{ baseUrl: string; stop(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/users-server.ts'), String(latencyMs)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /READY (\S+)/.exec(out);
      if (m) resolve({ baseUrl: m[1] ?? '', stop: () => new Promise((r) => { p.once('exit', () => r()); p.kill('SIGTERM'); }) });
    });
    p.on('exit', (code) => reject(new Error(`list server exited ${code}`)));
  });
}

/** 5,000 assignments of the list server's users: most matched, some with another time zone, some not in the tenant. */
function benchConfig(baseUrl: string): string {
  const assignments: AssignmentSpec[] = Array.from({ length: 5000 }, (_, k) => {
    if (k % 250 === 0) return { userName: `not.yet.${k}@example.com`, timezone: 'Europe/Berlin' };
    const u = buildUser(k * 10 + 1);
    return { userName: u.userName, givenName: u.name.givenName, timezone: k % 50 === 0 ? 'Pacific/Auckland' : u.timezone };
  });
  return reconcileConfig({ assignments, baseUrl });
}

async function orchestrate(): Promise<void> {
  const quick = process.env.BENCH_QUICK === '1';
  const dir = mkdtempSync(join(tmpdir(), 'scim-bench-reconcile-'));
  const res: Record<string, unknown> = {};
  try {
    for (const latency of [0, 50]) {
      const server = await listServer(latency);
      const file = join(dir, `large-${latency}.scim.yaml`);
      writeFileSync(file, benchConfig(server.baseUrl));
      const reps = quick ? 1 : latency === 0 ? 7 : 5;
      const runs: Record<'sweep' | 'users' | 'reconcile', Run[]> = { sweep: [], users: [], reconcile: [] };
      const modes = latency === 0 ? (['sweep', 'users', 'reconcile'] as const) : (['sweep', 'reconcile'] as const);
      for (let r = 0; r < reps; r++) {
        for (const mode of r % 2 ? [...modes].reverse() : modes) runs[mode].push(await child([mode, server.baseUrl, file]));
      }
      await server.stop();
      if (runs.sweep.some((x) => x.users !== 50_000)) throw new Error('a sweep did not load 50,000 users');
      const sweepMs = median(runs.sweep.map((x) => x.ms));
      const reconcileMs = median(runs.reconcile.map((x) => x.ms));
      const sweepCpuMs = median(runs.sweep.map((x) => x.cpuMs));
      const reconcileCpuMs = median(runs.reconcile.map((x) => x.cpuMs));
      res[`at${latency}ms`] = {
        sweepMs, reconcileMs, ratio: reconcileMs / sweepMs,
        // This process's CPU time: what the ratio is when the machine is not shared.
        sweepCpuMs, reconcileCpuMs, cpuRatio: reconcileCpuMs / sweepCpuMs,
        sweepAllMs: runs.sweep.map((x) => Math.round(x.ms)), reconcileAllMs: runs.reconcile.map((x) => Math.round(x.ms)),
        peakRssMb: { sweep: Math.max(...runs.sweep.map((x) => x.peakRssMb)), reconcile: Math.max(...runs.reconcile.map((x) => x.peakRssMb)) },
        people: runs.reconcile[0]?.people, jsonBytes: runs.reconcile[0]?.bytes,
        ...(runs.users.length ? { usersCliMs: median(runs.users.map((x) => x.ms)), usersCliCpuMs: median(runs.users.map((x) => x.cpuMs)), ratioToUsersCli: reconcileMs / median(runs.users.map((x) => x.ms)) } : {}),
      };
      process.stderr.write(`[bench] reconcile at ${latency} ms: sweep ${sweepMs.toFixed(0)} ms, reconcile ${reconcileMs.toFixed(0)} ms (${(reconcileMs / sweepMs).toFixed(2)}×; CPU ${sweepCpuMs.toFixed(0)} / ${reconcileCpuMs.toFixed(0)} ms, ${(reconcileCpuMs / sweepCpuMs).toFixed(2)}×)\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // The headline is the tenant with latency (as the users benchmark's Okta-style row): there the
  // sweep waits on the network and reconcile's own work (parse, match, output) should fit around it.
  // At 0 ms both are CPU-bound on one thread and the ratio is reconcile's whole work over the sweep's.
  // CPU time is the steadier figure on a shared machine (wall time there swings with the neighbours).
  const at = (k: string): { ratio: number; cpuRatio: number } => res[k] as { ratio: number; cpuRatio: number };
  process.stdout.write(`RESULT ${JSON.stringify({
    ratioToSweep: at('at50ms').ratio, ratioToSweepAt0ms: at('at0ms').ratio, cpuRatioToSweep: at('at50ms').cpuRatio, cpuRatioToSweepAt0ms: at('at0ms').cpuRatio,
    tenantUsers: 50_000, assignments: 5000, ...res,
  })}\n`);
}

const [mode, baseUrl, configFile] = process.argv.slice(2);
(mode ? once(mode, baseUrl ?? '', configFile ?? '').then((r) => { process.stdout.write(`RESULT ${JSON.stringify(r)}\n`); }) : orchestrate())
  .catch((e: unknown) => { console.error(e); process.exit(1); });
