// The Okta checker and parser on the mistakes people make: exact offsets of the offending part, "did
// you mean" with exact-case matches first, fixes that repair the expression, context rules (To App
// mapping vs SAML statement), and bad input (huge, deeply nested, unterminated, control characters)
// answered with a finding, never an exception.
import assert from 'node:assert/strict';
import { okta } from '../../../../src/core/idp/okta/module';
import { MAX_DEPTH, MAX_LENGTH, parseExpression } from '../../../../src/core/idp/okta/parser';
import { checkAst } from '../../../../src/core/idp/okta/check';
import { OKTA_BASE_ATTRIBUTES, OKTA_ID_ATTRIBUTE } from '../../../../src/core/idp/okta/catalog';
import type { ExpressionContext, ExpressionProblem, ExpressionSite } from '../../../../src/core/idp/types';

const site = (context: ExpressionContext = 'mapping', customAttributes: string[] = []): ExpressionSite => ({ context, key: 'givenName', customAttributes });

function only(expr: string, s = site()): ExpressionProblem {
  const p = okta.check(expr, s);
  assert.equal(p.length, 1, `${expr}: ${JSON.stringify(p)}`);
  return p[0];
}

function fixed(expr: string, p: ExpressionProblem, i = 0): string {
  const f = p.fixes?.[i];
  assert.ok(f, `no fix for ${p.message}`);
  return [...f.edits].sort((a, b) => b.start - a.start).reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), expr);
}

function part(expr: string, p: ExpressionProblem): string {
  return expr.slice(p.start, p.end);
}

