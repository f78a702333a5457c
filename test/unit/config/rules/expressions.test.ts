// The expression rule in the file: values under saml.attributes and provisioning.mappings are checked by
// the config's identity provider; each problem is reported once, on the offending part of the value,
// under its expression code only; its fix edits only that part and keeps quotes, comments and CRLF.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { main } from '../../../../src/cli/main';
import { parseConfig } from '../../../../src/core/config/yaml/parse';
import { createContext } from '../../../../src/core/config/rules/context';
import { expressions } from '../../../../src/core/config/rules/expressions';
import { validateConfig } from '../../../../src/core/config/validate';
import type { Finding } from '../../../../src/core/config/types';
import { okta } from '../../../../src/core/idp/okta/module';
import type { IdentityProvider } from '../../../../src/core/idp/types';
import { FLOSUM } from '../../../../src/core/targets/flosum';
import { captureIO } from '../../../support/cli-io';
import { FIXTURES, applyFix, buildConfig, codes, example, fixture, hasLoneLf, toCrlf } from '../helpers';

/** buildConfig() with one exact replacement (fails loudly when it does not apply). */
function withLine(from: string, to: string, base = buildConfig()): string {
  assert.ok(base.includes(from), from);
  return base.replace(from, to);
}

function preferred(f: Finding) {
  const fix = f.fixes?.find((x) => x.isPreferred);
  assert.ok(fix, `no preferred fix for ${f.code}: ${f.message}`);
  return fix;
}

