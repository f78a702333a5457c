// The raw transport sends the token only to the base URL's origin, never follows redirects, refuses
// insecure URLs before connecting, and redacts the token from bodies.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { rawTransport, requestLine } from '../../../src/core/scim/rawTransport';
import { createRedactor } from '../../../src/core/http/redact';
import { distinctiveToken } from '../../support/secrets';

interface Seen { url: string; authorization?: string }

async function serve(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<{ url: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ url: req.url ?? '', ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

describe('scim/rawTransport', function () {
  const token = distinctiveToken('raw');

  it('does not follow a redirect to another origin; the other origin never sees the token', async () => {
    const other = await serve((_req, res) => { res.writeHead(200).end('{}'); });
    const tenant = await serve((_req, res) => { res.writeHead(302, { location: `${other.url}/steal` }).end(); });
    const t = rawTransport({ baseUrl: `${tenant.url}/scim`, token, redact: createRedactor() });
    try {
      const r = await t.send('GET', '/Users');
      assert.equal(r.status, 302);
      assert.deepEqual(other.seen, []);
      assert.equal(tenant.seen[0]?.authorization, `Bearer ${token}`);
    } finally {
      await t.close();
      await tenant.close();
      await other.close();
    }
  });

  it('a wrong token and no token are what they say; bodies are redacted', async () => {
    const tenant = await serve((req, res) => { res.writeHead(401, { 'content-type': 'application/scim+json' }).end(JSON.stringify({ detail: `got ${req.headers.authorization ?? 'nothing'}` })); });
    const t = rawTransport({ baseUrl: `${tenant.url}/scim`, token, redact: createRedactor() });
    try {
      const good = await t.send('GET', '/Users');
      assert.ok(!good.text.includes(token));
      await t.send('GET', '/Users', { auth: 'bad' });
      await t.send('GET', '/Users', { auth: 'none' });
      assert.match(tenant.seen[1]?.authorization ?? '', /^Bearer scim-check-invalid-/);
      assert.equal(tenant.seen[2]?.authorization, undefined);
    } finally {
      await t.close();
      await tenant.close();
    }
  });

  it('refuses plain http to a non-loopback host and paths that are not relative, without connecting', async () => {
    const t = rawTransport({ baseUrl: 'http://scim.example.invalid/scim', token, redact: createRedactor() });
    const r = await t.send('GET', '/Users');
    assert.equal(r.status, undefined);
    assert.match(r.error ?? '', /Refusing to send the API token over plain http/);
    await t.close();
    const t2 = rawTransport({ baseUrl: 'https://scim.example.invalid/scim', token, redact: createRedactor() });
    const r2 = await t2.send('GET', 'https://elsewhere.example/Users');
    assert.match(r2.error ?? '', /path must start with \//);
    await t2.close();
  });

  it('request lines show the decoded query', () => {
    assert.equal(requestLine('GET', `/Users?filter=${encodeURIComponent('userName eq "a@b.c"')}`), 'GET /Users?filter=userName eq "a@b.c"');
  });
});
