import * as assert from 'node:assert/strict';
import { ScimClient } from '../../../src/core/scim/client';
import { UserPager } from '../../../src/core/scim/pager';
import { toUserRow } from '../../../src/core/scim/users';
import type { UserRow } from '../../../src/core/scim/users';
import { buildUser } from '../../support/builders';
import { startListServer } from '../../support/list-servers';
import { startScimTenant } from '../../support/scim-tenant';

describe('scim/pager against a real SCIM tenant (scimmy) and at 50,000 users', function () {
  this.timeout(30_000);
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => { while (cleanup.length) await cleanup.pop()?.(); });

  it('10 users: firstPage has them all, done, no warnings', async () => {
    const tenant = await startScimTenant({ users: 10 });
    const client = new ScimClient({ baseUrl: tenant.baseUrl, token: tenant.token });
    cleanup.push(() => tenant.close(), () => client.close());
    const pager = new UserPager(client);
    const r = await pager.firstPage();
    assert.ok(r.ok, r.ok ? '' : r.failure.message);
    assert.deepEqual(r.page.users.map((u) => u.id), tenant.users.list().map((u) => u.id));
    assert.equal(r.page.totalResults, 10);
    assert.equal(r.page.done, true);
    assert.deepEqual(pager.warnings, []);
    assert.equal(tenant.requests.length, 1);
    assert.match(tenant.requests[0]?.url ?? '', /\/Users\?startIndex=1&count=100$/);
  });

  it('10 users through loadAll with a small page size (scimmy echoes itemsPerPage, slices twice)', async () => {
    const tenant = await startScimTenant({ users: 10 });
    const client = new ScimClient({ baseUrl: tenant.baseUrl, token: tenant.token });
    cleanup.push(() => tenant.close(), () => client.close());
    const pager = new UserPager(client, { pageSize: 3, useServiceProviderConfig: false });
    const got: string[] = [];
    const r = await pager.loadAll({ concurrency: 2, largePages: false, onPage: (p) => { got.push(...p.users.map((u) => u.id)); } });
    assert.ok(r.ok, r.ok ? '' : r.failure.message);
    assert.deepEqual(got, tenant.users.list().map((u) => u.id));
    assert.deepEqual(r.warnings, []);
  });

  it('1,000 users on scimmy with a filter and concurrent pages', async () => {
    const tenant = await startScimTenant({ users: 1000 });
    const client = new ScimClient({ baseUrl: tenant.baseUrl, token: tenant.token });
    cleanup.push(() => tenant.close(), () => client.close());
    const all = new UserPager(client);
    const got: string[] = [];
    const r = await all.loadAll({ onPage: (p) => { got.push(...p.users.map((u) => u.id)); } });
    assert.ok(r.ok, r.ok ? '' : r.failure.message);
    assert.deepEqual(got, tenant.users.list().map((u) => u.id));

    const filtered = new UserPager(client, { filter: 'userName sw "grace."', pageSize: 20 });
    const fgot: string[] = [];
    const fr = await filtered.loadAll({ largePages: false, onPage: (p) => { fgot.push(...p.users.map((u) => u.id)); } });
    assert.ok(fr.ok, fr.ok ? '' : fr.failure.message);
    assert.deepEqual(fgot, tenant.users.list().filter((u) => u.userName.startsWith('grace.')).map((u) => u.id));
  });

  it('50,000 users on the pre-serialised server: every user exactly once, in order, few requests, slim rows', async () => {
    const server = await startListServer({ users: 50_000, maxResults: 1000, token: 't' });
    const client = new ScimClient({ baseUrl: server.baseUrl, token: 't' });
    cleanup.push(() => server.close(), () => client.close());
    const pager = new UserPager(client);
    const rows: UserRow[] = [];
    let expected = 1;
    let inOrder = true;
    const r = await pager.loadAll({
      onPage: (p) => {
        for (const u of p.users) {
          if (u.id !== buildUser(expected++).id) inOrder = false;
          rows.push(toUserRow(u));
        }
      },
    });
    assert.ok(r.ok, r.ok ? '' : r.failure.message);
    assert.equal(rows.length, 50_000);
    assert.ok(inOrder);
    assert.equal(new Set(rows.map((u) => u.id)).size, 50_000);
    assert.deepEqual(rows[0], { id: 'u-000001', userName: buildUser(1).userName, displayName: buildUser(1).displayName, email: buildUser(1).userName, active: true });
    assert.equal(server.requests.length, 51, '50 pages of 1000 and one empty page');
    assert.ok(server.maxInFlight <= 4);
  });

  for (const header of ['retry-after', 'x-retry-after'] as const) {
    it(`a tenant that rate-limits (2 requests per second, 429 with ${header}): every user, the waits as asked`, async function () {
      this.timeout(20_000);
      const tenant = await startScimTenant({ users: 250, rateLimit: { max: 2, windowMs: 1000, header, textPlain: header === 'x-retry-after' } });
      const client = new ScimClient({ baseUrl: tenant.baseUrl, token: tenant.token });
      cleanup.push(() => tenant.close(), () => client.close());
      const pager = new UserPager(client, { pageSize: 50, useServiceProviderConfig: false });
      const got: string[] = [];
      const r = await pager.loadAll({ onPage: (p) => { got.push(...p.users.map((u) => u.id)); } });
      assert.ok(r.ok, r.ok ? '' : r.failure.message);
      assert.deepEqual(got, tenant.users.list().map((u) => u.id), 'every user once, in order');
      assert.ok(tenant.requests.some((q) => q.limited), 'the tenant did answer 429');
      assert.match(r.warnings.join('\n'), /rate limiting requests; continuing one request at a time/);
    });
  }

  it('a tenant that never lets up: a clear rate-limited failure after the bound, not a hang', async () => {
    const tenant = await startScimTenant({ users: 10, rateLimit: { max: 0, windowMs: 1000, header: 'x-retry-after', forever: true } });
    const client = new ScimClient({ baseUrl: tenant.baseUrl, token: tenant.token, rateLimit: { maxTotalWaitMs: 2000 } });
    cleanup.push(() => tenant.close(), () => client.close());
    const r = await new UserPager(client).loadAll();
    assert.ok(!r.ok);
    assert.equal(r.failure.diagnosis, 'rate-limited');
    assert.match(r.failure.message, /still rate-limited after waiting 2 s over 2 retries \(the bound is 2 s\)/);
    assert.equal(r.loaded, 0);
    // /ServiceProviderConfig gave up first; the pager did not start a second bounded wait for the pages.
    assert.deepEqual(tenant.requests.map((q) => q.url.replace(/^.*\/scim/, '')), ['/ServiceProviderConfig', '/ServiceProviderConfig', '/ServiceProviderConfig']);
  });
});
