// `npm run bench` (after `npm run build`): every benchmark side by side with its peer, medians and
// ratios printed as a table, all figures written to bench/results.json (git-ignored).
//   BENCH_QUICK=1   fewer repetitions (a smoke run)
//   BENCH_SKIP_EDITOR=1   skip the in-editor activation measurement
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync, mkdtempSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateConfig, SIZES } from './generate.cjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.env.BENCH_QUICK === '1';
const started = Date.now();
const log = (s) => process.stderr.write(`[bench] ${s}\n`);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const TSX = ['--import', 'tsx'];

/** Runs a node child; resolves with the JSON after its `RESULT ` line. */
function runChild(args, { env = {}, timeoutMs = 600_000 } = {}) {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    const t = setTimeout(() => { p.kill(); reject(new Error(`timed out: ${args.join(' ')}`)); }, timeoutMs);
    p.stdout.on('data', (d) => { out += d; });
    p.on('exit', (code) => {
      clearTimeout(t);
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code !== 0 || !line) reject(new Error(`${args.join(' ')} exited ${code}`));
      else resolve(JSON.parse(line.slice(7)));
    });
  });
}

function startServer(latencyMs) {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...TSX, 'bench/users-server.ts', String(latencyMs)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d) => {
      out += d;
      const m = /READY (\S+)/.exec(out);
      if (m) resolve({ baseUrl: m[1], stop: () => new Promise((r) => { p.once('exit', r); p.kill('SIGTERM'); }) });
    });
    p.on('exit', (code) => reject(new Error(`list server exited ${code}`)));
  });
}

async function users() {
  const res = {};
  for (const latency of [0, 50]) {
    const server = await startServer(latency);
    const reps = latency === 0 ? (quick ? 1 : 9) : 1;
    const modes = latency === 0 ? ['bare', 'ours'] : ['okta', 'ours'];
    const runs = {};
    for (let r = 0; r < reps; r++) {
      // Alternate which goes first, so a warmer server or a quieter moment favours neither.
      for (const m of r % 2 ? [...modes].reverse() : modes) {
        const args = [...TSX, 'bench/users-sweep.ts', m, server.baseUrl, '1000', '4'];
        const x = await runChild(args);
        if (x.users !== 50_000) throw new Error(`${m} at ${latency} ms loaded ${x.users} users`);
        (runs[m] ??= []).push(x);
      }
    }
    await server.stop();
    res[latency] = Object.fromEntries(Object.entries(runs).map(([m, xs]) => [m, {
      ms: median(xs.map((x) => x.ms)), allMs: xs.map((x) => Math.round(x.ms)), requests: xs[0].requests, peakRssMb: Math.max(...xs.map((x) => x.peakRssMb)), runs: xs.length,
    }]));
    log(`users at ${latency} ms: ${Object.entries(res[latency]).map(([m, v]) => `${m} ${v.ms.toFixed(0)} ms (${v.requests} requests, ${v.peakRssMb.toFixed(0)} MB)`).join(', ')}`);
  }
  return res;
}

function activationEditor() {
  if (process.env.BENCH_SKIP_EDITOR === '1') return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'scim-bench-'));
  const file = join(dir, 'activation.json');
  const r = spawnSync(process.execPath, ['scripts/test-editor.mjs'], {
    cwd: ROOT, env: { ...process.env, SCIM_TEST_GREP: 'activation benchmark', SCIM_BENCH_ACTIVATION_OUT: file }, stdio: ['ignore', 'inherit', 'inherit'], timeout: 300_000,
  });
  let v;
  if (existsSync(file)) v = JSON.parse(readFileSync(file, 'utf8'));
  rmSync(dir, { recursive: true, force: true });
  if (!v) log(`the in-editor activation run wrote nothing (exit ${r.status}); activation.activateMs is null`);
  return v;
}

function cliValidate() {
  const dir = mkdtempSync(join(tmpdir(), 'scim-bench-'));
  const file = join(dir, 'typical.scim.yaml');
  writeFileSync(file, generateConfig(SIZES.typical).text);
  const ms = [];
  for (let i = 0; i < (quick ? 3 : 9); i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, ['dist/cli.js', 'validate', file], { cwd: ROOT, stdio: 'ignore' });
    ms.push(performance.now() - t);
    if (r.status !== 0) throw new Error(`cli validate exited ${r.status}`);
  }
  rmSync(dir, { recursive: true, force: true });
  return median(ms);
}

