// Okta's bodies -> the live model, on the vendor's own examples (Okta's management spec) and bodies
// recorded from real orgs (the Terraform provider's cassettes), through test/support/idp/fixtures.ts.
import * as assert from 'node:assert/strict';
import {
  parseAppGroup, parseAppUser, parseConnection, parseOktaApp, parseOktaMapping, schemaPathsOf, scimPathOfExternalName,
  userNameMappingOf, userToAppMappingId,
} from '../../../src/core/idp/okta/api/parse';
import { ENTERPRISE_USER_URN } from '../../../src/core/scim/attributePaths';
import { oktaRecorded, oktaSpecExample } from '../../support/idp/fixtures';

type Json = Record<string, unknown>;

describe("idp-api/okta parse: Okta's bodies into the live model", () => {
  it("the spec's custom SAML app: one EXPRESSION statement, features [] = every To App option off, ${source.email} = userName user.email", () => {
    const app = parseOktaApp(oktaSpecExample('Saml2.0ResponseEx'));
    assert.deepEqual(app.saml, { readable: true, value: [{ name: 'Attribute', expression: 'Value' }] });
    assert.deepEqual(app.toApp, { readable: true, value: { options: { createUsers: false, updateUserAttributes: false, deactivateUsers: false, syncPassword: false }, uncompared: [] } });
    assert.equal(app.userName?.expression, 'user.email');
    assert.equal(app.userName?.path, 'userName');
  });

  it('a recorded CUSTOM username template (user.login) is the userName mapping', () => {
    const app = parseOktaApp(oktaRecorded('app-custom-username-template').body);
    assert.equal(app.userName?.expression, 'user.login');
    assert.match(app.userName?.origin ?? '', /custom: user\.login/);
  });

  it('a recorded GROUP attribute statement is kept (as what it is), never dropped; the EXPRESSION one read', () => {
    const app = parseOktaApp(oktaRecorded('app-expression-and-group-statements').body);
    assert.ok(app.saml.readable);
    const body = oktaRecorded<Json>('app-expression-and-group-statements').body;
    const statements = ((body.settings as Json).signOn as Json).attributeStatements as Json[];
    assert.equal(app.saml.value.length, statements.length, 'one item per statement');
    const group = app.saml.value.find((a) => a.unsupported !== undefined);
    const groupStatement = statements.find((s) => s.type === 'GROUP');
    assert.equal(group?.name, groupStatement?.name);
    assert.match(group?.unsupported ?? '', new RegExp(`GROUP attribute statement .*${String(groupStatement?.filterType)} filter "${String(groupStatement?.filterValue)}"`));
    assert.ok(app.saml.value.some((a) => a.expression !== undefined));
  });

  it('built-in username formats become Okta expressions; NONE maps nothing; DONT_PUSH is kept', () => {
    assert.equal(userNameMappingOf({ template: '${fn:substringBefore(source.login, "@")}', type: 'BUILT_IN' })?.expression, 'String.substringBefore(user.login, "@")');
    assert.equal(userNameMappingOf({ template: '${source.samAccountName}', type: 'BUILT_IN' })?.expression, 'user.samAccountName');
    assert.equal(userNameMappingOf({ template: '', type: 'NONE' }), undefined);
    assert.deepEqual(userNameMappingOf({ template: 'user.login', type: 'CUSTOM', pushStatus: 'DONT_PUSH' })?.data, { pushStatus: 'DONT_PUSH' });
  });

  it("a mapping body's properties with pushStatus; the list's Okta user -> app entry", () => {
    const paths = new Map([['firstName', 'name.givenName']]);
    assert.deepEqual(parseOktaMapping(oktaSpecExample('RetrieveMappingsResponse'), paths), [
      { path: 'name.givenName', expression: 'user.firstName' },
      { path: 'lastName', expression: 'user.lastName' },
    ]);
    const list = oktaSpecExample<Json[]>('ListMappingsResponse');
    const target = list.find((m) => (m.source as Json).type === 'user');
    if (target) assert.equal(userToAppMappingId(list, String((target.target as Json).id)), target.id);
    assert.equal(userToAppMappingId(list, '0oaNOTHERE'), undefined);
  });

  it("app user schemas: the spec's and a real one (custom attributes first, no externalName) keep their names; SCIM externalNames become paths", () => {
    assert.deepEqual([...schemaPathsOf(oktaSpecExample('DefaultAppUserSchemaResponse'))], [['userName', 'userName'], ['name', 'name'], ['email', 'email']]);
    assert.deepEqual([...schemaPathsOf(oktaRecorded('app-user-schema-custom-first').body)], [['userName', 'userName'], ['testCustom', 'testCustom']]);
    assert.equal(scimPathOfExternalName("emails.^[type=='work'].value", 'urn:ietf:params:scim:schemas:core:2.0:User'), 'emails[type eq "work"].value');
    assert.equal(scimPathOfExternalName('name.givenName', 'urn:ietf:params:scim:schemas:core:2.0:User'), 'name.givenName');
    assert.equal(scimPathOfExternalName('department', ENTERPRISE_USER_URN), `${ENTERPRISE_USER_URN}:department`);
  });

  it('app users: USER from the spec; GROUP ones from a real org reported via their group, with an empty profile', () => {
    const u = parseAppUser(oktaSpecExample<Json[]>('AppUserListEx')[0]);
    assert.equal(u?.userName, 'saml.test@example.com');
    assert.equal(u?.viaGroup, undefined);
    const recorded = oktaRecorded<Json[]>('app-users-group-scope').body;
    const parsed = recorded.map(parseAppUser);
    assert.equal(parsed.filter((p) => p === undefined).length, 0, 'every recorded app user is an assignment');
    const groupScoped = recorded.filter((r) => r.scope === 'GROUP');
    assert.ok(groupScoped.length > 0);
    for (const r of groupScoped) {
      const p = parsed.find((x) => x?.id === r.id);
      assert.equal(p?.viaGroup, ((r._links as Json).group as Json).name);
    }
    // the time zone: the app user's own, else the embedded Okta user's
    assert.equal(parseAppUser({ id: '00u1', credentials: { userName: 'a@x' }, profile: {}, _embedded: { user: { profile: { login: 'a@x', timezone: 'Asia/Tokyo' } } } })?.timezone, 'Asia/Tokyo');
    assert.equal(parseAppUser({ id: '00u1', credentials: { userName: 'a@x' }, profile: { timezone: 'Europe/Berlin' }, _embedded: { user: { profile: { timezone: 'Asia/Tokyo' } } } })?.timezone, 'Europe/Berlin');
  });

  it("a custom app's connection (UNKNOWN) is not readable, 'set in the Admin Console'; a catalogue app's token connection gives its base URL", () => {
    const custom = parseConnection({ authScheme: 'UNKNOWN', status: 'UNKNOWN' });
    assert.equal(custom.readable, false);
    assert.match(!custom.readable ? custom.reason : '', /set in the Admin Console/);
    assert.deepEqual(parseConnection(oktaSpecExample('ProvisioningConnectionTokenResponseWithProfileZscalerEx')), { readable: true, value: { baseUrl: 'https://scim.zscalerbeta.net/1234567/890/scim' } });
  });

  it('an app without features[] has To App options that are not readable; fields no example shows are ignored', () => {
    const app = parseOktaApp({ id: '0oa1', label: 'X', signOnMode: 'SAML_2_0', settings: { signOn: { attributeStatements: [] } }, surprise: { nested: true } });
    assert.equal(app.toApp.readable, false);
    assert.deepEqual(app.saml, { readable: true, value: [] });
    assert.deepEqual(parseAppGroup(oktaSpecExample<Json[]>('GroupAssignmentExListResponse')[0])?.id !== undefined, true);
  });
});
