// The Okta management client and reader against the stand-in Okta org (test/support/idp/okta-org.ts):
// paging, rate limits (waited out, reported), Okta's failures in Okta's words, a connection dropped
// mid-paging, a custom app's unreadable connection, group assignments, and the token kept to its org:
// never in any output, never sent to another origin. The stand-in records every request and any that
// Okta (or a read-only client) must not send; every test ends with none of those.
import * as assert from 'node:assert/strict';
import { OktaClient } from '../../../src/core/idp/okta/api/client';
import { readOktaApp } from '../../../src/core/idp/okta/api/read';
import { IdpApiError, staticToken } from '../../../src/core/idp/api/types';
import type { IdpApiFailure } from '../../../src/core/idp/api/types';
import type { LiveApp, ReadProgress } from '../../../src/core/idp/live';
import { createLogger } from '../../../src/core/http/log';
import { startOktaOrg } from '../../support/idp/okta-org';
import type { OktaOrg, OktaOrgOptions } from '../../support/idp/okta-org';
import { startStandInServer } from '../../support/idp/common';

describe('idp-api/okta client against the stand-in Okta org', function () {
  this.timeout(30_000);
  const open: Array<{ close(): Promise<void> }> = [];
  let log: string[];
  afterEach(async () => { while (open.length) await open.pop()?.close(); });

  const org = async (opts: OktaOrgOptions = {}): Promise<OktaOrg> => {
    const o = await startOktaOrg({ rateLimit: { off: true }, ...opts });
    open.push(o);
    return o;
  };
  const client = (o: OktaOrg, token = o.token, extra: { timeoutMs?: number; orgUrl?: string } = {}): OktaClient => {
    log = [];
    const sink = { trace: (l: string) => log.push(l), debug: (l: string) => log.push(l), info: (l: string) => log.push(l), warn: (l: string) => log.push(l), error: (l: string) => log.push(l) };
    const c = new OktaClient({ orgUrl: extra.orgUrl ?? o.url, tokens: staticToken(token, 'test'), logger: createLogger(sink), ...(extra.timeoutMs ? { timeoutMs: extra.timeoutMs } : {}) });
    open.push(c);
    return c;
  };
  const failureOf = async (p: Promise<unknown>): Promise<IdpApiFailure> => {
    try { await p; } catch (e) { if (e instanceof IdpApiError) return e.failure; throw e; }
    throw new Error('no failure');
  };
  const clean = (o: OktaOrg, token: string, ...outputs: unknown[]): void => {
    assert.deepEqual(o.violations, [], 'the stand-in saw a request Okta or a read-only client must not send');
    assert.ok(o.requests.every((r) => r.method === 'GET'), 'only GET requests');
    for (const x of [...outputs, ...log]) assert.ok(!JSON.stringify(x ?? '').includes(token), 'the token appeared in an output');
  };

  it('reads the SCIM app whole: mappings through the schema, time zones, a group assignment reported as via its group', async () => {
    const o = await org();
    const c = client(o);
    const live = await readOktaApp(c, { appId: o.seed.scimApp ?? '', tokenRef: 'okta-x' });
    assert.equal(live.label, 'Flosum');
    assert.ok(live.mappings.readable);
    assert.deepEqual(live.mappings.value.map((m) => m.path), ['userName', 'name.givenName', 'name.familyName', 'emails[type eq "work"].value', 'displayName', 'timezone']);
    assert.ok(live.assignments.readable);
    const sam = live.assignments.value.find((a) => a.userName === 'sam.sales@example.com');
    assert.equal(sam?.viaGroup, 'Flosum Sales');
    assert.equal(live.assignments.value.find((a) => a.userName === 'ken@example.co.jp')?.timezone, 'Asia/Tokyo');
    assert.ok(live.groups.readable);
    assert.deepEqual(live.groups.value.map((g) => [g.name, g.targetName, g.push, g.assigned]), [['Flosum Sales', 'sales-team', true, true]]);
    // a custom app's SCIM connection is not readable: "set in the Admin Console", not drift
    assert.equal(live.api.readable, false);
    assert.match(!live.api.readable ? live.api.reason : '', /set in the Admin Console/);
    clean(o, o.token, live);
  });

  it('pages the assignments by Link (limit=500, expand=user), following each next link whole', async () => {
    const o = await org();
    const appId = o.seed.scimApp ?? '';
    o.org.addAppUsers(appId, 1200);
    const c = client(o);
    const counts: number[] = [];
    const live = await readOktaApp(c, { appId }, { onProgress: (p) => { if (p.kind === 'count') counts.push(p.count); } });
    assert.ok(live.assignments.readable);
    assert.equal(live.assignments.value.length, 1205);
    const pages = o.requests.filter((r) => r.path === `/api/v1/apps/${appId}/users`);
    assert.equal(pages.length, 3);
    assert.deepEqual(pages.map((r) => r.query.find(([k]) => k === 'limit')?.[1]), ['500', '500', '500']);
    assert.ok(pages.slice(1).every((r) => r.query.some(([k]) => k === 'after')));
    assert.deepEqual(counts, [500, 1000, 1205]);
    clean(o, o.token, live);
  });

  it('waits out a spent rate-limit bucket until X-Rate-Limit-Reset instead of meeting a 429, reporting the wait', async () => {
    const o = await org({ rateLimit: { windowMs: 1200, limits: { apps: 4 } } });
    const appId = o.seed.scimApp ?? '';
    o.org.addAppUsers(appId, 1100);
    const c = client(o);
    const waits: ReadProgress[] = [];
    const live = await readOktaApp(c, { appId }, { onProgress: (p) => { if (p.kind === 'waiting') waits.push(p); } });
    assert.ok(live.assignments.readable);
    assert.equal(live.assignments.value.length, 1105);
    assert.ok(waits.length >= 1);
    assert.match((waits[0] as { message: string }).message, /^Okta is rate limiting the app's assignments \(page \d\): waiting \d+ s for its limit to reset$/);
    assert.equal(o.requests.filter((r) => r.status === 429).length, 0, 'the pacing met no 429');
    clean(o, o.token, live);
  });

  it('a 429 storm (E0000047 with X-Rate-Limit-Reset) is waited out and the read completes', async () => {
    const o = await org();
    const appId = o.seed.scimApp ?? '';
    o.org.addAppUsers(appId, 1100);
    let n = 0;
    o.addFault({ when: (r) => r.path === `/api/v1/apps/${appId}/users` && ++n <= 3, times: 3, action: { status: 429, headers: { 'X-Rate-Limit-Limit': '20', 'X-Rate-Limit-Remaining': '0', 'X-Rate-Limit-Reset': String(Math.ceil(Date.now() / 1000) + 1) }, body: { errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.' } } });
    const waits: ReadProgress[] = [];
    const live = await readOktaApp(client(o), { appId }, { onProgress: (p) => { if (p.kind === 'waiting') waits.push(p); } });
    assert.ok(live.assignments.readable && live.assignments.value.length === 1105);
    assert.equal(o.requests.filter((r) => r.status === 429).length, 3);
    assert.ok(waits.length >= 1, `waited ${waits.length} times`);
    clean(o, o.token, live);
  });

  it("a revoked token, or one of another org, is 401 in Okta's words", async () => {
    const o = await org();
    const other = await org();
    const f = await failureOf(readOktaApp(client(o, other.token), { appId: o.seed.scimApp ?? '' }));
    assert.equal(f.diagnosis, 'unauthorized');
    assert.match(f.message, /Okta rejected the API token \(401 E0000011 "Invalid token provided"\): it was revoked or has expired, or it belongs to another org than http:\/\/127\.0\.0\.1:\d+/);
    o.revokeToken(o.token);
    const g = await failureOf(readOktaApp(client(o), { appId: o.seed.scimApp ?? '' }));
    assert.equal(g.diagnosis, 'unauthorized');
    clean(o, o.token, f, g);
    clean(o, other.token, f, g);
  });

  it("a token whose admin may not read mappings names the permission and what it is for; without okta.groups.read the groups are 'not readable', the rest is read", async () => {
    const o = await org();
    o.addToken({ value: 'no-mappings-token-123456', permissions: ['okta.apps.read', 'okta.schemas.read', 'okta.groups.read'] });
    const f = await failureOf(readOktaApp(client(o, 'no-mappings-token-123456'), { appId: o.seed.scimApp ?? '' }));
    assert.equal(f.diagnosis, 'forbidden');
    assert.equal(f.permission, 'okta.profileMappings.read');
    assert.match(f.message, /Okta refused to find the app's To App attribute mapping \(403 E0000006 .*\): that needs okta\.profileMappings\.read/);
    o.addToken({ value: 'no-groups-token-1234567', permissions: ['okta.apps.read', 'okta.schemas.read', 'okta.profileMappings.read'] });
    const live = await readOktaApp(client(o, 'no-groups-token-1234567'), { appId: o.seed.scimApp ?? '' });
    assert.ok(live.mappings.readable && live.assignments.readable);
    assert.ok(live.groups.readable);
    assert.match((live.groups.readable && live.groups.notes?.[0]) || '', /Pushed groups are not readable: .*okta\.groups\.read/);
    clean(o, 'no-groups-token-1234567', f, live);
  });

  it('an app id that does not exist says which', async () => {
    const o = await org();
    const f = await failureOf(readOktaApp(client(o), { appId: '0oaDOESNOTEXIST123456' }));
    assert.equal(f.diagnosis, 'not-found');
    assert.match(f.message, /Okta has no app with id 0oaDOESNOTEXIST123456 in http:\/\/127\.0\.0\.1:\d+ \(404 E0000007/);
    clean(o, o.token, f);
  });

  it('a connection dropped mid-paging fails the read: nothing partial comes back', async () => {
    const o = await org();
    const appId = o.seed.scimApp ?? '';
    o.org.addAppUsers(appId, 1200);
    o.dropPage(`/api/v1/apps/${appId}/users`, 2);
    const f = await failureOf(readOktaApp(client(o), { appId }));
    assert.equal(f.diagnosis, 'connection-refused');
    assert.match(f.message, /While reading the app's assignments \(page 2\), the connection to 127\.0\.0\.1:\d+ dropped before the answer was complete.*Nothing partial was kept/);
  });

  it('Link hosts of another origin are followed on the org (the token never leaves it); a hang is a timeout; plain http elsewhere is refused before any connection', async () => {
    const elsewhere = await startStandInServer(() => ({ status: 200, headers: {}, body: [] }));
    open.push(elsewhere);
    const o = await org({ linkOrigin: elsewhere.url });
    const appId = o.seed.scimApp ?? '';
    o.org.addAppUsers(appId, 600);
    const live = await readOktaApp(client(o), { appId });
    assert.ok(live.assignments.readable && live.assignments.value.length === 605);
    assert.equal(elsewhere.requests.length, 0, 'nothing was sent to the Link host');
    clean(o, o.token, live);

    o.addFault({ when: (r) => r.path === `/api/v1/apps/${appId}`, action: 'hang' });
    const t = await failureOf(readOktaApp(client(o, o.token, { timeoutMs: 300 }), { appId }));
    assert.equal(t.diagnosis, 'timeout');
    assert.match(t.message, /did not answer the app within 300 ms/);

    const before = o.requests.length;
    const insecure = await failureOf(readOktaApp(client(o, o.token, { orgUrl: 'http://acme.okta.com' }), { appId }));
    assert.equal(insecure.diagnosis, 'insecure-url');
    assert.equal(o.requests.length, before);
  });

  it('a redirect to another origin is not followed (the token stays with the org); an unknown host is dns', async () => {
    const elsewhere = await startStandInServer(() => ({ status: 200, headers: {}, body: {} }));
    open.push(elsewhere);
    const o = await org();
    const appId = o.seed.scimApp ?? '';
    o.addFault({ when: (r) => r.path === `/api/v1/apps/${appId}`, action: { status: 302, headers: { Location: `${elsewhere.url}/api/v1/apps/${appId}` } } });
    const f = await failureOf(readOktaApp(client(o), { appId }));
    assert.equal(f.diagnosis, 'redirect');
    assert.match(f.message, /redirected to http:\/\/127\.0\.0\.1:\d+\/api\/v1\/apps\/.*a redirect to another origin is not followed/);
    assert.equal(elsewhere.requests.length, 0);
    const d = await failureOf(readOktaApp(client(o, o.token, { orgUrl: 'https://acme.invalid' }), { appId }));
    assert.equal(d.diagnosis, 'dns');
    assert.match(d.message, /The host name acme\.invalid could not be resolved/);
    clean(o, o.token, f, d);
  });

  it('cancellation stops the read', async () => {
    const o = await org();
    const ctrl = new AbortController();
    ctrl.abort();
    const f = await failureOf(readOktaApp(client(o), { appId: o.seed.scimApp ?? '' }, { signal: ctrl.signal }));
    assert.equal(f.diagnosis, 'cancelled');
  });

  it("the recorded apps: a CUSTOM template, GROUP statements, app users of scope GROUP, the spec's app with features []", async () => {
    const o = await org();
    const read = async (id: string | undefined): Promise<LiveApp> => readOktaApp(client(o), { appId: id ?? '' });
    const custom = await read(o.seed.customTemplateApp);
    assert.ok(custom.mappings.readable);
    assert.equal(custom.mappings.value.find((m) => m.path === 'userName')?.expression, 'user.login');
    const groupScope = await read(o.seed.groupScopeApp);
    assert.ok(groupScope.assignments.readable);
    assert.ok(groupScope.assignments.value.some((a) => a.viaGroup !== undefined));
    const docs = await read(o.seed.docsSamlApp);
    assert.ok(docs.toApp.readable);
    assert.deepEqual(docs.toApp.value.options, { createUsers: false, updateUserAttributes: false, deactivateUsers: false, syncPassword: false });
    clean(o, o.token, custom, groupScope, docs);
  });
});
