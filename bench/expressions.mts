// Expression-check benchmark (run by bench/run.mjs in its own process; also `npx tsx bench/expressions.mts`):
// validation of the typical config with and without the identity provider's expression checks, the
// expressions parsed afresh each time (cold: the cache cleared) and from the cache (warm), runs
// interleaved so a noisy moment favours neither; then the bad-input cases the unit tests answer with a
// finding (100 KB, 10,000 nested parentheses, a long valid chain, a fuzz sweep), timed here because
// unit tests assert bounded work, not times. Prints one JSON line prefixed `RESULT `.
import { generateConfig, SIZES } from './generate.cjs';
import { prng } from '../test/support/prng';
import { validateConfig } from '../src/core/config/validate';
import { clearOktaCache, okta } from '../src/core/idp/okta/module';
import type { ExpressionSite } from '../src/core/idp/types';

const quick = process.env.BENCH_QUICK === '1';
const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const log = (s: string): void => { process.stderr.write(`${s}\n`); };

function time(fn: () => unknown): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

function overhead(text: string, reps: number, cold: boolean): { withMs: number; withoutMs: number; ratio: number } {
  const withMs: number[] = [];
  const withoutMs: number[] = [];
  for (let i = 0; i < reps; i++) {
    const order = i % 2 ? [true, false] : [false, true];
    for (const checks of order) {
      if (cold) clearOktaCache();
      const ms = time(() => validateConfig(text, { expressionChecks: checks }));
      (checks ? withMs : withoutMs).push(ms);
    }
  }
  const w = median(withMs);
  const wo = median(withoutMs);
  return { withMs: w, withoutMs: wo, ratio: w / wo };
}

function main(): void {
  const typical = generateConfig(SIZES.typical).text;
  const reps = quick ? 101 : 601;
  // Warm the JIT for both paths before measuring.
  for (let i = 0; i < 200; i++) { clearOktaCache(); validateConfig(typical); validateConfig(typical, { expressionChecks: false }); }
  const cold = overhead(typical, reps, true);
  const warm = overhead(typical, reps, false);
  log(`typical, expressions cold: with ${cold.withMs.toFixed(3)} ms, without ${cold.withoutMs.toFixed(3)} ms, ${cold.ratio.toFixed(3)}×`);
  log(`typical, expressions warm: with ${warm.withMs.toFixed(3)} ms, without ${warm.withoutMs.toFixed(3)} ms, ${warm.ratio.toFixed(3)}×`);

  const site: ExpressionSite = { context: 'mapping', key: 'givenName', customAttributes: [] };
  const person = okta.personProfile({ userName: 'jane@example.com', givenName: 'Jane', familyName: 'Doe' });
  const cases: Record<string, string> = {
    'expression of 100 KB': `user.firstName${' + user.lastName'.repeat(6400)}`,
    '10,000 nested parentheses': `${'('.repeat(10_000)}user.email${')'.repeat(10_000)}`,
    '4,000 nested parentheses (within the length limit)': `${'('.repeat(4000)}1${')'.repeat(4000)}`,
    'valid chain of 600 operands (9.6 KB)': Array.from({ length: 600 }, () => 'user.lastName').join('+'),
    'unterminated string of 9 KB': `String.append(user.firstName, "${'x'.repeat(9000)}`,
  };
  const badInput: Record<string, { checkMs: number; evaluateMs: number; finding: string | null }> = {};
  for (const [name, expr] of Object.entries(cases)) {
    const checkMs: number[] = [];
    const evalMs: number[] = [];
    let finding: string | null = null;
    for (let i = 0; i < (quick ? 3 : 9); i++) {
      clearOktaCache();
      checkMs.push(time(() => { finding = okta.check(expr, site)[0]?.message.slice(0, 80) ?? null; }));
      clearOktaCache();
      evalMs.push(time(() => okta.evaluate(expr, person)));
    }
    badInput[name] = { checkMs: median(checkMs), evaluateMs: median(evalMs), finding };
    log(`${name}: check ${median(checkMs).toFixed(2)} ms, evaluate ${median(evalMs).toFixed(2)} ms — ${finding ?? 'no finding'}`);
  }

  // The worst single check/evaluation over random expressions of up to 2 KB.
  const rnd = prng(0xe1);
  const alphabet = ['user.firstName', 'String.substring(', 'String.join(",", ', '(', ')', ',', '+', ' ? ', ' : ', '"a"', "'b'", '1', '==', 'AND', '!', '{', '}', '[0]', '"'];
  let worstCheck = 0;
  let worstEval = 0;
  for (let n = 0; n < (quick ? 500 : 3000); n++) {
    let e = '';
    const len = Math.floor(rnd() * 400);
    for (let i = 0; i < len; i++) e += alphabet[Math.floor(rnd() * alphabet.length)];
    clearOktaCache();
    worstCheck = Math.max(worstCheck, time(() => okta.check(e, site)));
    clearOktaCache();
    worstEval = Math.max(worstEval, time(() => okta.evaluate(e, person)));
  }
  log(`fuzz worst: check ${worstCheck.toFixed(2)} ms, evaluate ${worstEval.toFixed(2)} ms`);

  process.stdout.write(`RESULT ${JSON.stringify({ expressionOverhead: cold.ratio, cold, warm, reps, badInput, fuzzWorstMs: { check: worstCheck, evaluate: worstEval } })}\n`);
}

main();
