// Validation benchmark (run by bench/run.mjs in its own process): ours vs yaml-language-server's
// doValidation with the project's schema, on generated files with ~1% planted errors.
// Prints one JSON line (prefixed `RESULT `) with the figures. Fails (exit 1) when the two tools do
// not report exactly the planted errors, or when ours (fast path, chunked, edited) differs from
// today's full parse (yaml's parseDocument) in any finding, offset or fix.
import { deepStrictEqual, ok } from 'node:assert';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getLanguageService } from 'yaml-language-server';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { generateConfig, SIZES } from './generate.cjs';
import { validateConfig, validateParsed } from '../src/core/config/validate';
import { IncrementalValidator, WORKER_THRESHOLD } from '../src/core/config/incremental';
import { parseConfig } from '../src/core/config/yaml/parse';
import { fastParse } from '../src/core/config/yaml/fastYaml';
import { LineIndex } from '../src/core/config/yaml/lineIndex';
import type { Finding } from '../src/core/config/types';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const schema = JSON.parse(readFileSync(join(ROOT, 'schemas/provisioning-config.schema.json'), 'utf8'));
const SCHEMA_URI = 'file:///bench/provisioning-config.schema.json';
const ls = getLanguageService({
  schemaRequestService: async (uri: string) => { if (uri === SCHEMA_URI) return JSON.stringify(schema); throw new Error(`no schema ${uri}`); },
  workspaceContext: { resolveRelativePath: (rel: string, res: string) => new URL(rel, res).toString() },
} as Parameters<typeof getLanguageService>[0]);
ls.configure({ validate: true, completion: false, hover: false, format: false, schemas: [{ uri: SCHEMA_URI, fileMatch: ['*.scim.yaml'], schema }] } as Parameters<typeof ls.configure>[0]);

let version = 0;
async function yls(text: string): Promise<{ ms: number; lines: number[] }> {
  // One URI, a new version each time: yaml-language-server parses again (its cache is per URI and version)
  // and keeps one document, not every one it was ever given.
  const doc = TextDocument.create('file:///bench/bench.scim.yaml', 'yaml', ++version, text);
  const t = performance.now();
  const diags = await ls.doValidation(doc, false);
  const ms = performance.now() - t;
  return { ms, lines: [...new Set(diags.map((d) => d.range.start.line))].sort((a, b) => a - b) };
}

/**
 * Cold full validation the way the extension does it: validateConfig below WORKER_THRESHOLD; above it,
 * the worker's incremental validator with an empty cache (one whole-document parse, then its chunks
 * are cached from it).
 */
function ours(text: string): { ms: number; findings: Finding[] } {
  const t = performance.now();
  const findings = text.length > WORKER_THRESHOLD ? new IncrementalValidator().validate(text) : validateConfig(text);
  return { ms: performance.now() - t, findings };
}

/** Today's findings: yaml's parseDocument for the whole text, never the fast path. */
function today(text: string): Finding[] {
  return validateParsed(parseConfig(text, { fastPath: false }));
}

const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const log = (s: string): void => { process.stderr.write(`${s}\n`); };

