// Deterministic fuzzing: thousands of mutations of the example config never throw, and every finding's
// range lies inside the text.
import assert from 'node:assert/strict';
import { completionsAt } from '../../../src/core/config/language/completion';
import { applyEdits, fixAll } from '../../../src/core/config/fixes';
import { validateConfig } from '../../../src/core/config/validate';
import { example, prng } from './helpers';
import { documentSymbols } from '../../../src/core/config/language/symbols';
import { hoverAt } from '../../../src/core/config/language/hover';

const SNIPPETS = ['\t', ':', ': ', '"', "'", '&a ', '*a', '- ', '{', '}', '[', ']', '#', '\r\n', '\n', '  ', '---\n', '? ', '|', '>', '!!str ', '%', '@',
  '\u0000', '\uFEFF', 'é', '😀', 'Bearer abcdefghijklmnopqrstuvwx', '00Qb4xGkP1cX2zJ9wR7tYfLmN3sVd8KqHaE6uWj5oT', 'token: ', 'http://', 'region: ', 'Europe/Berlim', 'user.login', 'true', 'false', '~',
  'user.', 'String.', 'String.substringBefore(', ' + ', '(', ')', ' ? ', '==', 'user.fristName', 'toLowerCase(', '[mail]', 'customAttributes: [x]\n', 'profile:\n'];

function mutate(text: string, rnd: () => number): string {
  const lines = text.split('\n');
  const pick = (n: number) => Math.floor(rnd() * n);
  const ops = 1 + pick(3);
  let out = lines;
  for (let k = 0; k < ops; k++) {
    const i = pick(out.length);
    switch (pick(9)) {
      case 0: out.splice(i, 1); break;
      case 1: out.splice(i, 0, out[pick(out.length)]); break;
      case 2: { const j = pick(out.length); [out[i], out[j]] = [out[j], out[i]]; break; }
      case 3: { const l = out[i] ?? ''; const p = pick(l.length + 1); out[i] = l.slice(0, p) + SNIPPETS[pick(SNIPPETS.length)] + l.slice(p); break; }
      case 4: { const l = out[i] ?? ''; const p = pick(l.length + 1); out[i] = l.slice(0, p) + String.fromCharCode(32 + pick(95)) + l.slice(p); break; }
      case 5: out[i] = (out[i] ?? '').replace(/^ {2}/, '\t'); break;
      case 6: out = out.slice(0, i); break;
      case 7: out[i] = (out[i] ?? '').replace(/: (\S+)/, ': &a $1'); out.splice(pick(out.length), 0, `${' '.repeat(pick(3) * 2)}k: *a`); break;
      default: { const l = out[i] ?? ''; out[i] = l.slice(0, pick(l.length + 1)); break; }
    }
  }
  let t = out.join(rnd() < 0.15 ? '\r\n' : '\n');
  if (rnd() < 0.1) t = t.slice(0, pick(t.length + 1));
  return t;
}

describe('config fuzz', function () {
  this.timeout(120_000);

  it('3000 mutations of the example: no exception, ranges inside the text, each call bounded', () => {
    const base = example('flosum-us.scim.yaml');
    const rnd = prng(0x5c1a);
    let worst = 0;
    let withFindings = 0;
    for (let n = 0; n < 3000; n++) {
      const text = mutate(base, rnd);
      const t0 = performance.now();
      const findings = validateConfig(text);
      const dt = performance.now() - t0;
      worst = Math.max(worst, dt);
      assert.ok(dt < 5000, `case ${n} took ${dt.toFixed(0)} ms: a hang, not a slow machine`);
      if (findings.length) withFindings++;
      const secrets = findings.flatMap((f) => (f.fixes ?? []).map((x) => x.secret?.value).filter((v): v is string => !!v));
      for (const v of secrets) assert.ok(!findings.some((f) => f.message.includes(v)), `case ${n}: a secret appears in a message`);
      for (const f of findings) {
        assert.ok(f.start >= 0 && f.start <= f.end && f.end <= text.length, `case ${n}: ${f.code} [${f.start}, ${f.end}] of ${text.length}\n${text}`);
        for (const fix of f.fixes ?? []) {
          for (const e of fix.edits) assert.ok(e.start >= 0 && e.start <= e.end && e.end <= text.length, `case ${n}: fix edit out of range`);
          applyEdits(text, fix.edits);
        }
      }
      if (n % 10 === 0) {
        const off = Math.floor(rnd() * (text.length + 1));
        completionsAt(text, off);
        hoverAt(text, off);
        for (const s of documentSymbols(text)) assert.ok(s.start <= s.end && s.end <= text.length);
        fixAll(text);
      }
    }
    assert.ok(withFindings > 1000, `only ${withFindings} mutated files had findings`);
  });
});
