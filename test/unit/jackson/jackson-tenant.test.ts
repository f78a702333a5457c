// The Jackson helper itself (test/support/jackson-tenant.ts): BoxyHQ SAML Jackson's directory sync,
// unmodified, in memory on 127.0.0.1, answering as its hosted route does. These tests pin what the
// product's own tests will lean on (issues 24 and 26): it starts, two directories (Okta, Entra ID) with
// their own secrets and stores, seeding through its SCIM API, Jackson's page limit of 50 with its
// `totalResults` capped at that limit, the Entra endpoint shown with `/?aadOptscim062020`, and close().
import * as assert from 'node:assert/strict';
import { startJacksonTenant, ENTRA_FLAG, JACKSON_SCIM_PATH } from '../../support/jackson-tenant';
import type { JacksonDirectory, JacksonTenant } from '../../support/jackson-tenant';
import { buildUser } from '../../support/builders';

interface ListBody { totalResults: number; itemsPerPage: number; startIndex: number; Resources: Array<{ id: string; userName?: string; displayName?: string }> }

async function get(dir: JacksonDirectory, path: string, token = dir.token): Promise<{ status: number; body: unknown; contentType: string | null }> {
  const res = await fetch(`${dir.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` }, redirect: 'manual' });
  const text = await res.text();
  let body: unknown = text;
  try { body = JSON.parse(text); } catch { /* a text answer */ }
  return { status: res.status, body, contentType: res.headers.get('content-type') };
}

/** Walks /Users by startIndex, advancing by what each page returned, to an empty page: a client that trusts neither totalResults nor count. */
async function sweep(dir: JacksonDirectory, count: number): Promise<{ userNames: string[]; totals: number[] }> {
  const userNames: string[] = [];
  const totals: number[] = [];
  for (let start = 1; start < 10_000;) {
    const { status, body } = await get(dir, `/Users?startIndex=${start}&count=${count}`);
    assert.equal(status, 200);
    const page = body as ListBody;
    totals.push(page.totalResults);
    if (page.Resources.length === 0) break;
    userNames.push(...page.Resources.map((u) => u.userName ?? ''));
    start += page.Resources.length;
  }
  return { userNames, totals };
}

