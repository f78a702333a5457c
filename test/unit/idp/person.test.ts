// A config's people as the identity provider sees them, and what its mappings send for one of them
// (the building block of the request previews).
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { evaluateMappings } from '../../../src/core/idp/person';
import { identityProviderFor, identityProviderOf } from '../../../src/core/idp/registry';
import { okta } from '../../../src/core/idp/okta/module';
import { example } from '../config/helpers';
import { assignmentsOf, customAttributesOf } from '../../../src/core/config/model';

describe('people and the identity provider', () => {
  it('assignments: email defaults to userName, profile carries further attributes, entries without userName are skipped', () => {
    const config: unknown = parse('assignments:\n  - userName: " jane@example.com "\n    givenName: Jane\n    profile:\n      department: Sales\n      level: 3\n      tags: [a, b]\n      nested: {x: 1}\n  - timezone: Etc/UTC\n  - userName: bob@example.com\n    email: robert@example.com\n');
    const people = assignmentsOf(config);
    assert.deepEqual(people, [
      { userName: 'jane@example.com', givenName: 'Jane', profile: { department: 'Sales', level: 3, tags: ['a', 'b'] } },
      { userName: 'bob@example.com', email: 'robert@example.com' },
    ]);
    const jane = okta.personProfile(people[0]);
    assert.equal(jane.attributes.email, 'jane@example.com');
    assert.equal(jane.attributes.login, 'jane@example.com');
    assert.equal(jane.attributes.displayName, 'Jane', 'Okta shows first + last name until displayName is set');
    assert.equal(okta.personProfile(people[1]).attributes.email, 'robert@example.com');
    assert.equal(okta.personProfile({ userName: 'x@example.com', profile: { displayName: 'X.' } }).attributes.displayName, 'X.');
    assert.equal(jane.id, okta.personProfile({ userName: 'JANE@example.com' }).id, 'the stand-in id is stable and case-insensitive');
  });

  it("evaluateMappings: what the example config's mappings send for its first person", () => {
    const config = parse(example('flosum-us.scim.yaml')) as Record<string, unknown>;
    const idp = identityProviderOf(config);
    assert.equal(idp.id, 'okta');
    const [first] = assignmentsOf(config);
    const sent = evaluateMappings(idp, (config.provisioning as { mappings: Record<string, unknown> }).mappings, idp.personProfile(first));
    assert.deepEqual(Object.keys(sent), ['userName', 'givenName', 'familyName', 'email', 'timezone']);
    assert.deepEqual(sent.userName, { kind: 'value', value: 'jane@example.com' });
    assert.deepEqual(sent.timezone, { kind: 'value', value: 'Europe/Berlin' });
    assert.equal(sent.givenName.kind, 'value');
  });

  it('the registry: okta by default and for unknown values (the schema reports those), the old azure-ad as entra-id; customAttributes read leniently', () => {
    assert.equal(identityProviderFor(undefined).id, 'okta');
    assert.equal(identityProviderFor('okta').id, 'okta');
    assert.equal(identityProviderFor('entra-id').id, 'entra-id');
    assert.equal(identityProviderFor('azure-ad').id, 'entra-id');
    for (const v of ['Entra-ID', 'constructor', 'toString', '__proto__', 42]) assert.equal(identityProviderFor(v).id, 'okta', String(v));
    assert.deepEqual(customAttributesOf({ app: { customAttributes: ['a', ' b ', 3, '', null] } }), ['a', 'b']);
    assert.deepEqual(customAttributesOf({ app: { customAttributes: 'a' } }), []);
  });
});
