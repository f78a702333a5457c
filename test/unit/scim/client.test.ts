import * as assert from 'node:assert/strict';
import { Agent } from 'undici';
import type { Dispatcher } from 'undici';
import { ScimClient } from '../../../src/core/scim/client';
import { classifyNetworkError, matchesNoProxy } from '../../../src/core/http/transport';
import { parseRetryAfter } from '../../../src/core/http/rateLimit';
import type { ScimClientOptions, ScimResult } from '../../../src/core/scim/client';
import { createRedactor } from '../../../src/core/http/redact';
import { FLOSUM_HINTS } from '../../../src/core/targets/hints';
import {
  BASE_PATH, hasOpenssl, makeSelfSignedCert, refusedPort, startCdn502, startConnectProxy, startHangingServer,
  startHtmlLoginPage, startJsonNotListResponse, startOversized, startRateLimited, startRedirector, startSelfSignedTls,
  startStatusServer, listHandler, startFaultServer, startSilentSocket,
} from '../../support/fault-servers';
import type { FaultServer, TlsMaterial } from '../../support/fault-servers';
import { assertNoSecret, distinctiveToken } from '../../support/secrets';
import { createLogger } from '../../../src/core/http/log';

const PATH = '/Users?startIndex=1&count=2';

describe('scim/http ScimClient', function () {
  const token = distinctiveToken('client');
  const captured: unknown[] = [];
  const logLines: string[] = [];
  const logger = createLogger({
    trace: (l) => logLines.push(l), debug: (l) => logLines.push(l), info: (l) => logLines.push(l),
    warn: (l) => logLines.push(l), error: (l) => logLines.push(l),
  }, createRedactor([token]));
  const clients: ScimClient[] = [];
  const servers: Array<{ close(): Promise<void> }> = [];

  function client(baseUrl: string, extra: Partial<ScimClientOptions> = {}): ScimClient {
    const c = new ScimClient({ baseUrl, token, version: '9.9.9', timeoutMs: 5000, logger, ...extra });
    clients.push(c);
    return c;
  }
  async function serve<T extends { close(): Promise<void> }>(p: Promise<T>): Promise<T> {
    const s = await p;
    servers.push(s);
    return s;
  }
  async function get(baseUrl: string, extra: Partial<ScimClientOptions> = {}, reqOpts: Parameters<ScimClient['get']>[1] = {}): Promise<ScimResult<unknown>> {
    const r = await client(baseUrl, extra).get(PATH, reqOpts);
    captured.push(r);
    return r;
  }
  function failure(r: ScimResult<unknown>): NonNullable<Extract<ScimResult<unknown>, { ok: false }>['failure']> {
    assert.equal(r.ok, false, `expected a failure, got ${JSON.stringify(r).slice(0, 300)}`);
    if (r.ok) throw new Error('unreachable');
    return r.failure;
  }

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  after(() => {
    // No result, message, detail or log line of this whole suite carries the token.
    assert.ok(captured.length > 10);
    assertNoSecret(captured, token);
    assertNoSecret(logLines, token);
  });

  it('sends the SCIM headers and parses JSON', async () => {
    const s = await serve(startFaultServer(listHandler(2)));
    let ua = '';
    let accept = '';
    const r = await get(s.baseUrl);
    assert.equal(r.ok, true);
    assert.equal(s.requests.length, 1);
    assert.equal(s.requests[0]?.url, `${BASE_PATH}${PATH}`);
    assert.equal(s.requests[0]?.authorization, `Bearer ${token}`);
    const srv = await serve(startFaultServer((req, res) => {
      ua = req.headers['user-agent'] ?? '';
      accept = req.headers.accept ?? '';
      listHandler(1)(req, res, { method: 'GET', url: '' }, 1);
    }));
    await get(srv.baseUrl);
    assert.equal(ua, 'scim-provisioning-vscode/9.9.9');
    assert.equal(accept, 'application/scim+json, application/json');
    if (r.ok) assert.ok(r.elapsedMs >= 0 && typeof r.headers['content-type'] === 'string');
  });

  it('reuses pooled keep-alive connections across requests', async () => {
    const remotePorts = new Set<number>();
    const s = await serve(startFaultServer((req, res, seen, n) => {
      remotePorts.add(req.socket.remotePort ?? 0);
      listHandler(1)(req, res, seen, n);
    }));
    const c = client(s.baseUrl);
    for (let i = 0; i < 6; i++) assert.equal((await c.get(PATH)).ok, true);
    // Pooled keep-alive sockets are reused (undici may open a second one while the first is released).
    assert.ok(remotePorts.size <= 2, `${remotePorts.size} connections for 6 requests`);
  });

  const statusCases: Array<[number, string]> = [[401, 'unauthorized'], [403, 'forbidden'], [404, 'not-found'], [500, 'server-error'], [503, 'server-error']];
  for (const [status, diagnosis] of statusCases) {
    it(`HTTP ${status} → ${diagnosis}`, async () => {
      const s = await serve(startStatusServer(status));
      const f = failure(await get(s.baseUrl));
      assert.equal(f.diagnosis, diagnosis);
      assert.equal(f.status, status);
      assert.ok(f.message.length > 20);
      assert.match(f.detail ?? '', new RegExp(`status ${status}`));
    });
  }

  it('401 tells the person to re-enter the token; 404 says to check the base URL, in generic words', async () => {
    const s401 = await serve(startStatusServer(401));
    const m401 = failure(await get(s401.baseUrl)).message;
    assert.match(m401, /Re-enter the token and check/);
    const s404 = await serve(startStatusServer(404));
    const m = failure(await get(s404.baseUrl)).message;
    assert.match(m, /Check the Base URL: it is the SCIM base/);
    for (const text of [m401, m]) assert.doesNotMatch(text, /flosum|Global Settings|region table|api\/v1\/scim/i);
  });

  it("with Flosum's hints (target: flosum): its token's name and the region table", async () => {
    const s401 = await serve(startStatusServer(401));
    assert.match(failure(await get(s401.baseUrl, { hints: FLOSUM_HINTS })).message, /Re-enter the token \(Global Settings API Token\)/);
    const s404 = await serve(startStatusServer(404));
    const m = failure(await get(s404.baseUrl, { hints: FLOSUM_HINTS })).message;
    assert.match(m, /region table.*https:\/\/global-de\.flosum\.app\/api\/v1\/scim/);
  });

  it('a SCIM 400 invalidFilter is a scim-error led by the server\'s detail and scimType, with the fix', async () => {
    const body = JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '400', scimType: 'invalidFilter', detail: 'filter operator sw is not supported' });
    const s = await serve(startStatusServer(400, body));
    const f = failure(await get(s.baseUrl));
    assert.equal(f.diagnosis, 'scim-error');
    assert.equal(f.status, 400);
    assert.equal(f.scimType, 'invalidFilter');
    assert.match(f.message, /^invalidFilter: filter operator sw is not supported \(HTTP 400 from 127\.0\.0\.1:\d+\)\. Use a simpler filter/);
    assert.doesNotMatch(f.message, /login page|proxy page|region|flosum/i);
    // Not a SCIM Error (plain text): still not-scim, said once.
    const plain = await serve(startStatusServer(400, 'bad request', { 'content-type': 'text/plain' }));
    const p = failure(await get(plain.baseUrl));
    assert.equal(p.diagnosis, 'not-scim');
    assert.match(p.message, /answered an unexpected HTTP 400\./);
  });

  it("a CDN's plain-text 'error code: 502' → server-error with the body in detail", async () => {
    const s = await serve(startCdn502());
    const f = failure(await get(s.baseUrl));
    assert.equal(f.diagnosis, 'server-error');
    assert.equal(f.status, 502);
    assert.match(f.detail ?? '', /error code: 502/);
  });

  it('an HTML login page with 200 → not-scim', async () => {
    const s = await serve(startHtmlLoginPage());
    const f = failure(await get(s.baseUrl));
    assert.equal(f.diagnosis, 'not-scim');
    assert.equal(f.status, 200);
    assert.match(f.message, /HTML page/);
    assert.match(f.detail ?? '', /<title>Sign in/);
    assert.ok((f.detail ?? '').length <= 220);
  });

  it('caps the response size: a chunked body over the limit is aborted → not-scim', async () => {
    const s = await serve(startOversized(2 * 1024 * 1024));
    const f = failure(await get(s.baseUrl, { maxResponseBytes: 64 * 1024 }));
    assert.equal(f.diagnosis, 'not-scim');
    assert.match(f.message, /limit/);
  });

  it('caps the response size: a declared Content-Length over the limit is refused before reading', async () => {
    const s = await serve(startOversized(11 * 1024 * 1024, true));
    const f = failure(await get(s.baseUrl));
    assert.equal(f.diagnosis, 'not-scim');
    assert.match(f.detail ?? '', /Content-Length 11534336 > limit 10485760/);
  });

  it('timeout: a hanging server with a small per-request timeout → timeout', async () => {
    const s = await serve(startHangingServer());
    const f = failure(await get(s.baseUrl, { timeoutMs: 300 }));
    assert.equal(f.diagnosis, 'timeout');
    assert.match(f.message, /300 ms/);
    assert.equal(s.requests.length, 1);
  });

  it("cancellation: the caller's AbortSignal → 'cancelled', distinct from timeout", async () => {
    const s = await serve(startHangingServer());
    const ac = new AbortController();
    const arrived = s.nextRequest();
    const pending = get(s.baseUrl, { timeoutMs: 20_000 }, { signal: ac.signal });
    await arrived;
    ac.abort();
    const f = failure(await pending);
    assert.equal(f.diagnosis, 'cancelled');
  });

  it('timeout: a socket that accepts but never completes the TLS handshake → timeout', async () => {
    const silent = await serve(startSilentSocket());
    const f = failure(await get(`https://127.0.0.1:${silent.port}${BASE_PATH}`, { timeoutMs: 300 }));
    assert.equal(f.diagnosis, 'timeout');
    assert.equal(silent.connections(), 1);
  });

  it('cancellation while waiting to retry a 429 → cancelled, no second request', async () => {
    const s = await serve(startRateLimited(() => '4'));
    const ac = new AbortController();
    const pending = get(s.baseUrl, {}, { signal: ac.signal });
    await s.nextRequest();
    ac.abort();
    const f = failure(await pending);
    assert.equal(f.diagnosis, 'cancelled');
    assert.equal(s.requests.length, 1);
  });

  it('an already-aborted signal makes no request', async () => {
    const s = await serve(startFaultServer(listHandler(1)));
    const f = failure(await get(s.baseUrl, {}, { signal: AbortSignal.abort() }));
    assert.equal(f.diagnosis, 'cancelled');
    assert.equal(s.requests.length, 0);
  });

  it('connection refused → connection-refused', async () => {
    const port = await refusedPort();
    const f = failure(await get(`http://127.0.0.1:${port}${BASE_PATH}`));
    assert.equal(f.diagnosis, 'connection-refused');
    assert.match(f.detail ?? '', /ECONNREFUSED/);
  });

  it('DNS failure (.invalid, RFC 2606) → dns, fast', async () => {
    const r = await get('https://tenant.example.invalid/api/v1/scim');
    const f = failure(r);
    assert.equal(f.diagnosis, 'dns');
    assert.match(f.message, /could not be resolved/);
    assert.match(f.message, /VPN/);
  });

  it('plain http to a non-loopback host → insecure-url, with no DNS lookup and no dispatch', async () => {
    let dispatched = 0;
    class Spy extends Agent {
      override dispatch(opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
        dispatched++;
        return super.dispatch(opts, handler);
      }
    }
    const spy = new Spy();
    try {
      // The name would fail DNS: getting insecure-url (not dns) shows no lookup was attempted.
      const f = failure(await get('http://tenant.example.invalid/api/v1/scim', { dispatcher: spy }));
      assert.equal(f.diagnosis, 'insecure-url');
      assert.match(f.message, /https:\/\//);
      assert.equal(dispatched, 0);
      const f2 = failure(await get('http://10.1.2.3:8080/api/v1/scim', { dispatcher: spy }));
      assert.equal(f2.diagnosis, 'insecure-url');
      assert.equal(dispatched, 0);
    } finally {
      await spy.close();
    }
  });

  describe('redirects', () => {
    it('a cross-origin redirect is refused; the token never reaches the other origin', async () => {
      const other = await serve(startFaultServer(listHandler(2)));
      const s = await serve(startRedirector(() => `${other.origin}/api/v1/scim/Users?startIndex=1&count=2`));
      const f = failure(await get(s.baseUrl));
      assert.equal(f.diagnosis, 'redirect');
      assert.equal(f.status, 302);
      assert.ok(f.message.includes(other.origin), f.message);
      assert.ok((f.detail ?? '').includes(other.origin));
      assert.equal(other.requests.length, 0);
      assert.ok(other.requests.every((r) => r.authorization === undefined));
    });

    it('localhost vs 127.0.0.1 is another origin too', async () => {
      const s: FaultServer = await serve(startRedirector((_o, url) => `http://localhost:${s.port}/moved${url}`, 307));
      const f = failure(await get(s.baseUrl));
      assert.equal(f.diagnosis, 'redirect');
      assert.equal(s.requests.length, 1);
    });

    it('a same-origin redirect is followed once, re-sending the token', async () => {
      const s = await serve(startRedirector((origin, url) => `${origin}/moved${url}`, 301));
      const r = await get(s.baseUrl);
      assert.equal(r.ok, true);
      assert.equal(s.requests.length, 2);
      assert.ok(s.requests[1]?.url.startsWith('/moved/api/v1/scim/Users'));
      assert.equal(s.requests[1]?.authorization, `Bearer ${token}`);
    });

    it('a relative same-origin Location works; a second redirect is refused', async () => {
      const rel = await serve(startRedirector((_o, url) => `/moved${url}`));
      assert.equal((await get(rel.baseUrl)).ok, true);
      const loop = await serve(startFaultServer((_req, res) => { res.writeHead(302, { location: '/again', 'content-length': '0' }); res.end(); }));
      const f = failure(await get(loop.baseUrl));
      assert.equal(f.diagnosis, 'redirect');
      assert.equal(loop.requests.length, 2);
    });
  });

  describe('429 and Retry-After', () => {
    it('retries once after a short Retry-After in seconds', async () => {
      const s = await serve(startRateLimited(() => '1'));
      const r = await get(s.baseUrl);
      assert.equal(r.ok, true, JSON.stringify(r));
      assert.equal(s.requests.length, 2);
      assert.ok(r.elapsedMs >= 900, `waited ${r.elapsedMs} ms`);
    });

    it('retries once after a short Retry-After as an HTTP-date', async () => {
      const s = await serve(startRateLimited(() => new Date(Date.now() + 1000).toUTCString()));
      const r = await get(s.baseUrl);
      assert.equal(r.ok, true, JSON.stringify(r));
      assert.equal(s.requests.length, 2);
    });

    it('honours X-Retry-After (Better Auth) and RateLimit-Reset the same way', async () => {
      for (const header of ['x-retry-after', 'ratelimit-reset']) {
        const s = await serve(startRateLimited(() => '1', 1, { header, textPlain: true }));
        const r = await get(s.baseUrl);
        assert.equal(r.ok, true, `${header}: ${JSON.stringify(r)}`);
        assert.equal(s.requests.length, 2, header);
        assert.ok(r.elapsedMs >= 900, `${header}: waited ${r.elapsedMs} ms`);
        assert.deepEqual(r.rateLimited, { waitedMs: 1000, retries: 1 });
      }
    });

    it('retries while the server keeps answering 429, until the bound: then rate-limited, not a hang', async () => {
      const s = await serve(startRateLimited(() => '0', 1000));
      const f = failure(await get(s.baseUrl, { rateLimit: { maxRetries: 5 } }));
      assert.equal(f.diagnosis, 'rate-limited');
      assert.equal(f.status, 429);
      assert.equal(s.requests.length, 6, 'the first request and 5 retries');
      assert.match(f.message, /still rate-limited after waiting 0 s over 5 retries/);
      // Without any header: the policy's backoff, bounded by the total wait.
      const bare = await serve(startFaultServer((_req, res) => { res.writeHead(429, { 'content-type': 'text/plain', 'content-length': '2' }); res.end('no'); }));
      const waits: number[] = [];
      const g = failure(await get(bare.baseUrl, { rateLimit: { maxTotalWaitMs: 50, backoffMs: (n) => { waits.push(n); return 20; } } }));
      assert.equal(g.diagnosis, 'rate-limited');
      assert.deepEqual(waits, [0, 1, 2], 'two waits of 20 ms fit in 50 ms; the third does not');
      assert.equal(bare.requests.length, 3);
    });

    it('parses Retry-After forms', () => {
      const now = Date.parse('2026-01-01T00:00:00Z');
      assert.equal(parseRetryAfter('3', now), 3000);
      assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now), 5000);
      assert.equal(parseRetryAfter('Wed, 31 Dec 2025 00:00:05 GMT', now), 0);
      assert.equal(parseRetryAfter('soon', now), undefined);
      assert.equal(parseRetryAfter(undefined, now), undefined);
    });
  });

  it('200 JSON that is not JSON-parsable → not-scim; other JSON is returned for the caller to check', async () => {
    const s = await serve(startStatusServer(200, 'not json at all', { 'content-type': 'text/plain' }));
    assert.equal(failure(await get(s.baseUrl)).diagnosis, 'not-scim');
    const j = await serve(startJsonNotListResponse());
    const r = await get(j.baseUrl);
    assert.equal(r.ok, true);
  });

  it('the token is redacted from a body that echoes it', async () => {
    const s = await serve(startFaultServer((req, res) => {
      const body = `<html>Invalid credentials: ${req.headers.authorization ?? ''} and raw ${token}</html>`;
      res.writeHead(500, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    }));
    const f = failure(await get(s.baseUrl));
    assert.equal(f.diagnosis, 'server-error');
    assert.match(f.detail ?? '', /Bearer \*\*\*/);
    assertNoSecret(f, token);
  });

  describe('TLS', function () {
    let material: TlsMaterial;
    let tlsServer: FaultServer;
    before(async function () {
      if (!hasOpenssl()) this.skip();
      material = makeSelfSignedCert(['localhost', '127.0.0.1', 'scim.example.test']);
      tlsServer = await startSelfSignedTls(material);
    });
    after(async () => { await tlsServer?.close(); });

    it('a self-signed certificate → tls, mentioning TLS interception, NODE_EXTRA_CA_CERTS and http.proxyStrictSSL', async () => {
      const f = failure(await get(tlsServer.baseUrl));
      assert.equal(f.diagnosis, 'tls');
      assert.match(f.message, /intercept/i);
      assert.match(f.message, /NODE_EXTRA_CA_CERTS/);
      assert.match(f.message, /http\.proxyStrictSSL/);
      assert.match(f.detail ?? '', /SELF_SIGNED|UNABLE_TO_VERIFY|DEPTH_ZERO/);
    });

    it('trusting the certificate through `ca` verifies; strictSSL:false only when asked', async () => {
      assert.equal((await get(tlsServer.baseUrl, { ca: material.cert })).ok, true);
      assert.equal((await get(`https://localhost:${tlsServer.port}${BASE_PATH}`, { ca: material.cert })).ok, true);
      assert.equal((await get(tlsServer.baseUrl, { strictSSL: false })).ok, true);
    });

    it('a certificate for another name → tls (ERR_TLS_CERT_ALTNAME_INVALID)', async () => {
      const other = makeSelfSignedCert(['other.example.test']);
      const s = await serve(startSelfSignedTls(other));
      const f = failure(await get(s.baseUrl, { ca: other.cert }));
      assert.equal(f.diagnosis, 'tls');
      assert.match(f.detail ?? '', /ERR_TLS_CERT_ALTNAME_INVALID/);
    });

    it('goes through an HTTPS proxy (CONNECT) unless the host is in noProxy', async () => {
      const proxy = await serve(startConnectProxy(tlsServer.port));
      const url = `https://scim.example.test:${tlsServer.port}${BASE_PATH}`;
      const r = await get(url, { ca: material.cert, proxy: { url: proxy.url } });
      assert.equal(r.ok, true, JSON.stringify(r));
      assert.deepEqual(proxy.connects, [`scim.example.test:${tlsServer.port}`]);
      // Bypassed: direct, and that name does not resolve here.
      const f = failure(await get(url, { ca: material.cert, proxy: { url: proxy.url, noProxy: ['.example.test'] } }));
      assert.equal(f.diagnosis, 'dns');
      assert.equal(proxy.connects.length, 1);
    });
  });

  it('noProxy matching', () => {
    assert.ok(matchesNoProxy('api.example.com', '443', ['example.com']));
    assert.ok(matchesNoProxy('api.example.com', '443', ['.example.com']));
    assert.ok(matchesNoProxy('example.com', '443', ['*.example.com']));
    assert.ok(matchesNoProxy('anything', '443', ['*']));
    assert.ok(matchesNoProxy('h.example.com', '8443', ['h.example.com:8443']));
    assert.ok(!matchesNoProxy('h.example.com', '443', ['h.example.com:8443']));
    assert.ok(!matchesNoProxy('notexample.com', '443', ['example.com']));
    assert.ok(!matchesNoProxy('example.org', '443', ['example.com', '']));
  });

  it('classifies Node/undici error codes', () => {
    const wrap = (code: string): Error => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code }) });
    assert.equal(classifyNetworkError(wrap('ENOTFOUND'))?.kind, 'dns');
    assert.equal(classifyNetworkError(wrap('EAI_AGAIN'))?.kind, 'dns');
    assert.equal(classifyNetworkError(wrap('ECONNREFUSED'))?.kind, 'connection-refused');
    for (const c of ['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']) assert.equal(classifyNetworkError(wrap(c))?.kind, 'timeout', c);
    for (const c of ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'EPROTO']) {
      assert.equal(classifyNetworkError(wrap(c))?.kind, 'tls', c);
    }
    assert.equal(classifyNetworkError(new Error('x')), undefined);
  });
});
