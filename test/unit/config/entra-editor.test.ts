// Completion, hover and the scaffold for an Entra ID config: whole references are inserted as YAML
// reads them back ("[mail]" quoted in an unquoted value, bare inside quotes), keys come with Entra's
// expression, hovers show Entra's value for the first assignment and, on api.baseUrl / api.region,
// the aadOptscim062020 Tenant-URL flag; New Provisioning Config's Entra file validates clean.
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { completionsAt } from '../../../src/core/config/language/completion';
import { applyEdits } from '../../../src/core/config/fixes';
import { scaffoldConfig } from '../../../src/core/config/scaffold';
import { validateConfig } from '../../../src/core/config/validate';
import { example } from './helpers';
import { hoverAt } from '../../../src/core/config/language/hover';

const ENTRA_APP = 'version: 1\napp:\n  name: Flosum\n  identityProvider: entra-id\n';

function at(marked: string): [string, number] {
  const i = marked.indexOf('|');
  return [marked.slice(0, i) + marked.slice(i + 1), i];
}

/** Apply the completion labelled `label` at the cursor, the way the editor does (the range, else the word). */
function complete(marked: string, label: string): string {
  const [t, o] = at(marked);
  const item = completionsAt(t, o).find((i) => i.label === label);
  assert.ok(item, `${label} not offered: ${completionsAt(t, o).map((i) => i.label).slice(0, 12).join(', ')}`);
  const range = item.range ?? { start: o, end: o };
  return applyEdits(t, [{ start: range.start, end: range.end, newText: item.insertText }]);
}

describe('Entra ID in the editor (pure data)', () => {
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

  it("hover on a mapping shows Entra's value for the first assignment", () => {
    const text = example('flosum-entra.scim.yaml');
    const tz = text.indexOf('Coalesce([extensionAttribute1]') + 3;
    const h = hoverAt(text, tz);
    assert.match(h?.markdown ?? '', /Coalesce\(source1, source2, …, \[defaultValue\]\) → String/);
    assert.match(h?.markdown ?? '', /\*\*For jane\\@example\\\.com:\*\* `"Europe\/Berlin"`/);
    const display = hoverAt(text, text.indexOf('Join(" ", [givenName]') + 1);
    assert.match(display?.markdown ?? '', /`"Jane Doe"`/);
    const claim = hoverAt(text, text.indexOf('user.givenname') + 2);
    assert.match(claim?.markdown ?? '', /Entra claim source[\s\S]*`"Jane"`/);
  });

  it('hover on api.baseUrl / api.region of an Entra config explains the aadOptscim062020 Tenant-URL flag, with the URL', () => {
    const text = example('flosum-entra.scim.yaml');
    for (const offset of [text.indexOf('region: us') + 2, text.indexOf('region: us') + 9]) {
      const h = hoverAt(text, offset);
      assert.match(h?.markdown ?? '', /\*Tenant URL\*/);
      assert.match(h?.markdown ?? '', /`https:\/\/global-us\.flosum\.app\/api\/v1\/scim\?aadOptscim062020`/);
      assert.match(h?.markdown ?? '', /"active": "False"/);
    }
    const custom = `${ENTRA_APP}api:\n  baseUrl: https://flosum.example.com/api/v1/scim\n`;
    assert.match(hoverAt(custom, custom.indexOf('baseUrl') + 1)?.markdown ?? '', /`https:\/\/flosum\.example\.com\/api\/v1\/scim\?aadOptscim062020`/);
    // With the schema left to the Red Hat YAML extension, the note (which it cannot know) is still ours.
    assert.match(hoverAt(custom, custom.indexOf('baseUrl') + 1, { schema: false })?.markdown ?? '', /aadOptscim062020/);
    // An Okta config has no such note.
    const okta = example('flosum-us.scim.yaml');
    assert.doesNotMatch(hoverAt(okta, okta.indexOf('region: us') + 2)?.markdown ?? '', /aadOptscim062020/);
  });

  it('the Entra scaffold (New Provisioning Config) validates clean for every region and a base URL, with Entra\'s claims and mappings', () => {
    for (const opts of [{}, { region: 'de' as const }, { region: 'jp' as const, appName: 'Flosum Japan' }, { baseUrl: 'https://flosum.example.com/api/v1/scim' }]) {
      const t = scaffoldConfig({ ...opts, identityProvider: 'entra-id' });
      assert.deepEqual(validateConfig(t), [], t);
      const v = parse(t) as { app: { identityProvider: string }; saml: { attributes: Record<string, string> }; provisioning: { mappings: Record<string, string> } };
      assert.equal(v.app.identityProvider, 'entra-id');
      assert.deepEqual(v.saml.attributes, { uniqueUserId: 'user.objectid', firstName: 'user.givenname', lastName: 'user.surname', email: 'user.mail' });
      assert.deepEqual(v.provisioning.mappings, { userName: '[mail]', givenName: '[givenName]', familyName: '[surname]', email: '[mail]', timezone: '"Etc/UTC"' });
      assert.match(t, /Admin credentials: Tenant URL and Secret Token/);
    }
  });
});
