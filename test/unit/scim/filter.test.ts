import * as assert from 'node:assert/strict';
import { filterFromInput, filterQueryParam, parseScimFilter, quickFilter, validateScimFilter } from '../../../src/core/scim/filter';

describe('SCIM filter validation (RFC 7644 §3.4.2.2)', () => {
  const valid = [
    'userName eq "bjensen"',
    'USERNAME EQ "bjensen"',
    'name.familyName co "O\'Malley"',
    'userName sw "J"',
    'urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J"',
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "26118915-6090-4610-87e4-49d8ca9f808d"',
    'title pr',
    'meta.lastModified gt "2011-05-13T04:42:34Z"',
    'meta.lastModified ge "2011-05-13T04:42:34Z"',
    'loginCount lt 10',
    'score le -1.5e+3',
    'active eq true',
    'active ne false',
    'manager eq null',
    'title pr and userType eq "Employee"',
    'title pr or userType eq "Intern"',
    'schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"',
    'userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")',
    'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")',
    'userType eq "Employee" and (emails.type eq "work")',
    'userType eq "Employee" and emails[type eq "work" and value co "@example.com"]',
    'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
    'userName eq "a \\"quoted\\" \\\\ name \\u00e9"',
    '(userName eq "a")',
    'not(userName eq "a")',
  ];
  for (const f of valid) {
    it(`accepts ${f}`, () => {
      const r = validateScimFilter(f);
      assert.ok(r.ok, r.ok ? '' : r.message);
      assert.deepEqual(r.notes, []);
    });
  }

  const invalid: Array<[string, number, RegExp]> = [
    ['', 0, /empty/],
    ['userName', 8, /operator/],
    ['userName eq', 11, /value/],
    ['userName eq bjensen', 12, /must be quoted/],
    ["userName eq 'bjensen'", 12, /double quotes/],
    ['userName equals "x"', 9, /not a SCIM operator/],
    ['userName eq "unterminated', 12, /unterminated/],
    ['userName eq "bad \\x escape"', 17, /invalid escape/],
    ['(userName eq "a"', 0, /never closed/],
    ['userName eq "a")', 15, /without a matching/],
    ['userName eq "a" and', 19, /attribute name/],
    ['userName eq "a" userName eq "b"', 16, /"and", "or"/],
    ['emails[type eq "work"', 6, /never closed/],
    ['emails[type eq "work" and x[y eq 1]]', 27, /nested/],
    ['not userName eq "a"', 4, /parenthesised/],
    ['active gt true', 10, /only eq and ne/],
    ['userName sw null', 12, /only eq and ne/],
    ['loginCount gt 01', 14, /not a valid number/],
    ['name.given.family eq "x"', 0, /at most one sub-attribute/],
    ['1abc eq "x"', 0, /number|attribute/],
    ['userName eq "a" & x', 16, /unexpected character/],
    ['()', 0, /empty parentheses/],
    ['active eq True', 10, /^'True' is not a JSON literal: write 'true' \(lowercase\)$/],
    ['active ne FALSE', 10, /^'FALSE' is not a JSON literal: write 'false' \(lowercase\)$/],
    ['manager eq Null', 11, /^'Null' is not a JSON literal: write 'null' \(lowercase\)$/],
    ['userName eq "x\\ud800"', 14, /^the string holds an unpaired surrogate U\+D800, which is not valid Unicode and cannot be sent/],
    ['userName eq "x\\udc00y"', 14, /unpaired surrogate U\+DC00/],
    ['userName eq "x\ud800"', 14, /unpaired surrogate U\+D800/],
    ['userName eq "\\ud83d\\u0041"', 13, /unpaired surrogate U\+D83D/],
    ['userName eq "a" \ud800', 16, /^unexpected character U\+D800$/],
    ['emails[type eq "work"].value', 28, /operator/],
    ['emails[type eq "work"].0x eq "a"', 22, /not a valid sub-attribute/],
  ];
  for (const [f, offset, re] of invalid) {
    it(`rejects ${JSON.stringify(f)} at offset ${offset}`, () => {
      const r = validateScimFilter(f);
      assert.equal(r.ok, false);
      if (r.ok) return;
      assert.match(r.message, re);
      assert.equal(r.offset, offset, r.message);
    });
  }

  it('builds a tree with not > and > or precedence', () => {
    const r = parseScimFilter('a pr or b pr and not (c eq 1)');
    assert.ok(r.ok);
    assert.deepEqual(r.filter, {
      type: 'or',
      left: { type: 'present', attrPath: 'a' },
      right: { type: 'and', left: { type: 'present', attrPath: 'b' }, right: { type: 'not', filter: { type: 'compare', attrPath: 'c', op: 'eq', value: 1 } } },
    });
  });

  it('decodes string escapes into the value', () => {
    const r = parseScimFilter('userName eq "x\\"y\\\\z\\n"');
    assert.ok(r.ok);
    assert.deepEqual(r.filter, { type: 'compare', attrPath: 'userName', op: 'eq', value: 'x"y\\z\n' });
  });

  it('refuses absurd nesting in bounded time', () => {
    const deep = '('.repeat(10_000) + 'a pr' + ')'.repeat(10_000);
    const r = validateScimFilter(deep);
    assert.equal(r.ok, false);
  });
});

