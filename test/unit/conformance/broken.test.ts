// The conformance check against purpose-built broken servers: each fault fails the matching check,
// with evidence (request line, status, the offending fragment) and never the token.
import * as assert from 'node:assert/strict';
import { buildUser } from '../../support/builders';
import { startBrokenServer } from '../../support/broken-servers';
import type { BrokenServer, BrokenServerOptions } from '../../support/broken-servers';
import { assertNoSecret, distinctiveToken } from '../../support/secrets';
import { renderConformanceJunit, renderConformanceMarkdown } from '../../../src/core/conformance/render';
import { ScimClient } from '../../../src/core/scim/client';
import { runConformance } from '../../../src/core/conformance/run';
import { assertFragmentsBounded, assertWellFormedXml, check, nonPassing, result } from './helpers';

describe('conformance: against broken servers', function () {
  this.timeout(30_000);
  const token = distinctiveToken('broken');
  const servers: BrokenServer[] = [];
  afterEach(async () => { while (servers.length) await servers.pop()?.close(); });
  const serve = async (opts: Partial<BrokenServerOptions> = {}): Promise<BrokenServer> => {
    const s = await startBrokenServer({ users: 7, token, ...opts });
    servers.push(s);
    return s;
  };

  it('a conforming server passes every check, writes included', async () => {
    const server = await serve();
    const report = await check(server.baseUrl, token, { write: true });
    assert.deepEqual(nonPassing(report), {});
    assert.deepEqual(report.leftBehind, []);
    assert.equal(server.users.size, 7);
  });

  it('0-based paging: the sweep finds a gap', async () => {
    const server = await serve({ quirks: { zeroBased: true } });
    const report = await check(server.baseUrl, token);
    const sweep = result(report, 'paging-sweep');
    assert.equal(sweep.status, 'fail');
    assert.match(sweep.message, /returned 6 users, totalResults says 7 \(a gap/);
    assert.equal(sweep.evidence.status, 200);
    assert.match(sweep.evidence.request ?? '', /^GET \/Users\?startIndex=\d+&count=100$/);
    assert.match(sweep.evidence.fragment ?? '', /"totalResults":7/);
    assert.ok(sweep.fix);
    assert.equal(result(report, 'paging-start-index-zero').status, 'warn');
    assertNoSecret(report, token);
  });

  it('string counters: paging-counters and the credential request fail, pointing at the counter', async () => {
    const server = await serve({ quirks: { stringCounters: true } });
    const report = await check(server.baseUrl, token);
    assert.deepEqual(nonPassing(Object.assign({}, report, { checks: report.checks.filter((c) => !c.write) })), { 'okta-credentials': 'fail', 'paging-counters': 'fail' });
    const counters = result(report, 'paging-counters');
    assert.equal(counters.evidence.fragment, '"totalResults":"7"');
    assert.equal(counters.evidence.request, 'GET /Users?startIndex=1&count=2');
    assert.match(result(report, 'okta-credentials').evidence.fragment ?? '', /"totalResults":"7"/);
  });

  it('no 409 on a duplicate: duplicate-409 fails, and both test users are removed', async () => {
    const server = await serve({ quirks: { noConflict: true } });
    const report = await check(server.baseUrl, token, { write: true });
    assert.deepEqual(nonPassing(report), { 'duplicate-409': 'fail' });
    const dup = result(report, 'duplicate-409');
    assert.equal(dup.evidence.request, 'POST /Users');
    assert.equal(dup.evidence.status, 201);
    assert.match(dup.message, /same userName was accepted/);
    assert.match(result(report, 'cleanup').message, /Removed 2 test users/);
    assert.equal(server.users.size, 7);
    assert.deepEqual(report.leftBehind, []);
  });

  it('HTML error pages: 404, 401 and 409 checks fail with the HTML as evidence; junit stays well-formed', async () => {
    const server = await serve({ quirks: { htmlErrors: true } });
    const report = await check(server.baseUrl, token, { write: true });
    assert.deepEqual(nonPassing(report), { 'unknown-id-404': 'fail', 'bad-token-401': 'fail', 'duplicate-409': 'fail', 'content-type': 'warn', 'error-bodies-json': 'warn' });
    assert.match(result(report, 'error-bodies-json').message, /^7 of 7 error responses were not a SCIM Error in JSON \(first: GET \/Users\/scim-check-no-such-id-\S+ → 404, an HTML page, not a SCIM Error\)\.$/);
    for (const id of ['unknown-id-404', 'bad-token-401', 'duplicate-409']) {
      const r = result(report, id);
      assert.match(r.message, /an HTML page, not a SCIM Error/, id);
      assert.match(r.evidence.fragment ?? '', /^<!DOCTYPE html>/, id);
    }
    const xml = renderConformanceJunit(report, { baseUrl: server.baseUrl });
    assertWellFormedXml(xml);
    assert.equal((xml.match(/<failure /g) ?? []).length, 3);
    assert.match(xml, /&lt;!DOCTYPE html&gt;/);
    const md = renderConformanceMarkdown(report, { baseUrl: server.baseUrl, date: '2026-01-01' });
    assert.match(md, /\*\*3 failed\*\*/);
    assert.match(md, /## Failed[\s\S]*Unknown id → 404[\s\S]*```text\n<!DOCTYPE html>/);
  });

  it('duplicates across pages: the sweep fails naming the repeated id', async () => {
    const server = await serve({ users: 250, quirks: { overlap: 2 } });
    const report = await check(server.baseUrl, token);
    const sweep = result(report, 'paging-sweep');
    assert.equal(sweep.status, 'fail');
    assert.match(sweep.message, /duplicates? across pages \(first: id u-000099\)/);
    assert.equal(sweep.evidence.request, 'GET /Users?startIndex=101&count=100');
    assert.equal(result(report, 'paging-unaligned').status, 'skip');
  });

  it('itemsPerPage echo, no WWW-Authenticate, 404 on discovery writes, application/json: warnings only', async () => {
    const server = await serve({ quirks: { echoCount: true, noWwwAuthenticate: true, discoveryWrites404: true, plainJson: true } });
    const report = await check(server.baseUrl, token);
    assert.deepEqual(nonPassing(Object.assign({}, report, { checks: report.checks.filter((c) => !c.write) })), {
      'bad-token-401': 'warn', 'paging-counters': 'warn', 'discovery-read-only': 'warn', 'content-type': 'warn',
    });
    assert.equal(report.summary.fail, 0);
    // 405 is scim2-tester's expectation, not an RFC requirement: a warning that says so.
    const readOnly = result(report, 'discovery-read-only');
    assert.equal(readOnly.reference, 'scim2-tester (expects 405; RFC 7644 §4 defines these endpoints for GET only)');
    assert.match(readOnly.message, /^POST \/Schemas answered HTTP 404 instead of 405/);
    assert.equal(result(report, 'error-bodies-json').status, 'pass', 'those 404s are SCIM Errors');
  });

  it('empty, untyped 404s to discovery writes (Better Auth): the RFC 7644 §3.12 check warns, naming the request', async () => {
    const server = await serve({ quirks: { discoveryWrites404Empty: true } });
    const report = await check(server.baseUrl, token);
    assert.deepEqual(nonPassing(Object.assign({}, report, { checks: report.checks.filter((c) => !c.write) })), { 'discovery-read-only': 'warn', 'error-bodies-json': 'warn' });
    const bodies = result(report, 'error-bodies-json');
    assert.equal(bodies.reference, 'RFC 7644 §3.12');
    assert.match(bodies.message, /^1 of \d+ error responses were not a SCIM Error in JSON \(first: POST \/Schemas → 404, an empty body, not a SCIM Error\)\.$/);
    assert.deepEqual(bodies.evidence, { request: 'POST /Schemas', status: 404 });
    assert.match(bodies.fix ?? '', /^Answer every error with a JSON body like \{"schemas":\["urn:ietf:params:scim:api:messages:2\.0:Error"\]/);
  });

  it('case-sensitive userName filter fails the Okta case-insensitivity check', async () => {
    const server = await serve({ quirks: { caseSensitiveUserName: true } });
    const report = await check(server.baseUrl, token);
    assert.equal(result(report, 'filter-case-insensitive').status, 'fail');
  });

  it('a server that quotes the Authorization header in errors: the token is redacted from every field', async () => {
    const server = await serve({ quirks: { echoAuthorization: true, htmlErrors: true } });
    const report = await check(server.baseUrl, token, { write: true });
    const unknown = result(report, 'unknown-id-404');
    assert.match(unknown.evidence.fragment ?? '', /Authorization: Bearer \*\*\*/);
    assertNoSecret(report, token);
    assertFragmentsBounded(report);
    assert.ok(!renderConformanceJunit(report).includes(token));
  });

  it('Flosum users: userName ≠ email or a non-IANA time zone warn for generic targets and fail for flosum', async () => {
    const server = await serve({ users: 0 });
    for (const u of [buildUser(1), buildUser(2, { userName: 'jdoe', emails: [{ value: 'jane.doe@example.com', primary: true }] }), buildUser(3, { timezone: 'PST' })]) server.users.set(u.id, u);
    const generic = await check(server.baseUrl, token);
    const g = result(generic, 'user-sign-in-attributes');
    assert.equal(g.status, 'warn');
    assert.match(g.message, /2 of 3 users have/);
    assert.match(g.evidence.fragment ?? '', /jdoe: userName 'jdoe' is not the primary email/);
    assert.match(g.evidence.fragment ?? '', /time zone "PST" is not a valid IANA name/);
    const flosum = await check(server.baseUrl, token, { target: 'flosum' });
    assert.equal(result(flosum, 'user-sign-in-attributes').status, 'fail');
    assert.equal(result(flosum, 'user-sign-in-attributes').severity, 'fail');
  });

  it('an empty tenant: user-level checks skip, the list checks still pass', async () => {
    const server = await serve({ users: 0 });
    const report = await check(server.baseUrl, token);
    assert.equal(result(report, 'okta-credentials').status, 'pass');
    assert.equal(result(report, 'filter-no-match').status, 'pass');
    assert.equal(result(report, 'list-required-fields').status, 'skip');
    assert.equal(report.summary.fail, 0);
  });

  it('an unreachable endpoint: the credential check fails, the rest skip', async () => {
    const server = await serve();
    const baseUrl = server.baseUrl;
    await server.close();
    servers.length = 0;
    const report = await check(baseUrl, token, { write: true });
    assert.equal(result(report, 'okta-credentials').status, 'fail');
    assert.match(result(report, 'okta-credentials').message, /No HTTP answer/);
    assert.deepEqual(report.summary, { pass: 0, warn: 0, fail: 1, skip: report.checks.length - 1 });
    assert.deepEqual(report.leftBehind, []);
  });

  it('without raw access (ScimClient only): runs, skips what it cannot see', async () => {
    const server = await serve();
    const client = new ScimClient({ baseUrl: server.baseUrl, token });
    const bad = new ScimClient({ baseUrl: server.baseUrl, token: 'wrong-token' });
    try {
      const report = await runConformance({ client, badTokenClient: bad });
      assert.equal(report.summary.fail, 0, JSON.stringify(nonPassing(report)));
      assert.equal(report.summary.warn, 0, JSON.stringify(nonPassing(report)));
      assert.equal(result(report, 'bad-token-401').status, 'pass');
      assert.match(result(report, 'bad-token-401').message, /not visible without raw access/);
      assertNoSecret(report, token);
    } finally {
      await client.close();
      await bad.close();
    }
  });
});
