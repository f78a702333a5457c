// The endpoint check against tenants that rate-limit: a 429 is waited out as the server asks, never
// a check's failure; a server that never lets up ends the run with a clear rate-limited verdict after
// the bound; cleanup DELETEs are retried until the bound and only then reported as left behind.
import * as assert from 'node:assert/strict';
import { runCheck } from '../../../src/cli/commands/check';
import { startScimTenant } from '../../support/scim-tenant';
import type { ScimTenant, TenantOptions } from '../../support/scim-tenant';
import { captureIO } from '../../support/cli-io';
import { distinctiveToken } from '../../support/secrets';
import { check, nonPassing, result } from './helpers';

/** scimmy 1.3's own deviations (see scimmy.test.ts). */
const SCIMMY_KNOWN = { 'bad-token-401': 'warn', 'paging-counters': 'warn', 'discovery-read-only': 'warn' };

describe('conformance: tenants that rate-limit', function () {
  this.timeout(60_000);
  const token = distinctiveToken('limited');
  const tenants: ScimTenant[] = [];
  afterEach(async () => { while (tenants.length) await tenants.pop()?.close(); });
  const start = async (opts: TenantOptions): Promise<ScimTenant> => {
    const t = await startScimTenant({ users: 12, token, ...opts });
    tenants.push(t);
    return t;
  };
  const testUsers = (t: ScimTenant): string[] => t.users.list().map((u) => u.userName).filter((n) => n.startsWith('scim-check-'));

  for (const header of ['retry-after', 'x-retry-after'] as const) {
    it(`8 requests per second, 429 with ${header}: every check judged as without the limit, nothing left behind`, async () => {
      const tenant = await start({ rateLimit: { max: 8, windowMs: 1000, header, textPlain: header === 'x-retry-after' } });
      const report = await check(tenant.baseUrl, token, { write: true });
      assert.ok(tenant.requests.some((r) => r.limited), 'the tenant did answer 429');
      assert.deepEqual(nonPassing(Object.assign({}, report, { checks: report.checks.filter((c) => !c.write) })), SCIMMY_KNOWN);
      assert.equal(report.summary.fail, 0);
      assert.equal(report.rateLimited, false);
      assert.equal(report.diagnosis, undefined);
      assert.equal(result(report, 'cleanup').status, 'pass');
      assert.deepEqual(report.leftBehind, []);
      assert.deepEqual(testUsers(tenant), []);
    });
  }

  it('a tenant that never lets up: rate-limited after the bound, checks skipped (not failed), diagnosis rate-limited', async () => {
    const tenant = await start({ rateLimit: { max: 0, windowMs: 1000, header: 'x-retry-after', forever: true } });
    const report = await check(tenant.baseUrl, token, { rateLimit: { maxTotalWaitMs: 1000 } });
    assert.equal(report.summary.fail, 0);
    assert.equal(report.summary.warn, 0);
    assert.equal(report.rateLimited, true);
    const first = result(report, 'okta-credentials');
    assert.equal(first.status, 'skip');
    assert.match(first.message, /^Rate-limited: GET \/Users\?startIndex=1&count=2 answered HTTP 429 \(still rate-limited after waiting 1 s over 1 retry \(the bound is 1 s\)\); not judged\.$/);
    for (const c of report.checks.slice(1)) assert.equal(c.status, 'skip', c.id);
    assert.equal(report.diagnosis?.diagnosis, 'rate-limited');
    assert.match(report.diagnosis?.message ?? '', /is rate limiting requests \(HTTP 429\) and asks to wait 1 s; still rate-limited after waiting 1 s/);
    // Two requests (the first and one retry), then nothing more: no check kept sending.
    assert.equal(tenant.requests.length, 2);
  });

  it('the CLI on a tenant that asks for a wait past the bound: exit 1, JSON with diagnosis rate-limited, no fail, at once', async () => {
    const tenant = await start({ rateLimit: { every: 1, retryAfter: '3600' } });
    const io = captureIO({ env: { SCIM_TOKEN: token } });
    const code = await runCheck(['--base-url', tenant.baseUrl, '--format', 'json'], io);
    assert.equal(code, 1, io.stderr.join('\n'));
    const json = JSON.parse(io.stdout.join('\n')) as { summary: { fail: number }; diagnosis?: string; message?: string; rateLimited: boolean };
    assert.equal(json.summary.fail, 0);
    assert.equal(json.diagnosis, 'rate-limited');
    assert.equal(json.rateLimited, true);
    assert.match(json.message ?? '', /asks to wait 3600 s; a wait longer than the bound of 60 s was not waited for/);
    assert.equal(tenant.requests.length, 1);
  });

  for (const header of ['retry-after', 'x-retry-after'] as const) {
    it(`cleanup: a DELETE answered 429 (${header}) is retried after the wait, and the test user is removed`, async () => {
      const tenant = await start({ rateLimit: { every: 2, retryAfter: '1', header, methods: ['DELETE'] } });
      const report = await check(tenant.baseUrl, token, { write: true });
      const deletes = tenant.requests.filter((r) => r.method === 'DELETE');
      assert.deepEqual(deletes.map((r) => r.limited === true), [true, false]);
      assert.equal(result(report, 'cleanup').status, 'pass');
      assert.deepEqual(report.leftBehind, []);
      assert.deepEqual(testUsers(tenant), []);
    });
  }

  it('cleanup: a DELETE that stays rate-limited past the bound is reported as left behind, saying so', async () => {
    const tenant = await start({ rateLimit: { max: 0, windowMs: 1000, forever: true, methods: ['DELETE'] } });
    const report = await check(tenant.baseUrl, token, { write: true, rateLimit: { maxTotalWaitMs: 1000 } });
    const cleanup = result(report, 'cleanup');
    assert.equal(cleanup.status, 'fail');
    assert.match(cleanup.message, /^Left behind: scim-check-\S+ \(id \S+, deactivated\)\. DELETE answered 429 \(rate-limited: still rate-limited after waiting 2 s over 2 retries \(the bound is 2 s\)\)\.$/);
    assert.equal(report.leftBehind.length, 1);
    assert.equal(tenant.requests.filter((r) => r.method === 'DELETE').length, 3, 'the first DELETE and two retries within the cleanup budget');
  });
});
