// Every rule code on an Entra ID config (test/fixtures/configs/entra/): exactly one finding, on its
// line, in plain text with the fix first; its quick fix applied re-validates clean, keeps comments,
// and keeps CRLF. The rules are the same generic ones as for Okta: only the identity provider's
// module and the target's data for it differ.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixAll } from '../../../../src/core/config/fixes';
import { validateConfig } from '../../../../src/core/config/validate';
import type { RuleCode } from '../../../../src/core/config/types';
import { FIXTURES, applyFix, assertFixRevalidates, codes, lineOf, toCrlf } from '../helpers';

const entraFixture = (name: string) => readFileSync(join(FIXTURES, 'entra', name), 'utf8');

interface Case {
  /** The fixture is `<file>.scim.yaml` (default: the code). */
  file?: string;
  code: RuleCode;
  line: number;
  fix?: string;
  message?: string;
}

const CASES: Case[] = [
  { code: 'yaml-syntax', line: 4 },
  { code: 'yaml-duplicate-key', line: 25 },
  { code: 'schema-unknown-key', line: 5, fix: "Rename to 'identityProvider'" },
  { code: 'schema-type', line: 18 },
  { code: 'schema-enum', line: 5, fix: "Change to 'entra-id'", message: "app.identityProvider is the string 'azure-ad': expected one of 'okta', 'entra-id'. Did you mean 'entra-id'?" },
  { code: 'schema-required', line: 2, fix: 'Add version: 1' },
  { code: 'api-endpoint', line: 9, fix: 'Keep region (remove baseUrl)' },
  { code: 'api-region', line: 8, fix: "Change region to 'us'" },
  { code: 'api-insecure-url', line: 8, fix: 'Use https' },
  { code: 'api-url-path', line: 8, fix: "Change the path to '/api/v1/scim'" },
  { code: 'secret-in-file', line: 10, fix: 'Move the token to the OS keychain' },
  { code: 'saml-attribute-missing', line: 11, fix: 'Add lastName: user.surname', message: "SAML attribute 'lastName' is missing: add 'lastName: user.surname'." },
  { code: 'saml-attribute-value', line: 15, fix: 'Set email to user.mail', message: "SAML attribute 'email' is 'user.userprincipalname': set 'email: user.mail'." },
  { code: 'provisioning-option', line: 20, fix: 'Set deactivateUsers to true' },
  { code: 'sync-password', line: 21, fix: 'Set syncPassword to false' },
  { code: 'mapping-missing', line: 22, fix: 'Add timezone: \'"Etc/UTC"\'', message: 'Mapping for \'timezone\' is missing: add timezone: \'"Etc/UTC"\'.' },
  { code: 'username-not-email', line: 23, fix: 'Map userName to [mail]', message: 'userName is mapped to \'[userPrincipalName]\': map \'userName: "[mail]"\'.' },
  { code: 'timezone-invalid', line: 32, fix: "Change to 'Europe/Berlin'" },
  { code: 'assignment-username', line: 35 },
  { code: 'assignment-duplicate', line: 37, fix: "Remove the duplicate assignment of 'JANE@example.com'" },
  { code: 'expression-syntax', line: 25, fix: "Add ')' at the end", message: "Missing ')' to close 'Left(': add ')' at the end." },
  { file: 'expression-syntax.flow-sequence', code: 'expression-syntax', line: 23, fix: 'Quote it: "[mail]"',
    message: 'Unquoted, [mail] is a YAML list, not an Entra expression: quote it, userName: "[mail]".' },
  { code: 'expression-unknown-attribute', line: 26, fix: "Change to '[mail]'", message: "Unknown attribute '[mial]': did you mean '[mail]'?" },
  { file: 'expression-unknown-attribute.okta-syntax', code: 'expression-unknown-attribute', line: 24, fix: "Change to '[givenName]'",
    message: "'user.firstName' is Okta syntax: an Entra mapping reads '[givenName]'." },
  { code: 'expression-unknown-function', line: 24, fix: "Change to 'PCase'", message: "Unknown function 'Pcase': names are case-sensitive, write 'PCase'." },
  { code: 'expression-arguments', line: 25, fix: 'Remove the extra argument', message: 'Mid takes 3 arguments, not 4: remove the extra one.' },
];

