import * as assert from 'node:assert/strict';
import { ScimClient } from '../../../src/core/scim/client';
import { UserPager } from '../../../src/core/scim/pager';
import { matchKey, TenantSnapshot, toTenantUser } from '../../../src/core/tenant/snapshot';
import { sweepTenant, TenantUsers } from '../../../src/core/tenant/users';
import { buildScimError, buildUser, buildUsers } from '../../support/builders';
import { startListServer } from '../../support/list-servers';
import type { ListServer, ListServerOptions } from '../../support/list-servers';
import { startScimTenant } from '../../support/scim-tenant';

describe('tenant/snapshot: slim users indexed by id, userName and primary email', () => {
  it('the primary email as sent, also when it differs from the userName only in case or blanks', () => {
    assert.equal(toTenantUser(buildUser(5)).email, buildUser(5).emails[0]?.value);
    const other = toTenantUser(buildUser(6, { userName: 'jdoe', emails: [{ value: ' J.Doe@example.com', primary: true }] }));
    assert.deepEqual([other.userName, other.email], ['jdoe', ' J.Doe@example.com']);
    const cased = toTenantUser(buildUser(7, { userName: 'Ann@example.com', emails: [{ value: 'ann@example.com', primary: true }] }));
    assert.deepEqual([cased.userName, cased.email], ['Ann@example.com', 'ann@example.com']);
  });

  it('keeps a few strings per user, never the resource', () => {
    const u = toTenantUser({ ...buildUser(3), meta: { created: 'x' }, 'urn:ext': { big: 'x'.repeat(1000) } });
    assert.deepEqual(Object.keys(u).sort(), ['active', 'displayName', 'email', 'familyName', 'givenName', 'hasUserName', 'id', 'timezone', 'userName']);
    assert.equal(u.email, buildUser(3).emails[0]?.value);
    assert.equal(u.givenName, buildUser(3).name.givenName);
  });

  it('looks users up by id, lower-cased userName and lower-cased primary email, in the tenant\'s order', () => {
    const s = new TenantSnapshot();
    s.add([
      buildUser(1, { userName: 'Jane.Doe@Example.com' }),
      buildUser(2, { userName: 'jdoe', emails: [{ value: 'John.Doe@Example.com', primary: true }, { value: 'other@example.com' }] }),
      buildUser(3),
    ]);
    assert.deepEqual(s.list().map((u) => u.id), ['u-000001', 'u-000002', 'u-000003']);
    assert.equal(s.get('u-000002')?.userName, 'jdoe');
    assert.deepEqual(s.byUserName('  jane.doe@example.COM ').map((u) => u.id), ['u-000001']);
    assert.deepEqual(s.byEmail('john.doe@example.com').map((u) => u.id), ['u-000002']);
    assert.deepEqual(s.byEmail('other@example.com'), [], 'only the primary email is indexed');
    assert.deepEqual(s.byUserName('nobody@example.com'), []);
  });

  it('a known id is replaced in place and re-indexed (deactivate / rename answered by the tenant)', () => {
    const s = new TenantSnapshot();
    s.add(buildUsers(3));
    s.add([buildUser(2, { userName: 'renamed@example.com', emails: [{ value: 'renamed@example.com', primary: true }], active: false })]);
    assert.equal(s.size, 3);
    assert.deepEqual(s.list().map((u) => u.id), ['u-000001', 'u-000002', 'u-000003']);
    assert.deepEqual(s.byUserName(buildUser(2).userName), []);
    assert.deepEqual(s.byEmail(buildUser(2).userName), []);
    assert.equal(s.byUserName('renamed@example.com')[0]?.active, false);
  });

  it('matches keys as trim + lower case, whatever the characters (a plain lower-case address is taken as it is)', () => {
    for (const s of ['jane@example.com', 'Jane@Example.com', ' jane@example.com ', 'ÄNNE@example.com', 'änne@example.com', 'İstanbul@x.tr', 'a\tb@x.com', 'x_y+z-1.2@a-b.example', 'ǅ@x.com', '']) {
      assert.equal(matchKey(s), s.trim().toLowerCase(), JSON.stringify(s));
    }
  });

  it('pages appended without look-ups are still found by id, userName and email, and replaced in place', () => {
    const s = new TenantSnapshot();
    s.addNew(buildUsers(3));
    assert.equal(s.byUserName(buildUser(2).userName)[0]?.id, 'u-000002');
    s.addNew([buildUser(4)]);
    assert.equal(s.get('u-000004')?.userName, buildUser(4).userName);
    assert.equal(s.byEmail(buildUser(4).userName)[0]?.id, 'u-000004', 'appended after the index was built');
    s.add([buildUser(3, { active: false })]);
    assert.deepEqual(s.list().map((u) => [u.id, u.active]), [['u-000001', true], ['u-000002', true], ['u-000003', false], ['u-000004', true]]);
  });

  it('a tenant that breaks uniqueness: both users under one key; removing one leaves the other', () => {
    const s = new TenantSnapshot();
    s.add([buildUser(1, { userName: 'Sam@example.com' }), buildUser(2, { userName: 'sam@example.com' })]);
    assert.deepEqual(s.byUserName('SAM@example.com').map((u) => u.id), ['u-000001', 'u-000002']);
    s.add([buildUser(1, { userName: 'samuel@example.com' })]);
    assert.deepEqual(s.byUserName('sam@example.com').map((u) => u.id), ['u-000002']);
  });

  it('no userName: shown by id, never matched by it; time zones: blank is absent, non-strings kept as JSON text', () => {
    const u = toTenantUser({ id: 'x1', emails: [{ value: 'x@example.com', primary: true }], timezone: '  ' });
    assert.equal(u.userName, 'x1');
    assert.equal(u.hasUserName, false);
    assert.equal(u.timezone, undefined);
    const s = new TenantSnapshot();
    s.put(u);
    assert.deepEqual(s.byUserName('x1'), []);
    assert.equal(toTenantUser({ id: 'x2', timezone: 42 }).timezone, '42');
  });
});

