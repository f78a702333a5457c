// Every rule code: a failing fixture (exact code and line), passing fixtures, and each quick fix applied,
// re-validated clean, comments kept, CRLF kept.
import assert from 'node:assert/strict';
import { fixAll } from '../../../../src/core/config/fixes';
import { validateConfig } from '../../../../src/core/config/validate';
import type { RuleCode } from '../../../../src/core/config/types';
import { applyFix, assertFixRevalidates, buildConfig, codes, example, fixture, hasLoneLf, lineOf, preferredOrFirst, toCrlf } from '../helpers';

interface Case {
  code: RuleCode;
  line: number;
  /** The fix to apply in the fix test (title prefix); undefined when the rule has no fix. */
  fix?: string;
}

const CASES: Case[] = [
  { code: 'yaml-syntax', line: 4 },
  { code: 'yaml-duplicate-key', line: 9, fix: undefined },
  { code: 'schema-unknown-key', line: 5, fix: "Rename to 'identityProvider'" },
  { code: 'schema-type', line: 18 },
  { code: 'schema-enum', line: 5, fix: "Change to 'okta'" },
  { code: 'schema-required', line: 3, fix: 'Add version: 1' },
  { code: 'api-endpoint', line: 9, fix: 'Keep region (remove baseUrl)' },
  { code: 'api-region', line: 8, fix: "Change region to 'us'" },
  { code: 'api-insecure-url', line: 8, fix: 'Use https' },
  { code: 'api-url-path', line: 8, fix: "Change the path to '/api/v1/scim'" },
  { code: 'secret-in-file', line: 10, fix: 'Move the token to the OS keychain' },
  { code: 'saml-attribute-missing', line: 11, fix: 'Add lastName: user.lastName' },
  { code: 'saml-attribute-value', line: 15, fix: 'Set email to user.email' },
  { code: 'provisioning-option', line: 20, fix: 'Set deactivateUsers to true' },
  { code: 'sync-password', line: 21, fix: 'Set syncPassword to false' },
  { code: 'mapping-missing', line: 22, fix: 'Add timezone: user.timezone' },
  { code: 'username-not-email', line: 23, fix: 'Map userName to user.email' },
  { code: 'timezone-invalid', line: 29, fix: "Change to 'Europe/Berlin'" },
  { code: 'assignment-username', line: 35 },
  { code: 'assignment-duplicate', line: 35, fix: "Remove the duplicate assignment of 'JANE@example.com'" },
  { code: 'expression-syntax', line: 25, fix: "Add ')' at the end" },
  { code: 'expression-unknown-attribute', line: 24, fix: "Change to 'user.firstName'" },
  { code: 'expression-unknown-function', line: 26, fix: "Change to 'String.toLowerCase'" },
  { code: 'expression-arguments', line: 25, fix: 'Remove the extra argument' },
  { code: 'expression-deprecated', line: 26, fix: "Change to 'String.toUpperCase'" },
];

const PASSING = ['valid.scim.yaml', 'pass.api-insecure-url.loopback.scim.yaml', 'pass.customer-hosted.scim.yaml', 'pass.generic-scim.scim.yaml', 'pass.expressions.scim.yaml'];

