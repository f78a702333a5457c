// `npm run bench` (after `npm run build`): every benchmark side by side with its peer in one run,
// medians and ratios printed as a table with each target, every figure written to bench/results.json
// (git-ignored). The run fails (exit 1) when a benchmark cannot run or two tools disagree on the
// findings; a missed target is printed as MISSED (exit 1 too with BENCH_STRICT=1).
//   BENCH_QUICK=1         fewer repetitions (a smoke run)
//   BENCH_ONLY=a,b        only these sections: validation, eventloop, users, editor, cli, and the extras' keys
//   BENCH_SKIP_EDITOR=1   skip the in-editor measurement
//
// Adding a benchmark (one line in EXTRA below): a child module, run as `node --import tsx <module>`,
// that prints one line `RESULT {json}` on stdout with
//   { "value": <number>,          the figure the target is about; lands at `key` in results.json
//     "label": "…",               the table row's name
//     "ours": "…", "peer": "…",   the row's two measured cells (strings, units included)
//     "ratio": "…",               optional; default value.toFixed(2) + '×'
//     "details": { … } }          optional; lands at details.<key> in results.json
// and exits 0 (non-zero, or no RESULT line, fails the run). BENCH_QUICK is passed on to it.
// A module with its own RESULT shape gives `value(r)` (the figure), `cells(r)` (label, ours, peer,
// ratio) and `keep` (where the whole result lands in results.json; default details.<key>).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { generateConfig, SIZES } from './generate.cjs';

const fmt = (x, d = 1) => (x === null || x === undefined || Number.isNaN(x) ? 'n/a' : Number(x).toFixed(d));
const EXTRA = [
  {
    module: 'bench/expressions.mts', key: 'validation.expressionOverhead', target: ['<=', 1.1], keep: 'details.expressions',
    value: (r) => r.expressionOverhead,
    cells: (r) => ['typical, with/without expr checks', `${fmt(r.cold.withMs, 3)} ms`, `${fmt(r.cold.withoutMs, 3)} ms`, `${fmt(r.expressionOverhead, 2)}×`],
  },
  {
    module: 'bench/reconcile.ts', key: 'reconcile.ratioToSweep', target: ['<=', 1.2], keep: 'reconcile',
    value: (r) => r.ratioToSweep,
    cells: (r) => ['reconcile 5k × 50k users @50 ms', `${fmt(r.at50ms.reconcileMs, 0)} ms`, `sweep ${fmt(r.at50ms.sweepMs, 0)} ms`, `${fmt(r.ratioToSweep, 2)}× (@0 ms ${fmt(r.ratioToSweepAt0ms, 2)}×, CPU ${fmt(r.cpuRatioToSweepAt0ms, 2)}×)`],
  },
  {
    // An Okta app with 10,000 assignments behind the 20-a-minute limit (the stand-in's minute shortened to 15 s):
    // the import's wall time over the least time the limit allows for the requests it made.
    module: 'bench/idp-import.ts okta', key: 'idp.importVsRateFloor', target: ['<=', 1.1], keep: 'details.idpImport',
    value: (r) => r.value,
    cells: (r) => [r.label, r.ours, r.peer, r.ratio],
  },
  {
    // An Entra app with 10,000 assigned people: HTTP requests for their mail/userPrincipalName vs one GET /users/{id} each.
    module: 'bench/idp-import.ts entra', key: 'idp.entraRequestsVsNaive', target: ['>=', 10], keep: 'details.idpEntraRequests',
    value: (r) => r.value,
    cells: (r) => [r.label, r.ours, r.peer, r.ratio],
  },
];

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.env.BENCH_QUICK === '1';
const only = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map((s) => s.trim())) : undefined;
const wanted = (section) => !only || only.has(section);
const started = Date.now();
const log = (s) => process.stderr.write(`[bench] ${s}\n`);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const spread = (xs) => (xs.length ? [Math.min(...xs), Math.max(...xs)] : undefined);
const TSX = ['--import', 'tsx'];

