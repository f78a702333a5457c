// The one config builder (test/support/configs.cjs): the valid config of each identity provider and
// the variants the tests make from it, as text, as a value, and the line of a key.
import assert from 'node:assert/strict';
import { IDPS, configText, configValue, generatedConfig, keyLine } from '../../support/configs.cjs';
import { validateConfig } from '../../../src/core/config/validate';

describe('test support: the config builder', () => {
  it('each identity provider\'s config validates clean, with or without comments, with any number of its people', () => {
    for (const idp of IDPS) {
      for (const comments of [true, false]) {
        for (const assignees of [undefined, 1, 2]) {
          const text = configText({ idp, comments, assignees });
          assert.deepEqual(validateConfig(text), [], `${idp} comments=${comments} assignees=${assignees}\n${text}`);
        }
      }
      assert.equal((configValue({ idp }).app as { identityProvider: string }).identityProvider, idp);
    }
  });

  it('identity-provider aware: Okta\'s expressions and claims, or Entra ID\'s', () => {
    assert.match(configText(), /userName: user\.email/);
    assert.match(configText({ idp: 'entra-id' }), /userName: "\[mail\]"\n/);
    assert.match(configText({ idp: 'entra-id' }), /uniqueUserId: user\.objectid/);
    assert.throws(() => configText({ idp: 'onelogin' as never }), /no valid config for identity provider onelogin/);
  });

  it('without comments: no # left; a header goes first; people cut to the first n', () => {
    const text = configText({ comments: false, assignees: 1, header: '# built here' });
    assert.ok(text.startsWith('# built here\nversion: 1\n'));
    assert.equal(text.split('\n').filter((l) => l.includes('#')).length, 1);
    assert.ok(text.endsWith('assignments:\n  - userName: jane@example.com\n    timezone: Europe/Berlin\n'), text);
    assert.ok(configText({ assignees: 0 }).endsWith('assignments:                   # people assigned to the app\n'));
  });

  it('sections replaced in place or removed; the others keep their order', () => {
    const text = configText({ comments: false, sections: { api: 'api:\n  region: eu\n  tokenRef: x', saml: null } });
    assert.deepEqual(text.split('\n').filter((l) => /^\w/.test(l)), ['version: 1', 'app:', 'api:', 'provisioning:', 'assignments:']);
    assert.ok(text.includes('app:\n  name: Flosum\n  identityProvider: okta\n  target: flosum\napi:\n  region: eu\n  tokenRef: x\nprovisioning:\n'), text);
  });

  it('keys set in place, added to their parent (made when missing), removed with their block', () => {
    const text = configText({
      comments: false,
      remove: ['saml', 'provisioning.toApp'],
      set: { 'app.identityProvider': 'entra-id', 'app.customAttributes': ['costCenter'], 'provisioning.mappings': { userName: '[mail]', 'urn:x:costCenter': 'Join(" ", [a], [b])' }, 'extra.key': true },
    });
    assert.ok(text.includes('  identityProvider: entra-id\n  target: flosum\n  customAttributes: [costCenter]\napi:'), text);
    assert.ok(text.includes('provisioning:\n  mappings:\n    userName: "[mail]"\n    urn:x:costCenter: Join(" ", [a], [b])\n  defaults:'), text);
    assert.ok(text.endsWith('extra:\n  key: true\n'), text);
    assert.ok(!/saml|toApp/.test(text));
    assert.throws(() => configText({ remove: ['api.nothing'] }), /no such key/);
  });

  it('the value is what YAML reads: lists of people, quoting where a plain scalar would read otherwise', () => {
    const people = [{ userName: 'jane@example.com', givenName: 'Jane', profile: { department: 'R&D', contractor: false, code: '042', tag: '@x' } }, { timezone: 'Etc/UTC' }];
    const value = configValue({ set: { assignments: people, 'provisioning.mappings': { a: 'true', b: '- x', c: 'x: y', d: 'x # y', e: '' } } });
    assert.deepEqual(value.assignments, people);
    assert.deepEqual((value.provisioning as { mappings: unknown }).mappings, { a: 'true', b: '- x', c: 'x: y', d: 'x # y', e: '' });
    assert.deepEqual(configValue({ set: { assignments: [] } }).assignments, []);
  });

  it('baseUrl takes the place of region; tokenRef is set; replacements must apply', () => {
    const text = configText({ comments: false, baseUrl: 'http://127.0.0.1:1/scim', tokenRef: 'mine' });
    assert.ok(text.includes('api:\n  baseUrl: http://127.0.0.1:1/scim\n  tokenRef: mine\nsaml:'), text);
    assert.equal(configText({ replace: [['version: 1', 'version: 2']] }).split('\n')[0], 'version: 2');
    assert.throws(() => configText({ replace: [['nowhere', 'x']] }), /config replacement not found: "nowhere"/);
  });

  it('keyLine: the 0-based line of a dotted key, past comments and list items; throws on a missing one', () => {
    const text = configText();
    const lines = text.split('\n');
    assert.match(lines[keyLine(text, 'provisioning.mappings.timezone')], /^ {4}timezone: user\.timezone$/);
    assert.match(lines[keyLine(text, 'provisioning.defaults.timezone')], /^ {4}timezone: Etc\/UTC$/);
    assert.match(lines[keyLine(text, 'api.region')], /^ {2}region: us /);
    assert.equal(keyLine(text, 'assignments'), lines.findIndex((l) => l.startsWith('assignments:')));
    assert.equal(keyLine(`# head\r\n${text.replace(/\n/g, '\r\n')}`, 'api'), keyLine(text, 'api') + 1);
    assert.throws(() => keyLine(text, 'api.baseUrl'), /no key api\.baseUrl/);
  });

  it('generatedConfig: the valid config with n people; the planted errors on the lines it returns, nothing else', () => {
    const { text, errorLines, lines } = generatedConfig(250, { errors: true });
    assert.equal(text.split('\n').length - 1, lines);
    assert.deepEqual(errorLines.map((l) => text.split('\n')[l]), ['    givenName: 42', '    givenName: 42']);
    const found = validateConfig(text);
    assert.deepEqual(found.map((f) => f.code), ['schema-type', 'schema-type']);
    assert.deepEqual(validateConfig(generatedConfig(30).text), []);
    assert.equal(generatedConfig(9, { errors: true }).errorLines.length, 1, 'a typical file gets one too');
  });
});
