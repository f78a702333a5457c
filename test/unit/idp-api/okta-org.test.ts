// The stand-in Okta org's contract: the read calls answered in Okta's published shapes (the spec's
// examples and bodies recorded from real orgs, served unchanged), Link paging that covers a 10,000-user
// app once, X-Rate-Limit-* on every response and 429 E0000047 per bucket, SSWS auth and Okta's error
// bodies, and every request a real Okta (or import/drift) must not see refused and recorded.
import assert from 'node:assert/strict';
import { FixedWindow, rateLimitFloorMs } from '../../support/idp/common';
import { oktaRecorded, oktaSpecExample } from '../../support/idp/fixtures';
import { startOktaOrg } from '../../support/idp/okta-org';
import type { OktaOrg } from '../../support/idp/okta-org';
import { linkOf, request } from './http';
import type { RawResponse } from './http';

type Json = Record<string, unknown>;

describe('stand-in Okta org', function () {
  let okta: OktaOrg;
  const h = (token = okta.token): Record<string, string> => ({ Authorization: `SSWS ${token}`, Accept: 'application/json' });
  const get = (path: string, headers: Record<string, string> = h()): Promise<RawResponse> => request(okta.url + path, { headers });
  const errorOf = (r: RawResponse): Json => r.json<Json>();

  beforeEach(async () => {
    okta = await startOktaOrg({ rateLimit: { off: true } });
  });
  afterEach(async () => {
    await okta.close();
  });

  describe('answers in the documented shapes', () => {
    it('serves the spec example app and the recorded apps unchanged', async () => {
      const docs = await get(`/api/v1/apps/${okta.seed.docsSamlApp}`);
      assert.equal(docs.status, 200);
      assert.match(docs.header('content-type') ?? '', /^application\/json/);
      assert.deepEqual(docs.json(), oktaSpecExample('Saml2.0ResponseEx'));
      const rec = await get(`/api/v1/apps/${okta.seed.customTemplateApp}`);
      assert.deepEqual(rec.json(), oktaRecorded('app-custom-username-template').body);
      const tpl = ((rec.json<Json>().credentials as Json).userNameTemplate as Json);
      assert.deepEqual([tpl.type, tpl.template], ['CUSTOM', 'user.login']);
    });

    it('serves GROUP attribute statements with filterType/filterValue and no values', async () => {
      for (const id of [okta.seed.groupStatementApp, okta.seed.scimApp]) {
        const app = (await get(`/api/v1/apps/${id}`)).json<Json>();
        const statements = ((app.settings as Json).signOn as Json).attributeStatements as Json[];
        const group = statements.find((s) => s.type === 'GROUP');
        assert.ok(group, `app ${id} has a GROUP statement`);
        assert.equal(typeof group.filterType, 'string');
        assert.equal(typeof group.filterValue, 'string');
        assert.equal('values' in group, false);
      }
    });

    it('the SCIM app: features[], mapping with pushStatus (list without properties), schema with externalName', async () => {
      const id = okta.seed.scimApp as string;
      const app = (await get(`/api/v1/apps/${id}`)).json<Json>();
      assert.ok((app.features as string[]).includes('PUSH_NEW_USERS'));
      assert.ok(!(app.features as string[]).includes('PUSH_PASSWORD_UPDATES'));
      const list = await get(`/api/v1/mappings?targetId=${id}`);
      const entries = list.json<Json[]>();
      assert.equal(entries.length, 1);
      assert.equal('properties' in (entries[0]), false, 'the list carries no properties (spec ListProfileMappings)');
      assert.equal(((entries[0]).source as Json).type, 'user');
      const mapping = (await get(`/api/v1/mappings/${String((entries[0]).id)}`)).json<Json>();
      const props = mapping.properties as Record<string, Json>;
      assert.deepEqual(props.givenName, { expression: 'user.firstName', pushStatus: 'PUSH' });
      assert.equal(props.displayName?.pushStatus, 'DONT_PUSH');
      const schema = (await get(`/api/v1/meta/schemas/apps/${id}/default`)).json<Json>();
      const base = ((schema.definitions as Json).base as Json).properties as Record<string, Json>;
      assert.equal(base.givenName?.externalName, 'name.givenName');
      assert.equal(base.givenName?.externalNamespace, 'urn:ietf:params:scim:schemas:core:2.0:User');
      const custom = ((schema.definitions as Json).custom as Json).properties as Record<string, Json>;
      assert.equal(custom.timezone?.externalName, 'timezone');
    });

    it('serves the spec MappingRetrieve example by id and finds it by targetId', async () => {
      assert.deepEqual((await get(`/api/v1/mappings/${okta.seed.docsMapping}`)).json(), oktaSpecExample('RetrieveMappingsResponse'));
      const byTarget = (await get('/api/v1/mappings?targetId=0oa1qmn4LZQQEH0wZ0g4')).json<Json[]>();
      assert.deepEqual(byTarget.map((m) => m.id), [okta.seed.docsMapping]);
    });

    it('app users: scope USER and GROUP (with _links.group), expand=user embeds the Okta user', async () => {
      const recorded = (await get(`/api/v1/apps/${okta.seed.groupScopeApp}/users`)).json<Json[]>();
      assert.deepEqual(recorded, oktaRecorded('app-users-group-scope').body);
      const users = (await get(`/api/v1/apps/${okta.seed.scimApp}/users?expand=user&limit=500`)).json<Json[]>();
      const jane = users.find((u) => (u.credentials as Json).userName === 'jane@example.com') as Json;
      assert.equal(jane.scope, 'USER', 'assigned directly and through a group: USER');
      assert.equal((((jane._embedded as Json).user as Json).profile as Json).timezone, 'Europe/Berlin');
      const olivia = users.find((u) => (u.credentials as Json).userName === 'olivia@example.com.au') as Json;
      assert.equal('timezone' in (((olivia._embedded as Json).user as Json).profile as Json), false, 'blank time zone: absent');
      const sam = users.find((u) => (u.credentials as Json).userName === 'sam.sales@example.com') as Json;
      assert.equal(sam.scope, 'GROUP');
      assert.equal(((sam._links as Json).group as Json).name, 'Flosum Sales');
      const plain = (await get(`/api/v1/apps/${okta.seed.scimApp}/users`)).json<Json[]>();
      assert.ok(plain.every((u) => !('_embedded' in u)), 'no expand: no _embedded');
    });

    it('q filters app users by the start of userName, names or email (case-insensitive)', async () => {
      const r = (await get(`/api/v1/apps/${okta.seed.scimApp}/users?q=RAJ`)).json<Json[]>();
      assert.deepEqual(r.map((u) => (u.credentials as Json).userName), ['raj.patel@example.com']);
    });

    it('group assignments, group push mappings, the pushed app group and a group\'s members', async () => {
      const id = okta.seed.scimApp as string;
      const assigned = (await get(`/api/v1/apps/${id}/groups?expand=group`)).json<Json[]>();
      assert.equal(assigned.length, 1);
      assert.equal(((((assigned[0])._embedded as Json).group as Json).profile as Json).name, 'Flosum Sales');
      const push = (await get(`/api/v1/apps/${id}/group-push/mappings`)).json<Json[]>();
      assert.equal(push.length, 1);
      const p = push[0];
      assert.deepEqual(Object.keys(p).sort(), Object.keys(oktaSpecExample<Json>('RetrieveGroupPushMappingResponse_Example')).sort());
      assert.equal(p.sourceGroupId, okta.seed.scimGroup);
      const target = (await get(`/api/v1/groups/${String(p.targetGroupId)}`)).json<Json>();
      assert.equal((target.profile as Json).name, 'sales-team');
      assert.equal(target.type, 'APP_GROUP');
      const members = (await get(`/api/v1/groups/${okta.seed.scimGroup}/users`)).json<Json[]>();
      assert.deepEqual(members.map((u) => (u.profile as Json).login).sort(), ['jane@example.com', 'sam.sales@example.com']);
      assert.deepEqual((await get(`/api/v1/apps/${id}/group-push/mappings?status=INACTIVE`)).json(), []);
    });

    it('connections/default of a custom app: 200 with authScheme and status UNKNOWN', async () => {
      const r = await get(`/api/v1/apps/${okta.seed.scimApp}/connections/default`);
      assert.equal(r.status, 200);
      assert.deepEqual(r.json(), { authScheme: 'UNKNOWN', status: 'UNKNOWN' });
    });

    it('the apps list for a picker: q on name or label, one eq filter, real catalogue apps (signOnMode null)', async () => {
      const q = (await get('/api/v1/apps?q=flo')).json<Json[]>();
      assert.deepEqual(q.map((a) => a.label), ['Flosum']);
      const byName = (await get(`/api/v1/apps?filter=${encodeURIComponent('name eq "flosum_scim_1"')}`)).json<Json[]>();
      assert.deepEqual(byName.map((a) => a.id), [okta.seed.scimApp]);
      const all: Json[] = [];
      let next: string | undefined = '/api/v1/apps?limit=200';
      while (next) {
        const r = await request(next.startsWith('http') ? next : okta.url + next, { headers: h() });
        all.push(...r.json<Json[]>());
        next = linkOf(r, 'next');
      }
      assert.ok(all.some((a) => a.signOnMode === null), 'a directory app without signOnMode');
      assert.ok(all.length > 30);
    });

    it('404 E0000007 for an app that does not exist, in the recorded wording', async () => {
      const r = await get('/api/v1/apps/0oa9i7245mvK2ZFgI1d7');
      assert.equal(r.status, 404);
      const rec = oktaRecorded<Json>('error-404-app').body;
      const e = errorOf(r);
      assert.deepEqual({ ...e, errorId: 'x' }, { ...rec, errorId: 'x' });
      assert.match(String(e.errorId), /^oae/);
    });
  });

  describe('paging', () => {
    it('follows Link rel="next" over 10,000 app users: every one once, self and next on separate lines', async () => {
      const id = okta.seed.scimApp as string;
      const before = (okta.org.appUsers.get(id) ?? []).length;
      okta.org.addAppUsers(id, 10_000);
      const seen = new Set<string>();
      let url: string | undefined = `${okta.url}/api/v1/apps/${id}/users?expand=user&limit=500`;
      let pages = 0;
      while (url) {
        const r = await request(url, { headers: h() });
        assert.equal(r.status, 200);
        const links = r.headers.get('link') ?? [];
        assert.match(links[0] ?? '', /rel="self"$/);
        for (const u of r.json<Json[]>()) {
          assert.ok(!seen.has(String(u.id)), `user ${String(u.id)} twice`);
          seen.add(String(u.id));
        }
        pages++;
        url = linkOf(r, 'next');
        if (url) assert.equal(links.length, 2);
      }
      assert.equal(seen.size, before + 10_000);
      assert.equal(pages, Math.ceil((before + 10_000) / 500));
      assert.deepEqual(okta.violations, []);
    });

    it('the self link carries the default limit when the request had none (as recorded)', async () => {
      const r = await get(`/api/v1/apps/${okta.seed.scimApp}/users`);
      assert.equal(linkOf(r, 'self'), `${okta.url}/api/v1/apps/${okta.seed.scimApp}/users?limit=50`);
      assert.equal(linkOf(r, 'next'), undefined);
    });

    it('writes Link hosts from linkOrigin when set (recordings show Link hosts unlike the request host)', async () => {
      const other = await startOktaOrg({ linkOrigin: 'https://acme.okta.example', rateLimit: { off: true } });
      try {
        const r = await request(`${other.url}/api/v1/apps?limit=1`, { headers: { Authorization: `SSWS ${other.token}`, Accept: 'application/json' } });
        assert.match(linkOf(r, 'next') ?? '', /^https:\/\/acme\.okta\.example\/api\/v1\/apps\?limit=1&after=/);
      } finally {
        await other.close();
      }
    });

    it('refuses an after cursor it never handed out (400 E0000029) and records it', async () => {
      const r = await get(`/api/v1/apps/${okta.seed.scimApp}/users?after=00uNOTACURSOR`);
      assert.equal(r.status, 400);
      assert.equal(errorOf(r).errorCode, 'E0000029');
      assert.equal(okta.violations[0]?.kind, 'bad-query');
    });

    it('drops the connection mid-body on the page it is told to', async () => {
      const id = okta.seed.scimApp as string;
      okta.org.addAppUsers(id, 30);
      okta.dropPage(`/api/v1/apps/${id}/users`, 2);
      const first = await get(`/api/v1/apps/${id}/users?limit=10`);
      const next = linkOf(first, 'next') as string;
      await assert.rejects(request(next, { headers: h() }), /closed before the body was complete|aborted|socket hang up|ECONNRESET/);
      assert.equal(okta.requests.at(-1)?.fault, 'drop-mid-body');
      const again = await request(next, { headers: h() });
      assert.equal(again.status, 200, 'the same page answers on retry');
    });
  });

  describe('rate limits', () => {
    it('X-Rate-Limit-Limit/Remaining/Reset (epoch seconds) on every response, also errors', async () => {
      const org = await startOktaOrg({ rateLimit: { windowMs: 60_000 } });
      try {
        const before = Math.floor(Date.now() / 1000);
        for (const path of ['/api/v1/apps', '/api/v1/apps/nope', `/api/v1/mappings`]) {
          const r = await request(org.url + path, { headers: { Authorization: `SSWS ${org.token}`, Accept: 'application/json' } });
          const reset = Number(r.header('x-rate-limit-reset'));
          assert.ok(reset >= before + 59 && reset <= before + 61, `${path}: reset ${reset} is the window's end in epoch seconds`);
          assert.match(r.header('x-rate-limit-limit') ?? '', /^\d+$/);
          assert.match(r.header('x-rate-limit-remaining') ?? '', /^\d+$/);
        }
        const noAuth = await request(`${org.url}/api/v1/apps`, { headers: { Accept: 'application/json' } });
        assert.ok(noAuth.header('x-rate-limit-remaining') !== undefined);
      } finally {
        await org.close();
      }
    });

    it('/api/v1/apps* allows 20 a minute on a free org, then 429 E0000047; /api/v1/apps/{id} is its own bucket', async () => {
      const org = await startOktaOrg();
      try {
        const hh = { Authorization: `SSWS ${org.token}`, Accept: 'application/json' };
        const users = `${org.url}/api/v1/apps/${org.seed.scimApp}/users`;
        for (let i = 0; i < 20; i++) {
          const r = await request(users, { headers: hh });
          assert.equal(r.status, 200);
          assert.equal(r.header('x-rate-limit-remaining'), String(19 - i));
          assert.equal(r.header('x-rate-limit-limit'), '20');
        }
        const limited = await request(users, { headers: hh });
        assert.equal(limited.status, 429);
        assert.deepEqual({ ...errorOf(limited), errorId: 'x' }, { ...oktaSpecExample<Json>('ErrorTooManyRequests'), errorId: 'x' });
        assert.equal(limited.header('x-rate-limit-remaining'), '0');
        const byId = await request(`${org.url}/api/v1/apps/${org.seed.scimApp}`, { headers: hh });
        assert.equal(byId.status, 200);
        assert.equal(byId.header('x-rate-limit-limit'), '100');
        assert.equal(org.rateLimits.bucketOf('GET', `/api/v1/apps/${org.seed.scimApp}/groups`), 'apps');
        assert.equal(org.rateLimits.bucketOf('GET', '/api/v1/mappings'), 'api-v1');
      } finally {
        await org.close();
      }
    });

    it('a fixed window starts at its first request and resets after windowMs', () => {
      let t = 1_000_000;
      const w = new FixedWindow(2, 3000, () => t);
      assert.equal(w.take().allowed, true);
      t += 1000;
      assert.equal(w.take().remaining, 0);
      const third = w.take();
      assert.deepEqual([third.allowed, third.resetMs], [false, 1_003_000]);
      t = 1_003_000;
      assert.deepEqual([w.take().allowed, w.peek().remaining], [true, 1]);
    });

    it('floorMs: the least time n requests need through a bucket', () => {
      assert.equal(rateLimitFloorMs(20, 20, 3000), 0);
      assert.equal(rateLimitFloorMs(21, 20, 3000), 3000);
      assert.equal(rateLimitFloorMs(26, 20, 60_000), 60_000);
      assert.equal(okta.rateLimits.floorMs('apps', 41), 2 * 60_000);
    });
  });

  describe('auth', () => {
    it('no Authorization: 403 E0000005 Invalid session, recorded', async () => {
      const r = await get('/api/v1/apps', { Accept: 'application/json' });
      assert.equal(r.status, 403);
      assert.equal(errorOf(r).errorCode, 'E0000005');
      assert.equal(okta.violations[0]?.kind, 'auth');
    });

    it('not "SSWS <token>": 401 E0000011, recorded without the token', async () => {
      const r = await get('/api/v1/apps', { Authorization: `Bearer ${okta.token}`, Accept: 'application/json' });
      assert.equal(r.status, 401);
      assert.equal(errorOf(r).errorCode, 'E0000011');
      assert.equal(okta.violations[0]?.kind, 'auth');
      assert.ok(!okta.violations[0]?.detail.includes(okta.token), 'the token is not copied into the violation');
    });

    it('a token of another org or a revoked one: 401 E0000011 "Invalid token provided"', async () => {
      const other = await get('/api/v1/apps', h('00someOtherOrgsToken'));
      assert.equal(other.status, 401);
      assert.deepEqual({ ...errorOf(other), errorId: 'x' }, { ...oktaSpecExample<Json>('ErrorInvalidTokenProvided'), errorId: 'x' });
      okta.revokeToken(okta.token);
      assert.equal((await get('/api/v1/apps')).status, 401);
      assert.deepEqual(okta.violations, [], 'a wrong token is the caller\'s situation, not a malformed request');
    });

    it('a token whose admin lacks a permission: 403 E0000006 on that call only', async () => {
      okta.addToken({ value: 'apps-only', permissions: ['okta.apps.read'] });
      assert.equal((await get(`/api/v1/apps/${okta.seed.scimApp}`, h('apps-only'))).status, 200);
      const m = await get('/api/v1/mappings', h('apps-only'));
      assert.equal(m.status, 403);
      assert.deepEqual({ ...errorOf(m), errorId: 'x' }, { ...oktaSpecExample<Json>('ErrorAccessDenied'), errorId: 'x' });
    });
  });

  describe('strict request checks', () => {
    it('refuses and records an unknown query parameter (400 in Okta\'s error shape)', async () => {
      const r = await get(`/api/v1/apps/${okta.seed.scimApp}/users?expand=user&sortBy=id`);
      assert.equal(r.status, 400);
      const e = errorOf(r);
      assert.deepEqual(Object.keys(e), ['errorCode', 'errorSummary', 'errorLink', 'errorId', 'errorCauses']);
      assert.equal(e.errorCode, 'E0000001');
      assert.deepEqual(okta.violations.map((v) => [v.kind, v.method]), [['unknown-query', 'GET']]);
    });

    it('filter on app users is Okta\'s 400 E0000031 "Invalid search criteria."', async () => {
      const r = await get(`/api/v1/apps/${okta.seed.scimApp}/users?filter=${encodeURIComponent('status eq "ACTIVE"')}`);
      assert.deepEqual([r.status, errorOf(r).errorCode, errorOf(r).errorSummary], [400, 'E0000031', 'Invalid search criteria.']);
    });

    it('refuses values outside the documented range (limit over 500, expand other than user)', async () => {
      assert.equal((await get(`/api/v1/apps/${okta.seed.scimApp}/users?limit=501`)).status, 400);
      assert.equal((await get(`/api/v1/apps/${okta.seed.scimApp}/users?expand=group`)).status, 400);
      assert.equal((await get(`/api/v1/apps?filter=${encodeURIComponent('label sw "x"')}`)).status, 400);
      assert.deepEqual(okta.violations.map((v) => v.kind), ['bad-query', 'bad-query', 'bad-query']);
    });

    it('requires Accept: application/json (400 E0000019)', async () => {
      const r = await get('/api/v1/apps', { Authorization: `SSWS ${okta.token}` });
      assert.equal(r.status, 400);
      assert.equal(errorOf(r).errorCode, 'E0000019');
      assert.equal(okta.violations[0]?.kind, 'missing-header');
    });

    it('an unknown path is 404 and recorded', async () => {
      assert.equal((await get(`/api/v1/apps/${okta.seed.scimApp}/features/USER_PROVISIONING`)).status, 404);
      assert.equal(okta.violations[0]?.kind, 'unknown-path');
    });

    it('refuses every write and records it; the org is unchanged', async () => {
      const id = okta.seed.scimApp as string;
      const mappingBefore = (await get(`/api/v1/mappings/${okta.seed.scimMapping}`)).text;
      const writes: Array<[string, string, number]> = [
        ['POST', `/api/v1/mappings/${okta.seed.scimMapping}`, 403],
        ['PUT', `/api/v1/apps/${id}`, 403],
        ['POST', `/api/v1/apps/${id}/users`, 403],
        ['DELETE', `/api/v1/apps/${id}/users/${okta.org.appUsers.get(id)?.[0]?.id}`, 405],
        ['PATCH', `/api/v1/apps/${id}`, 405],
      ];
      for (const [method, path, status] of writes) {
        const r = await request(okta.url + path, { method, headers: { ...h(), 'Content-Type': 'application/json' }, body: '{"properties":{"givenName":{"expression":"user.nickName","pushStatus":"PUSH"}}}' });
        assert.equal(r.status, status, `${method} ${path}`);
        assert.equal(errorOf(r).errorCode, status === 403 ? 'E0000006' : 'E0000022');
      }
      assert.deepEqual(okta.violations.map((v) => `${v.kind} ${v.method}`), writes.map(([m]) => `write ${m}`));
      assert.equal((await get(`/api/v1/mappings/${okta.seed.scimMapping}`)).text, mappingBefore);
    });
  });
});
