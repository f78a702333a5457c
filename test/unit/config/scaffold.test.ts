// New Provisioning Config's file (src/core/config/scaffold.ts): every region, a base URL and names
// validate clean; Entra ID's with Entra's claims and mappings.
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { scaffoldConfig } from '../../../src/core/config/scaffold';
import { validateConfig } from '../../../src/core/config/validate';

describe('config scaffold', () => {
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

  describe('Entra ID', () => {
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
});
