// The simulate runner against real HTTP servers: the scimmy tenant of test/support (every step
// passes, the tenant holds the same users afterwards) and purpose-built faulty servers (a PUT
// answering 500, a server that drops the time zone, 429 and 503 during cleanup, a server that keeps
// the user after DELETE, one that ignores the filter, a cancelled run) — each reported as it is,
// nothing left behind where the server allows it.
import assert from 'node:assert/strict';
import { brokenServersPerTest, nextRequest } from '../../support/broken-servers';
import type { BrokenRequest, BrokenServer } from '../../support/broken-servers';
import { startScimTenant } from '../../support/scim-tenant';
import type { ScimTenant } from '../../support/scim-tenant';
import { distinctiveToken } from '../../support/secrets';
import { ENTRA_MAPPINGS, JANE, JANE_ENTRA } from '../../support/simulate-people';
import { configValue } from '../../support/configs.cjs';
import { rawTransport } from '../../../src/core/scim/rawTransport';
import { createRedactor } from '../../../src/core/http/redact';
import { runSimulation } from '../../../src/core/simulate/run';
import type { RunOptions, SimulationReport, StepResult } from '../../../src/core/simulate/run';
import { renderSimulationMarkdown, renderSimulationText, simulationJson } from '../../../src/core/simulate/render';

const QUICK_RETRY = { backoffMs: () => 5 };

async function simulate(baseUrl: string, token: string, opts: Partial<RunOptions> = {}): Promise<SimulationReport> {
  const transport = rawTransport({ baseUrl, token, redact: createRedactor(), ...(opts.rateLimit ? { rateLimit: opts.rateLimit } : {}) });
  try {
    const r = await runSimulation({ config: configValue(), assignment: JANE, transport, cleanupRetry: QUICK_RETRY, ...opts });
    assert.ok(!('error' in r), 'error' in r ? r.error : '');
    return r;
  } finally {
    await transport.close();
  }
}

function step(r: SimulationReport, name: string): StepResult {
  const s = r.steps.find((x) => x.name === name);
  assert.ok(s, `no step ${name}`);
  return s;
}

const summary = (r: SimulationReport): string => renderSimulationText(r).join('\n');
const userNames = (s: BrokenServer): string[] => [...s.users.values()].map((u) => u.userName).sort();

