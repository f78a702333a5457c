// Deterministic fuzzing of the Okta expression language (seeded PRNG): expressions generated from the
// grammar and mutations of the reference's examples never make the parser, checker, evaluator,
// completion or hover throw; every problem's range and every fix's edit lies inside the expression,
// and a fix applied yields text the checker again answers without an exception. The work is bounded
// by construction (length, nesting and step limits); the worst times are measured by
// `bench/expressions.mts`, not asserted here.
import assert from 'node:assert/strict';
import { okta } from '../../../../src/core/idp/okta/module';
import { clearOktaCache } from '../../../../src/core/idp/okta/module';
import type { ExpressionContext, ExpressionSite } from '../../../../src/core/idp/types';
import { prng } from '../../config/helpers';
import { mutate } from '../fuzzHelpers';
import { applyEdits } from '../../../../src/core/config/fixes';

const SEEDS = [
  'user.firstName + " " + user.lastName', 'String.substringBefore(user.email, "@")', 'String.toLowerCase(String.substring(user.firstName, 0, 1)) + user.lastName',
  'user.department == "Sales" ? "S" : (user.title != null ? user.title : "x")', 'Arrays.contains({10, 20, 30}, 10)', "user.title matches '(?i)engineer'",
  'String.stringSwitch(user.title, "default", "a", "b", "c", "d")', 'toUpperCase(substringBefore(substringAfter(user.email, "@"), ".")) + "\\" + user.login',
  'user.getInternalProperty("id")', 'user.getGroups({"group.profile.name": "Everyone"}).![name]', 'isMemberOfGroupName("g") AND !user.isContractor',
  'Convert.toInt("12") + 1', 'user.email ?: user.login', '{1, 2, 3}[0]', "'it''s'", 'getManagerUser("active_directory").firstName',
];

const PIECES = ['(', ')', '[', ']', '{', '}', ',', '.', '?', ':', '?:', '!', '+', '-', '*', '/', '%', '^', '==', '!=', '<', '>=', '=', 'AND', 'OR', 'NOT', 'matches',
  '"', "'", '""', '\\', ' ', '\t', '\n', 'user', 'user.', 'String.', 'Arrays.', 'appuser.', 'null', 'true', '0', '123456789012345678901234567890', '1.5e3',
  'é', '😀', '\ud800', '\u0000', '\u0007', '\u202e', '\ufeff', '“', '#', '$', '@', '..', '.!', '.?[', '?.', 'firstName', 'substring(', 'String.len('];

const ATTRS = ['firstName', 'lastName', 'email', 'login', 'title', 'fristName', 'isContractor', 'salary', 'x'];
const FUNCS = ['String.toLowerCase', 'String.substring', 'String.join', 'String.stringSwitch', 'String.len', 'Arrays.size', 'Arrays.get', 'Convert.toInt',
  'toUpperCase', 'substring', 'isMemberOfGroupName', 'Time.now', 'String.replaceFirst', 'String.nope', 'Strings.append', 'user.getInternalProperty'];

function generate(rnd: () => number, depth: number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  if (depth <= 0 || rnd() < 0.25) {
    switch (Math.floor(rnd() * 5)) {
      case 0: return `user.${pick(ATTRS)}`;
      case 1: return JSON.stringify(pick(['', 'a', 'This is a test', '@', '(?i)x', '[', 'é😀']));
      case 2: return String(Math.floor(rnd() * 20) - 5);
      case 3: return pick(['null', 'true', 'false', "'q''s'"]);
      default: return `{${Array.from({ length: Math.floor(rnd() * 3) }, () => generate(rnd, 0)).join(', ')}}`;
    }
  }
  switch (Math.floor(rnd() * 6)) {
    case 0: return `${generate(rnd, depth - 1)} ${pick(['+', '-', '==', '!=', '<', '>=', 'AND', 'OR', 'matches', '*', '/', '%'])} ${generate(rnd, depth - 1)}`;
    case 1: return `${generate(rnd, depth - 1)} ? ${generate(rnd, depth - 1)} : ${generate(rnd, depth - 1)}`;
    case 2: return `(${generate(rnd, depth - 1)})`;
    case 3: return `!${generate(rnd, depth - 1)}`;
    case 4: return `${generate(rnd, depth - 1)} ?: ${generate(rnd, depth - 1)}`;
    default: return `${pick(FUNCS)}(${Array.from({ length: Math.floor(rnd() * 4) }, () => generate(rnd, depth - 1)).join(', ')})`;
  }
}


describe('Okta expression fuzz', function () {
  this.timeout(120_000);

  it('4,000 generated and mutated expressions: no exception, every range inside, fixes re-check', () => {
    const rnd = prng(0x0c7a);
    const person = okta.personProfile({ userName: 'jane@example.com', givenName: 'Jane', familyName: 'Doe', profile: { title: 'Engineer', salary: 10, isContractor: false } });
    const kinds = { value: 0, unknown: 0, error: 0 };
    let withProblems = 0;
    let fixesApplied = 0;
    for (let n = 0; n < 4000; n++) {
      clearOktaCache();
      const base = n % 2 ? generate(rnd, 1 + Math.floor(rnd() * 5)) : SEEDS[n % SEEDS.length];
      const expr = n % 3 === 0 ? base : mutate(base, rnd, PIECES);
      const context: ExpressionContext = n % 5 === 0 ? 'saml' : 'mapping';
      const site: ExpressionSite = { context, key: 'givenName', customAttributes: n % 7 ? ['salary', 'isContractor'] : [] };
      const problems = okta.check(expr, site);
      if (problems.length) withProblems++;
      for (const p of problems) {
        assert.ok(p.start >= 0 && p.start <= p.end && p.end <= Math.max(expr.length, 1), `case ${n} ${JSON.stringify(expr)}: ${p.code} [${p.start}, ${p.end}]`);
        assert.ok(p.message.length > 10 && !/`/.test(p.message), `case ${n}: ${p.message}`);
        for (const f of p.fixes ?? []) {
          for (const e of f.edits) assert.ok(e.start >= 0 && e.start <= e.end && e.end <= expr.length, `case ${n}: fix edit out of range`);
          okta.check(applyEdits(expr, f.edits), site);
          fixesApplied++;
        }
      }
      kinds[okta.evaluate(expr, person).kind]++;
      okta.canonical(expr);
      const off = Math.floor(rnd() * (expr.length + 1));
      for (const c of okta.completions(expr, off, site)) assert.ok(c.start >= 0 && c.start <= off && c.end >= off && c.end <= expr.length, `case ${n}: completion range`);
      const h = okta.hover(expr, off, site);
      if (h) assert.ok(h.start <= off && off <= h.end, `case ${n}: hover range`);
    }
    // The run is not vacuous: all kinds of outcomes happen.
    assert.ok(withProblems > 1000 && withProblems < 3900, `${withProblems} with problems`);
    assert.ok(kinds.value > 300 && kinds.error > 300 && kinds.unknown > 50, JSON.stringify(kinds));
    assert.ok(fixesApplied > 300, `${fixesApplied} fixes applied`);
  });
});
