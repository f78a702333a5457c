// The CLI against a real, unmodified SCIM server from another project: Better Auth's SCIM plugin
// (@better-auth/scim 1.7.5 on better-auth 1.7.5, SQLite in memory through better-sqlite3), with 250
// users created through its own SCIM API. Its known deviations (an empty, untyped 404 for writes to
// the discovery endpoints; only `eq` in filters) are the only findings; its real rate limiter
// (429 text/plain with X-Retry-After) changes nothing but the time taken.
import * as assert from 'node:assert/strict';
import { runCheck } from '../../../src/cli/commands/check';
import { runTestCredentials } from '../../../src/cli/commands/testCredentials';
import { runUsers } from '../../../src/cli/commands/users';
import { startBetterAuthTenant } from '../../support/better-auth-tenant';
import type { BetterAuthTenant } from '../../support/better-auth-tenant';
import { buildUser } from '../../support/builders';
import { captureIO } from '../../support/cli-io';
import type { CapturedIO } from '../../support/cli-io';

interface CheckJson {
  summary: { pass: number; warn: number; fail: number; skip: number };
  checks: Array<{ id: string; status: string; message: string; fix?: string; evidence: { request?: string; status?: number } }>;
  leftBehind: string[];
  diagnosis?: string;
}

describe('the CLI against Better Auth\'s SCIM plugin (a server no one here wrote)', function () {
  this.timeout(120_000);
  let tenant: BetterAuthTenant;
  const io = (): CapturedIO => captureIO({ env: { SCIM_TOKEN: tenant.token } });
  const nonPassing = (r: CheckJson): Record<string, string> => Object.fromEntries(r.checks.filter((c) => c.status !== 'pass').map((c) => [c.id, c.status]));
  /** Every user the server has, read with the server's own paging (no CLI involved). */
  const allUserNames = async (): Promise<string[]> => {
    const names: string[] = [];
    for (let start = 1; ; start += 100) {
      const res = await fetch(`${tenant.baseUrl}/Users?startIndex=${start}&count=100`, { headers: { authorization: `Bearer ${tenant.token}` } });
      const body = await res.json() as { Resources?: Array<{ userName: string }> };
      const page = body.Resources ?? [];
      names.push(...page.map((u) => u.userName));
      if (page.length < 100) return names;
    }
  };

  before(async function () {
    this.timeout(180_000);
    tenant = await startBetterAuthTenant({ users: 250, rateLimit: { window: 1, max: 2 } });
  });
  after(async () => { await tenant?.close(); });
  beforeEach(() => { tenant.limiting = false; tenant.requests.length = 0; });

  it('test-credentials: verified', async () => {
    const c = io();
    assert.equal(await runTestCredentials(['--base-url', tenant.baseUrl, '--format', 'json'], c), 0, c.stdout.join('\n'));
    const j = JSON.parse(c.stdout[0] ?? '') as { ok: boolean; message: string };
    assert.equal(j.ok, true);
    assert.equal(j.message, 'The SCIM endpoint was verified successfully!');
  });

  it('users: all 250, each once, exit 0', async () => {
    const c = io();
    assert.equal(await runUsers(['--base-url', tenant.baseUrl, '--format', 'json'], c), 0, c.stderr.join('\n'));
    const users = c.stdout.map((l) => JSON.parse(l) as { id: string; userName: string });
    assert.equal(users.length, 250);
    assert.equal(new Set(users.map((u) => u.id)).size, 250);
    assert.deepEqual(users.map((u) => u.userName).sort(), Array.from({ length: 250 }, (_, k) => buildUser(k + 1).userName).sort());
  });

  it('users --filter: eq finds the user; sw is refused with its SCIM 400 invalidFilter, reported as such', async () => {
    const wanted = buildUser(7).userName;
    const eq = io();
    assert.equal(await runUsers(['--base-url', tenant.baseUrl, '--filter', `userName eq "${wanted.toUpperCase()}"`, '--format', 'json'], eq), 0, eq.stderr.join('\n'));
    assert.deepEqual(eq.stdout.map((l) => (JSON.parse(l) as { userName: string }).userName), [wanted]);
    const sw = io();
    assert.equal(await runUsers(['--base-url', tenant.baseUrl, '--filter', 'userName sw "ada"'], sw), 1);
    assert.match(sw.stderr[0] ?? '', /^scim-provisioning users: scim-error: invalidFilter: filter operator sw is not supported \(HTTP 400 from 127\.0\.0\.1:\d+\)\. Use a simpler filter/);
    assert.doesNotMatch(sw.stderr.join('\n'), /login page|region table|Global Settings|flosum/i);
  });

  it('check: only Better Auth\'s known deviations warn; the empty discovery 404 is named under RFC 7644 §3.12', async () => {
    const c = io();
    assert.equal(await runCheck(['--base-url', tenant.baseUrl, '--format', 'json'], c), 0, c.stdout.join('\n'));
    const r = JSON.parse(c.stdout[0] ?? '') as CheckJson;
    assert.deepEqual(nonPassing(r), { 'discovery-read-only': 'warn', 'error-bodies-json': 'warn', ...Object.fromEntries(r.checks.filter((x) => x.id !== 'cleanup' && x.status === 'skip').map((x) => [x.id, 'skip'])) });
    assert.ok(r.checks.filter((x) => x.status === 'skip').every((x) => /^Not run: a write check/.test(x.message)));
    const bodies = r.checks.find((x) => x.id === 'error-bodies-json');
    assert.deepEqual(bodies?.evidence, { request: 'POST /Schemas', status: 404 });
    assert.match(bodies?.message ?? '', /POST \/Schemas → 404, an empty body, not a SCIM Error/);
  });

  it('check --write: every write check passes and nothing is left behind', async () => {
    const c = io();
    assert.equal(await runCheck(['--base-url', tenant.baseUrl, '--write', '--format', 'json'], c), 0, c.stdout.join('\n'));
    const r = JSON.parse(c.stdout[0] ?? '') as CheckJson;
    assert.deepEqual(nonPassing(r), { 'discovery-read-only': 'warn', 'error-bodies-json': 'warn' });
    assert.deepEqual(r.leftBehind, []);
    assert.equal(r.checks.find((x) => x.id === 'cleanup')?.status, 'pass');
    const names = await allUserNames();
    assert.equal(names.length, 250);
    assert.deepEqual(names.filter((n) => n.startsWith('scim-check-')), []);
  });

  it('check on a base URL one level too short: one failure naming the SCIM base that answers', async () => {
    const short = `${tenant.origin}/api/auth`;
    const c = io();
    assert.equal(await runCheck(['--base-url', short, '--format', 'json'], c), 1);
    const r = JSON.parse(c.stdout[0] ?? '') as CheckJson;
    assert.equal(r.summary.fail, 1);
    assert.equal(r.summary.pass + r.summary.warn, 0);
    assert.equal(r.checks[0]?.fix, `Use ${short}/scim/v2 as the base URL.`);
    assert.equal(r.diagnosis, 'not-found');
  });

  it('with its rate limiter on (2 requests per second per path): users still lists all 250, waiting as asked', async () => {
    tenant.limiting = true;
    const c = io();
    assert.equal(await runUsers(['--base-url', tenant.baseUrl, '--format', 'json'], c), 0, c.stderr.join('\n'));
    assert.equal(c.stdout.length, 250);
    assert.ok(tenant.requests.some((q) => q.status === 429), 'the limiter did answer 429');
  });

  it('with its rate limiter on: check --write judges the same, no 429 shows up as a finding, nothing left behind', async () => {
    tenant.limiting = true;
    const c = io();
    assert.equal(await runCheck(['--base-url', tenant.baseUrl, '--write', '--format', 'json'], c), 0, c.stdout.join('\n'));
    const r = JSON.parse(c.stdout[0] ?? '') as CheckJson;
    assert.ok(tenant.requests.filter((q) => q.status === 429).length >= 3, 'the limiter did answer 429');
    assert.deepEqual(nonPassing(r), { 'discovery-read-only': 'warn', 'error-bodies-json': 'warn' });
    assert.deepEqual(r.leftBehind, []);
    tenant.limiting = false;
    assert.deepEqual((await allUserNames()).filter((n) => n.startsWith('scim-check-')), []);
  });
});