describe('Jackson tenant helper (BoxyHQ SAML Jackson 26.2.0 directory sync, in memory)', function () {
  this.timeout(60_000);
  let tenant: JacksonTenant;

  before(async () => { tenant = await startJacksonTenant({ users: 120, groups: 2 }); });
  after(async () => { await tenant?.close(); });

  it('makes an Okta and an Entra directory on 127.0.0.1, each with its own secret; Jackson shows the Entra endpoint with the flag', () => {
    assert.match(tenant.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(tenant.okta.type, 'okta-scim-v2');
    assert.equal(tenant.entra.type, 'azure-scim-v2');
    assert.equal(tenant.okta.baseUrl, `${tenant.origin}${JACKSON_SCIM_PATH}/${tenant.okta.id}`);
    assert.equal(tenant.okta.endpoint, tenant.okta.baseUrl);
    assert.equal(tenant.entra.endpoint, `${tenant.entra.baseUrl}/?${ENTRA_FLAG}`);
    assert.notEqual(tenant.okta.token, tenant.entra.token);
    assert.equal(tenant.baseUrl, tenant.okta.baseUrl);
    assert.equal(tenant.token, tenant.okta.token);
  });

  it('seeds every user through the SCIM API: a sweep to the empty page finds all 120 once, newest first, while each page says totalResults 50', async () => {
    const { userNames, totals } = await sweep(tenant.okta, 100);
    assert.equal(userNames.length, 120);
    assert.equal(new Set(userNames).size, 120);
    assert.deepEqual(userNames, Array.from({ length: 120 }, (_, k) => buildUser(120 - k).userName));
    // Jackson counts the users with its own page limit (DirectoryUsers.getAll reads "all" users through a
    // store capped at db.pageLimit): the number issue 26's point 11 is about.
    assert.ok(totals.every((t) => t === 50), `totalResults seen: ${totals.join(', ')}`);
    const first = await get(tenant.okta, '/Users?startIndex=1&count=100');
    assert.equal((first.body as ListBody).itemsPerPage, 50);
    assert.equal(first.contentType, 'application/json; charset=utf-8');
  });

  it('keeps the directories apart: the Entra directory has its own 120 users and refuses the Okta secret', async () => {
    const { userNames } = await sweep(tenant.entra, 50);
    assert.equal(userNames.length, 120);
    const okta = await get(tenant.okta, '/Users?startIndex=1&count=1');
    const entra = await get(tenant.entra, '/Users?startIndex=1&count=1');
    assert.notEqual((okta.body as ListBody).Resources[0]?.id, (entra.body as ListBody).Resources[0]?.id);
    const oktaUser = (okta.body as ListBody).Resources[0]?.id ?? '';
    assert.equal((await get(tenant.entra, `/Users/${oktaUser}`)).status, 404);
    const wrong = await get(tenant.entra, '/Users?startIndex=1&count=1', tenant.okta.token);
    assert.equal(wrong.status, 401);
    assert.deepEqual(wrong.body, { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], detail: 'Unauthorized' });
  });

  it('seeds groups (Okta Push Groups: POST, then PATCH add members); members show in Jackson\'s events and store, never in its SCIM GET', async () => {
    const { status, body } = await get(tenant.okta, '/Groups');
    assert.equal(status, 200);
    assert.deepEqual((body as ListBody).Resources.map((g) => g.displayName).sort(), ['Group 000001', 'Group 000002']);
    const newest = ((await get(tenant.okta, '/Users?startIndex=1&count=1')).body as ListBody).Resources[0];
    assert.ok(newest);
    const before = tenant.events.length;
    const [id] = await tenant.seedGroups(tenant.okta, 1, { start: 3, memberIds: [newest.id] });
    const added = tenant.events.slice(before).filter((e) => e.event === 'group.user_added');
    assert.equal(added.length, 1);
    assert.equal(added[0]?.data.id, newest.id);
    assert.equal((added[0]?.data as { group?: { id?: string } }).group?.id, id);
    assert.ok(id);
    assert.deepEqual(await tenant.memberIds(tenant.okta, id), [newest.id]);
    // Jackson's own SCIM answer never lists members: memberIds() is how a test sees them.
    const read = await get(tenant.okta, `/Groups/${id}`);
    assert.deepEqual((read.body as { members: unknown[] }).members, []);
  });

  it('answers as the hosted route does: the Entra endpoint with a path appended is redirected 308, then fails 500', async () => {
    const url = tenant.entra.endpoint + '/Users?filter=' + encodeURIComponent('userName eq "x"');
    const first = await fetch(url, { headers: { authorization: `Bearer ${tenant.entra.token}` }, redirect: 'manual' });
    assert.equal(first.status, 308);
    const location = first.headers.get('location') ?? '';
    assert.equal(location, `${JACKSON_SCIM_PATH}/${tenant.entra.id}?${ENTRA_FLAG}/Users?filter=userName%20eq%20%22x%22`);
    const second = await fetch(tenant.origin + location, { headers: { authorization: `Bearer ${tenant.entra.token}` } });
    assert.equal(second.status, 500);
    assert.equal(await second.text(), 'Internal Server Error');
    assert.equal(tenant.requests.at(-1)?.status, 500);
  });

  it('close() stops it: the port refuses, and a second tenant starts with a store of its own', async () => {
    const other = await startJacksonTenant({ users: 2 });
    const { userNames } = await sweep(other.okta, 100);
    assert.deepEqual(userNames, [buildUser(2).userName, buildUser(1).userName]);
    await other.close();
    await assert.rejects(fetch(`${other.okta.baseUrl}/Users`, { headers: { authorization: `Bearer ${other.okta.token}` } }));
    // The first tenant is untouched by the second one's start and close.
    const still = await get(tenant.okta, '/Users?startIndex=1&count=1');
    assert.equal(still.status, 200);
    assert.equal((still.body as ListBody).Resources[0]?.userName, buildUser(120).userName);
  });
});
