// The stand-in Microsoft Graph's contract: the reads Entra import and drift make, answered in the
// documented shapes (Microsoft's examples served unchanged where they exist), @odata.nextLink paging
// over 10,000 assignments, the identity throttling (429 + Retry-After), Graph's auth failures and
// denials as real tenants answer them, JSON batching of reads only, and everything else refused and recorded.
import assert from 'node:assert/strict';
import { graphExample } from '../../support/idp/fixtures';
import { ENTRA_ROLES, expressionSource, makeGraphToken, startGraph } from '../../support/idp/graph';
import type { StandInGraph } from '../../support/idp/graph';
import { request } from './http';
import type { RawResponse } from './http';

type Json = Record<string, unknown>;
interface GraphError {
  error: { code: string; message: string; innerError: Json };
}

describe('stand-in Microsoft Graph', function () {
  let g: StandInGraph;
  const auth = (token = g.token): Record<string, string> => ({ Authorization: `Bearer ${token}` });
  const get = (path: string, headers: Record<string, string> = auth()): Promise<RawResponse> => request(g.url + path, { headers });
  const code = (r: RawResponse): string => r.json<GraphError>().error.code;
  const sp = (): string => g.seed.scimApp as string;
  const job = (): string => g.seed.scimJob as string;

  beforeEach(async () => {
    g = await startGraph({ rateLimit: { off: true } });
  });
  afterEach(async () => {
    await g.close();
  });

  describe('answers in the documented shapes', () => {
    it('lists service principals for a picker: startswith filter, $select, $search only with ConsistencyLevel', async () => {
      const r = await get(`/v1.0/servicePrincipals?$filter=${encodeURIComponent("startswith(displayName,'flo')")}&$select=id,displayName`);
      assert.equal(r.status, 200);
      assert.match(r.header('content-type') ?? '', /^application\/json;odata\.metadata=minimal/);
      const body = r.json<Json>();
      assert.equal(body['@odata.context'], `${g.url}/v1.0/$metadata#servicePrincipals(id,displayName)`);
      assert.deepEqual(body.value, [{ id: sp(), displayName: 'Flosum' }]);
      const search = `/v1.0/servicePrincipals?$search=${encodeURIComponent('"displayName:flo"')}`;
      const refused = await get(search);
      assert.equal(refused.status, 400);
      assert.deepEqual({ ...refused.json<GraphError>().error, innerError: {} }, { ...graphExample<GraphError>('errorSearchWithoutConsistencyLevel').error, innerError: {} });
      assert.equal(g.violations[0]?.kind, 'missing-header');
      const found = await get(search, { ...auth(), ConsistencyLevel: 'eventual' });
      assert.deepEqual(found.json<{ value: Json[] }>().value.map((x) => x.displayName), ['Flosum']);
    });

    it('the job (templateId scim) and its schema: a User and a Group object mapping, sources of each type', async () => {
      const jobs = (await get(`/v1.0/servicePrincipals/${sp()}/synchronization/jobs`)).json<{ value: Json[] }>().value;
      assert.deepEqual(jobs.map((j) => [j.id, j.templateId]), [[job(), 'scim']]);
      assert.match(job(), /^scim\./);
      const schema = (await get(`/v1.0/servicePrincipals/${sp()}/synchronization/jobs/${job()}/schema`)).json<Json>();
      const mappings = (schema.synchronizationRules as Json[]).flatMap((r) => r.objectMappings as Json[]);
      assert.deepEqual(mappings.map((m) => [m.sourceObjectName, m.flowTypes]), [['User', 'Add, Update, Delete'], ['Group', 'Add, Update, Delete']]);
      const user = (mappings[0]).attributeMappings as Json[];
      const byTarget = (t: string): Json => user.find((a) => a.targetAttributeName === t) as Json;
      assert.deepEqual(Object.keys(byTarget('userName')).sort(), ['defaultValue', 'exportMissingReferences', 'flowBehavior', 'flowType', 'matchingPriority', 'source', 'targetAttributeName']);
      assert.equal(byTarget('userName').matchingPriority, 1);
      assert.deepEqual(byTarget('userName').source, { expression: '[mail]', name: 'mail', parameters: [], type: 'Attribute' });
      const tz = byTarget('timezone').source as Json;
      assert.deepEqual([tz.type, tz.name, tz.expression], ['Function', 'Coalesce', 'Coalesce([extensionAttribute1], "Etc/UTC")']);
      assert.deepEqual((tz.parameters as Json[]).map((p) => (p.value as Json).type), ['Attribute', 'Constant']);
      const group = ((mappings[1]).attributeMappings as Json[]).map((a) => a.targetAttributeName);
      assert.deepEqual(group, ['displayName', 'externalId', 'members']);
    });

    it('serves the docs\' objectMapping example unchanged (a gallery app: null sources with defaultValue)', async () => {
      const schema = (await get(`/v1.0/servicePrincipals/${g.seed.salesforceApp}/synchronization/jobs/${g.seed.salesforceJob}/schema`)).json<Json>();
      const om = ((schema.synchronizationRules as Json[])[0]).objectMappings as Json[];
      assert.deepEqual(om[0], graphExample('objectMappingSalesforce'));
    });

    it('appRoleAssignedTo: the docs\' example for its app; User and Group principals for the SCIM app', async () => {
      const docs = (await get(`/v1.0/servicePrincipals/${g.seed.docsApp}/appRoleAssignedTo`)).json<Json>();
      const ex = graphExample<Json>('appRoleAssignedToList');
      assert.deepEqual(docs.value, ex.value);
      assert.equal(docs['@odata.context'], `${g.url}/v1.0/$metadata#servicePrincipals('${g.seed.docsApp}')/appRoleAssignedTo`);
      const list = (await get(`/v1.0/servicePrincipals/${sp()}/appRoleAssignedTo`)).json<{ value: Json[] }>().value;
      assert.deepEqual([...new Set(list.map((a) => a.principalType))].sort(), ['Group', 'User']);
      assert.ok(list.every((a) => a.resourceId === sp() && a.appRoleId === '00000000-0000-0000-0000-000000000000'));
    });

    it('users: $select reaches onPremisesExtensionAttributes; id in (...) takes 15 values, not 16', async () => {
      const jane = [...g.graph.users.values()].find((u) => u.userPrincipalName === 'jane@example.com');
      assert.ok(jane);
      const one = (await get(`/v1.0/users/${jane.id}?$select=mail,userPrincipalName,onPremisesExtensionAttributes`)).json<Json>();
      assert.equal((one.onPremisesExtensionAttributes as Json).extensionAttribute1, 'Europe/Berlin');
      assert.equal('displayName' in one, false, 'only what $select names');
      const plain = (await get(`/v1.0/users/${jane.id}`)).json<Json>();
      assert.deepEqual(Object.keys(plain).filter((k) => !k.startsWith('@')).sort(), Object.keys(graphExample('userGet')).sort(), 'the default property set');
      const ids = g.graph.addAssignedUsers(sp(), 16);
      const inClause = (n: number): string => `/v1.0/users?$filter=${encodeURIComponent(`id in (${ids.slice(0, n).map((i) => `'${i}'`).join(',')})`)}&$select=id,mail`;
      const fifteen = await get(inClause(15));
      assert.equal(fifteen.json<{ value: Json[] }>().value.length, 15);
      const sixteen = await get(inClause(16));
      assert.equal(sixteen.status, 400);
      assert.equal(code(sixteen), 'Request_UnsupportedQuery');
      assert.equal(g.violations.at(-1)?.kind, 'bad-query');
    });

    it('group members and transitive members (nested groups flattened, @odata.type on each)', async () => {
      const direct = (await get(`/v1.0/groups/${g.seed.scimGroup}/members?$select=id,displayName`)).json<{ value: Json[] }>().value;
      assert.deepEqual(direct.map((m) => m['@odata.type']).sort(), ['#microsoft.graph.group', '#microsoft.graph.user']);
      const all = (await get(`/v1.0/groups/${g.seed.scimGroup}/transitiveMembers?$select=id,displayName`)).json<{ value: Json[] }>().value;
      assert.deepEqual(all.map((m) => m.displayName).sort(), ['Flosum Sales EMEA', 'Jane Doe', 'Sam Sales']);
    });

    it('beta claimsPolicy: readable, refused or absent as configured; not on v1.0', async () => {
      const ok = await get(`/beta/servicePrincipals/${sp()}/claimsPolicy`);
      assert.equal(ok.status, 200);
      const policy = ok.json<Json>();
      assert.deepEqual(Object.keys(graphExample('claimsPolicyEmpty')).every((k) => k in policy), true);
      assert.ok((policy.claims as Json[]).some((c) => c.name === 'email'));
      g.graph.setClaimsPolicy(sp(), { kind: 'forbidden' });
      const refused = await get(`/beta/servicePrincipals/${sp()}/claimsPolicy`);
      assert.deepEqual([refused.status, code(refused)], [403, 'Authorization_RequestDenied']);
      g.graph.setClaimsPolicy(sp(), { kind: 'not-found' });
      assert.equal((await get(`/beta/servicePrincipals/${sp()}/claimsPolicy`)).status, 404);
      const v1 = await get(`/v1.0/servicePrincipals/${sp()}/claimsPolicy`);
      assert.equal(v1.status, 400);
      assert.equal(v1.json<GraphError>().error.message, "Resource not found for the segment 'claimsPolicy'.");
    });

    it('404 Request_ResourceNotFound in Graph\'s error shape (request-id, client-request-id echoed)', async () => {
      const r = await get('/v1.0/servicePrincipals/99999999-9999-4999-8999-999999999999', { ...auth(), 'client-request-id': 'abc-123' });
      assert.equal(r.status, 404);
      const e = r.json<GraphError>().error;
      assert.equal(e.code, 'Request_ResourceNotFound');
      assert.deepEqual(Object.keys(e.innerError), ['date', 'request-id', 'client-request-id']);
      assert.match(String(e.innerError.date), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
      assert.equal(e.innerError['client-request-id'], 'abc-123');
      assert.equal(r.header('client-request-id'), 'abc-123');
    });
  });

  describe('paging', () => {
    it('follows @odata.nextLink over 10,000 assignments: each once, $skiptoken opaque', async () => {
      g.graph.addAssignedUsers(sp(), 10_000);
      const total = (g.graph.assignments.get(sp()) ?? []).length;
      const seen = new Set<string>();
      let url: string | undefined = `${g.url}/v1.0/servicePrincipals/${sp()}/appRoleAssignedTo?$top=999&$select=principalId,principalType`;
      let pages = 0;
      while (url) {
        const r = await request(url, { headers: auth() });
        assert.equal(r.status, 200);
        const body = r.json<{ value: Json[]; '@odata.nextLink'?: string }>();
        for (const a of body.value) {
          assert.ok(!seen.has(String(a.principalId)), 'an assignment twice');
          seen.add(String(a.principalId));
        }
        url = body['@odata.nextLink'];
        if (url) assert.match(url, /[?&]\$skiptoken=/);
        pages++;
      }
      assert.equal(seen.size, total);
      assert.equal(pages, Math.ceil(total / 999));
      assert.deepEqual(g.violations, []);
    });

    it('a $skiptoken used with a changed query is refused; a $search next page needs ConsistencyLevel again', async () => {
      g.graph.addAssignedUsers(sp(), 5);
      const first = (await get(`/v1.0/servicePrincipals/${sp()}/appRoleAssignedTo?$top=2`)).json<Json>();
      const next = String(first['@odata.nextLink']);
      const tampered = await request(next.replace('$top=2', '$top=3'), { headers: auth() });
      assert.equal(tampered.status, 400);
      for (let i = 0; i < 3; i++) g.graph.addServicePrincipal({ displayName: `Flow ${i}` });
      const search = await get(`/v1.0/servicePrincipals?$search=${encodeURIComponent('"displayName:flo"')}&$top=2`, { ...auth(), ConsistencyLevel: 'eventual' });
      const link = String(search.json<Json>()['@odata.nextLink']);
      assert.equal((await request(link, { headers: auth() })).status, 400, 'paging.md: ConsistencyLevel is not carried over to the next page');
      assert.equal((await request(link, { headers: { ...auth(), ConsistencyLevel: 'eventual' } })).status, 200);
    });

    it('drops the connection mid-page when told to', async () => {
      g.graph.addAssignedUsers(sp(), 10);
      const path = `/v1.0/servicePrincipals/${sp()}/appRoleAssignedTo`;
      g.dropPage(path, 2);
      const first = (await get(`${path}?$top=5`)).json<Json>();
      await assert.rejects(request(String(first['@odata.nextLink']), { headers: auth() }), /closed before the body was complete|aborted|socket hang up|ECONNRESET/);
      assert.equal(g.requests.at(-1)?.fault, 'drop-mid-body');
    });
  });

  describe('throttling', () => {
    it('429 TooManyRequests with Retry-After once the resource units are spent; x-ms-resource-unit on reads', async () => {
      const t = await startGraph({ rateLimit: { resourceUnits: 5, windowMs: 60_000 } });
      try {
        const path = `${t.url}/v1.0/servicePrincipals/${t.seed.scimApp}`;
        const statuses: number[] = [];
        let last!: RawResponse;
        for (let i = 0; i < 6; i++) {
          last = await request(path, { headers: { Authorization: `Bearer ${t.token}` } });
          statuses.push(last.status);
          if (last.status === 200) assert.equal(last.header('x-ms-resource-unit'), '1');
        }
        assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429]);
        const retry = Number(last.header('retry-after'));
        assert.ok(retry >= 1 && retry <= 60, `Retry-After ${retry} is the seconds left in the window`);
        const body = last.json<GraphError>();
        assert.deepEqual({ ...body.error, innerError: {} }, { ...graphExample<GraphError>('errorTooManyRequests').error, innerError: {} });
        assert.deepEqual(Object.keys(body.error.innerError).sort(), ['code', 'date', 'message', 'request-id', 'status']);
      } finally {
        await t.close();
      }
    });

    it('a fractional Retry-After when configured (Graph sends e.g. 2.128)', async () => {
      const t = await startGraph({ rateLimit: { resourceUnits: 1, retryAfter: '2.128' } });
      try {
        await request(`${t.url}/v1.0/servicePrincipals`, { headers: { Authorization: `Bearer ${t.token}` } });
        const r = await request(`${t.url}/v1.0/servicePrincipals`, { headers: { Authorization: `Bearer ${t.token}` } });
        assert.deepEqual([r.status, r.header('retry-after')], [429, '2.128']);
      } finally {
        await t.close();
      }
    });

    it('request costs from throttling-limits.md: users 2, members 3, transitiveMembers 5, $select -1, $top<20 -1, at least 1', () => {
      assert.equal(g.rateLimits.costOf('/v1.0/users', []), 2);
      assert.equal(g.rateLimits.costOf('/v1.0/users', [['$select', 'id']]), 1);
      assert.equal(g.rateLimits.costOf('/v1.0/groups/x/members', []), 3);
      assert.equal(g.rateLimits.costOf('/v1.0/groups/x/transitiveMembers', [['$select', 'id'], ['$top', '5']]), 3);
      assert.equal(g.rateLimits.costOf('/v1.0/servicePrincipals/x', [['$select', 'id'], ['$top', '5']]), 1);
    });
  });

  describe('auth and permissions', () => {
    it('401 InvalidAuthenticationToken in Graph\'s words: empty, unparseable, wrong audience, expired', async () => {
      const none = await get('/v1.0/servicePrincipals', {});
      assert.deepEqual([none.status, none.json<GraphError>().error.message], [401, 'Access token is empty.']);
      assert.match(none.header('www-authenticate') ?? '', /^Bearer /);
      assert.equal(g.violations[0]?.kind, 'auth');
      const garbage = await get('/v1.0/servicePrincipals', { Authorization: 'Bearer not-a-jwt' });
      assert.deepEqual([garbage.status, code(garbage)], [401, 'InvalidAuthenticationToken']);
      assert.match(garbage.json<GraphError>().error.message, /^CompactToken parsing failed/);
      const aud = await get('/v1.0/servicePrincipals', auth(g.tokenFor({ aud: 'api://other', scp: 'Application.Read.All' })));
      assert.equal(aud.json<GraphError>().error.message, 'Access token validation failure. Invalid audience.');
      const expired = await get('/v1.0/servicePrincipals', auth(g.tokenFor({ exp: Math.floor(Date.now() / 1000) - 60, scp: 'Application.Read.All' })));
      assert.equal(expired.json<GraphError>().error.message, 'Lifetime validation failed, the token is expired.');
    });

    it('a token of another tenant reads that tenant: the app is not found there', async () => {
      const other = g.tokenFor({ tid: '99999999-8888-7777-6666-555555555555', scp: 'Application.Read.All' });
      const r = await get(`/v1.0/servicePrincipals/${sp()}`, auth(other));
      assert.deepEqual([r.status, code(r)], [404, 'Request_ResourceNotFound']);
    });

    it('a missing permission: directory calls 403 Authorization_RequestDenied, synchronization calls 401 UnknownError', async () => {
      const userOnly = g.tokenFor({ scp: 'User.Read', wids: [ENTRA_ROLES.applicationAdministrator] });
      const dir = await get(`/v1.0/servicePrincipals/${sp()}/appRoleAssignedTo`, auth(userOnly));
      assert.deepEqual([dir.status, code(dir), dir.json<GraphError>().error.message], [403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.']);
      const sync = await get(`/v1.0/servicePrincipals/${sp()}/synchronization/jobs`, auth(userOnly));
      assert.deepEqual({ status: sync.status, ...sync.json<GraphError>().error, innerError: {} }, { status: 401, ...graphExample<GraphError>('errorSynchronizationUnknown401').error, innerError: {} });
    });

    it('synchronization needs a directory role as well as the scope (a Global Reader is refused); app-only roles suffice', async () => {
      const reader = g.tokenFor({ scp: 'Synchronization.Read.All', wids: [ENTRA_ROLES.globalReader] });
      assert.equal((await get(`/v1.0/servicePrincipals/${sp()}/synchronization/jobs`, auth(reader))).status, 401);
      const admin = g.tokenFor({ scp: 'Synchronization.Read.All', wids: [ENTRA_ROLES.cloudApplicationAdministrator] });
      assert.equal((await get(`/v1.0/servicePrincipals/${sp()}/synchronization/jobs`, auth(admin))).status, 200);
      const app = g.tokenFor({ roles: ['Synchronization.Read.All'] });
      assert.equal((await get(`/v1.0/servicePrincipals/${sp()}/synchronization/jobs/${job()}/schema`, auth(app))).status, 200);
    });

    it('with denial "missing-scope" the 403 names the permissions the call needs', async () => {
      const t = await startGraph({ denial: 'missing-scope', rateLimit: { off: true } });
      try {
        const r = await request(`${t.url}/v1.0/servicePrincipals/${t.seed.scimApp}/synchronization/jobs`, { headers: { Authorization: `Bearer ${t.tokenFor({ scp: 'User.Read openid' })}` } });
        assert.equal(r.status, 403);
        assert.equal(r.json<GraphError>().error.message, "Missing scope permissions on the request. API requires one of 'Synchronization.Read.All, Synchronization.ReadWrite.All'. Scopes on the request 'User.Read, openid'");
      } finally {
        await t.close();
      }
    });

    it('User.ReadBasic.All reads the basic profile only', async () => {
      const basic = g.tokenFor({ scp: 'User.ReadBasic.All' });
      const jane = [...g.graph.users.values()].find((u) => u.userPrincipalName === 'jane@example.com');
      assert.ok(jane);
      assert.equal((await get(`/v1.0/users/${jane.id}?$select=id,mail,userPrincipalName`, auth(basic))).status, 200);
      assert.equal((await get(`/v1.0/users/${jane.id}?$select=mail,onPremisesExtensionAttributes`, auth(basic))).status, 403);
    });

    it('makeGraphToken is JWT-shaped with the claims in its payload', () => {
      const t = makeGraphToken({ scp: 'Application.Read.All', tid: 't' });
      const parts = t.split('.');
      assert.equal(parts.length, 3);
      const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Json;
      assert.deepEqual([payload.scp, payload.tid, payload.aud], ['Application.Read.All', 't', 'https://graph.microsoft.com']);
    });
  });

  describe('strict request checks', () => {
    it('refuses and records an unknown query option and an out-of-range $top', async () => {
      const r = await get(`/v1.0/servicePrincipals/${sp()}/appRoleAssignedTo?$orderby=createdDateTime`);
      assert.deepEqual([r.status, code(r), r.json<GraphError>().error.message], [400, 'Request_BadRequest', "Unrecognized query argument specified: 'orderby'."]);
      const top = await get(`/v1.0/servicePrincipals/${sp()}/appRoleAssignedTo?$top=1000`);
      assert.equal(top.json<GraphError>().error.message, "Invalid page size specified: '1000'. Must be between 1 and 999 inclusive.");
      assert.deepEqual(g.violations.map((v) => v.kind), ['unknown-query', 'bad-query']);
    });

    it('refuses every write (PUT schema, PATCH schema, POST appRoleAssignedTo) and records it; nothing changes', async () => {
      const schemaPath = `/v1.0/servicePrincipals/${sp()}/synchronization/jobs/${job()}/schema`;
      const before = (await get(schemaPath)).text;
      const writes: Array<[string, string, number]> = [
        ['PUT', schemaPath, 403],
        ['PATCH', schemaPath, 405],
        ['POST', `/v1.0/servicePrincipals/${sp()}/appRoleAssignedTo`, 403],
        ['DELETE', `/v1.0/servicePrincipals/${sp()}/synchronization/jobs/${job()}`, 403],
      ];
      for (const [method, path, status] of writes) {
        const r = await request(g.url + path, { method, headers: { ...auth(), 'Content-Type': 'application/json' }, body: '{}' });
        assert.equal(r.status, status, `${method} ${path}`);
      }
      assert.deepEqual(g.violations.map((v) => `${v.kind} ${v.method}`), writes.map(([m]) => `write ${m}`));
      assert.equal((await get(schemaPath)).text.replace(/"request-id":"[^"]+"/g, ''), before.replace(/"request-id":"[^"]+"/g, ''));
    });
  });

  describe('JSON batching', () => {
    const batch = (requests: unknown[], headers = auth()): Promise<RawResponse> =>
      request(`${g.url}/v1.0/$batch`, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify({ requests }) });

    it('runs up to 20 GETs; answers by id (not in request order); sub-requests are recorded', async () => {
      const ids = g.graph.addAssignedUsers(sp(), 20);
      const r = await batch(ids.map((id, i) => ({ id: String(i + 1), method: 'GET', url: `/users/${id}?$select=id,mail,userPrincipalName` })));
      assert.equal(r.status, 200);
      const responses = r.json<{ responses: Array<{ id: string; status: number; body: Json; headers: Json }> }>().responses;
      assert.equal(responses.length, 20);
      assert.notEqual(responses[0]?.id, '1', 'clients must correlate by id');
      for (const res of responses) {
        assert.equal(res.status, 200);
        assert.equal(res.body.id, ids[Number(res.id) - 1]);
      }
      assert.equal(g.batched.length, 20);
      assert.equal(g.requests.length, 1, 'one HTTP request for twenty people');
    });

    it('sub-requests carry their own headers (ConsistencyLevel) and their own errors', async () => {
      const r = await batch([
        { id: 'a', method: 'GET', url: `servicePrincipals?$search="displayName:flo"`, headers: { ConsistencyLevel: 'eventual' } },
        { id: 'b', method: 'GET', url: '/users/00000000-0000-4000-8000-000000000000' },
      ]);
      const byId = new Map(r.json<{ responses: Array<{ id: string; status: number }> }>().responses.map((x) => [x.id, x.status]));
      assert.deepEqual([byId.get('a'), byId.get('b')], [200, 404]);
    });

    it('refuses 21 requests, duplicate ids, and any write in the batch (nothing of it runs)', async () => {
      const get21 = Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url: '/servicePrincipals' }));
      assert.equal((await batch(get21)).status, 400);
      assert.equal((await batch([{ id: '1', method: 'GET', url: '/servicePrincipals' }, { id: '1', method: 'GET', url: '/servicePrincipals' }])).status, 400);
      const withWrite = await batch([
        { id: '1', method: 'GET', url: '/servicePrincipals' },
        { id: '2', method: 'DELETE', url: `/servicePrincipals/${sp()}/appRoleAssignedTo/x` },
      ]);
      assert.equal(withWrite.status, 403);
      assert.deepEqual(g.violations.map((v) => v.kind), ['batch', 'batch', 'write']);
      assert.equal(g.batched.length, 0);
    });

    it('each sub-request counts against the throttling; a throttled one is a 429 inside a 200', async () => {
      const t = await startGraph({ rateLimit: { resourceUnits: 2 } });
      try {
        const r = await request(`${t.url}/v1.0/$batch`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${t.token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ requests: ['1', '2', '3'].map((id) => ({ id, method: 'GET', url: `/servicePrincipals/${t.seed.scimApp}` })) }),
        });
        assert.equal(r.status, 200);
        const statuses = r.json<{ responses: Array<{ id: string; status: number; headers: Json }> }>().responses.sort((a, b) => a.id.localeCompare(b.id));
        assert.deepEqual(statuses.map((s) => s.status), [200, 200, 429]);
        assert.match(String(statuses[2]?.headers['Retry-After']), /^\d+(\.\d+)?$/);
      } finally {
        await t.close();
      }
    });
  });

  it('expressionSource builds the documented attributeMappingSource trees', () => {
    assert.deepEqual(expressionSource('[mail]'), { expression: '[mail]', name: 'mail', parameters: [], type: 'Attribute' });
    assert.deepEqual(expressionSource('Mid([userPrincipalName], 1, 8)'), graphExample('attributeMappingSourceMid'));
    const notDeleted = (graphExample<Json>('objectMappingSalesforce').attributeMappings as Json[])[0];
    assert.deepEqual(expressionSource('Not([IsSoftDeleted])'), notDeleted.source);
  });
});