/** Runs a node child; resolves with the JSON after its `RESULT ` line. */
function runChild(args, { env = {}, timeoutMs = 600_000 } = {}) {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, BENCH_QUICK: quick ? '1' : '0', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    const t = setTimeout(() => { p.kill(); reject(new Error(`timed out: ${args.join(' ')}`)); }, timeoutMs);
    p.stdout.on('data', (d) => { out += d; });
    p.on('exit', (code) => {
      clearTimeout(t);
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code !== 0 || !line) reject(new Error(`${args.join(' ')} exited ${code}${line ? '' : ' without a RESULT line'}`));
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
    const reps = latency === 0 ? (quick ? 3 : 11) : 1;
    const modes = latency === 0 ? ['bare', 'ours'] : ['okta', 'ours'];
    const runs = {};
    for (let r = 0; r < reps; r++) {
      // Alternate which goes first, so a warmer server or a quieter moment favours neither.
      for (const m of r % 2 ? [...modes].reverse() : modes) {
        const x = await runChild([...TSX, 'bench/users-sweep.ts', m, server.baseUrl, '1000', '4']);
        if (x.users !== 50_000) throw new Error(`${m} at ${latency} ms loaded ${x.users} users`);
        (runs[m] ??= []).push(x);
      }
    }
    await server.stop();
    res[latency] = Object.fromEntries(Object.entries(runs).map(([m, xs]) => [m, {
      ms: median(xs.map((x) => x.ms)), allMs: xs.map((x) => Math.round(x.ms)), cpuMs: median(xs.map((x) => x.cpuMs)), requests: xs[0].requests, peakRssMb: Math.max(...xs.map((x) => x.peakRssMb)), runs: xs.length,
    }]));
    const pairRatios = latency === 0 ? runs.ours.map((x, i) => x.ms / runs.bare[i].ms) : [];
    if (pairRatios.length) res[latency].pairRatios = pairRatios.map((x) => Number(x.toFixed(3)));
    log(`users at ${latency} ms: ${Object.entries(res[latency]).filter(([m]) => m !== 'pairRatios').map(([m, v]) => `${m} ${v.ms.toFixed(0)} ms (${v.requests} requests, ${v.peakRssMb.toFixed(0)} MB)`).join(', ')}`);
  }
  return res;
}

function editor() {
  const dir = mkdtempSync(join(tmpdir(), 'scim-bench-'));
  const file = join(dir, 'activation.json');
  const r = spawnSync(process.execPath, ['scripts/test-editor.mjs'], {
    cwd: ROOT, env: { ...process.env, SCIM_TEST_GREP: 'activation benchmark', SCIM_BENCH_ACTIVATION_OUT: file }, stdio: ['ignore', 'inherit', 'inherit'], timeout: 300_000,
  });
  let v;
  if (existsSync(file)) v = JSON.parse(readFileSync(file, 'utf8'));
  rmSync(dir, { recursive: true, force: true });
  if (!v) throw new Error(`the in-editor run wrote nothing (exit ${r.status})`);
  return v;
}

/** The lines of `file:line:col: …` output (either tool's), as a sorted list of line numbers. */
function findingLines(stdout) {
  return [...stdout.matchAll(/^[^\n]*?:(\d+):\d+: /gm)].map((m) => Number(m[1])).sort((a, b) => a - b);
}

/**
 * A fresh `scim-provisioning validate` process on the typical file against a fresh process running
 * yaml-language-server's doValidation with the schema (bench/yls-validate.mjs): wall time of each,
 * alternated, medians. Both must report the planted error, on the same line, and nothing else.
 */