async function main(): Promise<void> {
  const quick = process.env.BENCH_QUICK === '1';
  const runs: Record<string, number> = { typical: quick ? 11 : 31, large: quick ? 3 : 7, huge: quick ? 1 : 3 };
  const out: Record<string, unknown> = {};
  const cold: Record<string, unknown> = {};
  const texts: Record<string, string> = {};
  for (const [name, n] of Object.entries(SIZES) as [keyof typeof SIZES, number][]) {
    const { text, errorLines, lines } = generateConfig(n, { errors: true });
    texts[name] = text;
    // Both tools report exactly the planted errors (a wrong type), each on its line; ours equals today's.
    const y = await yls(text);
    const o = ours(text);
    deepStrictEqual(o.findings, today(text), `${name}: the fast path's findings differ from yaml's parseDocument`);
    const idx = new LineIndex(text);
    const ourLines = [...new Set(o.findings.map((f) => idx.positionAt(f.start).line - 1))].sort((a, b) => a - b);
    deepStrictEqual(y.lines, errorLines, `${name}: yaml-language-server reports lines ${y.lines.join(', ')}, the planted errors are on ${errorLines.join(', ')}`);
    deepStrictEqual(ourLines, errorLines, `${name}: ours reports lines ${ourLines.join(', ')}, the planted errors are on ${errorLines.join(', ')}`);
    const ym: number[] = [];
    const om: number[] = [];
    for (let r = 0; r < runs[name]; r++) {
      // Alternate which goes first, so neither always runs right after the other's garbage.
      if (r % 2) { om.push(ours(text).ms); ym.push((await yls(text)).ms); } else { ym.push((await yls(text)).ms); om.push(ours(text).ms); }
    }
    const ratios = om.map((x, i) => ym[i] / x);
    cold[name] = {
      ours: median(om), yls: median(ym), ratio: median(ym) / median(om), pairRatioSpread: [Math.min(...ratios), Math.max(...ratios)],
      lines, bytes: text.length, planted: errorLines.length, fastPath: fastParse(text) !== undefined, path: text.length > WORKER_THRESHOLD ? 'worker (chunk cache seeded)' : 'validateConfig',
    };
    log(`cold ${name}: ours ${median(om).toFixed(1)} ms, yaml-language-server ${median(ym).toFixed(1)} ms, ${(median(ym) / median(om)).toFixed(2)}× (pairs ${Math.min(...ratios).toFixed(1)}–${Math.max(...ratios).toFixed(1)}); ${errorLines.length} planted errors reported by both, ours equal to today's`);
  }
  out.cold = cold;

  // Typical config, warm: what each keystroke costs after the debounce.
  const typ = texts.typical;
  for (let i = 0; i < 50; i++) validateConfig(typ);
  const tm: number[] = [];
  for (let i = 0; i < 301; i++) tm.push(ours(typ).ms);
  out.typicalMs = median(tm);
  const inc = new IncrementalValidator();
  const itm: number[] = [];
  for (let i = 0; i < 301; i++) { const t = performance.now(); inc.validate(i % 2 ? typ : typ.replace('region: us', 'region: de')); itm.push(performance.now() - t); }
  out.typicalIncrementalMs = median(itm);
  log(`typical warm: full ${median(tm).toFixed(3)} ms, incremental ${median(itm).toFixed(3)} ms`);

  // Edit-to-diagnostics on the large file: one value inside one assignment.
  const large = texts.large;
  const v = new IncrementalValidator();
  v.validate(large);
  v.parser.warm(); // what the worker does once the first result is out
  const zoneAt: number[] = [];
  for (let i = large.indexOf('    timezone: '); i >= 0; i = large.indexOf('    timezone: ', i + 1)) zoneAt.push(i);
  const edits = quick ? 5 : 11;
  const om: number[] = [];
  const ym: number[] = [];
  const checks: Array<[string, Finding[]]> = [];
  for (let e = 0; e < edits; e++) {
    const at = zoneAt[Math.floor(((e + 1) * zoneAt.length) / (edits + 2))] + '    timezone: '.length;
    const end = large.indexOf('\n', at);
    const edited = large.slice(0, at) + (e % 2 ? 'Asia/Tokio' : 'America/Chicago') + large.slice(end);
    // Alternate which goes first (as for the cold runs), so neither always runs right after the other's garbage.
    if (e % 2) ym.push((await yls(edited)).ms);
    const t = performance.now();
    const got = v.validate(edited);
    om.push(performance.now() - t);
    if (!(e % 2)) ym.push((await yls(edited)).ms);
    ok(v.parser.lastFallback === undefined && v.parser.lastParsedChunks <= 2, `edit ${e}: incremental path not taken (${v.parser.lastFallback})`);
    checks.push([edited, got]);
  }
  // Checked after the timed pairs: a full parseDocument of the 413 KB file between them would leave its garbage to the next pair.
  for (const [e, [edited, got]] of checks.entries()) deepStrictEqual(got, today(edited), `edit ${e}: incremental result differs from today's full validation`);
  out.edit = { ours: median(om), yls: median(ym), ratio: median(ym) / median(om), edits };
  log(`edit large: ours ${median(om).toFixed(1)} ms (incremental, equal to today's full validation), yaml-language-server ${median(ym).toFixed(1)} ms`);

  process.stdout.write(`RESULT ${JSON.stringify(out)}\n`);
}

main().catch((e) => { console.error(e); process.exit(1); });