describe('simulate: the runner against the scimmy tenant', function () {
  this.timeout(30_000);
  let tenant: ScimTenant;
  before(async () => { tenant = await startScimTenant({ users: 12, token: distinctiveToken('simulate') }); });
  after(async () => { await tenant.close(); });

  it("plays Okta's requests for a stand-in: every step passes, the tenant kept what was sent, the same users afterwards", async () => {
    const before = tenant.users.list().map((u) => u.id);
    const from = tenant.requests.length;
    const r = await simulate(tenant.baseUrl, tenant.token, { standInSuffix: 'okta1' });
    assert.equal(r.ok, true, summary(r));
    assert.deepEqual(r.steps.map((s) => [s.name, s.ok]), [['lookup', true], ['create', true], ['update', true], ['deactivate', true], ['reactivate', true], ['cleanup', true]]);
    assert.equal(r.standIn, 'scim-simulate-okta1@example.invalid');
    assert.deepEqual(r.leftBehind, []);
    assert.deepEqual(tenant.users.list().map((u) => u.id), before, 'the tenant holds exactly the users it had');
    // What reached the tenant, in order: Okta's requests with a read-back after each write, then the cleanup.
    const id = r.standInId ?? '';
    const seen = tenant.requests.slice(from).map((q) => `${q.method} ${decodeURIComponent(q.url.replace(/^\/api\/v1\/scim/, ''))}`);
    assert.deepEqual(seen, [
      'GET /Users?filter=userName eq "scim-simulate-okta1@example.invalid"&startIndex=1&count=100',
      'POST /Users', `GET /Users/${id}`,
      `GET /Users/${id}`, `PUT /Users/${id}`, `GET /Users/${id}`,
      `PATCH /Users/${id}`, `GET /Users/${id}`,
      `PATCH /Users/${id}`, `GET /Users/${id}`,
      'GET /Users?filter=userName eq "scim-simulate-okta1@example.invalid"&startIndex=1&count=100', `PATCH /Users/${id}`, `DELETE /Users/${id}`, `GET /Users/${id}`,
    ]);
    assert.ok(tenant.requests.slice(from).every((q) => q.authValid), 'every request carried the token');
    // What the tenant kept, attribute by attribute.
    const kept = step(r, 'update').kept ?? [];
    assert.deepEqual(kept.find((k) => k.attribute === 'name.givenName'), { attribute: 'name.givenName', sent: 'Jane-Updated', kept: 'Jane-Updated', same: true });
    assert.deepEqual(kept.find((k) => k.attribute === 'timezone'), { attribute: 'timezone', sent: 'Europe/Berlin', kept: 'Europe/Berlin', same: true });
    assert.equal(step(r, 'deactivate').kept?.find((k) => k.attribute === 'active')?.kept, false);
    assert.equal(step(r, 'reactivate').kept?.find((k) => k.attribute === 'active')?.kept, true);
    // Reports: the JSON of DESIGN.md, no token anywhere, no password repeated.
    const json = simulationJson(r) as { steps: Array<Record<string, unknown>> };
    assert.deepEqual(Object.keys(json).slice(0, 4), ['idp', 'user', 'write', 'ok']);
    assert.equal((json.steps[2]?.requests as unknown[]).length, 2, "Okta's update is two requests");
    assert.equal(((json.steps[1]?.request as { body: Record<string, unknown> }).body).password, '<random>');
    const all = JSON.stringify(json) + summary(r) + renderSimulationMarkdown(r, { baseUrl: tenant.baseUrl });
    assert.ok(!all.includes(tenant.token), 'the token leaked into a report');
  });

  it('a custom attribute the tenant\'s schema does not declare is reported as not kept (scimmy drops it)', async () => {
    const config = configValue({ set: { 'app.customAttributes': ['costCenterCode'], 'provisioning.mappings': { userName: 'user.email', email: 'user.email', costCenterCode: 'user.costCenterCode' } } });
    const r = await simulate(tenant.baseUrl, tenant.token, { config, assignment: { ...JANE, profile: { costCenterCode: 'CC-7' } } });
    assert.equal(step(r, 'create').ok, false);
    assert.match(step(r, 'create').problems.join('\n'), /costCenterCode: sent 'CC-7', the tenant kept nothing \(a custom attribute: a tenant keeps it only when its schema declares it\)/);
    assert.equal(step(r, 'cleanup').ok, true);
    assert.deepEqual(r.leftBehind, []);
  });

  it("Entra's shapes: the tenant refuses the string \"False\" (400), which is reported; the stand-in is still removed", async () => {
    const before = tenant.users.size;
    const config = configValue({ idp: 'entra-id', set: { 'provisioning.mappings': ENTRA_MAPPINGS } });
    const r = await simulate(tenant.baseUrl, tenant.token, { config, assignment: JANE_ENTRA });
    assert.equal(r.idp, 'entra-id');
    assert.equal(step(r, 'create').ok, true, summary(r));
    assert.equal(step(r, 'create').kept?.find((k) => k.attribute === 'timezone')?.kept, 'Europe/Berlin', 'the time zone from extensionAttribute1, kept');
    assert.equal(step(r, 'update').ok, true, summary(r));
    assert.deepEqual(step(r, 'update').requests.map((q) => q.method), ['PATCH'], 'Entra updates with one PATCH, no GET first');
    assert.deepEqual(step(r, 'update').kept?.filter((k) => k.attribute === 'name.givenName' || k.attribute === 'displayName').map((k) => k.kept), ['Jane-Updated', 'Jane-Updated Doe']);
    assert.equal(step(r, 'deactivate').ok, false);
    assert.equal(step(r, 'deactivate').status, 400);
    assert.match(step(r, 'deactivate').problems[0] ?? '', /answered HTTP 400: Attribute 'active' expected value type 'boolean' but found type 'string'.*: the user stays active$/);
    assert.deepEqual(step(r, 'deactivate').fixes, ["add '?aadOptscim062020' to the Tenant URL in Entra (not in this file) if the tenant wants a Boolean: Entra then sends \"active\": false"]);
    assert.match(renderSimulationText(r).join('\n'), /^ {12}fix: add '\?aadOptscim062020' to the Tenant URL in Entra/m);
    assert.match(renderSimulationMarkdown(r), /^- \*\*Fix:\*\* Add '\?aadOptscim062020' to the Tenant URL in Entra .*"active": false\.$/m);
    assert.deepEqual((simulationJson(r) as { steps: Array<{ fixes?: string[] }> }).steps[3]?.fixes, step(r, 'deactivate').fixes);
    assert.equal(step(r, 'update').fixes, undefined, 'no fix where nothing was refused');
    assert.equal(step(r, 'cleanup').ok, true);
    assert.equal(r.ok, false);
    assert.equal(tenant.users.size, before);
  });
});