describe('SCIM filters as other parsers and identity providers write them', () => {
  it('accepts Entra\'s emails[type eq "work"].value eq "x", sent as typed, with a note giving the RFC form', () => {
    const r = parseScimFilter('emails[type eq "work"].value eq "x@example.com"');
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.deepEqual(r.filter, {
      type: 'valuePath', attrPath: 'emails', filter: { type: 'compare', attrPath: 'type', op: 'eq', value: 'work' }, subAttr: 'value', op: 'eq', value: 'x@example.com',
    });
    assert.equal(r.normalized, 'emails[type eq "work"].value eq "x@example.com"');
    assert.deepEqual(r.notes, ['emails[...].value (a sub-attribute after the brackets) is how Microsoft Entra filters, but RFC 7644 has no such form: strict servers may refuse it; the RFC form is emails[type eq "work" and value eq "x@example.com"]']);
    const or = parseScimFilter('emails[type eq "work" or type eq "home"].value pr and active eq true');
    assert.ok(or.ok, or.ok ? '' : or.message);
    assert.match(or.notes[0] ?? '', /the RFC form is emails\[\(type eq "work" or type eq "home"\) and value pr\]$/);
  });

  it('normalises runs of spaces, tabs and newlines between tokens to the RFC\'s one space; strings stay as typed', () => {
    const cases: Array<[string, string]> = [
      ['userName   eq\t"a  b"', 'userName eq "a  b"'],
      ['  title pr\n\nand\r\n  userType eq "Employee"  ', 'title pr and userType eq "Employee"'],
      ['( userName eq "a" )', '(userName eq "a")'],
      ['not(userName eq "a")', 'not (userName eq "a")'],
      ['emails [ type eq "work" ]', 'emails[type eq "work"]'],
      ['userName eq "\\u00e9\\"x"', 'userName eq "\\u00e9\\"x"'],
      ['USERNAME EQ "bjensen"', 'USERNAME EQ "bjensen"'],
      ['score le -1.5e+3', 'score le -1.5e+3'],
    ];
    for (const [typed, sent] of cases) {
      const r = validateScimFilter(typed);
      assert.ok(r.ok, r.ok ? '' : r.message);
      assert.equal(r.normalized, sent, JSON.stringify(typed));
      // The normal form means the same filter.
      const a = parseScimFilter(typed);
      const b = parseScimFilter(sent);
      assert.ok(a.ok && b.ok);
      assert.deepEqual(a.filter, b.filter);
    }
  });

  it('a surrogate pair (raw or escaped) is fine and URL-encodes', () => {
    for (const f of ['userName eq "x😀"', 'userName eq "x\\uD83D\\uDE00"']) {
      const r = validateScimFilter(f);
      assert.ok(r.ok, f);
      assert.match(filterQueryParam(r.normalized), /^filter=userName%20eq%20%22x/);
    }
  });

  it('filterQueryParam never throws URIError, even on text that skipped validation', () => {
    assert.doesNotThrow(() => filterQueryParam('userName eq "x\ud800"'));
    assert.equal(filterQueryParam('userName eq "x\ud800"'), `filter=${encodeURIComponent('userName eq "x\uFFFD"')}`);
  });
});

describe('quick filters', () => {
  it('turns a word into userName sw "word", quoting and escaping it', () => {
    assert.equal(quickFilter('ada'), 'userName sw "ada"');
    assert.equal(quickFilter('  ada  ', 'eq'), 'userName eq "ada"');
    assert.equal(quickFilter('o"brien\\x', 'co'), 'userName co "o\\"brien\\\\x"');
    assert.equal(quickFilter('x', 'co', 'displayName'), 'displayName co "x"');
    assert.equal(quickFilter('   '), undefined);
    for (const w of ['ada', 'o"brien\\x', 'tab\there', 'ünïcödé']) {
      const f = quickFilter(w);
      assert.ok(f !== undefined && validateScimFilter(f).ok, f);
      const p = parseScimFilter(f ?? '');
      assert.ok(p.ok && p.filter.type === 'compare' && p.filter.value === w);
    }
  });

  it('uses a typed filter as is and anything else as a quick filter', () => {
    assert.equal(filterFromInput('userName eq "a"'), 'userName eq "a"');
    assert.equal(filterFromInput('ada lovelace'), 'userName sw "ada lovelace"');
    assert.equal(filterFromInput('ada'), 'userName sw "ada"');
    assert.equal(filterFromInput(''), undefined);
  });

  it('URL-encodes a filter for the query string', () => {
    const q = filterQueryParam('userName eq "a&b=c+d"');
    assert.equal(q, 'filter=userName%20eq%20%22a%26b%3Dc%2Bd%22');
    assert.equal(new URLSearchParams(q).get('filter'), 'userName eq "a&b=c+d"');
  });
});
