import * as assert from 'node:assert/strict';
import { ScimClient } from '../../../src/core/scim/client';
import type { ScimClientOptions } from '../../../src/core/scim/client';
import { InvalidFilterError, UserPager } from '../../../src/core/scim/pager';
import type { PagerClient, UserPagerOptions } from '../../../src/core/scim/pager';
import { ignoresStartIndexWarning } from '../../../src/core/scim/pageReader';
import type { UserPage } from '../../../src/core/scim/pageReader';
import { buildScimError, buildUser } from '../../support/builders';
import { startListServer } from '../../support/list-servers';
import type { ListServer, ListServerOptions } from '../../support/list-servers';

const ids = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, k) => buildUser(from + k).id);

/** A client that counts how many requests it has in flight at once (overall, and since `mark()` turned true). */
interface CountingClient extends PagerClient { max: number; maxSinceMark: number }
function countingClient(client: ScimClient, mark: () => boolean = () => false): CountingClient {
  let current = 0;
  const c: CountingClient = {
    baseUrl: client.baseUrl,
    max: 0,
    maxSinceMark: 0,
    request: async <T>(path: string, opts?: Parameters<ScimClient['request']>[1]) => {
      current++;
      c.max = Math.max(c.max, current);
      if (mark()) c.maxSinceMark = Math.max(c.maxSinceMark, current);
      try { return await client.request<T>(path, opts); } finally { current--; }
    },
  };
  return c;
}