describe('simulate: the runner against faulty servers', function () {
  this.timeout(30_000);
  const token = distinctiveToken('simulate-faults');
  const { serve, gate: heldUntilTheEnd } = brokenServersPerTest({ users: 4, token });

  it('a PUT answering 500: the update fails with the server\'s detail, deactivate and reactivate still run, nothing left behind', async () => {
    const server = await serve({ quirks: { failOn: { method: 'PUT', status: 500 } } });
    const before = userNames(server);
    const r = await simulate(server.baseUrl, token);
    const update = step(r, 'update');
    assert.equal(update.ok, false);
    assert.deepEqual(update.requests.map((q) => [q.method, q.status]), [['GET', 200], ['PUT', 500]]);
    assert.match(update.problems.join('\n'), /^PUT \/Users\/[0-9a-f-]+ answered HTTP 500: Injected failure: the change is not applied$/);
    assert.equal(step(r, 'deactivate').ok, true, summary(r));
    assert.equal(step(r, 'reactivate').ok, true, summary(r));
    // The later read-backs compare with what the tenant should hold: the name before the failed update.
    assert.equal(step(r, 'reactivate').kept?.find((k) => k.attribute === 'name.givenName')?.sent, 'Jane');
    assert.equal(step(r, 'cleanup').ok, true);
    assert.equal(r.ok, false);
    assert.deepEqual(userNames(server), before);
  });

  it('a server that drops the time zone: every read-back says so, the rest passes', async () => {
    const server = await serve({ quirks: { dropAttributes: ['timezone'] } });
    const before = userNames(server);
    const r = await simulate(server.baseUrl, token);
    for (const name of ['create', 'update', 'deactivate', 'reactivate']) {
      assert.equal(step(r, name).ok, false, name);
      assert.deepEqual(step(r, name).problems, ["timezone: sent 'Europe/Berlin', the tenant kept nothing"], name);
    }
    assert.equal(step(r, 'lookup').ok, true);
    assert.equal(step(r, 'cleanup').ok, true);
    assert.deepEqual(userNames(server), before);
  });

  it('a 429 on the cleanup DELETE is waited out under the shared policy (and said so); a 503 is tried again; the stand-in removed', async () => {
    const limited = await serve({ quirks: { failFirst: { method: 'DELETE', status: 429, times: 2, retryAfter: '0' } } });
    const before = userNames(limited);
    const r = await simulate(limited.baseUrl, token);
    const cleanup = step(r, 'cleanup');
    assert.equal(cleanup.ok, true, summary(r));
    assert.equal(limited.requests.filter((q) => q.method === 'DELETE').length, 3, 'two 429s, then the DELETE went through');
    assert.deepEqual(cleanup.requests.filter((q) => q.method === 'DELETE').map((q) => q.status), [204]);
    assert.match(cleanup.notes.join('\n'), /^DELETE \/Users\/[0-9a-f-]+: rate-limited, waited 0 s over 2 retries$/m);
    assert.equal(r.ok, true, summary(r));
    assert.deepEqual(userNames(limited), before);

    const flaky = await serve({ quirks: { failFirst: { method: 'DELETE', status: 503, times: 1 } } });
    const r2 = await simulate(flaky.baseUrl, token);
    assert.deepEqual(step(r2, 'cleanup').requests.filter((q) => q.method === 'DELETE').map((q) => q.status), [503, 204]);
    assert.equal(r2.ok, true, summary(r2));
    assert.equal([...flaky.users.values()].length, 4);
  });

  it('a 429 that does not end: cleanup stops at the budget and names the user left behind and its state', async () => {
    const server = await serve({ quirks: { failFirst: { method: 'DELETE', status: 429, times: 1000, retryAfter: '0' } } });
    const r = await simulate(server.baseUrl, token, { rateLimit: { maxRetries: 2 } });
    const cleanup = step(r, 'cleanup');
    assert.equal(cleanup.ok, false);
    assert.equal(server.requests.filter((q) => q.method === 'DELETE').length, 5, "the cleanup's budget (twice a request's 2 retries), no more");
    assert.deepEqual(r.leftBehind, [`${r.standIn} (id ${r.standInId}, deactivated)`]);
    assert.match(cleanup.problems[0] ?? '', /^Left behind: scim-simulate-.*, deactivated\)\. DELETE answered 429 \(rate-limited: still rate-limited after waiting 0 s over 4 retries/);
    assert.equal(r.ok, false);
    assert.deepEqual(userNames(server).filter((n) => n.startsWith('scim-simulate-')), [r.standIn]);
  });

  it('a server that keeps the user after DELETE: reported as left behind, deactivated; every other step passed', async () => {
    const server = await serve({ quirks: { keepOnDelete: true } });
    const before = userNames(server);
    const r = await simulate(server.baseUrl, token);
    assert.deepEqual(r.steps.filter((s) => s.ok !== true).map((s) => s.name), ['cleanup']);
    assert.equal(step(r, 'cleanup').status, 204);
    assert.deepEqual(r.leftBehind, [`${r.standIn} (id ${r.standInId}, deactivated)`]);
    assert.match(renderSimulationText(r).join('\n'), /left behind: scim-simulate-\S+ \(id [0-9a-f-]+, deactivated\)/);
    assert.equal(r.ok, false);
    const left = [...server.users.values()].filter((u) => !before.includes(u.userName));
    assert.deepEqual(left.map((u) => [u.userName, u.active]), [[r.standIn, false]]);
  });

  it('a server that ignores the filter: the look-up is reported, and cleanup removes only the stand-in', async () => {
    const server = await serve({ quirks: { ignoreFilter: true } });
    const before = userNames(server);
    const r = await simulate(server.baseUrl, token);
    assert.equal(step(r, 'lookup').ok, false);
    assert.match(step(r, 'lookup').problems[0] ?? '', /the tenant ignored the filter: it answered 4 user\(s\) for a userName nobody has; Okta would take one of them for this person/);
    assert.equal(step(r, 'cleanup').ok, true, summary(r));
    assert.deepEqual(userNames(server), before, 'no real user was touched');
    assert.ok(!server.requests.some((q) => q.method === 'DELETE' && !q.path.endsWith(r.standInId ?? '?')), 'a DELETE went to another user');
  });

  it('cancelled while the PUT is in flight: the later steps are cancelled, cleanup still runs, nothing left behind', async () => {
    const ac = new AbortController();
    const gate = heldUntilTheEnd();
    const isPut = (q: BrokenRequest): boolean => q.method === 'PUT';
    const server = await serve({ hold: (q) => (isPut(q) ? gate : undefined) });
    const before = userNames(server);
    const arrived = nextRequest(server, isPut).then(() => ac.abort());
    const r = await simulate(server.baseUrl, token, { signal: ac.signal });
    await arrived;
    assert.equal(r.cancelled, true);
    assert.equal(r.ok, false);
    assert.equal(step(r, 'create').ok, true);
    for (const name of ['update', 'deactivate', 'reactivate']) assert.equal(step(r, name).skipped, 'cancelled', name);
    assert.equal(step(r, 'cleanup').ok, true, summary(r));
    assert.match(summary(r), /\n3 of 6 steps not run \(cancelled\); nothing left behind\.$/);
    assert.deepEqual(userNames(server), before);
  });

  it('cancelled before it starts: nothing is sent but the cleanup look-up, nothing created', async () => {
    const server = await serve();
    const ac = new AbortController();
    ac.abort();
    const r = await simulate(server.baseUrl, token, { signal: ac.signal });
    assert.equal(r.cancelled, true);
    assert.deepEqual(r.steps.map((s) => s.skipped ?? 'ran'), ['cancelled', 'cancelled', 'cancelled', 'cancelled', 'cancelled', 'ran']);
    assert.deepEqual(server.requests.map((q) => q.method), ['GET']);
    assert.equal(step(r, 'cleanup').ok, true);
  });
});