function cli() {
  // Not under a dot-folder: yaml-language-server's fileMatch would not match the file there.
  const dir = mkdtempSync(join(tmpdir(), 'scim-bench-'));
  const file = join(dir, 'typical.scim.yaml');
  const { text, errorLines } = generateConfig(SIZES.typical, { errors: true });
  writeFileSync(file, text);
  const tools = {
    ours: [join(ROOT, 'dist/cli.js'), 'validate', file],
    yls: [join(ROOT, 'bench/yls-validate.mjs'), file],
  };
  const want = errorLines.map((l) => l + 1);
  const ms = { ours: [], yls: [] };
  const reps = quick ? 5 : 15;
  for (let r = 0; r < reps; r++) {
    for (const tool of r % 2 ? ['yls', 'ours'] : ['ours', 'yls']) {
      const t = performance.now();
      const p = spawnSync(process.execPath, tools[tool], { cwd: dir, encoding: 'utf8' });
      ms[tool].push(performance.now() - t);
      const lines = findingLines(p.stdout);
      if (p.status !== 1 || JSON.stringify(lines) !== JSON.stringify(want)) {
        throw new Error(`${tool}: the CLI tools disagree on ${file}: exit ${p.status}, findings on lines ${lines.join(', ')}; expected exit 1 and line ${want.join(', ')}\n${p.stdout}${p.stderr}`);
      }
    }
  }
  rmSync(dir, { recursive: true, force: true });
  const ratios = ms.ours.map((o, i) => ms.yls[i] / o);
  return { oursMs: median(ms.ours), ylsMs: median(ms.yls), ratio: median(ms.yls) / median(ms.ours), pairRatioSpread: spread(ratios), allOursMs: ms.ours.map(Math.round), allYlsMs: ms.yls.map(Math.round), reps };
}

/** results.json path → value. */
function at(obj, key) {
  return key.split('.').reduce((o, k) => (o === undefined || o === null ? undefined : o[k]), obj);
}
function setAt(obj, key, value) {
  const parts = key.split('.');
  let o = obj;
  for (const p of parts.slice(0, -1)) o = o[p] ??= {};
  o[parts[parts.length - 1]] = value;
}

