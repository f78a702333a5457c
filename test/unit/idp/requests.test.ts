// The requests each identity provider sends, built from a config's mappings: Okta's and Entra's
// shapes, where each mapping key lands in the SCIM User, a mapping that yields null leaving its
// attribute out, custom attributes, and the problems a preview reports.
import assert from 'node:assert/strict';
import { planRequests, standInFor } from '../../../src/core/simulate/plan';
import type { RequestPlan } from '../../../src/core/simulate/plan';
import type { PlannedRequest } from '../../../src/core/idp/requestShapes';
import { REQUEST_DIALECTS } from '../../../src/core/simulate/dialects';
import { entra } from '../../../src/core/idp/entra/module';
import { okta } from '../../../src/core/idp/okta/module';
import { readAttribute, scimAttributeOf, setAttribute } from '../../../src/core/scim/attributes';
import { ENTRA_MAPPINGS, JANE, JANE_ENTRA, assignmentOfJane, simulateConfig } from '../../support/simulate-configs';
import { CORE_USER_SCHEMA, ENTERPRISE_USER_SCHEMA } from '../../../src/core/scim/schemas';

const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

function plan(config: unknown, a = assignmentOfJane(), opts: Parameters<typeof planRequests>[2] = {}): RequestPlan {
  const p = planRequests(config, a, opts);
  assert.ok(!('error' in p), 'error' in p ? p.error : '');
  return p;
}

function step(p: RequestPlan, name: string): RequestPlan['steps'][number] {
  const s = p.steps.find((x) => x.name === name);
  assert.ok(s, `no step ${name}`);
  return s;
}

const only = (s: { requests: PlannedRequest[] }): PlannedRequest => {
  assert.equal(s.requests.length, 1);
  const [r] = s.requests;
  assert.ok(r);
  return r;
};

