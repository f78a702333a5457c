// Deterministic fuzzing of the Entra ID expression language (seeded PRNG), as for Okta: expressions
// generated from the grammar and mutations of the reference's examples never make the parser, checker,
// evaluator, completion or hover throw; every problem's range and every fix's edit lies inside the
// expression; a fix applied yields text the checker again answers without an exception; the codes are
// the expression codes (Entra has no deprecated forms). The work is bounded by construction (length,
// nesting and step limits, risky regular expressions refused); timings belong to bench/, not here.
import assert from 'node:assert/strict';
import { clearEntraCache, entra } from '../../../../src/core/idp/entra/module';
import type { ExpressionContext, ExpressionSite } from '../../../../src/core/idp/types';
import { prng } from '../../config/helpers';
import { mutate } from '../fuzzHelpers';
import { applyEdits } from '../../../../src/core/config/fixes';

const SEEDS = [
  'Switch([IsSoftDeleted], , "False", "True", "True", "False")', 'Join(" ", [givenName], [surname])', 'Append([userPrincipalName], ".test")',
  'Replace([telephoneNumber], , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", , "${phoneNumber}", , )', 'IIF([country]="USA",IIF([state]="CA","True","False"),"False")',
  'ToLower(Join("@", NormalizeDiacritics(StripSpaces(Join(".",  [givenName], [surname]))), "contoso.com"))', 'FormatDateTime([extensionAttribute1], , "yyyyMMddHHmmss.fZ", "yyyy-MM-dd")',
  'DateDiff("ww", CDate("8/25/2021 5:41:18 PM"), CDate("2012-03-16-07:00"))', 'Word("This,string!has&many separators",3,",!&#")', 'BitAnd(&HF, &HF7)',
  'InStr("repEated","e",3,vbBinaryCompare)', 'Coalesce([mail],[userPrincipalName], "x")', '"Company name: \\"Contoso\\""', 'user.mail', 'ToLowercase(ExtractMailPrefix(user.mail))',
  'PCase([displayName]," \'-")', 'Replace([mailNickname], , "(a+)+$", , "", , )', 'Item(Split([extensionAttribute5], ","), 2)',
];

const PIECES = ['(', ')', '[', ']', ',', ', ,', '"', '\\', '\\"', '=', '<>', '>=', '&', '+', '==', '!', ' ', '\n', 'AND', 'Or', '&H', '&HFF', '-', '1', '0',
  '123456789012345678901234567890', '[mail]', '[Mail]', '[extension_', 'user.', 'user.firstName', 'Switch(', 'Replace(', 'IIF(', 'Mid(', 'Now()',
  '“', "'", '\u0000', '\u202e', '\ufeff', '😀', '\ud800', 'é', 'vbTextCompare', 'True', '(?<x>', '{3}', '${x}', '*', '.*'];

const ATTRS = ['mail', 'givenName', 'surname', 'userPrincipalName', 'IsSoftDeleted', 'proxyAddresses', 'extensionAttribute1', 'mial', 'costCenter', 'department'];
const FUNCS = ['Append', 'Join', 'Switch', 'IIF', 'Replace', 'Mid', 'Left', 'Word', 'ToLower', 'ToUpper', 'Coalesce', 'NormalizeDiacritics', 'StripSpaces', 'Not',
  'IsNull', 'IsPresent', 'CStr', 'CDate', 'DateAdd', 'DateDiff', 'FormatDateTime', 'Item', 'Split', 'Count', 'InStr', 'PCase', 'BitAnd', 'Guid', 'replace', 'Concat',
  'String.toLowerCase', 'ExtractMailPrefix', 'SelectUniqueValue'];

function generate(rnd: () => number, depth: number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  if (depth <= 0 || rnd() < 0.25) {
    switch (Math.floor(rnd() * 6)) {
      case 0: return `[${pick(ATTRS)}]`;
      case 1: return JSON.stringify(pick(['', 'a', 'This is a test', '@', 'd', 'yyyy-MM-dd', '[()\\s-]+', 'é😀', '2021-08-24', '(?<g>\\d+)']));
      case 2: return String(Math.floor(rnd() * 20) - 5);
      case 3: return pick(['vbTextCompare', 'user.mail', '&HF7', 'True']);
      case 4: return '';
      default: return `[${pick(ATTRS)}]`;
    }
  }
  switch (Math.floor(rnd() * 5)) {
    case 0: return `${generate(rnd, depth - 1)} ${pick(['=', '<>', '<', '>=', '&'])} ${generate(rnd, depth - 1)}`;
    case 1: return `(${generate(rnd, depth - 1)})`;
    default: return `${pick(FUNCS)}(${Array.from({ length: Math.floor(rnd() * 5) }, () => generate(rnd, depth - 1)).join(', ')})`;
  }
}


