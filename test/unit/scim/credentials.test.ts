import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { testCredentials } from '../../../src/core/scim/credentials';
import type { CredentialTestResult } from '../../../src/core/scim/credentials';
import { createRedactor } from '../../../src/core/http/redact';
import { startScimTenant } from '../../support/scim-tenant';
import type { ScimTenant } from '../../support/scim-tenant';
import { buildListResponse, buildUsers } from '../../support/builders';
import {
  hasOpenssl, listHandler, makeSelfSignedCert, startFaultServer, startHangingServer, startHtmlLoginPage, startJsonNotListResponse,
  startSelfSignedTls, startStatusServer,
} from '../../support/fault-servers';
import type { FaultServer } from '../../support/fault-servers';
import { assertNoSecret, distinctiveToken } from '../../support/secrets';
import { connectionProbe } from '../../../src/core/idp/registry';
import { entra } from '../../../src/core/idp/entra/module';
import { okta } from '../../../src/core/idp/okta/module';
import { listResponseProblem, readServiceProviderSupport } from '../../../src/core/scim/serviceProvider';
import { createLogger } from '../../../src/core/http/log';

describe('scim/credentials testCredentials', function () {
  const token = distinctiveToken('cred');
  const readOnly = distinctiveToken('ro');
  let tenant: ScimTenant;
  const results: CredentialTestResult[] = [];
  const logLines: string[] = [];
  const logger = createLogger({
    trace: (l) => logLines.push(l), debug: (l) => logLines.push(l), info: (l) => logLines.push(l),
    warn: (l) => logLines.push(l), error: (l) => logLines.push(l),
  }, createRedactor([token, readOnly]));
  const faults: FaultServer[] = [];

  async function check(baseUrl: string, extra: Partial<Parameters<typeof testCredentials>[0]> = {}): Promise<CredentialTestResult> {
    const r = await testCredentials({ baseUrl, token, logger, timeoutMs: 5000, probe: connectionProbe(okta), ...extra });
    results.push(r);
    return r;
  }

  before(async () => {
    tenant = await startScimTenant({ token, readOnlyToken: readOnly, users: 250 });
  });
  after(async () => {
    await tenant.close();
    assertNoSecret(results, token);
    assertNoSecret(results, readOnly);
    assertNoSecret(logLines, token);
  });
  afterEach(async () => { await Promise.all(faults.splice(0).map((f) => f.close())); });

  it("verifies against a real SCIM tenant with the seed's message, sending exactly Okta's request", async () => {
    const before = tenant.requests.length;
    const r = await check(tenant.baseUrl, { appName: 'Flosum' });
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal(r.diagnosis, 'ok');
    assert.equal(r.status, 200);
    assert.equal(r.message, 'Flosum was verified successfully!');
    assert.equal(r.totalResults, 250);
    assert.ok(r.elapsedMs >= 0);
    const sent = tenant.requests.slice(before);
    assert.equal(sent[0]?.url, '/api/v1/scim/Users?startIndex=1&count=2');
    assert.equal(sent[0]?.method, 'GET');
    assert.ok(sent[0]?.authValid);
    assert.match(sent[0]?.userAgent ?? '', /^scim-provisioning-vscode\//);
  });

  it("for an Entra ID config, sends what Entra's Test Connection sends: a userName filter that matches nobody, and says so", async () => {
    const before = tenant.requests.length;
    const r = await check(tenant.baseUrl, { appName: 'Flosum', probe: connectionProbe(entra) });
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal(r.diagnosis, 'ok');
    assert.equal(r.totalResults, 0, 'the tenant filtered: nobody has that userName');
    assert.equal(r.message, "Flosum was verified successfully! Entra ID's Test Connection request (a userName filter that matches nobody) got 200 and an empty list.");
    const sent = tenant.requests.slice(before);
    assert.equal(sent[0]?.method, 'GET');
    assert.match(sent[0]?.url ?? '', /^\/api\/v1\/scim\/Users\?filter=userName%20eq%20%22[0-9a-f-]{36}%22$/);
    assert.ok(sent[0]?.authValid);
    assert.match(r.request ?? '', /^GET \/Users\?filter=userName eq "[0-9a-f-]{36}"$/);
    // A second press sends another random name.
    await check(tenant.baseUrl, { probe: connectionProbe(entra) });
    const names = tenant.requests.filter((q) => q.url.includes('filter=userName')).map((q) => q.url);
    assert.equal(new Set(names).size, names.length);
    // Okta's probe is Okta's request, and its message the seed's wording.
    const o = await check(tenant.baseUrl, { appName: 'Flosum', probe: connectionProbe(okta) });
    assert.equal(o.message, 'Flosum was verified successfully!');
    assert.equal(tenant.requests.filter((q) => q.url === '/api/v1/scim/Users?startIndex=1&count=2').length > 0, true);
  });

  it("Entra's Test Connection against a tenant that ignores the filter: not-scim, naming what Entra would then do", async () => {
    const f = await startFaultServer(listHandler(3));
    faults.push(f);
    const r = await check(f.baseUrl, { probe: connectionProbe(entra) });
    assert.equal(r.ok, false);
    assert.equal(r.diagnosis, 'not-scim');
    assert.match(r.message, /^127\.0\.0\.1:\d+ ignored the filter: 3 users for a userName that matches nobody\. Entra ID would match the wrong users: support filter=userName eq "…"\.$/);
    assert.match(r.detail ?? '', /Entra ID's Test Connection sends GET \/Users\?filter=userName eq "[0-9a-f-]{36}", expecting 200 and an empty ListResponse/);
    assert.match(f.requests[0]?.url ?? '', /^\/api\/v1\/scim\/Users\?filter=userName%20eq%20%22/);
    // The same server passes Okta's test: it is a ListResponse.
    assert.equal((await check(f.baseUrl, { probe: connectionProbe(okta) })).ok, true);
  });

  it('Entra: the same diagnoses as for Okta (a wrong token is unauthorized)', async () => {
    const r = await testCredentials({ baseUrl: tenant.baseUrl, token: 'wrong-token-value-0000', probe: connectionProbe(entra) });
    assert.equal(r.diagnosis, 'unauthorized');
    assert.equal(r.status, 401);
  });

  it('default app name', async () => {
    const r = await check(tenant.baseUrl);
    assert.equal(r.message, 'The SCIM endpoint was verified successfully!');
  });

  it("reads ServiceProviderConfig: patch, filter, maxResults", async () => {
    const r = await check(tenant.baseUrl);
    assert.ok(r.serviceProviderConfig);
    assert.equal(r.serviceProviderConfig.patch, true);
    assert.equal(r.serviceProviderConfig.filter, true);
    assert.equal(r.serviceProviderConfig.maxResults, 200);
    assert.equal(r.serviceProviderConfig.sort, true);
    // scimmy's Config is process-global: every tenant started in this process adds its scheme again.
    assert.ok(r.serviceProviderConfig.authenticationSchemes.includes('oauthbearertoken'));
    assert.ok(tenant.requests.some((q) => q.url === '/api/v1/scim/ServiceProviderConfig'));
  });

  it('a ServiceProviderConfig failure is not fatal', async () => {
    const f = await startFaultServer((req, res) => {
      const body = req.url?.includes('ServiceProviderConfig') ? 'nope' : JSON.stringify(buildListResponse(buildUsers(2), { totalResults: 7 }));
      res.writeHead(req.url?.includes('ServiceProviderConfig') ? 500 : 200, { 'content-type': 'application/scim+json' });
      res.end(body);
    });
    faults.push(f);
    const r = await check(f.baseUrl);
    assert.equal(r.ok, true);
    assert.equal(r.totalResults, 7);
    assert.equal(r.serviceProviderConfig, undefined);
  });

  it('a tenant with 0 users verifies (Resources empty)', async () => {
    const empty = await startScimTenant({ token, users: 0 });
    try {
      const r = await check(empty.baseUrl);
      assert.equal(r.ok, true, JSON.stringify(r));
      assert.equal(r.totalResults, 0);
    } finally {
      await empty.close();
    }
  });

  it('two tenants run in one process, each with its own store and token', async () => {
    const other = await startScimTenant({ users: 3 });
    try {
      const a = await check(tenant.baseUrl);
      const b = await testCredentials({ baseUrl: other.baseUrl, token: other.token, probe: connectionProbe(okta) });
      assert.equal(a.totalResults, 250);
      assert.equal(b.totalResults, 3);
      const cross = await check(other.baseUrl);
      assert.equal(cross.diagnosis, 'unauthorized');
    } finally {
      await other.close();
    }
  });

  it('a wrong token → unauthorized (401 from the tenant)', async () => {
    const wrong = distinctiveToken('wrong');
    const r = await testCredentials({ baseUrl: tenant.baseUrl, token: wrong, probe: connectionProbe(okta) });
    assert.equal(r.ok, false);
    assert.equal(r.diagnosis, 'unauthorized');
    assert.equal(r.status, 401);
    assert.match(r.message, /Re-enter the token/);
    assertNoSecret(r, wrong);
  });

  it('the read-only token still verifies (Test API Credentials only reads)', async () => {
    const r = await testCredentials({ baseUrl: tenant.baseUrl, token: readOnly, probe: connectionProbe(okta) });
    results.push(r);
    assert.equal(r.ok, true);
  });

  it('a base URL with a trailing /Users → not-found', async () => {
    const r = await check(`${tenant.baseUrl}/Users`);
    assert.equal(r.diagnosis, 'not-found');
    assert.equal(r.status, 404);
  });

  it('the site root (HTML login page) → not-scim', async () => {
    const f = await startHtmlLoginPage();
    faults.push(f);
    const r = await check(f.baseUrl);
    assert.equal(r.diagnosis, 'not-scim');
    assert.match(r.message, /Base URL/);
  });

  it('JSON of another shape → not-scim, with the start of the body in detail', async () => {
    const f = await startJsonNotListResponse({ status: 'UP' });
    faults.push(f);
    const r = await check(f.baseUrl);
    assert.equal(r.diagnosis, 'not-scim');
    assert.equal(r.status, 200);
    assert.match(r.detail ?? '', /"status":"UP"/);
  });

  it('validates the ListResponse shape (lenient only about Resources when there are 0 results)', () => {
    const ok = buildListResponse(buildUsers(2), { totalResults: 10 });
    assert.equal(listResponseProblem(ok), undefined);
    assert.equal(listResponseProblem(buildListResponse([], { omitResources: true })), undefined);
    assert.match(listResponseProblem(buildListResponse(buildUsers(2), { totalResults: 10, omitResources: true })) ?? '', /Resources/);
    assert.match(listResponseProblem({ ...ok, totalResults: '10' }) ?? '', /totalResults/);
    assert.match(listResponseProblem({ ...ok, startIndex: 1.5 }) ?? '', /startIndex/);
    assert.match(listResponseProblem({ ...ok, itemsPerPage: undefined }) ?? '', /itemsPerPage/);
    assert.match(listResponseProblem({ ...ok, schemas: ['urn:x'] }) ?? '', /schemas/);
    assert.match(listResponseProblem({ ...ok, Resources: {} }) ?? '', /Resources/);
    assert.ok(listResponseProblem([ok]));
    assert.ok(listResponseProblem(null));
  });

  it('reads ServiceProviderConfig bodies defensively', () => {
    assert.equal(readServiceProviderSupport('x'), undefined);
    const s = readServiceProviderSupport({ patch: { supported: 'true' }, filter: { supported: true, maxResults: 50.5 } });
    assert.equal(s?.patch, false);
    assert.equal(s?.filter, true);
    assert.equal(s?.maxResults, undefined);
  });

  it('plain http to a non-loopback host → insecure-url without any request', async () => {
    const r = await check('http://tenant.example.invalid/api/v1/scim');
    assert.equal(r.diagnosis, 'insecure-url');
    assert.equal(r.elapsedMs, 0);
  });

  it('403 → forbidden', async () => {
    const f = await startStatusServer(403);
    faults.push(f);
    assert.equal((await check(f.baseUrl)).diagnosis, 'forbidden');
  });

  it('cancellation through AbortSignal → cancelled', async () => {
    const f = await startHangingServer();
    faults.push(f);
    const ac = new AbortController();
    const arrived = f.nextRequest();
    const pending = check(f.baseUrl, { signal: ac.signal, timeoutMs: 20_000 });
    await arrived;
    ac.abort();
    const r = await pending;
    assert.equal(r.diagnosis, 'cancelled');
    assert.equal(r.ok, false);
  });

  it('honours NODE_EXTRA_CA_CERTS (Node adds it to the default store the Agent uses)', async function () {
    if (!hasOpenssl()) this.skip();
    this.timeout(90_000); // two child Node processes with tsx: slow on a loaded 2-core machine
    const material = makeSelfSignedCert(['127.0.0.1']);
    const server = await startSelfSignedTls(material);
    faults.push(server);
    const caFile = path.join(material.dir, 'cert.pem');
    const script = path.join(material.dir, 'probe.ts');
    const modulePath = path.resolve(__dirname, '../../../src/core/scim/credentials.ts');
    fs.writeFileSync(script, [
      `import { testCredentials } from ${JSON.stringify(modulePath)};`,
      `const probe = { idpLabel: 'Okta', button: 'Test API Credentials', path: '/Users?startIndex=1&count=2', expectEmpty: false, sends: 'the first two users' };`,
      `testCredentials({ baseUrl: ${JSON.stringify(server.baseUrl)}, token: 'x', readServiceProviderConfig: false, probe })`,
      `  .then((r) => { process.stdout.write(JSON.stringify(r)); });`,
    ].join('\n'));
    const run = async (env: NodeJS.ProcessEnv): Promise<CredentialTestResult> => {
      const child = spawn(process.execPath, ['--import', 'tsx', script], { env, cwd: path.resolve(__dirname, '../../..'), stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
      await once(child, 'close');
      return JSON.parse(out) as CredentialTestResult;
    };
    const without = await run({ ...process.env, NODE_EXTRA_CA_CERTS: '' });
    assert.equal(without.diagnosis, 'tls');
    const withCa = await run({ ...process.env, NODE_EXTRA_CA_CERTS: caFile });
    assert.equal(withCa.ok, true, JSON.stringify(withCa));
    fs.rmSync(material.dir, { recursive: true, force: true });
  });
});
