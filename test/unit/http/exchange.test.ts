import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpTransport, TransportError } from '../../../src/core/http/transport';

// The transport every request follows (src/core/http/transport.ts), against real servers on loopback.
interface Seen { url: string; authorization?: string }

function serve(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<{ origin: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ url: req.url ?? '', ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
    handler(req, res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    resolve({ origin: `http://127.0.0.1:${port}`, seen, close: () => new Promise((r) => server.close(() => r())) });
  }));
}

describe('http/transport: one exchange under the rules every request follows', () => {
  const transport = new HttpTransport({ timeoutMs: 5000 });
  after(() => transport.close());

  it('sends the credential only to its origin, follows one same-origin redirect, keeps every header line', async () => {
    const a = await serve((req, res) => {
      if (req.url === '/moved') { res.writeHead(302, { location: '/here' }); res.end(); return; }
      res.setHeader('link', ['<https://x/a>; rel="self"', '<https://x/b>; rel="next"']);
      res.end('{"ok":true}');
    });
    const b = await serve((_req, res) => res.end('{}'));
    try {
      const credential = { origin: a.origin, headers: { authorization: 'SSWS secret-a' } };
      const ex = await transport.send({ url: `${a.origin}/moved`, credential });
      assert.equal(ex.status, 200);
      assert.equal(ex.url, `${a.origin}/here`);
      assert.deepEqual(ex.headerLines.link, ['<https://x/a>; rel="self"', '<https://x/b>; rel="next"']);
      assert.deepEqual(a.seen, [{ url: '/moved', authorization: 'SSWS secret-a' }, { url: '/here', authorization: 'SSWS secret-a' }]);
      // another origin gets no credential at all
      await transport.send({ url: `${b.origin}/x`, credential });
      assert.deepEqual(b.seen, [{ url: '/x' }]);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('refuses a redirect to another origin, plain http to a non-loopback host, and a body over the cap', async () => {
    const b = await serve((_req, res) => res.end('{}'));
    const a = await serve((_req, res) => { res.writeHead(307, { location: `${b.origin}/elsewhere` }); res.end(); });
    try {
      await assert.rejects(transport.send({ url: `${a.origin}/x` }), (e: unknown) => e instanceof TransportError && e.kind === 'redirect' && e.info.location === `${b.origin}/elsewhere`);
      assert.deepEqual(b.seen, []);
      await assert.rejects(transport.send({ url: 'http://example.com/x' }), (e: unknown) => e instanceof TransportError && e.kind === 'insecure-url');
    } finally {
      await a.close();
      await b.close();
    }
    const big = await serve((_req, res) => res.end('x'.repeat(2048)));
    const small = new HttpTransport({ maxResponseBytes: 1024 });
    try {
      await assert.rejects(small.send({ url: `${big.origin}/` }), (e: unknown) => e instanceof TransportError && e.kind === 'too-large');
    } finally {
      await small.close();
      await big.close();
    }
  });
});
