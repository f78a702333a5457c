// Completion, hover, symbols and scaffold: pure editor-support data.
import assert from 'node:assert/strict';
import { completionsAt } from '../../../src/core/config/language/completion';
import { LineIndex } from '../../../src/core/config/yaml/lineIndex';
import { scaffoldConfig } from '../../../src/core/config/scaffold';
import { validateConfig } from '../../../src/core/config/validate';
import { buildConfig, example } from './helpers';
import { documentSymbols } from '../../../src/core/config/language/symbols';
import { hoverAt } from '../../../src/core/config/language/hover';

/** Text with a `|` marking the cursor. */
function at(marked: string): [string, number] {
  const i = marked.indexOf('|');
  return [marked.slice(0, i) + marked.slice(i + 1), i];
}

function labels(marked: string): string[] {
  const [t, o] = at(marked);
  return completionsAt(t, o).map((c) => c.label);
}

describe('config editor support', () => {
  describe('completionsAt', () => {
    it('root keys not yet present, with schema docs', () => {
      const [t, o] = at('version: 1\napp:\n  name: X\n|');
      const items = completionsAt(t, o);
      assert.deepEqual(items.map((i) => i.label), ['api', 'saml', 'provisioning', 'assignments']);
      const api = items[0];
      assert.equal(api.kind, 'key');
      assert.equal(api.insertText, 'api:\n  ');
      assert.match(api.documentation ?? '', /region/);
    });

    it('an empty file offers the root keys and the skeleton snippet', () => {
      const items = completionsAt('', 0);
      const snip = items.find((i) => i.kind === 'snippet');
      assert.ok(snip);
      assert.match(snip.insertText, /^version: 1\napp:\n {2}name: \$\{1:Flosum\}/);
      assert.ok(items.some((i) => i.label === 'version'));
    });

    it('nested keys: app, mappings (missing ones only), toApp', () => {
      assert.deepEqual(labels('app:\n  name: X\n  |'), ['identityProvider', 'target', 'customAttributes']);
      const m = labels('provisioning:\n  mappings:\n    userName: user.email\n    |\n    email: user.email\n');
      assert.ok(m.includes('timezone') && m.includes('givenName'));
      assert.ok(!m.includes('userName') && !m.includes('email'));
    });

    it('enum values for region, identityProvider and target', () => {
      assert.deepEqual(labels('api:\n  region: |'), ['us', 'de', 'jp', 'au']);
      assert.deepEqual(labels('app:\n  target: |'), ['flosum', 'generic-scim']);
      const [t, o] = at('api:\n  region: |');
      assert.match(completionsAt(t, o)[1].documentation ?? '', /global-de\.flosum\.app/);
    });

    it('Okta expressions for mapping and SAML values, the expected one first', () => {
      const m = labels('provisioning:\n  mappings:\n    givenName: |');
      assert.equal(m[0], 'user.firstName');
      assert.ok(m.includes('user.email') && m.includes('user.timezone'));
      assert.equal(labels('saml:\n  attributes:\n    uniqueUserId: |')[0], 'user.id');
      // The matching attribute first for every key, not user.email: displayName -> user.displayName.
      assert.equal(labels('provisioning:\n  mappings:\n    displayName: |')[0], 'user.displayName');
      assert.equal(labels('provisioning:\n  mappings:\n    locale: |')[0], 'user.locale');
      // Flosum's userName is the email; a generic SCIM service gets Okta's default, the Okta username.
      assert.equal(labels('provisioning:\n  mappings:\n    userName: |')[0], 'user.email');
      assert.equal(labels('app:\n  name: X\n  target: generic-scim\nprovisioning:\n  mappings:\n    userName: |')[0], 'user.login');
      assert.equal(labels('saml:\n  attributes:\n    displayName: |')[0], 'user.displayName');
    });

    it('booleans for toApp options', () => {
      assert.deepEqual(labels('provisioning:\n  toApp:\n    syncPassword: |'), ['true', 'false']);
    });

    it('IANA time zones for defaults and assignment time zones', () => {
      const d = labels('provisioning:\n  defaults:\n    timezone: |');
      assert.equal(d[0], 'Etc/UTC');
      assert.ok(d.includes('Europe/Berlin') && d.length > 400);
      const a = labels('assignments:\n  - userName: a@example.com\n    timezone: |');
      assert.ok(a.includes('Asia/Tokyo'));
    });

    it('assignment item keys and the assignment snippet', () => {
      assert.deepEqual(labels('assignments:\n  - userName: a@example.com\n    |'), ['givenName', 'familyName', 'email', 'timezone', 'profile']);
      const [t, o] = at('assignments:\n  - userName: a@example.com\n  - |');
      const items = completionsAt(t, o);
      const snip = items.find((i) => i.kind === 'snippet')!;
      assert.equal(snip.insertText, 'userName: ${1:jane@example.com}\n    timezone: ${2:Etc/UTC}');
      const [t2, o2] = at('assignments:\n  |');
      assert.equal(completionsAt(t2, o2)[0].insertText, '- userName: ${1:jane@example.com}\n    timezone: ${2:Etc/UTC}');
    });

    it('nothing inside comments or unknown places; never throws on odd offsets', () => {
      assert.deepEqual(labels('# a comment |'), []);
      assert.deepEqual(labels('nope:\n  deeper: |'), []);
      const t = example('flosum-us.scim.yaml');
      for (let o = -5; o <= t.length + 5; o += 7) completionsAt(t, o);
    });
  });

  describe('inside expressions', () => {
    const cfg = (mapping: string, extra = '') =>
      `version: 1\napp:\n  name: X\n  customAttributes: [costCenterCode]\nprovisioning:\n  mappings:\n    ${mapping}\n${extra}`;

    it("after 'user.' the profile's attributes (base and custom) with descriptions, replacing just the partial name", () => {
      const [t, o] = at(cfg('givenName: String.toLowerCase(user.fir|)'));
      const items = completionsAt(t, o);
      const first = items.find((i) => i.label === 'firstName')!;
      assert.equal(first.kind, 'attribute');
      assert.equal(first.documentation, 'Given name.');
      assert.equal(t.slice(first.range!.start, first.range!.end), 'fir');
      assert.ok(items.some((i) => i.label === 'costCenterCode' && i.detail === 'custom attribute'));
      assert.ok(items.some((i) => i.label === 'id') && items.some((i) => i.label === 'getInternalProperty' && i.snippet));
      assert.equal(items.filter((i) => i.kind === 'attribute').length, 33);
      const [t2, o2] = at(cfg('givenName: "user.|"'));
      assert.equal(completionsAt(t2, o2)[0].label, 'firstName', "the key's standard attribute comes first");
      assert.equal(completionsAt(...at(cfg('title: user.|')))[0].label, 'title');
    });

    it("after 'String.' its functions, as snippets of their arguments, with the signature", () => {
      const [t, o] = at(cfg('givenName: String.|'));
      const items = completionsAt(t, o);
      const sb = items.find((i) => i.label === 'substringBefore')!;
      assert.equal(sb.kind, 'function');
      assert.equal(sb.insertText, 'substringBefore(${1:input}, ${2:searchString})');
      assert.ok(sb.snippet);
      assert.equal(sb.detail, 'String.substringBefore(input, searchString)');
      assert.match(sb.documentation ?? '', /all of input when absent/);
      assert.deepEqual(items.map((i) => i.label).slice(0, 3), ['append', 'join', 'len']);
      // Group-claim functions are not offered in a To App mapping.
      assert.ok(!completionsAt(...at(cfg('givenName: Groups.|'))).length);
      assert.ok(completionsAt(...at('saml:\n  attributes:\n    groups: Groups.|')).some((i) => i.label === 'startsWith'));
    });

    it('at the start of a value or after an operator: user.<attribute>, the namespaces (re-opening the list) and functions', () => {
      const [t, o] = at(cfg('givenName: user.firstName + |'));
      const items = completionsAt(t, o);
      assert.ok(items.some((i) => i.label === 'user.lastName'));
      const ns = items.find((i) => i.label === 'String.')!;
      assert.ok(ns.retrigger);
      assert.ok(items.some((i) => i.label === 'isMemberOfGroupName' && i.snippet));
      assert.ok(!items.some((i) => i.label === 'toLowerCase'), 'deprecated forms are not offered');
    });

    it('nothing inside a string literal, in a trailing comment, or after the closing quote', () => {
      assert.deepEqual(completionsAt(...at(cfg('givenName: String.append(user.firstName, "us|")'))), []);
      assert.deepEqual(completionsAt(...at(cfg('givenName: user.firstName   # user.|'))), []);
      assert.deepEqual(completionsAt(...at(cfg('givenName: "user.firstName" |'))), []);
    });

    it('a key under mappings or saml.attributes inserts the key with its standard expression (a snippet, the value selected)', () => {
      const items = completionsAt(...at('provisioning:\n  mappings:\n    userName: user.email\n    |'));
      const dn = items.find((i) => i.label === 'displayName')!;
      assert.equal(dn.insertText, 'displayName: ${1:user.displayName}');
      assert.ok(dn.snippet);
      assert.equal(items.find((i) => i.label === 'givenName')!.insertText, 'givenName: ${1:user.firstName}');
      assert.equal(items.find((i) => i.label === 'externalId')!.insertText, 'externalId: ${1:user.id}');
      const saml = completionsAt(...at('saml:\n  attributes:\n    |'));
      assert.equal(saml.find((i) => i.label === 'uniqueUserId')!.insertText, 'uniqueUserId: ${1:user.id}');
      // No standard value for a group statement: the key, and the value suggestions open at once.
      const groups = saml.find((i) => i.label === 'groups')!;
      assert.equal(groups.insertText, 'groups: ');
      assert.ok(groups.retrigger);
    });

    it("assignment profile keys are the identity provider's attributes (base and custom)", () => {
      const items = labels('app:\n  name: X\n  customAttributes: [costCenterCode]\nassignments:\n  - userName: a@example.com\n    profile:\n      department: Sales\n      |');
      assert.ok(items.includes('title') && items.includes('costCenterCode') && items.includes('displayName'));
      assert.ok(!items.includes('department') && !items.includes('id'));
    });

    it('with the schema left to another YAML tool, only the expression items remain', () => {
      assert.deepEqual(completionsAt(...at('api:\n  region: |'), { schema: false }), []);
      assert.deepEqual(completionsAt(...at('provisioning:\n  |'), { schema: false }), []);
      assert.ok(completionsAt(...at(cfg('givenName: user.|')), { schema: false }).length > 30);
    });
  });

  describe('hover on expressions', () => {
    const withPeople = (mapping: string, people = '  - userName: jane@example.com\n    givenName: Jane\n    familyName: Doe\n    profile:\n      department: Sales\n') =>
      `version: 1\napp:\n  name: X\nprovisioning:\n  mappings:\n    ${mapping}\nassignments:\n${people}`;
    // The markdown with its backslash escapes removed (the person's address is escaped so it is not made a mailto: link).
    const hoverOn = (t: string, needle: string, delta = 1) => {
      const h = hoverAt(t, t.indexOf(needle) + delta)!;
      return { ...h, markdown: h.markdown.replace(/\\([^\w\s])/g, '$1') };
    };

    it('a value shows what it evaluates to for the first assignment', () => {
      const t = withPeople('displayName: String.toUpperCase(user.firstName) + " (" + user.department + ")"');
      const h = hoverOn(t, '" ("');
      assert.match(h.markdown, /^\*\*For jane@example\.com:\*\* `"JANE \(Sales\)"`/);
      assert.match(h.markdown, /Optional SCIM `displayName`/, 'the key description follows');
      assert.match(hoverAt(t, t.indexOf('" ("') + 1)!.markdown, /For jane\\@example\\\.com/);
      const again = withPeople('givenName: user.middleName');
      assert.match(hoverOn(again, 'user.middleName', 12).markdown, /`null` \(Okta sends no value\)\n\n- user\.middleName is empty for this person\./);
    });

    it('a function shows its signature and meaning; an attribute its description; both with the evaluation', () => {
      const t = withPeople('familyName: String.substringBefore(user.lastName, " ")');
      const fn = hoverOn(t, 'substringBefore', 3);
      assert.match(fn.markdown, /^```\nString\.substringBefore\(input, searchString\) → String\n```\nWhat precedes the first searchString/);
      assert.equal(t.slice(fn.start, fn.end), 'String.substringBefore');
      assert.match(fn.markdown, /\*\*For jane@example\.com:\*\* `"Doe"`/);
      const attr = hoverOn(t, 'lastName,', 2);
      assert.match(attr.markdown, /^\*\*user\.lastName\*\* \(Okta user attribute\)\n\nFamily name\./);
      assert.equal(t.slice(attr.start, attr.end), 'user.lastName');
    });

    it('no assignments: a sample person, labelled as such; a broken expression: no evaluation', () => {
      const t = 'version: 1\nprovisioning:\n  mappings:\n    email: String.toLowerCase(user.email)\n';
      const h = hoverOn(t, 'user.email', 3);
      assert.match(h.markdown, /For a sample person, jane\.doe@example\.com:\*\* `"jane\.doe@example\.com"`/);
      assert.match(h.markdown, /Add assignments to preview your own people\./);
      const broken = hoverOn('provisioning:\n  mappings:\n    email: user.emial\n', 'emial');
      assert.doesNotMatch(broken.markdown, /For /);
    });

    it("Okta-only values and failures say so instead of guessing", () => {
      assert.match(hoverOn(withPeople(`title: 'isMemberOfGroupName("Admins") ? "Admin" : "User"'`), 'Admins').markdown,
        /Okta decides when it evaluates this: isMemberOfGroupName depends on the user's groups in Okta\./);
      assert.match(hoverOn(withPeople('title: "user.title ? \'a\' : \'b\'"'), 'title ?').markdown, /Okta would fail to evaluate this: the condition is null, not true or false\./);
    });

    it('SAML statements too, with the stand-in id', () => {
      const t = 'saml:\n  attributes:\n    uniqueUserId: user.id\nassignments:\n  - userName: jane@example.com\n';
      assert.match(hoverOn(t, 'user.id', 6).markdown, /\*\*For jane@example\.com:\*\* `"00u[A-Za-z0-9]{17}"`\n\n- user\.id is a stand-in/);
    });
  });

  describe('hoverAt', () => {
    const t = example('flosum-us.scim.yaml');
    it('a key shows its markdownDescription, with the key range', () => {
      const o = t.indexOf('syncPassword') + 3;
      const h = hoverAt(t, o)!;
      assert.match(h.markdown, /Sync Password/);
      assert.equal(t.slice(h.start, h.end), 'syncPassword');
    });

    it('an enum value shows the value description and the key\'s', () => {
      const o = t.indexOf('region: us') + 'region: '.length;
      const h = hoverAt(t, o)!;
      assert.match(h.markdown, /^`us`: United States/);
      assert.equal(t.slice(h.start, h.end), 'us');
    });

    it('inside assignments; nothing on comments or unknown keys', () => {
      const o = t.indexOf('timezone: Europe/Berlin') + 2;
      assert.match(hoverAt(t, o)!.markdown, /IANA time zone/);
      assert.equal(hoverAt(t, 3), undefined);
      assert.equal(hoverAt('foo: 1\n', 1), undefined);
      assert.equal(hoverAt('', 0), undefined);
    });
  });

  describe('documentSymbols', () => {
    it('a tree of keys with kinds, ranges and selection ranges', () => {
      const t = example('flosum-us.scim.yaml');
      const syms = documentSymbols(t);
      assert.deepEqual(syms.map((s) => s.name), ['version', 'app', 'api', 'saml', 'provisioning', 'assignments']);
      const prov = syms.find((s) => s.name === 'provisioning')!;
      assert.equal(prov.kind, 'object');
      assert.deepEqual(prov.children.map((c) => c.name), ['toApp', 'mappings', 'defaults']);
      const sync = prov.children[0].children.find((c) => c.name === 'syncPassword')!;
      assert.equal(sync.kind, 'boolean');
      assert.equal(t.slice(sync.selectionStart, sync.selectionEnd), 'syncPassword');
      const asg = syms.find((s) => s.name === 'assignments')!;
      assert.equal(asg.kind, 'array');
      assert.equal(asg.children[0].name, 'jane@example.com');
      for (const s of syms) assert.ok(s.start <= s.selectionStart && s.selectionEnd <= s.end);
    });

    it('never shows a secret in a detail', () => {
      const syms = documentSymbols(buildConfig({ api: 'api:\n  region: us\n  apiToken: 00Qb4xGkP1cX2zJ9wR7tYfLmN3sVd8KqHaE6uWj5oT' }));
      const tok = syms.find((s) => s.name === 'api')!.children.find((c) => c.name === 'apiToken')!;
      assert.equal(tok.detail, '••••••');
    });

    it('broken input gives what it can, never throws', () => {
      assert.deepEqual(documentSymbols(''), []);
      documentSymbols('a: [\n  b: {');
      documentSymbols(`x: ${'['.repeat(1000)}`);
    });
  });

  describe('scaffoldConfig', () => {
    it('default, each region, a base URL, names: all validate clean', () => {
      for (const opts of [{}, { region: 'de' as const }, { region: 'jp' as const, appName: 'Flosum Japan' }, { region: 'au' as const, tokenRef: 'au-token' },
        { baseUrl: 'https://flosum.example.com/api/v1/scim', appName: 'Acme: Flosum' }]) {
        const t = scaffoldConfig(opts);
        assert.deepEqual(validateConfig(t), [], `${JSON.stringify(opts)}\n${t}`);
        assert.match(t, /^# /);
      }
      assert.match(scaffoldConfig({ region: 'de' }), /region: de/);
      assert.match(scaffoldConfig({ appName: 'Flosum EU' }), /tokenRef: flosum-eu-prod/);
      assert.doesNotMatch(scaffoldConfig({ baseUrl: 'https://x.example.com/api/v1/scim' }), /region:/);
    });
  });

  describe('LineIndex', () => {
    it('offset <-> 1-based line/column, LF, CRLF and CR', () => {
      const li = new LineIndex('ab\r\ncd\nef\rgh');
      assert.deepEqual(li.positionAt(0), { line: 1, column: 1 });
      assert.deepEqual(li.positionAt(4), { line: 2, column: 1 });
      assert.deepEqual(li.positionAt(8), { line: 3, column: 2 });
      assert.deepEqual(li.positionAt(10), { line: 4, column: 1 });
      assert.deepEqual(li.positionAt(999), { line: 4, column: 3 });
      assert.equal(li.offsetAt(2, 2), 5);
      assert.equal(li.lineCount, 4);
    });
  });
});