describe('expression checks in the file', () => {
  it("the issue's four examples: one finding each, on the offending part, under its expression code; Fix all repairs them", () => {
    const cases: [string, string, string, string][] = [
      ['    givenName: user.firstName', '    givenName: user.fristName', 'expression-unknown-attribute', 'fristName'],
      ['    familyName: user.lastName', '    familyName: user.lastname', 'expression-unknown-attribute', 'lastname'],
      ['    email: user.email\n    timezone', '    email: user.emial\n    timezone', 'expression-unknown-attribute', 'emial'],
      ['    familyName: user.lastName', '    familyName: String.substringBefore(user.lastName, " "', 'expression-syntax', '('],
    ];
    for (const [from, to, code, covered] of cases) {
      const t = withLine(from, to);
      const f = validateConfig(t);
      assert.deepEqual(codes(f), [code], `${to}: ${JSON.stringify(f.map((x) => x.message))}`);
      assert.equal(t.slice(f[0].start, f[0].end), covered);
      assert.deepEqual(validateConfig(applyFix(t, preferred(f[0]))), [], to);
    }
  });

  it("a broken expression gets only its expression code: not also username-not-email, saml-attribute-value", () => {
    const user = validateConfig(withLine('    userName: user.email', '    userName: user.emial'));
    assert.deepEqual(codes(user), ['expression-unknown-attribute']);
    assert.equal(user[0].message, "Unknown attribute 'user.emial': did you mean 'user.email'?");
    const saml = validateConfig(withLine('    email: user.email\nprovisioning', '    email: user.emial\nprovisioning'));
    assert.deepEqual(codes(saml), ['expression-unknown-attribute']);
    // A well-formed expression that is not what Flosum needs is the target's finding, as before.
    assert.deepEqual(codes(validateConfig(withLine('    userName: user.email', '    userName: user.login'))), ['username-not-email']);
    assert.deepEqual(codes(validateConfig(withLine('    userName: user.email', '    userName: String.toLowerCase(user.email)'))), ['username-not-email']);
  });

  it('expected values compare as expressions, not as text', () => {
    for (const v of ['"user.email"', "' user.email '", 'user . email', '(user.email)']) {
      assert.deepEqual(validateConfig(withLine('    userName: user.email', `    userName: ${v}`)), [], v);
    }
  });

  it('empty values stay the target\'s *-missing findings, not expression-syntax', () => {
    assert.deepEqual(codes(validateConfig(withLine('    timezone: user.timezone', '    timezone: ""'))), ['mapping-missing']);
    assert.deepEqual(codes(validateConfig(withLine('    lastName: user.lastName', '    lastName:'))), ['saml-attribute-missing']);
    assert.deepEqual(codes(validateConfig(withLine('    lastName: user.lastName', '    lastName: ""'))), ['saml-attribute-missing']);
    assert.deepEqual(validateConfig(fixture('expression-syntax.scim.yaml').replace('String.substringBefore(user.lastName, " "', 'user.lastName')), []);
  });

  it('quoted values: the range sits inside the quotes; the fix keeps the quote style; escapes fall back to the whole value', () => {
    const dq = withLine('    givenName: user.firstName', '    givenName: "user.fristName + \' \'"');
    let f = validateConfig(dq);
    assert.equal(dq.slice(f[0].start, f[0].end), 'fristName');
    assert.ok(applyFix(dq, preferred(f[0])).includes(`    givenName: "user.firstName + ' '"\n`));
    const sq = withLine('    givenName: user.firstName', `    givenName: 'String.substringBefore(user.fristName, " ")'`);
    f = validateConfig(sq);
    assert.equal(sq.slice(f[0].start, f[0].end), 'fristName');
    assert.ok(applyFix(sq, preferred(f[0])).includes(`    givenName: 'String.substringBefore(user.firstName, " ")'\n`));
    const esc = withLine('    givenName: user.firstName', '    givenName: "user.fristName + \\" \\""');
    f = validateConfig(esc);
    assert.equal(esc.slice(f[0].start, f[0].end), '"user.fristName + \\" \\""');
    const out = applyFix(esc, preferred(f[0]));
    assert.deepEqual(validateConfig(out), [], out);
  });

  it('a fix keeps the trailing comment and its column, and CRLF', () => {
    const t = toCrlf(fixture('expression-unknown-attribute.scim.yaml'));
    const f = validateConfig(t)[0];
    const out = applyFix(t, preferred(f));
    assert.ok(out.includes('    givenName: user.firstName  # given name\r\n'), JSON.stringify(out.slice(out.indexOf('givenName'), out.indexOf('givenName') + 45)));
    assert.ok(!hasLoneLf(out));
    assert.deepEqual(validateConfig(out), []);
  });

  it("a plain value cut short by ' #' (a YAML comment) says so in the detail", () => {
    const f = validateConfig(withLine('    givenName: user.firstName', '    givenName: user.firstName + " #1"'));
    assert.deepEqual(codes(f), ['expression-syntax']);
    assert.match(f[0].detail ?? '', /In YAML, ' #' starts a comment: if the expression contains ' #', quote the whole value\./);
  });

  it('app.customAttributes declares the org\'s attributes; they are checked with exact case', () => {
    const t = buildConfig({ app: 'app:\n  name: Flosum\n  target: flosum\n  customAttributes:\n    - costCenterCode' })
      .replace('  mappings:\n', '  mappings:\n    title: user.costCenterCode\n');
    assert.deepEqual(validateConfig(t), []);
    const wrong = validateConfig(t.replace('title: user.costCenterCode', 'title: user.costcentercode'));
    assert.equal(wrong[0].message, "Unknown attribute 'user.costcentercode': did you mean 'user.costCenterCode'?");
    assert.deepEqual(codes(validateConfig(t.replace('    - costCenterCode', '    - "cost center"'))), ['schema-type', 'expression-unknown-attribute']);
  });

  it('every target gets the expression checks; generic SCIM none of the Flosum rules', () => {
    const t = buildConfig({ app: 'app:\n  name: X\n  target: generic-scim', api: 'api:\n  baseUrl: https://scim.example.com/v2', saml: null })
      .replace('    givenName: user.firstName', '    givenName: user.fristName').replace('    userName: user.email', '    userName: user.login');
    assert.deepEqual(codes(validateConfig(t)), ['expression-unknown-attribute']);
  });

  it('expression-deprecated is a warning (and a setting may change it); expressionChecks: false skips the checks', () => {
    const t = fixture('expression-deprecated.scim.yaml');
    assert.equal(validateConfig(t)[0].severity, 'warning');
    assert.equal(validateConfig(t, { severities: { 'expression-deprecated': 'error' } })[0].severity, 'error');
    assert.deepEqual(validateConfig(fixture('expression-syntax.scim.yaml'), { expressionChecks: false }), []);
  });

  it('the rule asks the identity provider for everything: a module\'s unquoted-expression hook gets a quoting fix', () => {
    // A stand-in second identity provider whose expressions are `[name]` (a YAML list when unquoted).
    const bracket: IdentityProvider = {
      ...okta, id: 'entra-id', label: 'Entra ID', expressionLabel: 'Entra expression',
      check: (e) => (/^\[[A-Za-z]+\]$/.test(e) ? [] : [{ code: 'expression-syntax', severity: 'error', message: `Not [attribute]: ${e}`, start: 0, end: e.length }]),
      unquotedExpression: (source) => (/^\[.*\]$/.test(source)
        ? { code: 'expression-syntax', severity: 'error', message: `${source} unquoted is a YAML list: quote it.`, start: 0, end: source.length, fixes: [{ title: 'Quote it', edits: [], isPreferred: true }] }
        : undefined),
    };
    const text = buildConfig().replace('    givenName: user.firstName', '    givenName: [givenName]');
    const parsed = parseConfig(text);
    const out: Finding[] = [];
    const ctx = createContext({ text, eol: '\n', indentUnit: 2, doc: parsed.doc!, value: parsed.value as Record<string, unknown>, target: 'flosum',
      requirements: FLOSUM, idp: bracket, expected: undefined, customAttributes: [], expressionChecks: true }, out);
    expressions(ctx);
    const unquoted = out.filter((f) => text.slice(f.start, f.end) === '[givenName]');
    assert.equal(unquoted.length, 1, JSON.stringify(out.map((f) => f.message)));
    assert.equal(unquoted[0].message, '[givenName] unquoted is a YAML list: quote it.');
    assert.ok(applyFix(text, unquoted[0].fixes![0]).includes('    givenName: "[givenName]"\n'));
    assert.ok(ctx.claimed.has('/provisioning/mappings/givenName'), 'schema-type is not reported again');
  });

  it('the CLI reports the same findings', async () => {
    for (const code of ['expression-unknown-attribute', 'expression-deprecated']) {
      const io = captureIO();
      const file = join(FIXTURES, `${code}.scim.yaml`);
      assert.equal(await main(['validate', file], io), code === 'expression-deprecated' ? 0 : 1);
      const f = validateConfig(fixture(`${code}.scim.yaml`))[0];
      assert.ok(io.stdout.some((l) => l.endsWith(` ${f.severity} ${code} ${f.message}`)), io.stdout.join('\n'));
    }
  });

  it('messages are plain text with the fix first; the background is in detail', () => {
    const all = [...validateConfig(example('broken.scim.yaml')), ...['saml-attribute-missing', 'provisioning-option', 'mapping-missing', 'secret-in-file', 'api-url-path']
      .flatMap((c) => validateConfig(fixture(`${c}.scim.yaml`)))];
    for (const f of all) {
      assert.doesNotMatch(f.message, /`|\*\*/, f.message);
      assert.ok(f.message.length <= 110, `too long for a Problems row: ${f.message}`);
    }
    const byCode = new Map(all.map((f) => [f.code, f]));
    assert.equal(byCode.get('mapping-missing')?.message, "Mapping for 'timezone' is missing: add 'timezone: user.timezone'.");
    assert.equal(byCode.get('mapping-missing')?.detail, 'Flosum requires the mappings userName, givenName, familyName, email and timezone.');
    assert.match(byCode.get('sync-password')?.detail ?? '', /Flosum doesn't use the identity provider's password/);
    assert.match(byCode.get('saml-attribute-value')?.detail ?? '', /Flosum requires the SAML attribute statements uniqueUserId: user\.id, firstName/);
  });
});