describe('scim/pager against misbehaving list servers', function () {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => { while (cleanup.length) await cleanup.pop()?.(); });

  async function setup(opts: ListServerOptions): Promise<{ server: ListServer; client: ScimClient }> {
    const server = await startListServer({ token: 'pager-token', ...opts });
    const client = new ScimClient({ baseUrl: server.baseUrl, token: 'pager-token', timeoutMs: 5000 });
    cleanup.push(() => server.close(), () => client.close());
    return { server, client };
  }

  /** nextPage until done (bounded so a bug cannot hang the test), collecting ids. */
  async function pageThrough(pager: UserPager, limit = 100): Promise<{ ids: string[]; pages: UserPage[] }> {
    const pages: UserPage[] = [];
    for (let i = 0; i < limit && !pager.isDone; i++) {
      const r = await pager.nextPage();
      assert.ok(r.ok, r.ok ? '' : r.failure.message);
      pages.push(r.page);
    }
    assert.ok(pager.isDone, 'paging did not terminate');
    return { ids: pages.flatMap((p) => p.users.map((u) => u.id)), pages };
  }

  const starts = (s: ListServer): Array<number | undefined> => s.requests.map((r) => r.startIndex);

  it('a well-behaved server: pages of 100 until a short page reaches totalResults', async () => {
    const { server, client } = await setup({ users: 250 });
    const pager = new UserPager(client);
    const { ids: got, pages } = await pageThrough(pager);
    assert.deepEqual(got, ids(1, 250));
    assert.deepEqual(starts(server), [1, 101, 201]);
    assert.deepEqual(server.requests.map((r) => r.count), [100, 100, 100]);
    assert.deepEqual(pages.map((p) => p.done), [false, false, true]);
    assert.deepEqual(pager.warnings, []);
  });

  it('an empty tenant: one request, done', async () => {
    const { server, client } = await setup({ users: 0 });
    const pager = new UserPager(client);
    const r = await pager.firstPage();
    assert.ok(r.ok && r.page.done && r.page.users.length === 0 && r.page.totalResults === 0);
    assert.equal(server.requests.length, 1);
  });

  it('a server that caps count: next startIndex = previous + returned, not + asked', async () => {
    const { server, client } = await setup({ users: 100, maxResults: 40, advertiseMaxResults: false, quirks: { echoCount: true } });
    const { ids: got } = await pageThrough(new UserPager(client));
    assert.deepEqual(got, ids(1, 100));
    assert.deepEqual(starts(server), [1, 41, 81]);
  });

  it('loadAll learns an unadvertised cap from the first page and then pages concurrently', async () => {
    const { server, client } = await setup({ users: 1000, maxResults: 40, advertiseMaxResults: false, latencyMs: 5 });
    const got: string[] = [];
    const r = await new UserPager(client).loadAll({ onPage: (p) => { got.push(...p.users.map((u) => u.id)); } });
    assert.ok(r.ok);
    assert.deepEqual(got, ids(1, 1000));
    assert.equal(server.requests[0]?.count, 100);
    assert.ok(server.requests.slice(1).every((q) => q.count === 40));
    assert.equal(server.requests.length, 1 + 24 + 1);
    assert.ok(server.maxInFlight > 1 && server.maxInFlight <= 4);
  });

  it('totalResults claims more than exist: stops on the empty page, warns', async () => {
    const { server, client } = await setup({ users: 250, quirks: { totalResults: 1000 } });
    const pager = new UserPager(client);
    const { ids: got } = await pageThrough(pager);
    assert.deepEqual(got, ids(1, 250));
    // 251 is empty; one look at startIndex=0 checks for a 0-based server, then it stops.
    assert.deepEqual(starts(server), [1, 101, 201, 251, 0]);
    assert.deepEqual(pager.warnings, ['the server reported 1000 users (totalResults) but returned 250']);
  });

  it('totalResults equal to the page size (claims fewer): keeps going while full pages come', async () => {
    const { server, client } = await setup({ users: 250, quirks: { totalResults: 100 } });
    const pager = new UserPager(client);
    const { ids: got } = await pageThrough(pager);
    assert.deepEqual(got, ids(1, 250));
    assert.deepEqual(starts(server), [1, 101, 201]);
    assert.deepEqual(pager.warnings, ['the server reported 100 users (totalResults) but returned 250']);
  });

  it('a server that ignores startIndex: stops at the repeated page, first N users only, with a warning', async () => {
    const { server, client } = await setup({ users: 250, quirks: { ignoreStartIndex: true } });
    const pager = new UserPager(client);
    const { ids: got } = await pageThrough(pager);
    assert.deepEqual(got, ids(1, 100));
    assert.deepEqual(starts(server), [1, 101]);
    assert.deepEqual(pager.warnings, [ignoresStartIndexWarning(100)]);
    assert.equal(pager.warnings[0], 'the server ignores startIndex; showing the first 100 users only');
  });

  it('loadAll with concurrency against a server that ignores startIndex: still no duplicates, bounded requests', async () => {
    const { server, client } = await setup({ users: 1000, quirks: { ignoreStartIndex: true } });
    const pager = new UserPager(client, { useServiceProviderConfig: false });
    const got: string[] = [];
    const r = await pager.loadAll({ onPage: (p) => { got.push(...p.users.map((u) => u.id)); } });
    assert.ok(r.ok);
    assert.deepEqual(got, ids(1, 100));
    assert.ok(server.requests.length <= 1 + 4, `${server.requests.length} requests`);
    assert.deepEqual(r.warnings, [ignoresStartIndexWarning(100)]);
  });

  it('a 0-based startIndex server: the skipped first user is fetched once, no duplicates', async () => {
    const { server, client } = await setup({ users: 250, quirks: { zeroBased: true } });
    const pager = new UserPager(client);
    const { ids: got } = await pageThrough(pager);
    assert.deepEqual([...got].sort(), ids(1, 250));
    assert.equal(new Set(got).size, 250);
    assert.deepEqual(starts(server), [1, 101, 201, 250, 0]);
    assert.deepEqual(server.requests.map((r) => r.count), [100, 100, 100, 49, 1]);
    assert.match(pager.warnings.join('\n'), /counts startIndex from 0/);
  });

  it('string counters are coerced, with a warning', async () => {
    const { server, client } = await setup({ users: 150, quirks: { stringCounters: true } });
    const pager = new UserPager(client);
    const { ids: got, pages } = await pageThrough(pager);
    assert.deepEqual(got, ids(1, 150));
    assert.equal(pages[0]?.totalResults, 150);
    assert.equal(server.requests.length, 2);
    assert.ok(pager.warnings.includes('the server sends totalResults as a string ("150"); read as a number'), pager.warnings.join('\n'));
  });

  it('no totalResults at all: pages until an empty page (results past the end)', async () => {
    const { server, client } = await setup({ users: 150, quirks: { omitTotalResults: true } });
    const { ids: got } = await pageThrough(new UserPager(client));
    assert.deepEqual(got, ids(1, 150));
    assert.deepEqual(starts(server), [1, 101, 151]);
  });

  it('a server that ignores count (everything at once)', async () => {
    const { server, client } = await setup({ users: 250, quirks: { ignoreCount: true } });
    const { ids: got } = await pageThrough(new UserPager(client));
    assert.deepEqual(got, ids(1, 250));
    assert.deepEqual(starts(server), [1, 251]);
  });

  it('overlapping pages: duplicates dropped, nobody missed', async () => {
    const { client } = await setup({ users: 250, quirks: { overlap: 10 } });
    const pager = new UserPager(client);
    const { ids: got } = await pageThrough(pager);
    assert.deepEqual(got, ids(1, 250));
    assert.match(pager.warnings.join('\n'), /duplicates were dropped/);
  });

  it('duplicates inside one page and resources without an id are dropped', async () => {
    const users = [buildUser(1), buildUser(2), buildUser(1), { ...buildUser(3), id: '' }, buildUser(4)];
    const { client } = await setup({ users });
    const pager = new UserPager(client);
    const { ids: got } = await pageThrough(pager);
    assert.deepEqual(got, [buildUser(1).id, buildUser(2).id, buildUser(4).id]);
    assert.match(pager.warnings.join('\n'), /without an id/);
  });

  it('an endless server: stops at maxPages and at maxUsers, never loops forever', async () => {
    const { server, client } = await setup({ quirks: { endless: true } });
    const pager = new UserPager(client, { maxPages: 5 });
    const r = await pager.loadAll({ concurrency: 1 });
    assert.ok(r.ok && r.truncated);
    assert.equal(r.loaded, 500);
    assert.equal(server.requests.length, 5);
    assert.match(r.warnings.join('\n'), /stopped after 5 pages/);

    const byUsers = new UserPager(client, { maxUsers: 250 });
    const r2 = await byUsers.loadAll({ concurrency: 4 });
    assert.ok(r2.ok && r2.truncated);
    assert.equal(r2.loaded, 250);
    assert.match(r2.warnings.join('\n'), /stopped after 250 users/);
  });

  it('a failed nextPage leaves the pager exactly as before; the next call continues', async () => {
    const { server, client } = await setup({
      users: 250,
      intercept: (req) => (req.n === 2 ? { status: 500, body: buildScimError(500, 'boom') } : undefined),
    });
    const pager = new UserPager(client);
    const first = await pager.firstPage();
    assert.ok(first.ok);
    const before = pager.state;
    const failed = await pager.nextPage();
    assert.ok(!failed.ok);
    assert.equal(failed.failure.diagnosis, 'server-error');
    assert.equal(failed.failure.status, 500);
    assert.deepEqual(pager.state, { ...before, requests: before.requests + 1 });
    const rest = await pageThrough(pager);
    assert.deepEqual([...first.page.users.map((u) => u.id), ...rest.ids], ids(1, 250));
    assert.deepEqual(starts(server), [1, 101, 101, 201]);
  });

  it('a body that is not a ListResponse → not-scim failure, not a throw', async () => {
    const { client } = await setup({ users: 5, intercept: () => ({ status: 200, body: { hello: 'world' } }) });
    const r = await new UserPager(client).firstPage();
    assert.ok(!r.ok);
    assert.equal(r.failure.diagnosis, 'not-scim');
  });

  it('401 is returned as the client\'s typed failure', async () => {
    const server = await startListServer({ token: 'right', users: 5 });
    const client = new ScimClient({ baseUrl: server.baseUrl, token: 'wrong' });
    cleanup.push(() => server.close(), () => client.close());
    const r = await new UserPager(client).loadAll();
    assert.ok(!r.ok);
    assert.equal(r.failure.diagnosis, 'unauthorized');
    assert.equal(r.loaded, 0);
  });

  it('validates the filter up front and sends it URL-encoded', async () => {
    const { server, client } = await setup({ users: 50 });
    assert.throws(() => new UserPager(client, { filter: 'userName eq bob' }), (e: unknown) => e instanceof InvalidFilterError && e.offset === 12);
    const filter = 'userName sw "grace.lovelace"';
    const pager = new UserPager(client, { filter });
    const { ids: got } = await pageThrough(pager);
    const expected = server.users.filter((u) => u.userName.startsWith('grace.lovelace')).map((u) => u.id);
    assert.ok(expected.length > 0);
    assert.deepEqual(got, expected);
    assert.equal(server.requests[0]?.filter, filter);
    assert.match(server.requests[0]?.url ?? '', /&filter=userName%20sw%20%22grace\.lovelace%22$/);
  });

  it('sends a filter typed with runs of blanks normalised to single spaces (the RFC grammar), string untouched', async () => {
    const { server, client } = await setup({ users: 50 });
    const pager = new UserPager(client, { filter: 'userName\n   sw\t\t"grace.lovelace"  ' });
    await pageThrough(pager);
    assert.equal(server.requests[0]?.filter, 'userName sw "grace.lovelace"');
  });
});

