// The Microsoft Graph client and Entra reader against the stand-in Graph (test/support/idp/graph.ts):
// nextLink paging, people fetched in JSON batches (`id in (…)`, 15 a filter, 20 a batch), throttling
// waited out (also a 429 inside a batch), Graph's failures with the missing permission named from the
// product's own table (Graph names none), a dropped page, group assignments reported as groups, SAML
// claims "not readable" when refused, and the token never in any output. No request may be a write.
import * as assert from 'node:assert/strict';
import { GraphClient } from '../../../src/core/idp/entra/api/client';
import { readEntraApp } from '../../../src/core/idp/entra/api/read';
import { IdpApiError, staticToken } from '../../../src/core/idp/api/types';
import type { IdpApiFailure } from '../../../src/core/idp/api/types';
import type { ReadProgress } from '../../../src/core/idp/live';
import { ENTRA_ROLES, startGraph } from '../../support/idp/graph';
import type { GraphOptions, StandInGraph } from '../../support/idp/graph';

describe('idp-api/entra client against the stand-in Microsoft Graph', function () {
  this.timeout(30_000);
  const open: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => { while (open.length) await open.pop()?.close(); });

  const graph = async (opts: GraphOptions = {}): Promise<StandInGraph> => {
    const g = await startGraph({ rateLimit: { off: true }, ...opts });
    open.push(g);
    return g;
  };
  const client = (g: StandInGraph, token = g.token): GraphClient => {
    const c = new GraphClient({ graphUrl: g.url, tenantId: g.tenantId, tokens: staticToken(token, 'test') });
    open.push(c);
    return c;
  };
  const failureOf = async (p: Promise<unknown>): Promise<IdpApiFailure> => {
    try { await p; } catch (e) { if (e instanceof IdpApiError) return e.failure; throw e; }
    throw new Error('no failure');
  };
  const clean = (g: StandInGraph, token: string, ...outputs: unknown[]): void => {
    assert.deepEqual(g.violations, [], 'the stand-in saw a request Graph or a read-only client must not send');
    assert.ok(g.requests.every((r) => r.method === 'GET' || (r.method === 'POST' && r.path === '/v1.0/$batch')), 'only reads');
    for (const x of outputs) assert.ok(!JSON.stringify(x ?? '').includes(token), 'the token appeared in an output');
  };
  const sp = (g: StandInGraph): string => g.seed.scimApp ?? '';

  it('reads the Flosum app: mappings, To App flows, people by their userName mapping and time-zone mapping, the group as a group, the claims', async () => {
    const g = await graph();
    const live = await readEntraApp(client(g), { servicePrincipalId: sp(g), tenantId: g.tenantId });
    assert.ok(live.mappings.readable);
    assert.equal(live.mappings.value.find((m) => m.path === 'userName')?.expression, '[mail]');
    assert.ok(live.assignments.readable);
    assert.deepEqual(live.assignments.value.map((a) => [a.userName, a.timezone]), [['jane@example.com', 'Europe/Berlin'], ['raj.patel@example.com', 'Asia/Kolkata'], ['olivia@example.com.au', 'Etc/UTC']]);
    // the assigned group is reported as a group (its direct members listed), not expanded into assignments
    assert.ok(!live.assignments.value.some((a) => a.userName === 'sam.sales@example.com'));
    assert.ok(live.groups.readable);
    assert.deepEqual(live.groups.value.map((x) => [x.name, x.assigned, x.members]), [['Flosum Sales', true, ['sam.sales@example.com']]]);
    assert.match(live.groups.value[0]?.membersNote ?? '', /nested group/);
    assert.ok(live.saml.readable);
    assert.deepEqual(live.saml.value.map((a) => `${a.name}=${a.expression}`), ['uniqueUserId=user.objectid', 'firstName=user.givenname', 'lastName=user.surname', 'email=user.mail']);
    clean(g, g.token, live);
  });

  it('2,500 assignments: nextLink pages of 999, people in batches of 20 filters of 15 ids (far fewer requests than one per person), answers matched by id', async () => {
    const g = await graph();
    g.graph.addAssignedUsers(sp(g), 2500);
    const c = client(g);
    const live = await readEntraApp(c, { servicePrincipalId: sp(g) });
    assert.ok(live.assignments.readable);
    assert.equal(live.assignments.value.length, 2503);
    assert.equal(g.requests.filter((r) => r.path.endsWith('/appRoleAssignedTo')).length, 3);
    const batches = g.requests.filter((r) => r.path === '/v1.0/$batch');
    assert.equal(batches.length, Math.ceil(Math.ceil(2503 / 15) / 20));
    assert.ok(g.batched.every((b) => (decodeURIComponent(b.url).match(/'[0-9a-f-]{36}'/g) ?? []).length <= 15));
    // Graph answers a batch in any order (the stand-in reverses it): every person still got their own attributes
    const byName = new Map(live.assignments.value.map((a) => [a.userName, a]));
    assert.ok(byName.has('jane@example.com'));
    assert.equal(new Set(live.assignments.value.map((a) => a.userName)).size, 2503);
    clean(g, g.token, live);
  });

  it('throttling (429 + Retry-After), also inside a batch, is waited out and reported', async () => {
    const g = await graph({ rateLimit: { resourceUnits: 12, windowMs: 700 } });
    g.graph.addAssignedUsers(sp(g), 200);
    const waits: ReadProgress[] = [];
    const live = await readEntraApp(client(g), { servicePrincipalId: sp(g) }, { onProgress: (p) => { if (p.kind === 'waiting') waits.push(p); } });
    assert.ok(live.assignments.readable && live.assignments.value.length === 203);
    assert.ok(waits.length > 0);
    assert.match((waits[0] as { message: string }).message, /^Microsoft Graph is rate limiting .*: waiting \d+ s/);
    assert.ok(g.batched.some((b) => b.status === 429) || g.requests.some((r) => r.status === 429), 'the stand-in did throttle');
    clean(g, g.token, live);
  });

  it('no Synchronization.Read.All (Graph: 401 UnknownError, empty message): the permission and the role are named', async () => {
    const g = await graph();
    const token = g.tokenFor({ scp: 'Application.Read.All User.Read.All', wids: [ENTRA_ROLES.applicationAdministrator] });
    const f = await failureOf(readEntraApp(client(g, token), { servicePrincipalId: sp(g) }));
    assert.equal(f.diagnosis, 'forbidden');
    assert.equal(f.permission, 'Synchronization.Read.All');
    assert.match(f.message, /Microsoft Graph refused to read the app's provisioning job \(401 UnknownError\): that needs the permission Synchronization\.Read\.All, and a signed-in user also needs the Application Administrator or Cloud Application Administrator role/);
    // the permission is there but the user is only a Global Reader: the same answer, the same words
    const reader = g.tokenFor({ scp: 'Application.Read.All Synchronization.Read.All User.Read.All', wids: [ENTRA_ROLES.globalReader] });
    assert.equal((await failureOf(readEntraApp(client(g, reader), { servicePrincipalId: sp(g) }))).permission, 'Synchronization.Read.All');
    clean(g, token, f);
  });

  it('no Application.Read.All (403 Authorization_RequestDenied) names it; only User.ReadBasic.All reads the people but not their time zones', async () => {
    const g = await graph();
    const noApp = g.tokenFor({ scp: 'Synchronization.Read.All User.Read.All', wids: [ENTRA_ROLES.applicationAdministrator] });
    const f = await failureOf(readEntraApp(client(g, noApp), { servicePrincipalId: sp(g) }));
    assert.equal(f.permission, 'Application.Read.All');
    assert.match(f.message, /refused to read the enterprise app \(service principal\) \(403 Authorization_RequestDenied "Insufficient privileges to complete the operation\."\): that needs the permission Application\.Read\.All/);
    const basic = g.tokenFor({ scp: 'Application.Read.All Synchronization.Read.All User.ReadBasic.All Policy.Read.ApplicationConfiguration GroupMember.Read.All', wids: [ENTRA_ROLES.applicationAdministrator] });
    const live = await readEntraApp(client(g, basic), { servicePrincipalId: sp(g) });
    assert.ok(live.assignments.readable);
    assert.deepEqual(live.assignments.value.map((a) => [a.userName, a.timezoneKnown]), [['jane@example.com', false], ['raj.patel@example.com', false], ['olivia@example.com.au', false]]);
    assert.match(live.notes.join(' '), /extension attributes are not readable \(User\.Read\.All is missing\): their time zones are not compared/);
    clean(g, basic, live);
  });

  it('a bad token is 401 InvalidAuthenticationToken; an unknown app says which id; a token of another tenant hints at it', async () => {
    const g = await graph();
    const bad = await failureOf(readEntraApp(client(g, 'not-a-jwt-token-at-all'), { servicePrincipalId: sp(g) }));
    assert.equal(bad.diagnosis, 'unauthorized');
    assert.match(bad.message, /Microsoft Graph rejected the access token \(401 InvalidAuthenticationToken "CompactToken parsing failed/);
    const missing = await failureOf(readEntraApp(client(g), { servicePrincipalId: '99999999-9999-4999-a999-999999999999' }));
    assert.equal(missing.diagnosis, 'not-found');
    assert.match(missing.message, /Entra ID has no enterprise app \(service principal\) with object id 99999999-9999-4999-a999-999999999999 .*a token of another tenant reads that tenant instead/);
    const other = g.tokenFor({ tid: '22222222-2222-2222-2222-222222222222', scp: 'Application.Read.All Synchronization.Read.All User.Read.All', wids: [ENTRA_ROLES.applicationAdministrator] });
    assert.equal((await failureOf(readEntraApp(client(g, other), { servicePrincipalId: sp(g) }))).diagnosis, 'not-found');
    clean(g, 'not-a-jwt-token-at-all', bad, missing);
  });

  it('a connection dropped on the second page fails the read; refused claims are "not readable", not a failure', async () => {
    const g = await graph();
    g.graph.addAssignedUsers(sp(g), 1200);
    g.dropPage(`/v1.0/servicePrincipals/${sp(g)}/appRoleAssignedTo`, 2);
    const f = await failureOf(readEntraApp(client(g), { servicePrincipalId: sp(g) }));
    assert.equal(f.diagnosis, 'connection-refused');
    assert.match(f.message, /page 2/);
    const h = await graph();
    h.graph.setClaimsPolicy(sp(h), { kind: 'forbidden' });
    const live = await readEntraApp(client(h), { servicePrincipalId: sp(h) });
    assert.equal(live.saml.readable, false);
    assert.match(!live.saml.readable ? live.saml.reason : '', /not readable: the beta claimsPolicy API answered 403 \(it needs Policy\.Read\.ApplicationConfiguration\); set in the Entra admin center/);
    clean(h, h.token, live);
  });
});
