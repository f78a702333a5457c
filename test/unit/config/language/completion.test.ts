// Completion (src/core/config/language/completion.ts): keys not yet present, enum values, snippets,
// and inside expressions the identity provider's attributes and functions; for an Entra ID config,
// whole references inserted as YAML reads them back ("[mail]" quoted in an unquoted value).
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { completionsAt } from '../../../../src/core/config/language/completion';
import { applyEdits } from '../../../../src/core/config/fixes';
import { example } from '../helpers';

const ENTRA_APP = 'version: 1\napp:\n  name: Flosum\n  identityProvider: entra-id\n';

/** Text with a `|` marking the cursor. */
function at(marked: string): [string, number] {
  const i = marked.indexOf('|');
  return [marked.slice(0, i) + marked.slice(i + 1), i];
}

function labels(marked: string): string[] {
  const [t, o] = at(marked);
  return completionsAt(t, o).map((c) => c.label);
}

/** Apply the completion labelled `label` at the cursor, the way the editor does (the range, else the word). */
/** Apply the completion labelled `label` at the cursor, the way the editor does (the range, else the word). */
function complete(marked: string, label: string): string {
  const [t, o] = at(marked);
  const item = completionsAt(t, o).find((i) => i.label === label);
  assert.ok(item, `${label} not offered: ${completionsAt(t, o).map((i) => i.label).slice(0, 12).join(', ')}`);
  const range = item.range ?? { start: o, end: o };
  return applyEdits(t, [{ start: range.start, end: range.end, newText: item.insertText }]);
}

describe('config language: completion', () => {
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

  describe('Entra ID', () => {
    it('a whole reference in an unquoted mapping value is inserted quoted: unquoted, [mail] is a YAML list', () => {
      const base = `${ENTRA_APP}provisioning:\n  mappings:\n    userName: |\n`;
      const out = complete(base, '[mail]');
      assert.ok(out.includes('    userName: "[mail]"\n'), out);
      assert.equal((parse(out) as { provisioning: { mappings: { userName: string } } }).provisioning.mappings.userName, '[mail]');
      // The expected one comes first: Flosum wants [mail] for userName, Entra's default would be the UPN.
      const [t, o] = at(base);
      assert.equal(completionsAt(t, o)[0].label, '[mail]');
      assert.match(completionsAt(t, o)[0].detail ?? '', /Entra expression for userName/);
      // After typing [gi the item replaces the bracket too, and still quotes.
      assert.ok(complete(`${ENTRA_APP}provisioning:\n  mappings:\n    givenName: [gi|\n`, 'givenName').includes('    givenName: "[givenName]"\n'));
      // Inside quotes the reference is written as is.
      assert.ok(complete(`${ENTRA_APP}provisioning:\n  mappings:\n    givenName: "|"\n`, '[givenName]').includes('    givenName: "[givenName]"\n'));
      // Inside a function call, only the bracketed name.
      const nested = complete(`${ENTRA_APP}provisioning:\n  mappings:\n    givenName: Join(" ", [su|\n`, 'surname');
      assert.ok(nested.includes('    givenName: Join(" ", [surname]\n'), nested);
    });

    it('SAML claim values complete to claim sources, the expected one first', () => {
      const [t, o] = at(`${ENTRA_APP}saml:\n  attributes:\n    uniqueUserId: |\n`);
      const items = completionsAt(t, o);
      assert.equal(items[0].label, 'user.objectid');
      assert.equal(complete(`${ENTRA_APP}saml:\n  attributes:\n    firstName: user.gi|\n`, 'givenname').split('\n').at(-2), '    firstName: user.givenname');
    });

    it("a key under mappings inserts it with Entra's expression, quoted as YAML needs", () => {
      const [t, o] = at(`${ENTRA_APP}provisioning:\n  mappings:\n    |\n`);
      const items = completionsAt(t, o);
      assert.equal(items.find((i) => i.label === 'userName')?.insertText, 'userName: ${1:"[mail]"}');
      assert.equal(items.find((i) => i.label === 'timezone')?.insertText, 'timezone: ${1:\'"Etc/UTC"\'}');
      assert.equal(items.find((i) => i.label === 'displayName')?.insertText, 'displayName: ${1:"[displayName]"}');
      // Assignment profile keys are Entra's attribute names.
      const [p, po] = at(`${ENTRA_APP}assignments:\n  - userName: a@example.com\n    profile:\n      |\n`);
      const keys = completionsAt(p, po).map((i) => i.label);
      assert.ok(keys.includes('extensionAttribute1') && keys.includes('department') && !keys.includes('firstName'), keys.join(', '));
    });
  });
});