describe('tenant/users: the snapshot filled by the pager; a sweep is whole or a failure', function () {
  this.timeout(30_000);
  const TOKEN = 'sweep-token';
  const servers: ListServer[] = [];
  const clients: ScimClient[] = [];
  afterEach(async () => {
    while (clients.length) await clients.pop()?.close();
    while (servers.length) await servers.pop()?.close();
  });
  const usersOf = async (opts: ListServerOptions, pagerOpts: ConstructorParameters<typeof UserPager>[1] = {}): Promise<{ users: TenantUsers; server: ListServer }> => {
    const server = await startListServer({ token: TOKEN, ...opts });
    servers.push(server);
    const client = new ScimClient({ baseUrl: server.baseUrl, token: TOKEN });
    clients.push(client);
    return { users: new TenantUsers(new UserPager(client, pagerOpts)), server };
  };

  it('firstPage / nextPage / loadAll feed one snapshot, every user once, in order', async () => {
    const { users, server } = await usersOf({ users: 250 }, { pageSize: 100 });
    assert.ok((await users.firstPage()).ok);
    assert.equal(users.size, 100);
    assert.equal(users.total, 250);
    assert.ok((await users.nextPage()).ok);
    const seen: number[] = [];
    const r = await users.loadAll({ onPage: () => { seen.push(users.size); } });
    assert.ok(r.ok);
    assert.ok(seen.every((n) => n > 200), 'onPage ran before the page was in the snapshot');
    assert.deepEqual(users.snapshot.list().map((u) => u.id), server.users.map((u) => u.id));
    assert.ok(users.isDone);
  });

  it('a sweep of 50,000 users: the whole tenant, slim', async () => {
    const { users, server } = await usersOf({ users: 50_000, maxResults: 1000 });
    const r = await sweepTenant(users);
    assert.ok(r.ok, r.ok ? '' : r.failure.message);
    assert.equal(r.snapshot.size, 50_000);
    assert.equal(r.snapshot.byUserName(server.users[49_999]?.userName ?? '')[0]?.id, 'u-050000');
  });

  it('against the real SCIM tenant (scimmy)', async () => {
    const tenant = await startScimTenant({ users: 120 });
    const client = new ScimClient({ baseUrl: tenant.baseUrl, token: tenant.token });
    clients.push(client);
    const r = await sweepTenant(new TenantUsers(new UserPager(client, { pageSize: 50 })), { largePages: false });
    await tenant.close();
    assert.ok(r.ok, r.ok ? '' : r.failure.message);
    assert.deepEqual(r.snapshot.list().map((u) => u.id), buildUsers(120).map((u) => u.id));
  });

  it('servers that page wrong but deliver everyone: overlap, 0-based startIndex, no totalResults, ignored count', async () => {
    for (const quirks of [{ overlap: 3 }, { zeroBased: true }, { omitTotalResults: true }, { ignoreCount: true }, { echoCount: true, stringCounters: true }]) {
      const { users } = await usersOf({ users: 230, quirks }, { pageSize: 50 });
      const r = await sweepTenant(users, { largePages: false });
      assert.ok(r.ok, `${JSON.stringify(quirks)}: ${r.ok ? '' : r.failure.message}`);
      assert.equal(r.snapshot.size, 230, JSON.stringify(quirks));
    }
  });

  it('a server that ignores startIndex: incomplete, never presented as the tenant', async () => {
    const { users } = await usersOf({ users: 250, quirks: { ignoreStartIndex: true } });
    const r = await sweepTenant(users);
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.failure.diagnosis, 'incomplete');
    assert.match(r.failure.message, /got 100 of the 250 users it reports \(the server ignores startIndex/);
  });

  it('a totalResults higher than what the server delivers: incomplete', async () => {
    const { users } = await usersOf({ users: 120, quirks: { totalResults: 500 } }, { pageSize: 50 });
    const r = await sweepTenant(users, { largePages: false });
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.failure.diagnosis, 'incomplete');
  });

  it('an endless list: stopped at the pager\'s limit, incomplete', async () => {
    const { users } = await usersOf({ quirks: { endless: true } }, { maxPages: 5 });
    const r = await sweepTenant(users);
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.failure.message, /could not be read completely/);
  });

  it('a failed page (502) mid-sweep, a tenant that goes away: the failure, no snapshot', async () => {
    const bad = await usersOf({ users: 500, intercept: (q) => (q.startIndex === 201 ? { status: 502, body: buildScimError(502, 'bad gateway') } : undefined) }, { pageSize: 100 });
    const r1 = await sweepTenant(bad.users, { largePages: false });
    assert.ok(!r1.ok && r1.failure.diagnosis === 'server-error', JSON.stringify(r1));
    assert.ok(!('snapshot' in r1));

    const ref: { server?: ListServer } = {};
    const gone = await usersOf({ users: 500, gate: (q) => (q.n === 3 ? (void ref.server?.close(), new Promise<void>(() => undefined)) : Promise.resolve()) }, { pageSize: 100 });
    ref.server = gone.server;
    const r3 = await sweepTenant(gone.users, { largePages: false, concurrency: 1 });
    assert.equal(r3.ok, false);
    if (!r3.ok) assert.ok(['connection-refused', 'server-error', 'timeout'].includes(r3.failure.diagnosis), r3.failure.diagnosis);
  });

  it('streamed (a one-pass reader): every page\'s slim users go to the stream in order, counted, not kept', async () => {
    const server = await startListServer({ token: TOKEN, users: 2500, maxResults: 1000 });
    servers.push(server);
    const client = new ScimClient({ baseUrl: server.baseUrl, token: TOKEN });
    clients.push(client);
    const pages: string[][] = [];
    const users = new TenantUsers(new UserPager(client), undefined, (page) => { pages.push(page.map((u) => u.id)); });
    const r = await sweepTenant(users);
    assert.ok(r.ok, r.ok ? '' : r.failure.message);
    assert.equal(users.size, 2500);
    assert.equal(users.snapshot.size, 0, 'a streamed sweep keeps no users');
    assert.deepEqual(pages.flat(), server.users.map((u) => u.id));
    assert.ok(pages.length > 1, 'one call per page, not one at the end');
    assert.deepEqual(Object.keys(toTenantUser(server.users[0] ?? { id: 'x' })).sort(), ['active', 'displayName', 'email', 'familyName', 'givenName', 'hasUserName', 'id', 'timezone', 'userName']);
  });

  it('streamed, a server that ignores startIndex: still incomplete (the count, not the snapshot, is checked)', async () => {
    const server = await startListServer({ token: TOKEN, users: 250, quirks: { ignoreStartIndex: true } });
    servers.push(server);
    const client = new ScimClient({ baseUrl: server.baseUrl, token: TOKEN });
    clients.push(client);
    let streamed = 0;
    const r = await sweepTenant(new TenantUsers(new UserPager(client), undefined, (page) => { streamed += page.length; }));
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.failure.message, /got 100 of the 250 users it reports/);
    assert.equal(streamed, 100);
  });

  it('a filtered pager cannot be swept as the whole tenant', async () => {
    const { users } = await usersOf({ users: 10 });
    await assert.rejects(sweepTenant(new TenantUsers(users.pager, 'userName sw "a"')), /unfiltered/);
  });
});
