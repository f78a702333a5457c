// scim-provisioning check: exit codes, the JSON contract, well-formed JUnit, a test-run style text
// report, and the token never printed.
import * as assert from 'node:assert/strict';
import { runCheck } from '../../../src/cli/commands/check';
import { buildUser } from '../../support/builders';
import { startBrokenServer } from '../../support/broken-servers';
import type { BrokenServer, BrokenServerOptions } from '../../support/broken-servers';
import { startScimTenant } from '../../support/scim-tenant';
import { distinctiveToken } from '../../support/secrets';
import { assertWellFormedXml } from '../conformance/helpers';
import { captureIO as captureCliIO } from '../../support/cli-io';
import type { CapturedIO } from '../../support/cli-io';

const TOKEN = distinctiveToken('cli');

function captureIO(env: Record<string, string | undefined> = { SCIM_TOKEN: TOKEN }, files: Record<string, string> = {}): CapturedIO {
  return captureCliIO({ env, files });
}

interface JsonReport {
  summary: { pass: number; warn: number; fail: number; skip: number };
  checks: Array<{ id: string; title: string; status: string; reference: string; message?: string; fix?: string; evidence: { request?: string; status?: number; fragment?: string } }>;
  diagnosis?: string;
  message?: string;
}

describe('cli: scim-provisioning check', function () {
  this.timeout(60_000);
  const servers: BrokenServer[] = [];
  afterEach(async () => { while (servers.length) await servers.pop()?.close(); });
  const serve = async (opts: Partial<BrokenServerOptions> = {}): Promise<BrokenServer> => {
    const s = await startBrokenServer({ users: 5, token: TOKEN, ...opts });
    servers.push(s);
    return s;
  };
  const noToken = (io: { stdout: string[]; stderr: string[] }): void => {
    const all = [...io.stdout, ...io.stderr].join('\n');
    assert.ok(!all.includes(TOKEN) && !all.includes(TOKEN.slice(4, -4)), 'the token was printed');
  };

  it('--format json: exactly {summary, checks:[{id,title,status,reference,evidence}]}, exit 0 when nothing fails', async () => {
    const server = await serve();
    const io = captureIO();
    const code = await runCheck(['--base-url', server.baseUrl, '--format', 'json'], io);
    assert.equal(code, 0, io.stderr.join('\n'));
    assert.equal(io.stdout.length, 1);
    const report = JSON.parse(io.stdout[0] ?? '') as JsonReport;
    assert.deepEqual(Object.keys(report.summary).sort(), ['fail', 'pass', 'skip', 'warn']);
    assert.equal(report.summary.fail, 0);
    assert.ok(report.checks.length >= 25);
    for (const c of report.checks) {
      for (const k of ['id', 'title', 'status', 'reference', 'evidence']) assert.ok(k in c, `${c.id} lacks ${k}`);
      assert.ok(['pass', 'warn', 'fail', 'skip'].includes(c.status));
      assert.equal(typeof c.evidence, 'object');
    }
    const n = (s: string): number => report.checks.filter((c) => c.status === s).length;
    assert.deepEqual(report.summary, { pass: n('pass'), warn: n('warn'), fail: n('fail'), skip: n('skip') });
    // Read-only by default: the write checks are skipped and nothing was written.
    assert.equal(report.checks.find((c) => c.id === 'create-user')?.status, 'skip');
    assert.ok(!server.requests.some((r) => r.path.includes('/Users') && r.method !== 'GET'));
    noToken(io);
  });

  it('exit 1 when any check fails (HTML errors), with the failing checks in the text report', async () => {
    const server = await serve({ quirks: { htmlErrors: true, echoAuthorization: true } });
    const io = captureIO();
    const code = await runCheck([`--base-url=${server.baseUrl}`], io);
    assert.equal(code, 1);
    const text = io.stdout.join('\n');
    assert.match(text, /^✖ Unknown id → 404 with a SCIM Error {2}\[unknown-id-404\]$/m);
    assert.match(text, /^ {4}evidence: GET \/Users\/scim-check-no-such-id-\S+ → 404$/m);
    assert.match(text, /^ {4}fix: Answer HTTP 404 with Content-Type application\/scim\+json/m);
    assert.match(text, /^ {4}reference: Okta SCIM spec test step 4; RFC 7644 §3\.12$/m);
    assert.match(text, /^✔ A filter matching nobody → 200 with totalResults 0 {2}\[filter-no-match\]$/m);
    assert.match(text, /^\d+ passed, 2 warnings, 2 failed, \d+ skipped$/m);
    assert.match(text, /^⚠ Error responses carry a SCIM Error in JSON {2}\[error-bodies-json\]$/m);
    assert.match(text, /Authorization: Bearer \*\*\*/);
    noToken(io);
  });

  it('--format junit: well-formed XML, one testcase per check, a failure element per fail', async () => {
    const server = await serve({ quirks: { htmlErrors: true, stringCounters: true } });
    const io = captureIO();
    const code = await runCheck(['--base-url', server.baseUrl, '--format', 'junit', '--write'], io);
    assert.equal(code, 1);
    const xml = io.stdout.join('\n');
    assertWellFormedXml(xml);
    const cases = xml.match(/<testcase /g) ?? [];
    const failures = xml.match(/<failure /g) ?? [];
    const declared = /<testsuite [^>]*tests="(\d+)" failures="(\d+)"/.exec(xml);
    assert.ok(declared);
    assert.equal(Number(declared[1]), cases.length);
    assert.equal(Number(declared[2]), failures.length);
    assert.ok(failures.length >= 4, `${failures.length} failures`);
    assert.match(xml, /<testcase classname="scim\.conformance" name="paging-counters: /);
    noToken(io);
    assert.deepEqual([...server.users.values()].filter((u) => u.userName.startsWith('scim-check-')), []);
  });

  it('--write against the scimmy tenant: exit 0, nothing left behind, token never printed', async () => {
    const tenant = await startScimTenant({ users: 8, token: TOKEN });
    try {
      const io = captureIO();
      const code = await runCheck(['--base-url', tenant.baseUrl, '--write'], io);
      assert.equal(code, 0, io.stdout.join('\n'));
      assert.match(io.stdout.join('\n'), /^\d+ passed, 3 warnings, 0 failed, 0 skipped$/m);
      assert.equal(tenant.users.size, 8);
      noToken(io);
    } finally {
      await tenant.close();
    }
  });

  it('--config: the endpoint and the flosum target come from the file', async () => {
    const server = await serve();
    const u = buildUser(9, { userName: 'jdoe', emails: [{ value: 'j.doe@example.com', primary: true }] });
    server.users.set(u.id, u);
    const config = `version: 1\napp:\n  name: Flosum\n  target: flosum\napi:\n  baseUrl: ${server.baseUrl}\n  tokenRef: t\n`;
    const io = captureIO({ SCIM_TOKEN: TOKEN }, { 'a.scim.yaml': config });
    assert.equal(await runCheck(['--config', 'a.scim.yaml', '--format', 'json'], io), 1);
    const report = JSON.parse(io.stdout[0] ?? '') as JsonReport;
    assert.equal(report.checks.find((c) => c.id === 'user-sign-in-attributes')?.status, 'fail');
    const io2 = captureIO({ SCIM_TOKEN: TOKEN }, { 'a.scim.yaml': config });
    assert.equal(await runCheck(['--config', 'a.scim.yaml', '--target', 'generic-scim', '--format', 'json'], io2), 0);
  });

  it('usage errors → exit 2', async () => {
    const cases: string[][] = [
      [],
      ['--base-url', 'http://127.0.0.1:1/scim', '--config', 'x.yaml'],
      ['--base-url', 'http://127.0.0.1:1/scim', '--format', 'xml'],
      ['--base-url', 'http://127.0.0.1:1/scim', '--timeout-ms', '0'],
      ['--base-url', 'http://127.0.0.1:1/scim', '--bogus'],
      ['--base-url', 'not a url'],
      ['--config', 'missing.yaml'],
    ];
    for (const argv of cases) {
      const io = captureIO();
      assert.equal(await runCheck(argv, io), 2, argv.join(' '));
      assert.match(io.stderr.join('\n'), /scim-provisioning check:/);
    }
    const io = captureIO({});
    assert.equal(await runCheck(['--base-url', 'http://127.0.0.1:1/scim'], io), 2);
    assert.match(io.stderr.join('\n'), /SCIM_TOKEN/);
    const help = captureIO();
    assert.equal(await runCheck(['--help'], help), 0);
    assert.match(help.stdout.join('\n'), /usage: scim-provisioning check/);
  });

  it('plain http to a non-loopback host is refused before any connection → exit 1', async () => {
    const io = captureIO();
    const code = await runCheck(['--base-url', 'http://scim.example.invalid/scim/v2', '--write'], io);
    assert.equal(code, 1);
    assert.match(io.stderr.join('\n'), /insecure-url: Refusing to send the API token over plain http to scim\.example\.invalid/);
    assert.deepEqual(io.stdout, []);
    noToken(io);
  });

  it('a wrong token: the credential check fails, exit 1, the token is not printed', async () => {
    const server = await serve();
    const io = captureIO({ SCIM_TOKEN: `${TOKEN}-nope` });
    assert.equal(await runCheck(['--base-url', server.baseUrl, '--format', 'json'], io), 1);
    const report = JSON.parse(io.stdout[0] ?? '') as JsonReport;
    assert.equal(report.checks[0]?.id, 'okta-credentials');
    assert.equal(report.checks[0]?.status, 'fail');
    assert.equal(report.checks[0]?.evidence.status, 401);
    assert.equal(report.summary.fail, 1);
    // The JSON says why, as test-credentials does; in generic words for a server that is not Flosum's.
    assert.equal(report.diagnosis, 'unauthorized');
    assert.match(report.message ?? '', /rejected the API token \(HTTP 401\).*Re-enter the token and check/);
    assert.doesNotMatch(report.message ?? '', /Global Settings|flosum/i);
    noToken(io);
  });

  it('a base URL one level too short (404 everywhere): one clear failure naming the base path, the rest skipped', async () => {
    const tenant = await startScimTenant({ users: 3, token: TOKEN, basePath: '/api/auth/scim/v2' });
    try {
      const short = `${tenant.origin}/api/auth`;
      const io = captureIO();
      assert.equal(await runCheck(['--base-url', short, '--format', 'json'], io), 1);
      const report = JSON.parse(io.stdout[0] ?? '') as JsonReport;
      assert.deepEqual(report.summary, { pass: 0, warn: 0, fail: 1, skip: report.checks.length - 1 });
      assert.equal(report.checks[0]?.status, 'fail');
      assert.equal(report.checks[0]?.message, `HTTP 404 for /Users: the base URL's path looks wrong (${short}/scim/v2 answers the same request with a SCIM ListResponse); the remaining checks need the SCIM base URL.`);
      assert.equal(report.checks[0]?.fix, `Use ${short}/scim/v2 as the base URL.`);
      assert.equal(report.diagnosis, 'not-found');
      assert.match(report.message ?? '', /has no SCIM Users endpoint at this URL \(HTTP 404\)\. Check the Base URL: it is the SCIM base/);
      for (const text of [report.message, report.checks[0]?.message, report.checks[0]?.fix]) assert.doesNotMatch(text ?? '', /flosum|region table|Global Settings|api\/v1\/scim/i);
      // The site root: no deeper base answers either; the text report says what to check.
      const root = captureIO();
      assert.equal(await runCheck(['--base-url', `${tenant.origin}/nothing-here`], root), 1);
      const text = root.stdout.join('\n');
      assert.match(text, /^✖ .*\[okta-credentials\]\n {4}HTTP 404 for \/Users: the base URL's path looks wrong \(one level too short, or it ends in \/Users\)/m);
      assert.match(text, /^0 passed, 0 warnings, 1 failed, \d+ skipped$/m);
      assert.match(text, /^not-found: /m);
    } finally {
      await tenant.close();
    }
  });

  it('with target flosum (from the config) the fix and the diagnosis name Flosum\'s region table', async () => {
    const tenant = await startScimTenant({ users: 1, token: TOKEN, basePath: '/api/v1/scim' });
    try {
      const config = `version: 1\napp:\n  name: Flosum\n  target: flosum\napi:\n  baseUrl: ${tenant.origin}/api\n  tokenRef: t\n`;
      const io = captureIO({ SCIM_TOKEN: TOKEN }, { 'f.scim.yaml': config });
      assert.equal(await runCheck(['--config', 'f.scim.yaml', '--format', 'json'], io), 1);
      const report = JSON.parse(io.stdout[0] ?? '') as JsonReport;
      assert.match(report.checks[0]?.fix ?? '', /region table \(United States https:\/\/global-us\.flosum\.app\/api\/v1\/scim/);
      assert.match(report.message ?? '', /region table/);
    } finally {
      await tenant.close();
    }
  });
});
