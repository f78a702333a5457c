import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { request } from 'undici';
import { pageForScimmy, startScimTenant } from '../../support/scim-tenant';
import type { ScimTenant } from '../../support/scim-tenant';
import { buildUser } from '../../support/builders';
import type { ListResponse, User } from '../../support/builders';

async function call(t: ScimTenant, pathAndQuery: string, init: { method?: 'GET' | 'POST' | 'PATCH' | 'DELETE'; token?: string | null; body?: unknown } = {}): Promise<{ status: number; json: unknown; headers: Record<string, unknown> }> {
  const headers: Record<string, string> = { accept: 'application/scim+json' };
  const tok = init.token === undefined ? t.token : init.token;
  if (tok !== null) headers.authorization = `Bearer ${tok}`;
  if (init.body !== undefined) headers['content-type'] = 'application/scim+json';
  const res = await request(`${t.baseUrl}${pathAndQuery}`, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await res.body.text();
  return { status: res.statusCode, json: text ? JSON.parse(text) : undefined, headers: res.headers };
}

const ids = (j: unknown): string[] => ((j as ListResponse<User>).Resources ?? []).map((u) => u.id);

describe('test support: scimmy SCIM tenant', function () {
  let t: ScimTenant;
  before(async () => { t = await startScimTenant({ users: 250, readOnlyToken: 'read-only-token' }); });
  after(async () => { await t.close(); });

  it('pages correctly everywhere, including scimmy\'s double-slice range (1 < startIndex <= count)', async () => {
    for (const [start, count] of [[1, 2], [2, 2], [3, 100], [50, 100], [101, 100], [249, 5], [251, 10], [2, 300]] as const) {
      const r = await call(t, `/Users?startIndex=${start}&count=${count}`);
      assert.equal(r.status, 200);
      const j = r.json as ListResponse<User>;
      assert.equal(j.totalResults, 250);
      assert.equal(j.startIndex, start);
      const expected = Array.from({ length: Math.max(0, Math.min(count, 250 - start + 1)) }, (_, k) => buildUser(start + k).id);
      assert.deepEqual(ids(j), expected, `startIndex=${start} count=${count}`);
    }
  });

  it('pageForScimmy hands scimmy what it needs for every total/startIndex/count', () => {
    const emulate = (arr: number[], s: number, c: number, total: number): number[] => {
      let r = arr;
      if (r.length >= s && total !== r.length + s - 1) r = r.slice(s - 1);
      return r.slice(0, c);
    };
    // total 7, startIndex 3, count 3: the padded prefix would make total === length + s - 1.
    assert.deepEqual(emulate(pageForScimmy([1, 2, 3, 4, 5, 6, 7], 3, 3), 3, 3, 7), [3, 4, 5]);
    for (let total = 0; total <= 12; total++) {
      const list = Array.from({ length: total }, (_, k) => k + 1);
      for (let s = 1; s <= 14; s++) {
        for (let c = 0; c <= 6; c++) {
          assert.deepEqual(emulate(pageForScimmy(list, s, c), s, c, total), list.slice(s - 1, s - 1 + c), `total=${total} s=${s} c=${c}`);
        }
      }
    }
  });

  it('filters userName eq case-insensitively through an index', async () => {
    const u = buildUser(42);
    const r = await call(t, `/Users?filter=${encodeURIComponent(`userName eq "${u.userName.toUpperCase()}"`)}`);
    assert.deepEqual(ids(r.json), [u.id]);
    const none = await call(t, `/Users?filter=${encodeURIComponent('userName eq "nobody@example.com"')}`);
    assert.equal((none.json as ListResponse).totalResults, 0);
  });

  it('401 without or with a wrong token; 404 for unknown ids', async () => {
    assert.equal((await call(t, '/Users', { token: null })).status, 401);
    assert.equal((await call(t, '/Users', { token: 'nope' })).status, 401);
    assert.equal((await call(t, '/Users/does-not-exist')).status, 404);
    assert.ok(t.requests.some((r) => !r.authPresent));
  });

  it('creates (201), rejects duplicates (409), patches, deletes; the read-only token gets 403 on writes', async () => {
    const body = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'new.person@example.com', name: { givenName: 'New', familyName: 'Person' }, active: true };
    assert.equal((await call(t, '/Users', { method: 'POST', body, token: 'read-only-token' })).status, 403);
    assert.equal((await call(t, '/Users', { token: 'read-only-token' })).status, 200);
    const created = await call(t, '/Users', { method: 'POST', body });
    assert.equal(created.status, 201);
    const id = (created.json as User).id;
    assert.equal((await call(t, '/Users', { method: 'POST', body: { ...body, userName: 'NEW.person@example.com' } })).status, 409);
    const patched = await call(t, `/Users/${id}`, { method: 'PATCH', body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: false } }] } });
    assert.equal(patched.status, 200);
    assert.equal((patched.json as User).active, false);
    assert.equal(t.users.get(id)?.active, false);
    assert.equal((await call(t, `/Users/${id}`, { method: 'DELETE' })).status, 204);
    assert.equal(t.users.get(id), undefined);
  });

  it('knobs: rate limit with Retry-After, latency', async () => {
    const limited = await startScimTenant({ users: 1, rateLimit: { every: 2, retryAfter: '7' } });
    try {
      const first = await call(limited, '/Users');
      assert.equal(first.status, 429);
      assert.equal(first.headers['retry-after'], '7');
      assert.equal((await call(limited, '/Users')).status, 200);
    } finally { await limited.close(); }
    const slow = await startScimTenant({ users: 1, latencyMs: 150 });
    try {
      const t0 = performance.now();
      assert.equal((await call(slow, '/Users')).status, 200);
      assert.ok(performance.now() - t0 >= 140);
    } finally { await slow.close(); }
  });

  it('stays fast with 50,000 users (page-level egress)', async function () {
    this.timeout(60_000);
    const big = await startScimTenant({ users: 50_000 });
    try {
      const t0 = performance.now();
      const r = await call(big, '/Users?startIndex=25001&count=100');
      const ms = performance.now() - t0;
      assert.equal((r.json as ListResponse).totalResults, 50_000);
      assert.deepEqual(ids(r.json).slice(0, 1), [buildUser(25_001).id]);
      // Without page-level egress this takes tens of seconds; generous bound for a loaded CI box.
      assert.ok(ms < 5000, `${ms} ms`);
    } finally { await big.close(); }
  });

  it('run-tenant prints {baseUrl, token} when ready and stops on SIGTERM', async function () {
    this.timeout(60_000);
    const root = path.resolve(__dirname, '../../..');
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/run-tenant.ts', '--port', '0', '--users', '5', '--token', 'demo-token'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = once(child, 'exit');
    const rl = createInterface({ input: child.stdout });
    const [line] = (await once(rl, 'line')) as [string];
    const info = JSON.parse(line) as { baseUrl: string; token: string };
    assert.equal(info.token, 'demo-token');
    assert.match(info.baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/api\/v1\/scim$/);
    const res = await request(`${info.baseUrl}/Users?startIndex=1&count=2`, { headers: { authorization: 'Bearer demo-token' } });
    assert.equal(((await res.body.json()) as ListResponse).totalResults, 5);
    child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    assert.equal(code, 0);
  });
});