describe('Okta checker', () => {
  it('a bare user.<attribute> (checked without a parse) gets exactly what the parser and checker give it, in every context', () => {
    const names = [OKTA_ID_ATTRIBUTE, ...OKTA_BASE_ATTRIBUTES].map((a) => a.name);
    const texts = [...names.map((n) => `user.${n}`), ...names.map((n) => `user.${n.toLowerCase()}`), 'user.fristName', 'user.emial', 'user.costCenter', 'user.id2', 'user.x', 'user.'];
    let clean = 0;
    for (const context of ['mapping', 'saml'] as ExpressionContext[]) {
      for (const custom of [[], ['costCenter']]) {
        for (const text of texts) {
          const s = site(context, custom);
          const p = parseExpression(text);
          const expected = p.ok ? checkAst(p.ast, text, s) : [p.problem];
          assert.deepEqual(okta.check(text, s), expected, `${context} ${custom.join()} ${text}`);
          if (!expected.length) clean++;
        }
      }
    }
    assert.ok(clean > 4 * names.length, `most base attributes are clean references (${clean})`);
  });

  describe('expression-unknown-attribute', () => {
    it('flags just the misspelled name, suggests the exact-case match first, and the fix checks clean', () => {
      for (const [typo, want] of [['fristName', 'firstName'], ['firstname', 'firstName'], ['lastname', 'lastName'], ['emial', 'email'], ['EMAIL', 'email'],
        ['timeZone', 'timezone'], ['givenName', 'firstName'], ['surname', 'lastName'], ['mail', 'email'], ['userName', 'login']] as const) {
        const expr = `String.toLowerCase(user.${typo})`;
        const p = only(expr);
        assert.equal(p.code, 'expression-unknown-attribute');
        assert.equal(part(expr, p), typo);
        assert.equal(p.message, `Unknown attribute 'user.${typo}': did you mean 'user.${want}'?`);
        assert.ok(p.fixes![0].isPreferred);
        assert.deepEqual(okta.check(fixed(expr, p), site()), [], typo);
      }
    });

    it('custom attributes come from app.customAttributes (case-sensitive), and win suggestions', () => {
      assert.deepEqual(okta.check('user.costCenterCode', site('mapping', ['costCenterCode'])), []);
      const p = only('user.costcentercode', site('mapping', ['costCenterCode']));
      assert.equal(p.message, "Unknown attribute 'user.costcentercode': did you mean 'user.costCenterCode'?");
      const none = only('user.badgeNumber');
      assert.equal(none.message, "Unknown attribute 'user.badgeNumber': declare it in app.customAttributes if your Okta profile has it.");
      assert.match(none.detail!, /login, email, secondEmail/);
      assert.equal(none.fixes, undefined);
    });

    it('every base attribute and user.id is known; names are case-sensitive', () => {
      for (const a of okta.attributes([])) assert.deepEqual(okta.check(`user.${a.name}`, site()), [], a.name);
      assert.equal(okta.attributes([]).length, 32);
      assert.equal(only('user.ID').fixes![0].edits[0].newText, 'id');
    });

    it("appuser./source./idpuser. belong elsewhere: the fix writes user. and the same attribute", () => {
      for (const root of ['appuser', 'source', 'idpuser']) {
        const expr = `${root}.firstName + "x"`;
        const p = only(expr);
        assert.equal(p.code, 'expression-unknown-attribute');
        assert.equal(part(expr, p), `${root}.firstName`);
        assert.match(p.message, /use 'user\.firstName'/);
        assert.equal(fixed(expr, p), 'user.firstName + "x"');
      }
    });

    it('session. only in SAML statements; access. only in OIDC claims', () => {
      assert.deepEqual(okta.check('Arrays.contains(session.amr, "mfa")', site('saml')), []);
      assert.match(only('session.amr', site('mapping')).message, /only in SAML attribute statements/);
      assert.match(only('access.scope', site('saml')).message, /only in OAuth 2\.0\/OIDC claims/);
    });

    it('a bare name gets the user. form; an unknown root gets the nearest', () => {
      const p = only('firstName');
      assert.equal(p.message, "'firstName' is not a reference Okta knows: did you mean 'user.firstName'?");
      assert.equal(fixed('firstName', p), 'user.firstName');
      assert.equal(only('usr.email').code, 'expression-unknown-attribute');
      assert.match(only('jane').message, /attributes are written user\.<name>, text in quotes \("jane"\)/);
    });

    it('several mistakes in one expression: one problem each, in order', () => {
      const p = okta.check('user.fristName + " " + user.lastname', site());
      assert.deepEqual(p.map((x) => x.message), ["Unknown attribute 'user.fristName': did you mean 'user.firstName'?", "Unknown attribute 'user.lastname': did you mean 'user.lastName'?"]);
    });
  });

  describe('expression-unknown-function', () => {
    it('a wrong case or a near miss, within the namespace; the fix replaces only the name', () => {
      for (const [bad, want] of [['String.tolowercase', 'String.toLowerCase'], ['String.toLowercase', 'String.toLowerCase'], ['String.contains', 'String.stringContains'],
        ['String.length', 'String.len'], ['String.substr', 'String.substring'], ['Arrays.count', undefined]] as const) {
        const expr = `${bad}(user.email, "a")`;
        const p = only(expr);
        assert.equal(p.code, 'expression-unknown-function', bad);
        assert.equal(part(expr, p), bad.split('.')[1]);
        if (want) {
          assert.equal(p.message, `Unknown function '${bad}': did you mean '${want}'?`);
          assert.equal(fixed(expr, p).split('(')[0], want);
        } else {
          assert.match(p.message, /Arrays has add, remove/);
        }
      }
    });

    it('a misspelled namespace: Strings., string., Array.', () => {
      for (const [bad, want] of [['Strings.append', 'String.append'], ['string.toLowerCase', 'String.toLowerCase'], ['Array.size', 'Arrays.size']]) {
        const expr = `${bad}(user.email)`;
        const p = okta.check(expr, site()).find((x) => x.code === 'expression-unknown-function')!;
        assert.equal(p.message, `Unknown function '${bad}': did you mean '${want}'?`);
        assert.equal(fixed(expr, p).split('(')[0], want);
      }
    });

    it('a String function without its namespace, or an unknown global', () => {
      assert.equal(only('stringContains(user.email, "@")').message, "Unknown function 'stringContains': did you mean 'String.stringContains'?");
      assert.equal(only('ismemberofgroupname("x")').message, "Unknown function 'ismemberofgroupname': did you mean 'isMemberOfGroupName'?");
      assert.match(only('frobnicate(user.email)').message, /Okta has no such function/);
    });

    it('group-claim functions only in SAML statements; an attribute called like a function', () => {
      assert.deepEqual(okta.check('getFilteredGroups({"00g1"}, "group.name", 40)', site('saml')), []);
      assert.match(only('getFilteredGroups({"00g1"}, "group.name", 40)', site('mapping')).message, /works only in group claims and SAML group statements, not in To App mappings/);
      const p = only('user.email()');
      assert.equal(p.message, "'user.email' is an attribute, not a function: remove the parentheses.");
      assert.equal(fixed('user.email()', p), 'user.email');
    });
  });

  describe('expression-arguments', () => {
    it('too few: names what is missing, no guess at a fix; too many: a fix removes the extra', () => {
      const few = only('String.substringBefore(user.email)');
      assert.equal(few.message, 'String.substringBefore takes 2 arguments (input, searchString), not 1: add searchString.');
      assert.equal(part('String.substringBefore(user.email)', few), '(user.email)');
      assert.equal(few.fixes, undefined);
      const many = only('String.toUpperCase(user.email, "x", "y")');
      assert.equal(many.message, 'String.toUpperCase takes 1 argument (input), not 3: remove the extra 2.');
      assert.equal(fixed('String.toUpperCase(user.email, "x", "y")', many), 'String.toUpperCase(user.email)');
    });

    it('variadic and optional parameters; stringSwitch takes key/value pairs', () => {
      for (const ok of ['String.join(",", user.firstName)', 'String.join(",", user.a1, user.a2, user.a3)', 'Time.now()', 'Time.now("EST", "HH:mm")',
        'String.stringSwitch(user.title, "x")', 'String.stringSwitch(user.title, "x", "a", "b")']) {
        assert.deepEqual(okta.check(ok, site('mapping', ['a1', 'a2', 'a3'])), [], ok);
      }
      assert.match(only('String.stringSwitch(user.title, "x", "a")').message, /key\/value pairs after its first 2 arguments: add the value of the last key/);
      assert.match(only('Time.now("EST", "HH:mm", 1)').message, /takes 0 to 2 arguments/);
      assert.match(only('user.getInternalProperty("login")').message, /reads "id" or "status", not "login"/);
    });
  });

  describe('expression-deprecated', () => {
    it('the five legacy forms: a warning whose fix writes String.', () => {
      for (const f of ['toUpperCase(user.login)', 'toLowerCase(user.login)', 'substringBefore(user.login, "@")', 'substringAfter(user.login, "@")', 'substring(user.login, 0, 3)']) {
        const p = only(f);
        assert.equal(p.code, 'expression-deprecated');
        assert.equal(p.severity, 'warning');
        assert.equal(part(f, p), f.split('(')[0]);
        assert.deepEqual(okta.check(fixed(f, p), site()), []);
      }
      assert.deepEqual(okta.check('substring(user.login, 0)', site()).map((p) => p.code), ['expression-deprecated', 'expression-arguments']);
    });
  });

  describe('expression-syntax', () => {
    const cases: [string, RegExp, string | undefined][] = [
      ['String.substringBefore(user.lastName, " "', /^Missing '\)' to close 'String\.substringBefore\(': add '\)' at the end\.$/, 'String.substringBefore(user.lastName, " ")'],
      ['String.substringBefore(user.lastName, " ', /^The string that starts here is not closed: add the closing " \(and '\)'\) at the end\.$/, 'String.substringBefore(user.lastName, " ")'],
      ['String.toLowerCase(String.substringBefore(user.email, "@")', /add '\)' at the end/, 'String.toLowerCase(String.substringBefore(user.email, "@"))'],
      ['user.email)', /^Unexpected '\)': remove it/, 'user.email'],
      ['user.firstName user.lastName', /^Missing operator between 'user\.firstName' and 'user\.lastName': join them with '\+'/, 'user.firstName + user.lastName'],
      ['user.email = null ? "a" : "b"', /^'=' assigns a value.*use '==' to compare\.$/, 'user.email == null ? "a" : "b"'],
      ['user.firstName +', /^Nothing follows '\+'/, 'user.firstName'],
      ['String.join(",", , user.email)', /^Empty argument in 'String\.join\(': remove the extra ','\.$/, 'String.join(",",  user.email)'],
      ['user.isContractor ? "a"', /has '\?' but no ':' part/, 'user.isContractor ? "a" : null'],
      ['user.', /^Missing a name after 'user\.': .* e\.g\. 'user\.email'/, undefined],
      ['“Jane”', /typographic quote/, '"Jane”'],
      ['user.email\u0007', /^Invisible control character U\+0007 in the expression: remove it\.$/, 'user.email'],
      ['user.e\u00e9', /^Missing operator|^Unexpected character 'é' \(U\+00E9\)/, undefined],
      ['()', /^Empty parentheses/, ''],
      ['', /^The expression is empty/, undefined],
    ];
    for (const [expr, message, repaired] of cases) {
      it(`${JSON.stringify(expr)}: ${message.source.slice(0, 50)}`, () => {
        const p = only(expr);
        assert.equal(p.code, 'expression-syntax');
        assert.match(p.message, message);
        assert.ok(p.start >= 0 && p.start < p.end && p.end <= Math.max(expr.length, 1), JSON.stringify(p));
        if (repaired !== undefined) {
          const f = p.fixes?.find((x) => x.isPreferred) ?? p.fixes?.[0];
          assert.ok(f, 'a fix');
          assert.equal(fixed(expr, p, p.fixes!.indexOf(f)), repaired);
        }
      });
    }

    it('an expression with a syntax error gets only that problem (no guesses at its references)', () => {
      assert.deepEqual(okta.check('user.fristName +', site()).map((p) => p.code), ['expression-syntax']);
    });

    it('strings: both quote kinds, the quote doubled inside, no backslash escapes', () => {
      for (const ok of ["'it''s'", '"say ""hi"""', '"C:\\\\path\\"', "'a' + \"b\""]) assert.deepEqual(okta.check(ok, site()), [], ok);
      const person = okta.personProfile({ userName: 'a@example.com' });
      assert.deepEqual(okta.evaluate("'it''s'", person), { kind: 'value', value: "it's" });
      assert.deepEqual(okta.evaluate('"say ""hi"""', person), { kind: 'value', value: 'say "hi"' });
    });
  });

  describe('bad input: a finding in bounded work, never an exception', () => {
    it(`an expression over ${MAX_LENGTH} characters (100 KB): one expression-syntax finding, not parsed`, () => {
      const huge = `user.firstName${' + user.lastName'.repeat(6400)}`;
      assert.ok(huge.length > 100_000);
      const p = only(huge);
      assert.equal(p.code, 'expression-syntax');
      assert.match(p.message, /^The expression is 102,414 characters long: shorten it to at most 10,000/);
      assert.equal(okta.evaluate(huge, okta.personProfile({ userName: 'a@example.com' })).kind, 'error');
    });

    it('10,000 nested parentheses: one finding; within the length limit, the depth limit answers', () => {
      const deep = `${'('.repeat(10_000)}user.email${')'.repeat(10_000)}`;
      assert.equal(only(deep).code, 'expression-syntax');
      assert.equal(okta.evaluate(deep, okta.personProfile({ userName: 'a@example.com' })).kind, 'error');
      const r = parseExpression(`${'('.repeat(4000)}1${')'.repeat(4000)}`);
      assert.ok(!r.ok && r.problem.message === `The expression is nested more than ${MAX_DEPTH} levels deep: simplify it.`, JSON.stringify(r));
      assert.equal(!r.ok && r.problem.start, MAX_DEPTH, 'reported at the first parenthesis past the limit');
      const calls = parseExpression(`${'String.toLowerCase('.repeat(300)}user.email${')'.repeat(300)}`);
      assert.ok(!calls.ok && /nested more than/.test(calls.problem.message));
    });

    it('a long flat chain within the length limit is parsed and checked; past 1,000 operations it is refused', () => {
      const ok = Array.from({ length: 400 }, () => 'user.firstName').join(' + ');
      assert.deepEqual(okta.check(ok, site()), []);
      const long = Array.from({ length: 2400 }, () => '1').join('+');
      assert.match(only(long).message, /chains more than 1000 operations/);
    });

    it('unicode is fine inside strings; a lone surrogate or NUL outside is one finding', () => {
      assert.deepEqual(okta.check('user.firstName + " 😀 é 日本 "', site()), []);
      for (const bad of ['user.email \ud800', 'user.email\u0000', '\ufeffuser.email', 'user.email\u2028']) {
        const p = only(bad);
        assert.equal(p.code, 'expression-syntax', JSON.stringify(bad));
      }
    });
  });
});