describe('config rules on an Entra ID config', () => {
  it('the valid Entra fixture and the example validate clean', () => {
    assert.deepEqual(validateConfig(entraFixture('valid.scim.yaml')), []);
    assert.deepEqual(validateConfig(readFileSync(join(__dirname, '../../../../examples/flosum-entra.scim.yaml'), 'utf8')), []);
  });

  it('every rule code has an Entra case, except expression-deprecated: Entra has no deprecated forms', () => {
    const all: RuleCode[] = ['yaml-syntax', 'yaml-duplicate-key', 'schema-unknown-key', 'schema-type', 'schema-enum', 'schema-required', 'api-endpoint',
      'api-region', 'api-insecure-url', 'api-url-path', 'secret-in-file', 'saml-attribute-missing', 'saml-attribute-value', 'provisioning-option',
      'sync-password', 'mapping-missing', 'username-not-email', 'timezone-invalid', 'assignment-username', 'assignment-duplicate',
      'expression-syntax', 'expression-unknown-attribute', 'expression-unknown-function', 'expression-arguments'];
    assert.deepEqual([...new Set(CASES.map((c) => c.code))].sort(), [...all].sort());
  });

  for (const c of CASES) {
    const file = `${c.file ?? c.code}.scim.yaml`;
    describe(file, () => {
      const text = entraFixture(file);

      it(`reports exactly one ${c.code} at line ${c.line}, plain text with the fix first`, () => {
        const findings = validateConfig(text);
        assert.deepEqual(codes(findings), [c.code], JSON.stringify(findings.map((f) => f.message)));
        const f = findings[0];
        assert.equal(lineOf(text, f.start), c.line);
        assert.ok(f.end > f.start && f.end <= text.length);
        assert.doesNotMatch(f.message, /`|\*\*/, f.message);
        assert.match(f.message, /^.{0,90}: /, `the fix comes late in: ${f.message}`);
        if (c.message) assert.equal(f.message, c.message);
      });

      if (c.fix) {
        const title = c.fix;
        for (const crlf of [false, true]) {
          it(`fix "${title}" re-validates clean${crlf ? ' (CRLF stays CRLF)' : ''}, keeping comments`, () => {
            assertFixRevalidates(crlf ? toCrlf(text) : text, title, crlf, c.code === 'api-endpoint' || c.code === 'assignment-duplicate' ? 1 : 0);
          });
        }
      }
    });
  }

  it('Fix all repairs every fixable Entra fixture in one go', () => {
    for (const c of CASES.filter((x) => x.fix && x.code !== 'secret-in-file')) {
      const text = entraFixture(`${c.file ?? c.code}.scim.yaml`);
      if (!validateConfig(text)[0].fixes?.some((x) => x.isPreferred)) continue; // a choice for the person (which of region / baseUrl to keep)
      const out = fixAll(text).text;
      assert.deepEqual(validateConfig(out), [], `${c.file ?? c.code}: ${out}`);
    }
  });

  it('the fixes write Entra expressions as YAML reads them back: "[mail]" quoted, a constant single-quoted', () => {
    const flow = applyFix(entraFixture('expression-syntax.flow-sequence.scim.yaml'), validateConfig(entraFixture('expression-syntax.flow-sequence.scim.yaml'))[0].fixes![0]);
    assert.ok(flow.includes('    userName: "[mail]"\n'), flow);
    const tz = applyFix(entraFixture('mapping-missing.scim.yaml'), validateConfig(entraFixture('mapping-missing.scim.yaml'))[0].fixes![0]);
    assert.ok(tz.includes('    timezone: \'"Etc/UTC"\'\n'), tz);
    const all = entraFixture('valid.scim.yaml').replace(/ {2}mappings:[\s\S]*?(?= {2}defaults:)/, '');
    const f = validateConfig(all).find((x) => x.code === 'mapping-missing')!;
    const added = applyFix(all, f.fixes!.find((x) => x.isPreferred)!);
    assert.match(added, /userName: "\[mail\]"\n\s+givenName: "\[givenName\]"\n\s+familyName: "\[surname\]"\n\s+email: "\[mail\]"\n\s+timezone: '"Etc\/UTC"'\n/);
    assert.deepEqual(validateConfig(added), []);
  });

  it("the background (detail) adds what Entra does: the UPN default, no time-zone attribute, lower-case claim sources", () => {
    assert.match(validateConfig(entraFixture('username-not-email.scim.yaml'))[0].detail ?? '', /^Flosum uses the email address as the username\. Entra's default mapping takes userName from userPrincipalName, which is not always a mailbox/);
    assert.match(validateConfig(entraFixture('mapping-missing.scim.yaml'))[0].detail ?? '', /Entra has no time-zone attribute/);
    assert.match(validateConfig(entraFixture('saml-attribute-value.scim.yaml'))[0].detail ?? '', /user\.<id> in lower case/);
    // Okta's findings keep their own background.
    assert.equal(validateConfig(readFileSync(join(FIXTURES, 'username-not-email.scim.yaml'), 'utf8'))[0].detail, 'Flosum uses the email address as the username.');
  });

  it('azure-ad is checked as entra-id: only the schema-enum finding, not a wall of Okta complaints', () => {
    assert.deepEqual(codes(validateConfig(entraFixture('schema-enum.scim.yaml'))), ['schema-enum']);
    // A misspelt identityProvider key still names the provider its value names.
    assert.deepEqual(codes(validateConfig(entraFixture('schema-unknown-key.scim.yaml'))), ['schema-unknown-key']);
  });

  it('an empty Entra mapping is mapping-missing and an empty claim saml-attribute-missing, not expression-syntax', () => {
    const t = entraFixture('valid.scim.yaml').replace('    givenName: "[givenName]"', '    givenName:').replace('    firstName: user.givenname', '    firstName: ""');
    assert.deepEqual(codes(validateConfig(t)), ['saml-attribute-missing', 'mapping-missing']);
    const fixed = fixAll(t).text;
    assert.ok(fixed.includes('    givenName: "[givenName]"') && fixed.includes('    firstName: "user.givenname"'), fixed);
    assert.deepEqual(validateConfig(fixed), []);
  });

  it('values compare as Entra expressions: spacing and quoting do not matter, the exact case does', () => {
    const base = entraFixture('valid.scim.yaml');
    for (const v of ["' [mail] '", '"[mail]"  ', "'[mail]'"]) assert.deepEqual(validateConfig(base.replace('    userName: "[mail]"', `    userName: ${v}`)), [], v);
    assert.deepEqual(codes(validateConfig(base.replace('    userName: "[mail]"', '    userName: "[Mail]"'))), ['expression-unknown-attribute']);
    assert.deepEqual(codes(validateConfig(base.replace('    userName: "[mail]"', '    userName: ToLower([mail])'))), ['username-not-email']);
  });

  it('Entra syntax in an Okta file names the Okta form; the flow-sequence form too', () => {
    const okta = readFileSync(join(FIXTURES, 'valid.scim.yaml'), 'utf8');
    const quoted = validateConfig(okta.replace('    givenName: user.firstName', '    givenName: "[givenName]"'));
    assert.deepEqual(quoted.map((f) => [f.code, f.message]), [['expression-syntax', "'[givenName]' is Entra ID syntax: Okta writes 'user.firstName'."]]);
    const list = okta.replace('    userName: user.email', '    userName: [mail]');
    const f = validateConfig(list);
    assert.deepEqual(f.map((x) => [x.code, x.message]), [['expression-syntax', "[mail] is Entra ID syntax (unquoted, a YAML list): Okta writes 'user.email'."]]);
    const out = applyFix(list, f[0].fixes![0]);
    assert.ok(out.includes('    userName: user.email\n'), out);
    assert.deepEqual(validateConfig(out), []);
  });
});
