// The conformance check against a real SCIM server (scimmy): only scimmy's known deviations warn.
import * as assert from 'node:assert/strict';
import { startScimTenant } from '../../support/scim-tenant';
import type { ScimTenant } from '../../support/scim-tenant';
import { assertNoSecret, distinctiveToken } from '../../support/secrets';
import { CONFORMANCE_CHECKS } from '../../../src/core/conformance/run';
import { renderConformanceMarkdown, renderConformanceText } from '../../../src/core/conformance/render';
import type { CheckResult } from '../../../src/core/conformance/types';
import { assertFragmentsBounded, check, nonPassing, result } from './helpers';

/** scimmy 1.3: itemsPerPage echoes count, no WWW-Authenticate on 401, 404 (not 405) on discovery writes. */
const SCIMMY_KNOWN = { 'bad-token-401': 'warn', 'paging-counters': 'warn', 'discovery-read-only': 'warn' };

describe('conformance: against the scimmy tenant', function () {
  this.timeout(60_000);
  let tenant: ScimTenant;
  const token = distinctiveToken('scimmy');
  beforeEach(async () => { tenant = await startScimTenant({ users: 12, token }); });
  afterEach(async () => { await tenant.close(); });

  it('read-only: every read check runs; only the known scimmy deviations warn; nothing is written', async () => {
    const progress: string[] = [];
    const report = await check(tenant.baseUrl, token, { onProgress: (c, r) => progress.push(`${c.id}:${r.status}`) });
    assert.deepEqual(nonPassing(Object.assign({}, report, { checks: report.checks.filter((c) => !c.write) })), SCIMMY_KNOWN);
    const writes = report.checks.filter((c) => c.write);
    assert.ok(writes.length >= 8);
    for (const w of writes) assert.equal(w.status, 'skip', w.id);
    assert.equal(report.summary.fail, 0);
    assert.equal(report.summary.warn, 3);
    assert.equal(progress.length, report.checks.length);
    assert.deepEqual(report.checks.map((c) => c.id), CONFORMANCE_CHECKS.map((c) => c.id));
    // Read-only: nothing but GETs reach /Users, and the store is untouched.
    const userWrites = tenant.requests.filter((r) => r.method !== 'GET' && r.url.includes('/Users'));
    assert.deepEqual(userWrites, []);
    assert.equal(tenant.users.size, 12);
    assert.deepEqual(report.leftBehind, []);
    assertNoSecret(report, token);
    assertFragmentsBounded(report);
  });

  it('the warnings carry evidence: request line, status and the offending fragment', async () => {
    const report = await check(tenant.baseUrl, token);
    const counters = result(report, 'paging-counters');
    assert.match(counters.message, /echoes the requested count \(100\) instead of the 12/);
    assert.match(counters.evidence.request ?? '', /^GET \/Users\?startIndex=1&count=100$/);
    assert.equal(counters.evidence.status, 200);
    assert.match(counters.evidence.fragment ?? '', /"itemsPerPage":100/);
    assert.ok(counters.fix);
    const auth = result(report, 'bad-token-401');
    assert.equal(auth.evidence.status, 401);
    assert.match(auth.message, /no WWW-Authenticate/);
    assert.equal(auth.severity, 'warn');
    assert.match(auth.evidence.fragment ?? '', /urn:ietf:params:scim:api:messages:2\.0:Error/);
    const discovery = result(report, 'discovery-read-only');
    assert.equal(discovery.evidence.request, 'POST /Schemas');
    assert.equal(discovery.evidence.status, 404);
  });

  it('write mode: every check runs, still only the known warnings, and no test user is left behind', async () => {
    const report = await check(tenant.baseUrl, token, { write: true });
    assert.deepEqual(nonPassing(report), SCIMMY_KNOWN);
    assert.equal(report.summary.skip, 0);
    assert.deepEqual(report.leftBehind, []);
    assert.equal(result(report, 'cleanup').status, 'pass');
    assert.equal(tenant.users.size, 12);
    assert.ok(!tenant.users.list().some((u) => u.userName.startsWith('scim-check-')), 'a test user is still in the store');
    const methods = new Set(tenant.requests.filter((r) => r.url.includes('/Users')).map((r) => r.method));
    for (const m of ['POST', 'PUT', 'PATCH', 'DELETE']) assert.ok(methods.has(m), `no ${m} sent`);
    assertNoSecret(report, token);
  });

  it('reports are token-free and count what happened', async () => {
    const report = await check(tenant.baseUrl, token, { write: true });
    const text = renderConformanceText(report, { baseUrl: tenant.baseUrl }).join('\n');
    assert.match(text, new RegExp(`^${report.summary.pass} passed, 3 warnings, 0 failed, 0 skipped$`, 'm'));
    assert.match(text, /⚠ A wrong token → 401/);
    const md = renderConformanceMarkdown(report, { baseUrl: tenant.baseUrl, date: new Date('2026-01-02T03:04:05Z') });
    assert.match(md, /\*\*3 warnings\*\*/);
    assert.match(md, /\*\*0 failed\*\*/);
    assert.match(md, /2026-01-02T03:04:05\.000Z/);
    for (const c of report.checks) assert.ok(md.includes(c.title.replace(/([\\`*_[\]<>|#])/g, '\\$1')), `markdown lacks ${c.title}`);
    assert.ok(!text.includes(token) && !md.includes(token));
  });
});

describe('conformance: the editor\'s report of a read-only run', function () {
  this.timeout(60_000);
  let tenant: ScimTenant;
  const token = distinctiveToken('scimmy-md');
  before(async () => { tenant = await startScimTenant({ users: 5, token }); });
  after(async () => { await tenant.close(); });

  it('speaks the editor\'s words: no CLI flag, the write checks "not run" without a severity', async () => {
    const report = await check(tenant.baseUrl, token);
    assert.ok(report.checks.some((c) => c.write && c.status === 'skip'));
    const md = renderConformanceMarkdown(report, { baseUrl: tenant.baseUrl, date: '2026-01-01', audience: 'editor' });
    assert.ok(!md.includes('--write'), 'the editor report names a CLI flag');
    assert.match(md, /choose "Read and write checks…" in SCIM: Check SCIM Endpoint/);
    const notRun = md.slice(md.indexOf('## Not run'), md.indexOf('## Passed'));
    assert.match(notRun, /### ○ /);
    assert.ok(!/severity|breaks provisioning|fail/i.test(notRun), notRun);
    assert.match(md, /\| ○ not run \|/);
    // the CLI's text report names the flag instead
    assert.match(renderConformanceText(report).join('\n'), /add --write to run them/);
  });
});

describe('conformance: scimmy deviations that need more users', function () {
  this.timeout(60_000);
  let tenant: ScimTenant;
  const token = distinctiveToken('scimmy');
  afterEach(async () => { await tenant.close(); });

  it('scimmy does not cap a page at its advertised filter.maxResults (200): reported as a warning', async () => {
    tenant = await startScimTenant({ users: 250, token });
    const report = await check(tenant.baseUrl, token);
    assert.deepEqual(nonPassing(Object.assign({}, report, { checks: report.checks.filter((c) => !c.write) })), { ...SCIMMY_KNOWN, 'paging-max-results': 'warn' });
    const max: CheckResult = result(report, 'paging-max-results');
    assert.match(max.message, /Asked for 201, got 201 users although filter\.maxResults is 200/);
    assert.match(result(report, 'paging-sweep').message, /250 users in 3 pages/);
  });

  it('the sweep is bounded: a large tenant is sampled and says so', async () => {
    tenant = await startScimTenant({ users: 120, token });
    const report = await check(tenant.baseUrl, token, { limits: { maxUsers: 50, maxPages: 40, pageSize: 20 } });
    assert.equal(report.sampled, true);
    const sweep = result(report, 'paging-sweep');
    assert.equal(sweep.status, 'pass');
    assert.match(sweep.message, /sampled: the first 60 of 120 users \(3 pages\)/);
    // The sweep stopped after 3 pages of 20: nothing between user 61 and the end was read.
    const starts = tenant.requests.map((r) => /\/Users\?startIndex=(\d+)&count=20$/.exec(r.url)?.[1]).filter((x) => x !== undefined).map(Number);
    assert.deepEqual([...new Set(starts)].sort((a, b) => a - b), [1, 21, 41, 121]);
  });
});