describe('scim/pager loadAll: concurrency, order, rate limits, cancellation', function () {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => { while (cleanup.length) await cleanup.pop()?.(); });

  async function setup(opts: ListServerOptions, pagerOpts: UserPagerOptions = {}, mark?: () => boolean, clientOpts: Partial<ScimClientOptions> = {}) {
    const server = await startListServer({ token: 'load-all-token', ...opts });
    const real = new ScimClient({ baseUrl: server.baseUrl, token: 'load-all-token', timeoutMs: 5000, ...clientOpts });
    const client = countingClient(real, mark);
    cleanup.push(() => server.close(), () => real.close());
    return { server, client, pager: new UserPager(client, pagerOpts) };
  }

  it('uses the advertised maxResults as page size, keeps ≤ N requests in flight, delivers pages in order', async () => {
    const { server, client, pager } = await setup({ users: 5000, maxResults: 200, latencyMs: 5 });
    const got: string[] = [];
    const pageStarts: number[] = [];
    const r = await pager.loadAll({ concurrency: 3, onPage: (p) => { pageStarts.push(p.startIndex); got.push(...p.users.map((u) => u.id)); } });
    assert.ok(r.ok, r.ok ? '' : r.failure.message);
    assert.deepEqual(got, ids(1, 5000));
    assert.deepEqual(pageStarts, [...Array.from({ length: 25 }, (_, k) => 1 + k * 200), 5001]);
    assert.ok(server.requests.every((q) => q.count === 200));
    assert.equal(server.all[0]?.path, '/ServiceProviderConfig');
    assert.equal(server.requests.length, 26, 'each page once, plus the empty page after a full last page');
    assert.ok(client.max <= 3 && server.maxInFlight <= 3, `client ${client.max}, server ${server.maxInFlight}`);
    assert.ok(server.maxInFlight >= 2, 'requests overlapped');
    assert.equal(r.requests, 27);
  });

  it('a total that ends on a page boundary: the page after it is asked for inside the window, not after it', async () => {
    const server = await startListServer({ token: 't', users: 2000, maxResults: 250 });
    const real = new ScimClient({ baseUrl: server.baseUrl, token: 't', timeoutMs: 5000 });
    cleanup.push(() => server.close(), () => real.close());
    const events: string[] = [];
    const client = { baseUrl: real.baseUrl, request: <T>(path: string, opts?: Parameters<ScimClient['request']>[1]) => {
      events.push(`request ${/startIndex=(\d+)/.exec(path)?.[1] ?? path}`);
      return real.request<T>(path, opts);
    } };
    const r = await new UserPager(client).loadAll({ concurrency: 3, onPage: (p) => { events.push(`page ${p.startIndex}`); } });
    assert.ok(r.ok && r.loaded === 2000);
    assert.ok(events.includes('request 2001'), 'the empty page after the last full one is still checked');
    assert.ok(events.indexOf('request 2001') < events.indexOf('page 1751'), `asked for before the last page was applied: ${events.join(', ')}`);
    assert.equal(server.requests.length, 9, 'each page once, plus that one');
  });

  it('default concurrency is 4 and page size stays ≤ maxPageSize', async () => {
    const { server, client, pager } = await setup({ users: 3000, maxResults: 5000, latencyMs: 5 }, { maxPageSize: 250 });
    const r = await pager.loadAll();
    assert.ok(r.ok && r.loaded === 3000);
    assert.ok(server.requests.every((q) => q.count === 250));
    assert.equal(client.max, 4);
    assert.ok(server.maxInFlight <= 4);
  });

  it('largePages: false keeps the caller\'s page size', async () => {
    const { server, pager } = await setup({ users: 450, maxResults: 1000 });
    const r = await pager.loadAll({ largePages: false, concurrency: 2 });
    assert.ok(r.ok && r.loaded === 450);
    assert.ok(server.requests.every((q) => q.count === 100));
    assert.equal(server.all.filter((q) => q.path === '/ServiceProviderConfig').length, 0);
  });

  it('continues after firstPage/nextPage without repeating what the tree already has', async () => {
    const { server, pager } = await setup({ users: 1000 }, { useServiceProviderConfig: false });
    const first = await pager.firstPage();
    const second = await pager.nextPage();
    assert.ok(first.ok && second.ok);
    const rest: string[] = [];
    const r = await pager.loadAll({ onPage: (p) => { rest.push(...p.users.map((u) => u.id)); } });
    assert.ok(r.ok && r.loaded === 1000);
    assert.deepEqual(rest, ids(201, 1000));
    assert.equal(new Set(server.requests.map((q) => q.startIndex)).size, server.requests.length, 'no page fetched twice');
  });

  it('on 429: the client waits as asked and retries; the pager drops to one request at a time, loses nothing', async () => {
    let limited = 0;
    let rateLimited = false;
    const { server, client, pager } = await setup({
      users: 2000,
      latencyMs: 2,
      intercept: (req) => {
        if (req.startIndex === 501 && limited < 2) { // the client's own retry gets a 429 too
          limited++;
          if (limited === 2) rateLimited = true;
          return { status: 429, body: buildScimError(429, 'slow down'), headers: { 'retry-after': '0' } };
        }
        return undefined;
      },
    }, { useServiceProviderConfig: false }, () => rateLimited);
    const got: string[] = [];
    const r = await pager.loadAll({ concurrency: 4, onPage: (p) => { got.push(...p.users.map((u) => u.id)); } });
    assert.ok(r.ok, r.ok ? '' : r.failure.message);
    assert.deepEqual(got, ids(1, 2000));
    assert.equal(limited, 2);
    assert.equal(client.maxSinceMark, 1, 'one request at a time after the 429');
    assert.ok(client.max > 1, 'concurrent before the 429');
    assert.match(r.warnings.join('\n'), /rate limiting/);
    const after = server.requests.filter((q) => q.startIndex === 501);
    assert.equal(after.at(-1)?.status, 200);
  });

  it('a persistent 429 ends with a rate-limited failure after the client\'s bounded retries, pages kept', async () => {
    const { server, pager } = await setup({
      users: 1000,
      intercept: (req) => (req.startIndex === 301 ? { status: 429, body: buildScimError(429, 'no'), headers: { 'x-retry-after': '0' } } : undefined),
    }, { useServiceProviderConfig: false }, undefined, { rateLimit: { maxRetries: 3 } });
    const got: string[] = [];
    const r = await pager.loadAll({ concurrency: 1, onPage: (p) => { got.push(...p.users.map((u) => u.id)); } });
    assert.ok(!r.ok);
    assert.equal(r.failure.diagnosis, 'rate-limited');
    assert.match(r.failure.message, /still rate-limited after waiting 0 s over 3 retries/);
    assert.deepEqual(got, ids(1, 300));
    assert.equal(r.loaded, 300);
    assert.equal(pager.state.nextStartIndex, 301);
    // The first request and the client's 3 retries; the pager adds no second budget on top.
    assert.equal(server.requests.filter((q) => q.startIndex === 301).length, 4);
  });

  it('a failure mid-window keeps the pages before it and nothing after', async () => {
    const { pager } = await setup({
      users: 2000,
      intercept: (req) => (req.startIndex === 701 ? { status: 503, body: 'error code: 502' } : undefined),
    }, { useServiceProviderConfig: false });
    const got: string[] = [];
    const r = await pager.loadAll({ onPage: (p) => { got.push(...p.users.map((u) => u.id)); } });
    assert.ok(!r.ok);
    assert.equal(r.failure.diagnosis, 'server-error');
    assert.deepEqual(got, ids(1, 700));
    assert.equal(pager.state.loaded, 700);
    assert.equal(pager.state.nextStartIndex, 701);
    assert.equal(pager.isDone, false);
  });

  it('cancellation mid-load: resolves with cancelled promptly and makes no further requests', async () => {
    const held: Array<() => void> = [];
    const { server, pager } = await setup({
      users: 5000,
      gate: (req) => (req.n === 1 ? Promise.resolve() : new Promise<void>((resolve) => { held.push(resolve); })),
    }, { useServiceProviderConfig: false });
    const ctrl = new AbortController();
    const pages: UserPage[] = [];
    const loading = pager.loadAll({ concurrency: 3, signal: ctrl.signal, onPage: (p) => { pages.push(p); } });
    await server.waitForRequests(4); // the first page, then a window of 3
    ctrl.abort();
    const r = await loading;
    assert.ok(!r.ok);
    assert.equal(r.failure.diagnosis, 'cancelled');
    assert.equal(server.requests.length, 4);
    assert.equal(pages.length, 1);
    assert.equal(r.loaded, 100);
    assert.equal(pager.state.nextStartIndex, 101);
    for (const release of held) release();
    const again = await pager.loadAll({ signal: ctrl.signal });
    assert.ok(!again.ok && again.failure.diagnosis === 'cancelled');
    assert.equal(server.requests.length, 4, 'an aborted signal sends nothing');
  });
});
