// Graph's bodies -> the live model, on Microsoft's documented examples (test/fixtures/idp/graph, sources
// in its README) and real bodies quoted in public issues.
import * as assert from 'node:assert/strict';
import {
  expressionOfSource, objectMappingsOf, parseAttributeMapping, parseClaimsPolicy, parseGraphUser, parseUserMappings, pickJob, toAppOf,
} from '../../../src/core/idp/entra/api/parse';
import { graphExample } from '../../support/idp/fixtures';

type Json = Record<string, unknown>;

describe("idp-api/entra parse: Graph's bodies into the live model", () => {
  it("the docs' whole User object mapping (salesforce.com): every entry kept, sources without expression kept as what they are, data where it is not a default", () => {
    const om = graphExample<Json>('objectMappingSalesforce');
    const list = parseUserMappings(om);
    assert.equal(list.length, (om.attributeMappings as Json[]).length, 'nothing dropped');
    const by = new Map(list.map((m) => [m.path, m]));
    assert.deepEqual(by.get('IsActive'), { path: 'IsActive', expression: 'Not([IsSoftDeleted])', data: { defaultValue: 'True' } });
    assert.deepEqual(by.get('Username')?.data, { matchingPriority: 1 });
    assert.match(by.get('EmailEncodingKey')?.unsupported ?? '', /without a source \(only the default value "ISO-8859-1"\)/);
    assert.equal(by.get('EmailEncodingKey')?.expression, undefined);
    assert.deepEqual(toAppOf(om), { options: { createUsers: true, updateUserAttributes: true, deactivateUsers: true }, uncompared: ['syncPassword'] });
  });

  it('a real entry: defaultValue "" is none, no parameters key; a Constant source stays quoted', () => {
    const [given, ext] = graphExample<Json[]>('attributeMappingRealNoParameters');
    assert.deepEqual(parseAttributeMapping(given), { path: 'givenName', expression: '[givenName]' });
    assert.deepEqual(parseAttributeMapping(ext), { path: 'extensionAttribute2', expression: '"CU3711"' });
  });

  it('the expression is the mapping text; a source without one is built from its tree (an Attribute named mail is [mail])', () => {
    const mid = graphExample<Json>('attributeMappingSourceMid');
    assert.equal(expressionOfSource(mid), mid.expression);
    assert.equal(expressionOfSource({ name: 'mail', type: 'Attribute' }), '[mail]');
    assert.equal(expressionOfSource({ name: 'Etc/UTC', type: 'Constant' }), '"Etc/UTC"');
    const tree = { ...mid };
    delete tree.expression;
    const params = (tree.parameters as Json[]).map((p) => ({ ...p, value: { ...(p.value as Json), expression: undefined } }));
    assert.equal(expressionOfSource({ ...tree, parameters: params }), 'Mid([userPrincipalName], "1", "8")');
  });

  it('flowType ObjectAddOnly is create-only; matchingPriority 0 is none', () => {
    assert.deepEqual(parseAttributeMapping({ targetAttributeName: 'externalId', flowType: 'ObjectAddOnly', matchingPriority: 0, defaultValue: null, source: { expression: '[objectId]', name: 'objectId', type: 'Attribute' } }),
      { path: 'externalId', expression: '[objectId]', data: { flowType: 'create-only' } });
  });

  it("flowTypes decide the To App options; a disabled object mapping turns them off", () => {
    assert.deepEqual(toAppOf({ flowTypes: 'Add, Update', enabled: true }).options, { createUsers: true, updateUserAttributes: true, deactivateUsers: false });
    assert.deepEqual(toAppOf({ flowTypes: 'Add, Update, Delete', enabled: false }).options, { createUsers: false, updateUserAttributes: false, deactivateUsers: false });
  });

  it("jobs: the docs' list (a gallery template) is read; a scim job is preferred", () => {
    assert.equal(pickJob(graphExample('synchronizationJobList'))?.templateId, 'BoxOutDelta');
    assert.equal(pickJob({ value: [{ id: 'a', templateId: 'salesforce' }, { id: 'b', templateId: 'scim' }] })?.id, 'b');
    assert.equal(pickJob({ value: [] }), undefined);
    assert.equal(objectMappingsOf({ synchronizationRules: [{ objectMappings: [{ sourceObjectName: 'Group' }] }] }, 'User').length, 0);
  });

  it('claims: both documented shapes; a JWT-only claim is no SAML attribute; transformations are kept as what they are', () => {
    const empty = graphExample<Json>('claimsPolicyEmpty');
    assert.deepEqual(parseClaimsPolicy(empty), { readable: true, value: [] });
    assert.deepEqual(parseClaimsPolicy({ value: [empty] }), { readable: true, value: [] });
    const jwtOnly = graphExample<Json>('customClaimEmployeeId');
    const saml = (name: string, id: string, transformations: unknown[] = []): Json => ({ name, tokenFormat: ['saml'], configurations: [{ condition: null, attribute: { id, source: 'user' }, transformations }] });
    const r = parseClaimsPolicy({ ...empty, claims: [jwtOnly, saml('email', 'mail'), saml('upper', 'mail', [{ '@odata.type': '#microsoft.graph.toUpperTransformation' }])] });
    assert.ok(r.readable);
    assert.deepEqual(r.value[0], { name: 'email', expression: 'user.mail' });
    assert.match(r.value[1]?.unsupported ?? '', /transformations/);
    assert.equal(r.value.length, 2);
  });

  it('a user: its attributes, extension attributes flattened', () => {
    const u = parseGraphUser({ id: 'u1', mail: 'a@x', userPrincipalName: 'a@x', onPremisesExtensionAttributes: { extensionAttribute1: 'Europe/Berlin', extensionAttribute2: null } });
    assert.deepEqual(u?.attributes, { objectId: 'u1', id: 'u1', mail: 'a@x', userPrincipalName: 'a@x', extensionAttribute1: 'Europe/Berlin', extensionAttribute2: null });
    assert.equal(parseGraphUser(graphExample('userGet'))?.attributes.mail !== undefined, true);
  });
});