const CODES = new Set(['expression-syntax', 'expression-unknown-attribute', 'expression-unknown-function', 'expression-arguments']);

describe('Entra ID expression fuzz', function () {
  this.timeout(120_000);

  it('4,000 generated and mutated expressions: no exception, every range inside, fixes re-check, only the four codes', () => {
    const rnd = prng(0xe17a);
    const person = entra.personProfile({
      userName: 'jane@example.com', givenName: 'Zoë', familyName: 'Doe',
      profile: { proxyAddresses: ['SMTP:jane@example.com', 'smtp:jd@example.com'], extensionAttribute1: '20150123105347.1Z', department: 'Sales', country: 'USA' },
    });
    const kinds = { value: 0, unknown: 0, error: 0 };
    let withProblems = 0;
    let fixesApplied = 0;
    let cleanAfterFix = 0;
    for (let n = 0; n < 4000; n++) {
      clearEntraCache();
      const base = n % 2 ? generate(rnd, 1 + Math.floor(rnd() * 5)) : SEEDS[n % SEEDS.length];
      const expr = n % 3 === 0 ? base : mutate(base, rnd, PIECES);
      const context: ExpressionContext = n % 5 === 0 ? 'saml' : 'mapping';
      const site: ExpressionSite = { context, key: 'givenName', customAttributes: n % 7 ? ['costCenter', 'country', 'state'] : [] };
      const problems = entra.check(expr, site);
      if (problems.length) withProblems++;
      for (const p of problems) {
        assert.ok(CODES.has(p.code), `case ${n}: ${p.code}`);
        assert.ok(p.start >= 0 && p.start <= p.end && p.end <= Math.max(expr.length, 1), `case ${n} ${JSON.stringify(expr)}: ${p.code} [${p.start}, ${p.end}]`);
        assert.ok(p.message.length > 10 && !/`/.test(p.message), `case ${n}: ${p.message}`);
        for (const f of p.fixes ?? []) {
          for (const e of f.edits) assert.ok(e.start >= 0 && e.start <= e.end && e.end <= expr.length, `case ${n}: fix edit out of range`);
          const after = entra.check(applyEdits(expr, f.edits), site);
          if (f.isPreferred && !after.some((x) => x.start <= p.start && x.code === p.code && x.message === p.message)) cleanAfterFix++;
          fixesApplied++;
        }
      }
      for (const ctx of [context, undefined]) kinds[entra.evaluate(expr, person, ctx).kind]++;
      entra.canonical(expr);
      const off = Math.floor(rnd() * (expr.length + 1));
      for (const c of entra.completions(expr, off, site)) assert.ok(c.start >= 0 && c.start <= off && c.end >= off && c.end <= expr.length, `case ${n}: completion range`);
      const h = entra.hover(expr, off, site);
      if (h) assert.ok(h.start <= off && off <= h.end, `case ${n}: hover range ${JSON.stringify(expr)} at ${off}: [${h.start}, ${h.end}]`);
      if (/^\[[^[\]]*\]$/.test(expr)) assert.equal(entra.unquotedExpression!(expr, site)?.code, 'expression-syntax');
    }
    // The run is not vacuous: all kinds of outcomes happen, and preferred fixes repair the problem they are offered for.
    assert.ok(withProblems > 1000 && withProblems < 3900, `${withProblems} with problems`);
    assert.ok(kinds.value > 500 && kinds.error > 500 && kinds.unknown > 50, JSON.stringify(kinds));
    assert.ok(fixesApplied > 300, `${fixesApplied} fixes applied`);
    assert.ok(cleanAfterFix > 200, `${cleanAfterFix} preferred fixes removed their problem`);
  });
});