async function main() {
  for (const f of ['dist/extension.js', 'dist/network.js', 'dist/validate-worker.js', 'dist/cli.js']) {
    if (!existsSync(join(ROOT, f))) throw new Error(`${f} is missing: run npm run build first`);
  }
  log('validation vs yaml-language-server …');
  const v = await runChild([...TSX, 'bench/validation.mts'], { env: { BENCH_QUICK: quick ? '1' : '0' }, timeoutMs: 480_000 });
  v.eventLoop = await runChild(['--expose-gc', ...TSX, 'bench/eventloop.mts']);
  v.expressions = await runChild([...TSX, 'bench/expressions.mts'], { env: { BENCH_QUICK: quick ? '1' : '0' } });
  log('users sweep …');
  const u = await users();
  log('reconcile …');
  const rec = await runChild([...TSX, 'bench/reconcile.ts'], { env: { BENCH_QUICK: quick ? '1' : '0' } });
  log('activation in the editor …');
  const act = activationEditor();
  const cliMs = cliValidate();
  const size = (f) => statSync(join(ROOT, f)).size;
  const ylsVersion = JSON.parse(readFileSync(join(ROOT, 'node_modules/yaml-language-server/package.json'), 'utf8')).version;
  const yamlVersion = JSON.parse(readFileSync(join(ROOT, 'node_modules/yaml/package.json'), 'utf8')).version;
  const results = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    peers: { 'yaml-language-server': ylsVersion, yaml: yamlVersion },
    quick,
    validation: {
      coldRatio: { typical: v.cold.typical.ratio, large: v.cold.large.ratio, huge: v.cold.huge.ratio },
      coldMs: v.cold,
      editRatioLarge: v.edit.ratio,
      editMs: v.edit,
      maxEventLoopBlockMs: v.eventLoop.maxBlockMs,
      eventLoop: v.eventLoop,
      typicalMs: v.typicalMs,
      typicalIncrementalMs: v.typicalIncrementalMs,
      expressionOverhead: v.expressions.expressionOverhead,
    },
    users: {
      speedupAt50ms: u[50].okta.ms / u[50].ours.ms,
      overheadAt0ms: u[0].ours.ms / u[0].bare.ms,
      peakRssMb: { okta50: u[50].okta.peakRssMb, ours50: u[50].ours.peakRssMb, bare0: u[0].bare.peakRssMb, ours0: u[0].ours.peakRssMb },
      sweeps: u,
    },
    activation: {
      bundleBytes: size('dist/extension.js'),
      networkBundleBytes: size('dist/network.js'),
      workerBundleBytes: size('dist/validate-worker.js'),
      activateMs: act?.activationMs ?? null,
      editorLargeConfig: act?.large,
      cliValidateMs: cliMs,
    },
    reconcile: rec,
    totalSeconds: (Date.now() - started) / 1000,
  };
  writeFileSync(join(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const f = (x, d = 1) => (x === null || x === undefined ? 'n/a' : Number(x).toFixed(d));
  const c = v.cold;
  const rows = [
    ['benchmark', 'ours', 'peer', 'ratio', 'target'],
    ['cold typical (60 lines)', `${f(c.typical.ours, 2)} ms`, `${f(c.typical.yls, 2)} ms`, `${f(c.typical.ratio, 2)}×`, '> 1'],
    ['cold large (15k lines)', `${f(c.large.ours)} ms`, `${f(c.large.yls)} ms`, `${f(c.large.ratio, 2)}×`, '> 1'],
    ['cold huge (150k lines)', `${f(c.huge.ours, 0)} ms`, `${f(c.huge.yls, 0)} ms`, `${f(c.huge.ratio, 2)}×`, '> 1'],
    ['edit one value, large', `${f(v.edit.ours)} ms`, `${f(v.edit.yls)} ms`, `${f(v.edit.ratio)}×`, '≥ 10'],
    ['event loop max, huge (worker)', `${f(v.eventLoop.maxBlockMs)} ms`, `idle ${f(v.eventLoop.idleMaxMs)} ms`, `p99 ${f(v.eventLoop.p99Ms)} ms`, '≤ 50 ms'],
    ['typical, warm', `${f(v.typicalMs, 3)} ms`, '', '', '< 2 ms'],
    ['typical, with/without expr checks', `${f(v.expressions.cold.withMs, 3)} ms`, `${f(v.expressions.cold.withoutMs, 3)} ms`, `${f(v.expressions.expressionOverhead, 2)}×`, '≤ 1.1'],
    ['users 50k @50 ms vs Okta-style', `${f(u[50].ours.ms, 0)} ms`, `${f(u[50].okta.ms, 0)} ms`, `${f(results.users.speedupAt50ms)}×`, '≥ 5'],
    ['users 50k @0 ms vs bare undici', `${f(u[0].ours.ms, 0)} ms`, `${f(u[0].bare.ms, 0)} ms`, `${f(results.users.overheadAt0ms, 2)}× (ours/bare)`, '≤ 1.2'],
    ['users peak RSS @50 ms', `${f(u[50].ours.peakRssMb, 0)} MB`, `${f(u[50].okta.peakRssMb, 0)} MB`, '', 'reported'],
    ['reconcile 5k × 50k users @50 ms', `${f(rec.at50ms.reconcileMs, 0)} ms`, `sweep ${f(rec.at50ms.sweepMs, 0)} ms`, `${f(rec.ratioToSweep, 2)}× (@0 ms ${f(rec.ratioToSweepAt0ms, 2)}×, CPU ${f(rec.cpuRatioToSweepAt0ms, 2)}×)`, '≤ 1.2'],
    ['bundle dist/extension.js', `${f(results.activation.bundleBytes / 1024)} KB`, '', '', '≤ 400 KB'],
    ['activate() in the editor', `${f(results.activation.activateMs, 2)} ms`, '', '', '≤ 20 ms'],
    ['editor: 413 KB config, edit→diag', `${f(act?.large?.editToDiagnosticsMs, 0)} ms`, `host max delay ${f(act?.large?.maxEventLoopDelayMs, 0)} ms`, '', 'reported'],
    ['CLI validate typical (process)', `${f(cliMs, 0)} ms`, '', '', 'reported'],
  ];
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r) => `| ${r.map((x, i) => x.padEnd(w[i])).join(' | ')} |`;
  console.log([line(rows[0]), `|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n'));
  console.log(`\n${results.date} · node ${results.node} · ${results.cpus} × ${results.cpuModel} · yaml-language-server ${ylsVersion} · ${results.totalSeconds.toFixed(0)} s · bench/results.json`);
}

main().catch((e) => { console.error(e); process.exit(1); });