describe('request builders', () => {
  describe('Okta', () => {
    it('sends the five steps in order with Okta\'s shapes: filter look-up, POST, GET + PUT, path-less PATCH', () => {
      const p = plan(simulateConfig());
      assert.deepEqual(p.steps.map((s) => s.name), ['lookup', 'create', 'update', 'deactivate', 'reactivate']);
      assert.deepEqual(only(step(p, 'lookup')), {
        method: 'GET', path: '/Users?filter=userName%20eq%20%22jane%40example.com%22&startIndex=1&count=100',
      });
      const create = only(step(p, 'create'));
      assert.equal(create.method, 'POST');
      assert.equal(create.path, '/Users');
      assert.deepEqual(create.body, {
        schemas: [CORE_USER_SCHEMA],
        userName: 'jane@example.com',
        name: { givenName: 'Jane', familyName: 'Doe' },
        emails: [{ primary: true, value: 'jane@example.com', type: 'work' }],
        timezone: 'Europe/Berlin',
        externalId: okta.personProfile(JANE).id,
        groups: [],
        password: '<random>',
        active: true,
      });
      const [get, put] = step(p, 'update').requests;
      assert.deepEqual(get, { method: 'GET', path: '/Users/{id}' });
      assert.equal(put?.method, 'PUT');
      assert.equal(put?.path, '/Users/{id}');
      assert.equal((put?.body?.name as Record<string, unknown>).givenName, 'Jane-Updated', 'the simulated change: the given name');
      assert.equal(put?.body?.id, '{id}');
      assert.equal(put?.body?.password, undefined, 'a PUT carries no password');
      assert.equal((put?.body?.emails as unknown[]).length, 1, 'the whole user, the email once');
      for (const [name, active] of [['deactivate', false], ['reactivate', true]] as const) {
        assert.deepEqual(only(step(p, name)), {
          method: 'PATCH', path: '/Users/{id}',
          body: { schemas: [PATCH], Operations: [{ op: 'replace', value: { active } }] },
          notes: [{ path: ['Operations', 0], text: `no path: the value is a partial user (active ${String(active)})` }],
        });
      }
      assert.deepEqual(p.steps.flatMap((s) => s.problems), []);
    });

    it('annotates every body field with the mapping (or Okta\'s rule) that produced it', () => {
      const create = only(step(plan(simulateConfig()), 'create'));
      const notes = new Map((create.notes ?? []).map((n) => [n.path.join('.'), n.text]));
      assert.equal(notes.get('userName'), 'userName: user.email');
      assert.equal(notes.get('name.givenName'), 'givenName: user.firstName');
      assert.equal(notes.get('emails.0.value'), 'email: user.email');
      assert.equal(notes.get('timezone'), 'timezone: user.timezone');
      assert.match(notes.get('externalId') ?? '', /Okta's id/);
      assert.match(notes.get('password') ?? '', /Sync Password off/);
    });

    it('the PUT of a run is the user as GET answered it, with the changed attributes written over it', () => {
      const p = plan(simulateConfig(), assignmentOfJane(), { id: 'u-1', dryRun: false });
      const current = {
        schemas: [CORE_USER_SCHEMA], id: 'u-1', userName: 'jane@example.com', name: { givenName: 'Jane', familyName: 'Doe', formatted: 'Jane Doe' },
        emails: [{ value: 'jane@example.com', type: 'work', primary: true }], timezone: 'Europe/Berlin', active: true, meta: { resourceType: 'User' }, nickName: 'JD',
      };
      const put = p.dialect.update('u-1', p.created.sent, p.updated, current);
      assert.equal(put?.path, '/Users/u-1');
      assert.deepEqual(put?.body, { ...current, name: { givenName: 'Jane-Updated', familyName: 'Doe', formatted: 'Jane Doe' }, externalId: okta.personProfile(JANE).id });
      assert.notEqual(put?.body, current, 'the read answer is not modified in place');
      assert.equal(current.name.givenName, 'Jane');
      // A run sends a real random password, 8 letters and digits like Okta's.
      assert.match(String(p.created.request.body?.password), /^[a-z0-9]{8}$/);
    });

    it('a mapping that yields null leaves its attribute out (and says so); an emptied name object goes too', () => {
      const config = simulateConfig({ mappings: { userName: 'user.email', givenName: 'user.firstName', familyName: 'user.lastName', email: 'user.email', title: 'user.title' } });
      const p = plan(config, { userName: 'olivia@example.com.au' });
      const body = only(step(p, 'create')).body ?? {};
      assert.equal('name' in body, false, 'no name object when both names are null');
      assert.equal('title' in body, false);
      assert.equal('timezone' in body, false);
      assert.deepEqual(body.emails, [{ primary: true, value: 'olivia@example.com.au', type: 'work' }], 'email defaults to userName');
      const notes = step(p, 'create').notes.join('\n');
      assert.match(notes, /givenName: 'user\.firstName' yields null for this person, so name\.givenName is left out/);
      assert.match(notes, /title: 'user\.title' yields null/);
      const zone = step(plan(simulateConfig(), { userName: 'olivia@example.com.au' }), 'create').notes.join('\n');
      assert.match(zone, /timezone: Flosum gets none and uses its own default \(Etc\/UTC\)$/m);
      const berlin = simulateConfig();
      ((berlin.provisioning as Record<string, unknown>).defaults as Record<string, unknown>).timezone = 'Europe/Berlin';
      assert.match(step(plan(berlin, { userName: 'olivia@example.com.au' }), 'create').notes.join('\n'),
        /uses its own default \(Etc\/UTC\), not provisioning\.defaults\.timezone 'Europe\/Berlin': Okta sends only what the mapping yields/);
      // The update's PUT carries the new given name, which the create did not have.
      const put = step(p, 'update').requests[1];
      assert.deepEqual(put?.body?.name, { givenName: 'Stand-in-Updated' });
    });

    it('custom attributes: a mapping reading app.customAttributes from the profile, a custom SCIM key at the top, an extension key under its URN', () => {
      const badge = 'urn:ietf:params:scim:schemas:extension:acme:2.0:User:badge';
      const config = simulateConfig({
        customAttributes: ['costCenterCode'],
        mappings: { userName: 'user.email', email: 'user.email', title: 'String.append(user.costCenterCode, "-lead")', costCenterCode: 'user.costCenterCode', [badge]: 'user.costCenterCode', department: 'user.department' },
      });
      const p = plan(config, { userName: 'jane@example.com', profile: { costCenterCode: 'CC-7', department: 'Sales' } });
      const body = only(step(p, 'create')).body ?? {};
      assert.equal(body.title, 'CC-7-lead');
      assert.equal(body.costCenterCode, 'CC-7', 'a key that is no SCIM attribute goes at the top of the user');
      assert.deepEqual(body['urn:ietf:params:scim:schemas:extension:acme:2.0:User'], { badge: 'CC-7' });
      assert.deepEqual(body[ENTERPRISE_USER_SCHEMA], { department: 'Sales' });
      assert.deepEqual(body.schemas, [CORE_USER_SCHEMA, 'urn:ietf:params:scim:schemas:extension:acme:2.0:User', ENTERPRISE_USER_SCHEMA]);
      const sent = new Map(p.created.sent.map((s) => [s.attribute.key, s.attribute]));
      assert.equal(sent.get('costCenterCode')?.custom, true);
      assert.equal(sent.get(badge)?.custom, true);
      assert.equal(sent.get('department')?.custom, undefined, 'enterprise attributes are RFC 7643 attributes');
    });

    it('an expression Okta cannot evaluate, a userName that is not the email (Flosum) and an option that is off are reported', () => {
      const config = simulateConfig({
        mappings: { userName: 'user.login', givenName: 'user.firstName + ', email: 'user.email', timezone: 'user.timezone' },
        toApp: { updateUserAttributes: false },
      });
      const p = plan(config, { userName: 'bob@example.com', email: 'robert@example.com', givenName: 'Bob' });
      const problems = step(p, 'create').problems.join('\n');
      assert.match(problems, /givenName: Okta cannot evaluate 'user\.firstName \+'/);
      assert.match(problems, /userName 'bob@example\.com' is not the email address 'robert@example\.com': Flosum uses the email address as the username/);
      assert.match(step(p, 'update').notes.join('\n'), /Update User Attributes is off in this file: Okta would not send this/);
      const generic = plan(simulateConfig({ target: 'generic-scim', mappings: { userName: 'user.login', email: 'user.email' } }), { userName: 'bob@example.com', email: 'robert@example.com' });
      assert.deepEqual(step(generic, 'create').problems, [], 'generic SCIM has no userName = email rule');
    });

    it('without a userName mapping Okta sends its default (the Okta username), and says so', () => {
      const p = plan(simulateConfig({ mappings: { email: 'user.email' } }));
      assert.equal(only(step(p, 'create')).body?.userName, 'jane@example.com');
      assert.match(step(p, 'create').notes.join('\n'), /No userName mapping: Okta sends its default, 'user\.login'/);
    });
  });

  describe('Entra ID (its own module: the mappings evaluated by the Entra evaluator)', () => {
    const config = simulateConfig({ identityProvider: 'entra-id', mappings: ENTRA_MAPPINGS });

    it('app.identityProvider entra-id picks Entra\'s module: look-up by filter without paging, POST with the enterprise schema, meta and roles', () => {
      const p = plan(config, JANE_ENTRA);
      assert.equal(p.idp, entra);
      assert.deepEqual(only(step(p, 'lookup')), { method: 'GET', path: '/Users?filter=userName%20eq%20%22jane%40example.com%22' });
      const create = only(step(p, 'create'));
      assert.deepEqual(create.body, {
        schemas: [CORE_USER_SCHEMA, ENTERPRISE_USER_SCHEMA],
        userName: 'jane@example.com',
        name: { givenName: 'Jane', familyName: 'Doe' },
        emails: [{ primary: true, value: 'jane@example.com', type: 'work' }],
        timezone: 'Europe/Berlin',
        displayName: 'Jane Doe',
        active: true,
        meta: { resourceType: 'User' },
        roles: [],
      });
      const notes = new Map((create.notes ?? []).map((n) => [n.path.join('.'), n.text]));
      assert.equal(notes.get('timezone'), 'timezone: Coalesce([extensionAttribute1], "Etc/UTC")');
      assert.equal(notes.get('displayName'), 'displayName: Join(" ", [givenName], [surname])');
      assert.deepEqual(p.steps.flatMap((s) => s.problems), []);
    });

    it('Entra\'s functions decide the values: Coalesce falls back to its constant, a null [givenName] leaves name.givenName out', () => {
      const p = plan(config, { userName: 'olivia@example.com.au' });
      const body = only(step(p, 'create')).body ?? {};
      assert.equal(body.timezone, 'Etc/UTC', 'no extensionAttribute1: Coalesce\'s constant');
      assert.equal('name' in body, false);
      assert.match(step(p, 'create').notes.join('\n'), /givenName: '\[givenName\]' yields null for this person, so name\.givenName is left out/);
    });

    it('update: one capitalised Replace per changed path (the given name and the displayName built from it), no GET first', () => {
      const p = plan(config, JANE_ENTRA, { id: 'e-1' });
      assert.deepEqual(only(step(p, 'update')), {
        method: 'PATCH', path: '/Users/e-1',
        body: { schemas: [PATCH], Operations: [
          { op: 'Replace', path: 'name.givenName', value: 'Jane-Updated' },
          { op: 'Replace', path: 'displayName', value: 'Jane-Updated Doe' },
        ] },
        notes: [
          { path: ['Operations', 0], text: 'givenName: [givenName] (changed)' },
          { path: ['Operations', 1], text: 'displayName: Join(" ", [givenName], [surname]) (changed)' },
        ],
      });
      assert.equal('readBeforeUpdate' in REQUEST_DIALECTS['entra-id'], false, 'Entra reads nothing before an update');
      const mail = scimAttributeOf('email');
      const before = [{ attribute: mail, value: 'jane@example.com', source: 'email: [mail]' }, { attribute: scimAttributeOf('title'), value: 'Lead', source: 'title: [jobTitle]' }];
      const after = [{ attribute: mail, value: 'jane.doe@example.com', source: 'email: [mail]' }, { attribute: scimAttributeOf('displayName'), value: 'Jane Doe', source: 'displayName: [displayName]' }];
      assert.deepEqual(REQUEST_DIALECTS['entra-id'].update('e-1', before, after)?.body?.Operations, [
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'jane.doe@example.com' },
        { op: 'Add', path: 'displayName', value: 'Jane Doe' },
        { op: 'Remove', path: 'title' },
      ]);
    });

    it('disable and enable send "False" and "True" as strings with a path, as Entra does', () => {
      const p = plan(config, JANE_ENTRA, { id: 'e-1' });
      assert.deepEqual(only(step(p, 'deactivate')).body, { schemas: [PATCH], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] });
      assert.deepEqual(only(step(p, 'reactivate')).body, { schemas: [PATCH], Operations: [{ op: 'Replace', path: 'active', value: 'True' }] });
    });

    it('custom attributes: an extension key under its URN, a key that is no SCIM attribute at the top; an Entra expression Entra cannot evaluate is a problem', () => {
      const urn = 'urn:ietf:params:scim:schemas:extension:acme:2.0:User';
      const custom = simulateConfig({ identityProvider: 'entra-id', mappings: { ...ENTRA_MAPPINGS, [`${urn}:costCenter`]: '[extensionAttribute2]', department: '[department]', badge: 'ToUpper([extensionAttribute2])' } });
      const body = only(step(plan(custom, { ...JANE_ENTRA, profile: { ...JANE_ENTRA.profile, extensionAttribute2: 'cc-7', department: 'Sales' } }), 'create')).body ?? {};
      assert.deepEqual(body[urn], { costCenter: 'cc-7' });
      assert.deepEqual(body[ENTERPRISE_USER_SCHEMA], { department: 'Sales' });
      assert.equal(body.badge, 'CC-7');
      assert.deepEqual(body.schemas, [CORE_USER_SCHEMA, ENTERPRISE_USER_SCHEMA, urn]);
      const broken = simulateConfig({ identityProvider: 'entra-id', mappings: { ...ENTRA_MAPPINGS, givenName: 'Left([givenName], )' } });
      assert.match(step(plan(broken, JANE_ENTRA), 'create').problems.join('\n'), /^givenName: Entra ID cannot evaluate 'Left\(\[givenName\], \)'/m);
    });
  });

  describe('SCIM attribute paths (one table for every identity provider)', () => {
    it('each mapping key has its place and PATCH path', () => {
      const cases: Array<[string, string, string]> = [
        ['userName', 'userName', 'userName'],
        ['givenName', 'name.givenName', 'name.givenName'],
        ['familyName', 'name.familyName', 'name.familyName'],
        ['email', 'emails[primary].value', 'emails[type eq "work"].value'],
        ['primaryPhone', 'phoneNumbers[primary].value', 'phoneNumbers[type eq "work"].value'],
        ['mobilePhone', 'phoneNumbers[type eq "mobile"].value', 'phoneNumbers[type eq "mobile"].value'],
        ['timezone', 'timezone', 'timezone'],
        ['department', `${ENTERPRISE_USER_SCHEMA}:department`, `${ENTERPRISE_USER_SCHEMA}:department`],
      ];
      for (const [key, label, patchPath] of cases) {
        const a = scimAttributeOf(key);
        assert.equal(a.label, label, key);
        assert.equal(a.patchPath, patchPath, key);
      }
      const body: Record<string, unknown> = {};
      setAttribute(body, scimAttributeOf('primaryPhone'), '+1 555 0100');
      setAttribute(body, scimAttributeOf('mobilePhone'), '+1 555 0199');
      assert.deepEqual(body, { phoneNumbers: [{ primary: true, value: '+1 555 0100', type: 'work' }, { value: '+1 555 0199', type: 'mobile' }] });
    });

    it('reads back the primary email even when the tenant typed it otherwise', () => {
      const user = { emails: [{ value: 'other@example.com', type: 'home' }, { value: 'jane@example.com', type: 'other', primary: true }] };
      assert.equal(readAttribute(user, scimAttributeOf('email')), 'jane@example.com');
      assert.equal(readAttribute({ emails: [{ value: 'x@example.com' }] }, scimAttributeOf('email')), 'x@example.com');
      assert.equal(readAttribute({}, scimAttributeOf('email')), undefined);
    });
  });

  it('an app.identityProvider without a module gives no requests (rather than Okta\'s for another language)', () => {
    const p = planRequests(simulateConfig({ identityProvider: 'onelogin' }), assignmentOfJane());
    assert.ok('error' in p);
    assert.match(p.error, /app\.identityProvider 'onelogin' has no module in this build/);
    assert.ok(!('error' in planRequests(simulateConfig({ identityProvider: 'onelogin' }), assignmentOfJane(), { idp: okta })), 'an explicit identity provider wins');
  });

  it('the stand-in: the same profile under a fresh test userName; an email that differed stays different', () => {
    const s = standInFor(assignmentOfJane({ profile: { department: 'Sales' } }), 'abc123');
    assert.deepEqual(s, { ...JANE, userName: 'scim-simulate-abc123@example.invalid', profile: { department: 'Sales' } });
    const bob = standInFor({ userName: 'bob@example.com', email: 'robert@example.com' }, 'x1');
    assert.equal(bob.email, 'scim-simulate-x1.mail@example.invalid');
    assert.equal(standInFor({ userName: 'bob@example.com', email: 'BOB@example.com' }, 'x1').email, undefined);
  });
});