describe('config rules', () => {
  describe('passing fixtures validate clean', () => {
    for (const name of PASSING) {
      it(name, () => assert.deepEqual(validateConfig(fixture(name)), []));
    }
    it('examples/flosum-us.scim.yaml', () => assert.deepEqual(validateConfig(example('flosum-us.scim.yaml')), []));
    it('the builder default', () => assert.deepEqual(validateConfig(buildConfig()), []));
  });

  it('every RuleCode has a case', () => {
    const all: RuleCode[] = ['yaml-syntax', 'yaml-duplicate-key', 'schema-unknown-key', 'schema-type', 'schema-enum', 'schema-required', 'api-endpoint',
      'api-region', 'api-insecure-url', 'api-url-path', 'secret-in-file', 'saml-attribute-missing', 'saml-attribute-value', 'provisioning-option',
      'sync-password', 'mapping-missing', 'username-not-email', 'timezone-invalid', 'assignment-username', 'assignment-duplicate',
      'expression-syntax', 'expression-unknown-attribute', 'expression-unknown-function', 'expression-arguments', 'expression-deprecated'];
    assert.deepEqual(CASES.map((c) => c.code).sort(), [...all].sort());
  });

  for (const c of CASES) {
    describe(c.code, () => {
      const text = fixture(`${c.code}.scim.yaml`);

      it(`reports exactly one ${c.code} at line ${c.line}`, () => {
        const findings = validateConfig(text);
        assert.deepEqual(codes(findings), [c.code], JSON.stringify(findings.map((f) => f.message)));
        const f = findings[0];
        assert.equal(lineOf(text, f.start), c.line);
        assert.ok(f.start <= f.end && f.end <= text.length);
        assert.equal(f.severity, c.code === 'expression-deprecated' ? 'warning' : 'error');
        assert.ok(f.message.length > 20);
        // Plain text that leads with the fact and the fix: no Markdown, the actionable part within ~90 characters.
        assert.doesNotMatch(f.message, /`|\*\*/, f.message);
        assert.match(f.message, /^.{0,90}: /, `the fix comes late in: ${f.message}`);
      });

      it('has its range on the offending text (non-empty)', () => {
        const f = validateConfig(text)[0];
        assert.ok(f.end > f.start, `empty range for ${c.code}`);
      });

      if (c.fix) {
        const title = c.fix;
        for (const crlf of [false, true]) {
          it(`fix "${title}" re-validates clean${crlf ? ' (CRLF stays CRLF)' : ''}, keeping comments`, () => {
            // The only comments that may go are on lines the fix removes (the baseUrl line, the duplicate assignment).
            assertFixRevalidates(crlf ? toCrlf(text) : text, title, crlf, c.code === 'api-endpoint' || c.code === 'assignment-duplicate' ? 1 : 0);
          });
        }
      } else {
        it('offers no automatic fix', () => {
          const f = validateConfig(text)[0];
          assert.ok(!f.fixes?.some((x) => x.isPreferred), JSON.stringify(f.fixes));
        });
      }
    });
  }

  describe('rule details', () => {
    it('a bad region is api-region only, not also schema-enum', () => {
      assert.deepEqual(codes(validateConfig(buildConfig({ api: 'api:\n  region: eu\n  tokenRef: x' }))), ['api-region']);
    });

    it("api-region: every region is offered, the suggestion first ('eu' -> de, a guess: not preferred; 'germany' -> de, preferred)", () => {
      const t = buildConfig({ api: 'api:\n  region: eu\n  tokenRef: x' });
      const f = validateConfig(t)[0];
      assert.equal(f.message, "Region 'eu' is not a Flosum region: did you mean 'de'?");
      assert.match(f.detail ?? '', /us \(United States, https:\/\/global-us\.flosum\.app\/api\/v1\/scim\)/);
      assert.deepEqual(f.fixes?.map((x) => x.title), ["Change region to 'de' (Germany)", "Change region to 'us' (United States)",
        "Change region to 'jp' (Japan)", "Change region to 'au' (Australia)"]);
      assert.deepEqual(f.fixes.map((x) => !!x.isPreferred), [false, false, false, false], "'eu' names an area: Fix all leaves the choice to the person");
      for (const fix of f.fixes) assert.deepEqual(validateConfig(applyFix(t, fix)), [], fix.title);
      assert.ok(fixAll(t).text.includes('  region: eu\n'));
      const alias = buildConfig({ api: 'api:\n  region: Germany\n  tokenRef: x' });
      const a = validateConfig(alias)[0];
      assert.deepEqual(a.fixes?.map((x) => !!x.isPreferred), [true, false, false, false]);
      assert.ok(fixAll(alias).text.includes('  region: de\n'));
      const none = validateConfig(buildConfig({ api: 'api:\n  region: mars\n  tokenRef: x' }))[0];
      assert.equal(none.message, "Region 'mars' is not a Flosum region: use one of us, de, jp or au.");
      assert.equal(none.fixes?.length, 4);
      assert.ok(!none.fixes.some((x) => x.isPreferred), 'no guess, nothing for Fix all');
      const empty = validateConfig(buildConfig({ api: 'api:\n  region:\n  tokenRef: x' }))[0];
      assert.ok(applyFix(buildConfig({ api: 'api:\n  region:\n  tokenRef: x' }), empty.fixes![2]).includes('  region: jp\n'));
    });

    it('generic-scim: a region is api-endpoint (once, even when bad); Flosum-only rules are off', () => {
      for (const r of ['eu', 'us']) {
        const t = buildConfig({ app: 'app:\n  name: X\n  target: generic-scim', api: `api:\n  region: ${r}`, saml: null, provisioning: null });
        assert.deepEqual(codes(validateConfig(t)), ['api-endpoint'], r);
      }
    });

    it('an empty region is reported once (api-region), not also as a missing endpoint', () => {
      assert.deepEqual(codes(validateConfig(buildConfig({ api: 'api:\n  region:\n  tokenRef: x' }))), ['api-region']);
    });

    it('options.target overrides app.target', () => {
      const t = buildConfig({ provisioning: null, api: 'api:\n  baseUrl: https://scim.example.com/v2\n  tokenRef: t' });
      assert.deepEqual(codes(validateConfig(t)).sort(), ['api-url-path', 'mapping-missing', 'provisioning-option']);
      assert.deepEqual(validateConfig(t, { target: 'generic-scim' }), []);
    });

    it('api-endpoint: neither region nor baseUrl is reported on the api key', () => {
      const t = buildConfig({ api: 'api:\n  tokenRef: flosum-prod' });
      const f = validateConfig(t);
      assert.deepEqual(codes(f), ['api-endpoint']);
      assert.equal(t.slice(f[0].start, f[0].end), 'api');
    });

    it('api-endpoint: both set offers keep-region and keep-baseUrl', () => {
      const f = validateConfig(fixture('api-endpoint.scim.yaml'))[0];
      assert.deepEqual(f.fixes?.map((x) => x.title), ['Keep region (remove baseUrl)', 'Keep baseUrl (remove region)']);
      const out = applyFix(fixture('api-endpoint.scim.yaml'), f.fixes[1]);
      assert.deepEqual(validateConfig(out), []);
      assert.ok(!/region:/.test(out));
    });

    it('api-insecure-url: http to loopback (127.x, ::1, localhost) is fine; other hosts and schemes are not', () => {
      for (const u of ['http://127.0.0.1:8080/api/v1/scim', 'http://[::1]/api/v1/scim', 'http://localhost:3000/api/v1/scim', 'http://127.9.9.9/api/v1/scim']) {
        assert.deepEqual(validateConfig(buildConfig({ api: `api:\n  baseUrl: ${u}\n  tokenRef: t` })), [], u);
      }
      for (const u of ['http://10.0.0.1/api/v1/scim', 'http://128.0.0.1/api/v1/scim', 'ftp://flosum.example.com/api/v1/scim']) {
        assert.deepEqual(codes(validateConfig(buildConfig({ api: `api:\n  baseUrl: ${u}\n  tokenRef: t` }))), ['api-insecure-url'], u);
      }
    });

    it('api-url-path: trailing slash, missing path, and _ in host', () => {
      const run = (u: string) => validateConfig(buildConfig({ api: `api:\n  baseUrl: ${u}\n  tokenRef: t` }));
      for (const [u, fixed] of [['https://f.example.com/api/v1/scim/', 'https://f.example.com/api/v1/scim'], ['https://f.example.com', 'https://f.example.com/api/v1/scim'],
        ['https://f.example.com/api/v1/scim/Users/', 'https://f.example.com/api/v1/scim']]) {
        const f = run(u);
        assert.deepEqual(codes(f), ['api-url-path'], u);
        const out = applyFix(buildConfig({ api: `api:\n  baseUrl: ${u}\n  tokenRef: t` }), f[0].fixes![0]);
        assert.ok(out.includes(`baseUrl: ${fixed}\n`), out);
      }
      const under = run('https://my_tenant.example.com/api/v1/scim');
      assert.deepEqual(codes(under), ['api-url-path']);
      assert.match(under[0].message, /'_'/);
    });

    it('insecure and bad path together: Fix all repairs both', () => {
      const t = buildConfig({ api: 'api:\n  baseUrl: http://flosum.example.com/api/v1/scim/Users\n  tokenRef: t' });
      assert.deepEqual(codes(validateConfig(t)), ['api-insecure-url', 'api-url-path']);
      const out = fixAll(t).text;
      assert.ok(out.includes('baseUrl: https://flosum.example.com/api/v1/scim\n'), out);
    });

    it('secret-in-file: never puts the secret in the message; fix carries it with tokenRef', () => {
      const text = fixture('secret-in-file.scim.yaml');
      const f = validateConfig(text)[0];
      const token = '00Qb4xGkP1cX2zJ9wR7tYfLmN3sVd8KqHaE6uWj5oT';
      assert.ok(!f.message.includes(token));
      const fix = f.fixes![0];
      assert.deepEqual(fix.secret, { tokenRef: 'flosum-prod', value: token });
      assert.ok(!fix.title.includes(token));
    });

    it('secret-in-file: a token key is not also schema-unknown-key; without tokenRef the fix writes one derived from the app name', () => {
      const t = buildConfig({ api: 'api:\n  region: us\n  token: "Bearer abcdefghijklmnop1234"' });
      const f = validateConfig(t);
      assert.deepEqual(codes(f), ['secret-in-file']);
      const fix = f[0].fixes![0];
      assert.equal(fix.secret?.tokenRef, 'flosum-default');
      assert.equal(fix.secret?.value, 'abcdefghijklmnop1234');
      const out = applyFix(t, fix);
      assert.ok(out.includes('  tokenRef: flosum-default\n'), out);
      assert.deepEqual(validateConfig(out), []);
    });

    it('secret-in-file: bearer-like values anywhere (JWT, hex, mixed-case base64) but not URLs, emails, zones or expressions', () => {
      const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcDEF123456';
      const t = buildConfig({ app: `app:\n  name: ${jwt}\n  target: flosum` });
      assert.deepEqual(codes(validateConfig(t)), ['secret-in-file']);
      assert.ok(!validateConfig(t)[0].message.includes(jwt));
      const hex = buildConfig({ assignments: `assignments:\n  - userName: a@example.com\n    givenName: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08` });
      assert.deepEqual(codes(validateConfig(hex)), ['secret-in-file']);
      const fine = buildConfig({ assignments: 'assignments:\n  - userName: very.long.name.of.someone@example-company.com\n    timezone: America/Argentina/ComodRivadavia' });
      assert.deepEqual(validateConfig(fine), []);
    });

    it('secret-in-file: other rules never echo a secret-looking value either', () => {
      const tok = '00Qb4xGkP1cX2zJ9wR7tYfLmN3sVd8KqHaE6uWj5oT';
      const t = buildConfig({ assignments: `assignments:\n  - userName: ${tok}\n    timezone: ${tok}` });
      const f = validateConfig(t);
      assert.deepEqual(codes(f).sort(), ['assignment-username', 'secret-in-file', 'secret-in-file', 'timezone-invalid']);
      for (const x of f) assert.ok(!x.message.includes(tok), x.message);
    });

    it('secret-in-file: a token pasted into tokenRef is replaced by a name', () => {
      const t = buildConfig({ api: 'api:\n  region: us\n  tokenRef: 00Qb4xGkP1cX2zJ9wR7tYfLmN3sVd8KqHaE6uWj5oT' });
      const f = validateConfig(t);
      assert.deepEqual(codes(f), ['secret-in-file']);
      const out = applyFix(t, f[0].fixes![0]);
      assert.ok(out.includes('tokenRef: flosum-default'));
      assert.deepEqual(validateConfig(out), []);
    });

    it('saml: a whole missing section is one finding with a block fix', () => {
      const t = buildConfig({ saml: null });
      const f = validateConfig(t);
      assert.deepEqual(codes(f), ['saml-attribute-missing']);
      assert.deepEqual(validateConfig(applyFix(t, f[0].fixes![0])), []);
    });

    it('mapping-missing: one finding per missing mapping, each with its own fix and Add all', () => {
      const t = buildConfig({ provisioning: 'provisioning:\n  toApp:\n    createUsers: true\n    updateUserAttributes: true\n    deactivateUsers: true\n  mappings:\n    userName: user.email\n    email: user.email' });
      const f = validateConfig(t);
      assert.deepEqual(codes(f), ['mapping-missing', 'mapping-missing', 'mapping-missing']);
      assert.equal(f[0].message, "Mapping for 'givenName' is missing: add 'givenName: user.firstName'.");
      assert.equal(f[0].detail, 'Flosum requires the mappings userName, givenName, familyName, email and timezone.');
      const all = f[0].fixes!.find((x) => x.title === 'Add all missing mappings')!;
      assert.ok(all.isPreferred);
      const out = applyFix(t, all);
      assert.deepEqual(validateConfig(out), []);
      assert.ok(out.includes('    familyName: user.lastName\n    timezone: user.timezone\n'));
    });

    it('mapping-missing: a missing mappings block is inserted whole; a misspelled key is schema-unknown-key only', () => {
      const t = buildConfig({ provisioning: 'provisioning:\n  toApp:\n    createUsers: true\n    updateUserAttributes: true\n    deactivateUsers: true' });
      const f = validateConfig(t);
      assert.deepEqual(codes(f), ['mapping-missing']);
      assert.deepEqual(validateConfig(applyFix(t, f[0].fixes![0])), []);
      const typo = buildConfig().replace('    timezone: user.timezone', '    timeZone: user.timezone');
      assert.deepEqual(codes(validateConfig(typo)), ['schema-unknown-key']);
    });

    it('timezone-invalid: blank is fine; case-insensitive match suggests canonical case; aliases are valid', () => {
      const tz = (z: string) => buildConfig({ assignments: `assignments:\n  - userName: a@example.com\n    timezone: ${z}` });
      for (const ok of ['""', '', 'Etc/UTC', 'UTC', 'Etc/GMT+5', 'Etc/GMT-14', 'Asia/Kolkata', 'Asia/Calcutta', 'America/New_York']) {
        assert.deepEqual(validateConfig(tz(ok)), [], ok);
      }
      const f = validateConfig(tz('america/new_york'));
      assert.deepEqual(codes(f), ['timezone-invalid']);
      assert.equal(f[0].message, "'america/new_york' is not an IANA time zone: did you mean 'America/New_York'?");
      assert.deepEqual(codes(validateConfig(tz('Mars/Olympus'))), ['timezone-invalid']);
    });

    it('quoted values keep their quote style when fixed', () => {
      const t = buildConfig().replace('    userName: user.email', "    userName: 'user.login'");
      const f = validateConfig(t);
      const out = applyFix(t, preferredOrFirst(f[0])!);
      assert.ok(out.includes("    userName: 'user.email'\n"), out);
    });

    it('empty values (`key:` with or without a comment) are fixed after the colon', () => {
      const t = buildConfig().replace('    createUsers: true', '    createUsers:   # on please').replace('    email: user.email\nprovisioning', '    email:\nprovisioning')
        .replace('    timezone: user.timezone', '    timezone:');
      const f = validateConfig(t);
      assert.deepEqual(codes(f), ['saml-attribute-missing', 'provisioning-option', 'mapping-missing']);
      for (const crlf of [false, true]) {
        const src = crlf ? toCrlf(t) : t;
        const out = fixAll(src).text;
        assert.deepEqual(validateConfig(out), [], out);
        assert.ok(out.includes('    createUsers: true   # on please'));
        if (crlf) assert.ok(!hasLoneLf(out));
      }
    });

    it('a misspelled required key is one schema-unknown-key (not also schema-required)', () => {
      const t = buildConfig({ assignments: 'assignments:\n  - usrName: a@example.com' });
      const f = validateConfig(t);
      assert.deepEqual(codes(f), ['schema-unknown-key']);
      assert.deepEqual(validateConfig(fixAll(t).text), []);
    });

    it('version must be 1, with a fix', () => {
      const t = buildConfig({ version: 'version: 2' });
      const f = validateConfig(t);
      assert.deepEqual(codes(f), ['schema-enum']);
      assert.deepEqual(validateConfig(fixAll(t).text), []);
    });

    it('a region written as the Flosum URL suggests its code', () => {
      const t = buildConfig({ api: 'api:\n  region: https://global-jp.flosum.app/api/v1/scim\n  tokenRef: x' });
      assert.ok(fixAll(t).text.includes('  region: jp\n'));
    });

    it('severities: lower or turn off a code', () => {
      const t = fixture('sync-password.scim.yaml');
      assert.equal(validateConfig(t, { severities: { 'sync-password': 'warning' } })[0].severity, 'warning');
      assert.deepEqual(validateConfig(t, { severities: { 'sync-password': 'off' } }), []);
    });

    it('findings are sorted by offset', () => {
      const f = validateConfig(example('broken.scim.yaml'));
      assert.ok(f.length >= 8);
      for (let i = 1; i < f.length; i++) assert.ok(f[i - 1].start <= f[i].start);
    });
  });
});