async function main() {
  for (const f of ['dist/extension.js', 'dist/network.js', 'dist/simulate.js', 'dist/idp-entra.js', 'dist/validate-worker.js', 'dist/cli.js', 'dist/cli-main.js']) {
    if (!existsSync(join(ROOT, f))) throw new Error(`${f} is missing: run npm run build first`);
  }
  const size = (f) => statSync(join(ROOT, f)).size;
  const version = (p) => JSON.parse(readFileSync(join(ROOT, 'node_modules', p, 'package.json'), 'utf8')).version;
  const results = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    loadAverageAtStart: loadavg().map((x) => Number(x.toFixed(2))),
    peers: { 'yaml-language-server': version('yaml-language-server'), yaml: version('yaml') },
    quick,
    validation: {},
    users: {},
    activation: {
      bundleBytes: size('dist/extension.js'),
      networkBundleBytes: size('dist/network.js'),
      simulateBundleBytes: size('dist/simulate.js'),
      entraBundleBytes: size('dist/idp-entra.js'),
      workerBundleBytes: size('dist/validate-worker.js'),
      cliBundleBytes: size('dist/cli.js'),
      bundleKB: size('dist/extension.js') / 1024,
    },
    cli: {},
    details: {},
  };
  let v;
  if (wanted('validation')) {
    log('validation vs yaml-language-server …');
    v = await runChild([...TSX, 'bench/validation.mts'], { timeoutMs: 480_000 });
    Object.assign(results.validation, {
      coldRatio: { typical: v.cold.typical.ratio, large: v.cold.large.ratio, huge: v.cold.huge.ratio },
      coldMs: v.cold,
      editRatioLarge: v.edit.ratio,
      editMs: v.edit,
      typicalMs: v.typicalMs,
      typicalIncrementalMs: v.typicalIncrementalMs,
    });
  }
  if (wanted('eventloop')) {
    const e = await runChild(['--expose-gc', ...TSX, 'bench/eventloop.mts']);
    Object.assign(results.validation, { maxEventLoopBlockMs: e.maxBlockMs, eventLoop: e });
  }
  let u;
  if (wanted('users')) {
    log('users sweep …');
    u = await users();
    Object.assign(results.users, {
      speedupAt50ms: u[50].okta.ms / u[50].ours.ms,
      overheadAt0ms: u[0].ours.ms / u[0].bare.ms,
      overheadAt0msSpread: spread(u[0].pairRatios),
      peakRssMb: { okta50: u[50].okta.peakRssMb, ours50: u[50].ours.peakRssMb, bare0: u[0].bare.peakRssMb, ours0: u[0].ours.peakRssMb },
      sweeps: u,
    });
  }
  let act;
  if (wanted('editor') && process.env.BENCH_SKIP_EDITOR !== '1') {
    log('activation and a large config in the editor …');
    act = editor();
    Object.assign(results.activation, { activateMs: act.activationMs ?? null, editorLargeConfig: act.large, smallFileTypeToChangeEventMs: act.smallFileTypeToChangeEventMs ?? null });
  }
  let c;
  if (wanted('cli')) {
    log('CLI: fresh processes, ours vs yaml-language-server …');
    c = cli();
    Object.assign(results.cli, { coldRatioVsYls: c.ratio, ...c });
  }
  const extras = [];
  for (const x of EXTRA) {
    if (!wanted(x.key) && !wanted(x.key.split('.')[0])) continue;
    log(`${x.module} …`);
    const r = await runChild([...TSX, ...x.module.split(' ')]);
    const value = x.value ? x.value(r) : r.value;
    if (typeof value !== 'number') throw new Error(`${x.module}: RESULT without a numeric value`);
    if (x.keep) setAt(results, x.keep, r);
    else if (r.details) results.details[x.key] = r.details;
    setAt(results, x.key, value);
    extras.push({ ...x, r, value });
  }
  results.totalSeconds = (Date.now() - started) / 1000;

  // The table: one row per figure, its target and whether this run met it.
  const f = fmt;
  const sym = { '>=': '≥', '<=': '≤', '<': '<', '>': '>' };
  const rows = [];
  const targets = {};
  const row = (label, ours, peer, ratio, key, target) => {
    let verdict = '';
    if (key && target) {
      const value = at(results, key);
      const [op, limit] = target;
      const met = typeof value === 'number' && (op === '>=' ? value >= limit : op === '<=' ? value <= limit : op === '<' ? value < limit : value > limit);
      targets[key] = { value: value ?? null, target: `${sym[op]} ${limit}`, met };
      verdict = met ? 'met' : 'MISSED';
    }
    rows.push([label, ours, peer, ratio, target ? `${sym[target[0]]} ${target[1]}` : 'reported', verdict]);
  };
  if (v) {
    const cd = v.cold;
    const sp = (s) => (s ? ` (${f(s[0], 1)}–${f(s[1], 1)})` : '');
    row('cold typical (60 lines)', `${f(cd.typical.ours, 2)} ms`, `${f(cd.typical.yls, 2)} ms`, `${f(cd.typical.ratio, 1)}×${sp(cd.typical.pairRatioSpread)}`, 'validation.coldRatio.typical', ['>=', 3]);
    row('cold large (15k lines)', `${f(cd.large.ours)} ms`, `${f(cd.large.yls)} ms`, `${f(cd.large.ratio, 1)}×${sp(cd.large.pairRatioSpread)}`, 'validation.coldRatio.large', ['>=', 3]);
    row('cold huge (150k lines)', `${f(cd.huge.ours, 0)} ms`, `${f(cd.huge.yls, 0)} ms`, `${f(cd.huge.ratio, 1)}×${sp(cd.huge.pairRatioSpread)}`, 'validation.coldRatio.huge', ['>=', 3]);
    row('edit one value, large', `${f(v.edit.ours)} ms`, `${f(v.edit.yls)} ms`, `${f(v.edit.ratio)}×`, 'validation.editRatioLarge', ['>=', 10]);
    row('typical, warm', `${f(v.typicalMs, 3)} ms`, '', '', 'validation.typicalMs', ['<', 2]);
  }
  if (results.validation.eventLoop) {
    const e = results.validation.eventLoop;
    row('event loop max, huge (worker)', `${f(e.maxBlockMs)} ms`, `idle ${f(e.idleMaxMs)} ms`, `p99 ${f(e.p99Ms)} ms`, 'validation.maxEventLoopBlockMs', ['<=', 50]);
  }
  if (u) {
    row('users 50k @50 ms vs Okta-style', `${f(u[50].ours.ms, 0)} ms`, `${f(u[50].okta.ms, 0)} ms`, `${f(results.users.speedupAt50ms)}×`, 'users.speedupAt50ms', ['>=', 20]);
    const s = results.users.overheadAt0msSpread;
    row('users 50k @0 ms vs bare undici', `${f(u[0].ours.ms, 0)} ms`, `${f(u[0].bare.ms, 0)} ms`, `${f(results.users.overheadAt0ms, 2)}× ours/bare${s ? ` (${f(s[0], 2)}–${f(s[1], 2)})` : ''}`, 'users.overheadAt0ms', ['<=', 1.1]);
    row('users peak RSS @50 ms', `${f(u[50].ours.peakRssMb, 0)} MB`, `${f(u[50].okta.peakRssMb, 0)} MB`, '', undefined, undefined);
  }
  row('bundle dist/extension.js', `${f(results.activation.bundleBytes / 1024)} KB`, '', '', 'activation.bundleKB', ['<=', 400]);
  const kb = (k) => `${f(results.activation[k] / 1024, 0)} KB`;
  row('bundles loaded on first use', `network ${kb('networkBundleBytes')}, simulate ${kb('simulateBundleBytes')}`, `Entra ${kb('entraBundleBytes')}, worker ${kb('workerBundleBytes')}`, `CLI ${kb('cliBundleBytes')}`, undefined, undefined);
  if (act) {
    row('activate() in the editor', `${f(results.activation.activateMs, 2)} ms`, '', '', 'activation.activateMs', ['<=', 20]);
    const l = act.large ?? {};
    row('editor: 413 KB config, edit→diag', `${f(l.editToDiagnosticsMs, 0)} ms`, `host max delay ${f(l.maxEventLoopDelayMs, 0)} ms`, `type→change event ${f(l.editToChangeEventMs, 0)} ms (small file ${f(act.smallFileTypeToChangeEventMs, 0)} ms), →diag ${f(l.changeEventToDiagnosticsMs, 0)} ms`, 'activation.editorLargeConfig.editToDiagnosticsMs', ['<=', 250]);
  }
  if (c) row('CLI validate typical (fresh process)', `${f(c.oursMs, 0)} ms`, `${f(c.ylsMs, 0)} ms`, `${f(c.ratio, 1)}× (${f(c.pairRatioSpread[0], 1)}–${f(c.pairRatioSpread[1], 1)})`, 'cli.coldRatioVsYls', ['>=', 4]);
  for (const { r, key, target, cells, value } of extras) {
    const [label, ours, peer, ratio] = cells ? cells(r) : [r.label ?? key, r.ours ?? '', r.peer ?? '', r.ratio ?? `${f(value, 2)}×`];
    row(label, ours, peer, ratio, key, target);
  }

  results.targets = targets;
  writeFileSync(join(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);

  const header = ['benchmark', 'ours', 'peer', 'ratio', 'target', ''];
  const all = [header, ...rows];
  const w = header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r) => `| ${r.map((x, i) => x.padEnd(w[i])).join(' | ')} |`;
  console.log([line(header), `|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`, ...rows.map(line)].join('\n'));
  const missed = Object.entries(targets).filter(([, t]) => !t.met).map(([k]) => k);
  console.log(`\n${results.date} · node ${results.node} · ${results.cpus} × ${results.cpuModel} · load ${results.loadAverageAtStart.join(' ')} at start · yaml-language-server ${results.peers['yaml-language-server']} · ${results.totalSeconds.toFixed(0)} s · bench/results.json`);
  if (missed.length) console.log(`targets missed in this run: ${missed.join(', ')}`);
  if (missed.length && process.env.BENCH_STRICT === '1') process.exitCode = 1;
}

main().catch((e) => { console.error(`[bench] FAILED: ${e instanceof Error ? e.stack : e}`); process.exit(1); });
