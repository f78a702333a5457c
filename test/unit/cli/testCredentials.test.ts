import * as assert from 'node:assert/strict';
import { runTestCredentials } from '../../../src/cli/commands/testCredentials';
import { main } from '../../../src/cli/main';
import type { CliIO } from '../../../src/cli/io';
import { startScimTenant } from '../../support/scim-tenant';
import type { ScimTenant } from '../../support/scim-tenant';
import { refusedPort, startHangingServer, startHtmlLoginPage, startStatusServer } from '../../support/fault-servers';
import type { FaultServer } from '../../support/fault-servers';
import { assertNoSecret, distinctiveToken } from '../../support/secrets';
import { captureIO } from '../../support/cli-io';

interface Captured { io: CliIO; out: string[]; err: string[] }

describe('cli test-credentials', function () {
  const token = distinctiveToken('cli');
  let tenant: ScimTenant;
  const allOutput: string[] = [];
  const faults: FaultServer[] = [];

  function capture(env: Record<string, string | undefined> = { SCIM_TOKEN: token }, files: Record<string, string> = {}): Captured {
    const io = captureIO({ env, files, version: '1.2.3', all: allOutput });
    return { io, out: io.stdout, err: io.stderr };
  }
  function json(c: Captured): Record<string, unknown> {
    assert.equal(c.out.length, 1, `one JSON line expected: ${c.out.join('\n')}`);
    return JSON.parse(c.out[0] ?? '') as Record<string, unknown>;
  }

  before(async () => { tenant = await startScimTenant({ token, users: 12 }); });
  after(async () => {
    await tenant.close();
    assert.ok(allOutput.length > 10);
    assertNoSecret(allOutput, token);
  });
  afterEach(async () => { await Promise.all(faults.splice(0).map((f) => f.close())); });

  it('exit 0 and the JSON contract when verified (--base-url)', async () => {
    const c = capture();
    const code = await runTestCredentials(['--base-url', tenant.baseUrl, '--format', 'json'], c.io);
    assert.equal(code, 0);
    const j = json(c);
    assert.deepEqual(Object.keys(j).sort(), ['diagnosis', 'elapsedMs', 'message', 'ok', 'status']);
    assert.equal(j.ok, true);
    assert.equal(j.diagnosis, 'ok');
    assert.equal(j.status, 200);
    assert.equal(j.message, 'The SCIM endpoint was verified successfully!');
    assert.equal(typeof j.elapsedMs, 'number');
    assert.deepEqual(c.err, []);
    assert.equal(tenant.requests.at(-2)?.userAgent, 'scim-provisioning-vscode/1.2.3');
  });

  it('--config FILE: app.name and api.baseUrl from the YAML', async () => {
    const yaml = `version: 1\napp:\n  name: Flosum\n  target: flosum\napi:\n  baseUrl: ${tenant.baseUrl}\n  tokenRef: flosum-prod\n`;
    const c = capture({ SCIM_TOKEN: token }, { 'prod.scim.yaml': yaml });
    const code = await runTestCredentials(['--config', 'prod.scim.yaml', '--format', 'json'], c.io);
    assert.equal(code, 0, c.out.join('\n') + c.err.join('\n'));
    assert.equal(json(c).message, 'Flosum was verified successfully!');
  });

  it("--config of an Entra ID config: Entra's Test Connection request (a userName filter for nobody), and the message says so", async () => {
    const yaml = `version: 1\napp:\n  name: Flosum\n  identityProvider: entra-id\napi:\n  baseUrl: ${tenant.baseUrl}\n  tokenRef: flosum-prod\n`;
    const before = tenant.requests.length;
    const c = capture({ SCIM_TOKEN: token }, { 'entra.scim.yaml': yaml });
    assert.equal(await runTestCredentials(['--config', 'entra.scim.yaml', '--format', 'json'], c.io), 0, c.out.join('\n') + c.err.join('\n'));
    assert.equal(json(c).message, "Flosum was verified successfully! Entra ID's Test Connection request (a userName filter that matches nobody) got 200 and an empty list.");
    assert.match(tenant.requests[before]?.url ?? '', /^\/api\/v1\/scim\/Users\?filter=userName%20eq%20%22[0-9a-f-]{36}%22$/);
    // azure-ad (the old name) is Entra ID too; text format.
    const t = capture({ SCIM_TOKEN: token }, { 'old.scim.yaml': yaml.replace('entra-id', 'azure-ad') });
    assert.equal(await runTestCredentials(['--config', 'old.scim.yaml'], t.io), 0);
    assert.match(t.out[0] ?? '', /^✓ Flosum was verified successfully! Entra ID's Test Connection request/);
  });

  it('--config with an unknown region → exit 2 with the reason', async () => {
    const c = capture({ SCIM_TOKEN: token }, { 'bad.scim.yaml': 'api:\n  region: eu\n' });
    assert.equal(await runTestCredentials(['--config', 'bad.scim.yaml'], c.io), 2);
    assert.match(c.err.join('\n'), /region 'eu'/);
  });

  it('text format: one readable line, exit 0', async () => {
    const c = capture();
    assert.equal(await runTestCredentials(['--base-url', tenant.baseUrl], c.io), 0);
    assert.match(c.out[0] ?? '', /^✓ The SCIM endpoint was verified successfully! \(HTTP 200, \d+ ms\)$/);
  });

  it('exit 1 with the diagnosis on failure: unauthorized, not-scim, connection-refused', async () => {
    const wrong = capture({ SCIM_TOKEN: `${token}-not-it` });
    assert.equal(await runTestCredentials(['--base-url', tenant.baseUrl, '--format', 'json'], wrong.io), 1);
    assert.equal(json(wrong).diagnosis, 'unauthorized');
    assert.equal(json(wrong).status, 401);

    const html = await startHtmlLoginPage();
    faults.push(html);
    const c2 = capture();
    assert.equal(await runTestCredentials(['--base-url', html.baseUrl, '--format', 'json'], c2.io), 1);
    assert.equal(json(c2).diagnosis, 'not-scim');

    const port = await refusedPort();
    const c3 = capture();
    assert.equal(await runTestCredentials(['--base-url', `http://127.0.0.1:${port}/api/v1/scim`, '--format', 'json'], c3.io), 1);
    const j3 = json(c3);
    assert.equal(j3.diagnosis, 'connection-refused');
    assert.equal(j3.status, null);
  });

  it('--timeout-ms against a hanging server → timeout, exit 1', async () => {
    const hang = await startHangingServer();
    faults.push(hang);
    const c = capture();
    assert.equal(await runTestCredentials(['--base-url', hang.baseUrl, '--timeout-ms', '250', '--format', 'json'], c.io), 1);
    const j = json(c);
    assert.equal(j.diagnosis, 'timeout');
    assert.ok((j.elapsedMs as number) >= 200 && (j.elapsedMs as number) < 5000, String(j.elapsedMs));
  });

  it('plain http to a non-loopback host → insecure-url before any lookup (a .invalid name would be dns)', async () => {
    const c = capture();
    assert.equal(await runTestCredentials(['--base-url', 'http://scim.example.invalid/api/v1/scim', '--format', 'json'], c.io), 1);
    const j = json(c);
    assert.equal(j.diagnosis, 'insecure-url');
    assert.equal(j.elapsedMs, 0);
    assert.equal(j.ok, false);
  });

  it('SCIM_TOKEN missing → a clear message and exit 2, no request', async () => {
    const before = tenant.requests.length;
    const c = capture({});
    assert.equal(await runTestCredentials(['--base-url', tenant.baseUrl], c.io), 2);
    assert.match(c.err.join('\n'), /SCIM_TOKEN/);
    assert.equal(tenant.requests.length, before);
  });

  it('bad usage → exit 2', async () => {
    const cases: string[][] = [
      [],
      ['--base-url', tenant.baseUrl, '--config', 'x.yaml'],
      ['--base-url'],
      ['--base-url', tenant.baseUrl, '--timeout-ms', 'soon'],
      ['--base-url', tenant.baseUrl, '--timeout-ms', '0'],
      ['--base-url', tenant.baseUrl, '--format', 'xml'],
      ['--base-url', tenant.baseUrl, '--bogus'],
      ['--base-url', 'global-us.flosum.app/api/v1/scim'],
      ['--config', 'missing.yaml'],
    ];
    for (const argv of cases) {
      const c = capture();
      assert.equal(await runTestCredentials(argv, c.io), 2, argv.join(' '));
      assert.ok(c.err.length > 0, argv.join(' '));
    }
  });

  it('--help prints usage, exit 0; the dispatcher routes to it', async () => {
    const c = capture();
    assert.equal(await runTestCredentials(['--help'], c.io), 0);
    assert.match(c.out.join('\n'), /SCIM_TOKEN/);
    const d = capture();
    assert.equal(await main(['test-credentials', '--base-url', tenant.baseUrl, '--format=json'], d.io), 0);
    assert.equal(json(d).ok, true);
  });

  it('the token never appears even when a server echoes it', async () => {
    const c = capture();
    await runTestCredentials(['--base-url', `${tenant.baseUrl}?token=${token}`], c.io);
    assertNoSecret([...c.out, ...c.err], token);
  });

  it('no Flosum wording for a server that is not Flosum\'s; the config\'s target: flosum brings it back', async () => {
    const s404 = await startStatusServer(404);
    const s401 = await startStatusServer(401);
    faults.push(s404, s401);
    for (const server of [s404, s401]) {
      const c = capture();
      assert.equal(await runTestCredentials(['--base-url', server.baseUrl], c.io), 1);
      const text = [...c.out, ...c.err].join('\n');
      assert.match(text, /Base URL|Re-enter the token/);
      assert.doesNotMatch(text, /flosum|Global Settings API Token|region table|\/api\/v1\/scim/i);
    }
    const yaml = (base: string): string => `version: 1\napp:\n  name: Flosum\n  target: flosum\napi:\n  baseUrl: ${base}\n  tokenRef: flosum-prod\n`;
    const c404 = capture({ SCIM_TOKEN: token }, { 'f.scim.yaml': yaml(s404.baseUrl) });
    assert.equal(await runTestCredentials(['--config', 'f.scim.yaml', '--format', 'json'], c404.io), 1);
    assert.match(String(json(c404).message), /region table \(United States https:\/\/global-us\.flosum\.app\/api\/v1\/scim;.*\) or your customer-hosted URL ending in \/api\/v1\/scim/);
    const c401 = capture({ SCIM_TOKEN: token }, { 'f.scim.yaml': yaml(s401.baseUrl) });
    assert.equal(await runTestCredentials(['--config', 'f.scim.yaml', '--format', 'json'], c401.io), 1);
    assert.match(String(json(c401).message), /Re-enter the token \(Global Settings API Token\)/);
  });

  it('a SCIM 400 error body is reported as SCIM: scim-error, led by its detail and scimType, no login-page hint', async () => {
    const body = JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '400', scimType: 'invalidValue', detail: 'count must be at most 100' });
    const s = await startStatusServer(400, body);
    faults.push(s);
    const c = capture();
    assert.equal(await runTestCredentials(['--base-url', s.baseUrl, '--format', 'json'], c.io), 1);
    const j = json(c);
    assert.equal(j.diagnosis, 'scim-error');
    assert.match(String(j.message), /^invalidValue: count must be at most 100 \(HTTP 400 from 127\.0\.0\.1:\d+\)\. A required value is missing, or a value has the wrong type/);
    assert.doesNotMatch(String(j.message), /login page|proxy page|region/);
  });
});
