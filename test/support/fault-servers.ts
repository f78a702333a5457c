// Raw servers for what a real SCIM tenant can't do on purpose: login pages, hung sockets,
// self-signed TLS, cross-origin redirects, CDN 502s, 429s, oversized bodies, a CONNECT proxy.
// All listen on 127.0.0.1, ephemeral ports; every one records the requests it saw.
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { buildListResponse, buildScimError, buildUsers } from './builders';

export interface SeenRequest {
  method: string;
  url: string;
  host?: string;
  /** The raw Authorization header (tests assert where a token did or did not arrive). */
  authorization?: string;
}

export interface FaultServer {
  origin: string;
  /** origin + /api/v1/scim */
  baseUrl: string;
  port: number;
  requests: SeenRequest[];
  /** Resolves with the next request this server receives (already-recorded ones do not count). */
  nextRequest(): Promise<SeenRequest>;
  close(): Promise<void>;
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, seen: SeenRequest, n: number) => void;

export const BASE_PATH = '/api/v1/scim';

export interface TlsMaterial { key: string; cert: string; dir: string }

/** Start an http (or https with `tls`) server on 127.0.0.1 with the given handler. */
export async function startFaultServer(handler: Handler, opts: { tls?: { key: string; cert: string }; host?: string } = {}): Promise<FaultServer> {
  const requests: SeenRequest[] = [];
  const events = new EventEmitter();
  const sockets = new Set<net.Socket>();
  const listener = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const seen: SeenRequest = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      ...(req.headers.host ? { host: req.headers.host } : {}),
      ...(req.headers.authorization !== undefined ? { authorization: req.headers.authorization } : {}),
    };
    requests.push(seen);
    events.emit('request', seen);
    handler(req, res, seen, requests.length);
  };
  const server = opts.tls ? https.createServer({ key: opts.tls.key, cert: opts.tls.cert }, listener) : http.createServer(listener);
  server.on('connection', (s: net.Socket) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  server.on('secureConnection', (s: net.Socket) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  server.on('tlsClientError', () => { /* the client refused our certificate: expected in TLS tests */ });
  const host = opts.host ?? '127.0.0.1';
  server.listen(0, host);
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const origin = `${opts.tls ? 'https' : 'http'}://${host}:${port}`;
  return {
    origin,
    baseUrl: origin + BASE_PATH,
    port,
    requests,
    nextRequest: async () => (await once(events, 'request'))[0] as SeenRequest,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    }),
  };
}

function send(res: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/scim+json', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

/** A valid ListResponse with n users, for any path. */
export function listHandler(n = 2): Handler {
  return (_req, res) => send(res, 200, JSON.stringify(buildListResponse(buildUsers(n), { totalResults: n, itemsPerPage: n })));
}

/** 200 text/html: what a site root or an SSO redirect target looks like. */
export function startHtmlLoginPage(): Promise<FaultServer> {
  return startFaultServer((_req, res) => {
    const body = '<!DOCTYPE html><html><head><title>Sign in</title></head><body><form action="/login"><input name="user"></form></body></html>';
    send(res, 200, body, { 'content-type': 'text/html; charset=utf-8' });
  });
}

/** Accepts, reads the request, never answers. */
export function startHangingServer(): Promise<FaultServer> {
  return startFaultServer(() => { /* never answer */ });
}

/** A CDN's plain-text 502. */
export function startCdn502(): Promise<FaultServer> {
  return startFaultServer((_req, res) => send(res, 502, 'error code: 502', { 'content-type': 'text/plain' }));
}

/** Any status with a SCIM Error body (or a given body). */
export function startStatusServer(status: number, body?: string, headers: Record<string, string> = {}): Promise<FaultServer> {
  return startFaultServer((_req, res) => send(res, status, body ?? JSON.stringify(buildScimError(status, `status ${status}`)), headers));
}

/** 200 JSON of another shape (a health check, a REST API's own list). */
export function startJsonNotListResponse(body: unknown = { status: 'UP', users: [] }): Promise<FaultServer> {
  return startFaultServer((_req, res) => send(res, 200, JSON.stringify(body), { 'content-type': 'application/json' }));
}

/** A 200 body of `bytes` bytes, chunked (no Content-Length) unless `declareLength`. */
export function startOversized(bytes: number, declareLength = false): Promise<FaultServer> {
  return startFaultServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/scim+json', ...(declareLength ? { 'content-length': String(bytes) } : {}) });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let left = bytes;
    const pump = (): void => {
      while (left > 0) {
        const n = Math.min(left, chunk.length);
        left -= n;
        if (!res.write(chunk.subarray(0, n))) { res.once('drain', pump); return; }
      }
      res.end();
    };
    res.on('error', () => { /* client gave up */ });
    pump();
  });
}

/**
 * The first `times` requests get 429 asking to wait `retryAfter()` (seconds or HTTP-date) in `header`
 * (default Retry-After; Better Auth sends X-Retry-After, others RateLimit-Reset), then a ListResponse.
 * `textPlain`: the 429 body is text/plain, as a generic rate limiter in front of the API sends it.
 */
export function startRateLimited(retryAfter: () => string, times = 1, opts: { header?: string; textPlain?: boolean } = {}): Promise<FaultServer> {
  const ok = listHandler(2);
  const header = opts.header ?? 'retry-after';
  return startFaultServer((req, res, seen, n) => {
    if (n > times) { ok(req, res, seen, n); return; }
    if (opts.textPlain) send(res, 429, JSON.stringify({ message: 'Too many requests. Please try again later.' }), { 'content-type': 'text/plain;charset=UTF-8', [header]: retryAfter() });
    else send(res, 429, JSON.stringify(buildScimError(429, 'slow down')), { [header]: retryAfter() });
  });
}

/**
 * Redirects everything not under `/moved` to `location(origin)` with `status`; `/moved...` answers a
 * ListResponse (so a same-origin redirect to `${origin}/moved${path}` succeeds).
 */
export function startRedirector(location: (origin: string, url: string) => string, status = 302): Promise<FaultServer> {
  let origin = '';
  const ok = listHandler(2);
  const p = startFaultServer((req, res, seen, n) => {
    if ((req.url ?? '').startsWith('/moved')) { ok(req, res, seen, n); return; }
    res.writeHead(status, { location: location(origin, req.url ?? '/'), 'content-length': '0' });
    res.end();
  });
  return p.then((s) => { origin = s.origin; return s; });
}

/** A port that refuses connections: bound, then closed. */
export async function refusedPort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let opensslChecked: boolean | undefined;
export function hasOpenssl(): boolean {
  if (opensslChecked === undefined) {
    try { execFileSync('openssl', ['version'], { stdio: 'ignore' }); opensslChecked = true; } catch { opensslChecked = false; }
  }
  return opensslChecked;
}

/** A self-signed certificate (EC P-256, 1 day) for the given names, made by the openssl CLI at test time. */
export function makeSelfSignedCert(names: string[] = ['localhost', '127.0.0.1']): TlsMaterial {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scim-tls-'));
  const san = names.map((n) => (net.isIP(n) ? `IP:${n}` : `DNS:${n}`)).join(',');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-days', '1',
    '-subj', `/CN=${names[0] ?? 'localhost'}`, '-addext', `subjectAltName=${san}`,
  ], { stdio: 'ignore' });
  return { key: fs.readFileSync(path.join(dir, 'key.pem'), 'utf8'), cert: fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8'), dir };
}

/** An https server with a self-signed certificate answering a ListResponse. */
export function startSelfSignedTls(material: TlsMaterial, handler: Handler = listHandler(2)): Promise<FaultServer> {
  return startFaultServer(handler, { tls: { key: material.key, cert: material.cert } });
}

export interface ConnectProxy {
  url: string;
  port: number;
  /** `host:port` of every CONNECT seen. */
  connects: string[];
  close(): Promise<void>;
}

/** A CONNECT proxy that tunnels every target to 127.0.0.1:`targetPort` (so any host name "resolves" through it). */
export async function startConnectProxy(targetPort: number): Promise<ConnectProxy> {
  const connects: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((_req, res) => { res.writeHead(405); res.end(); });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    connects.push(req.url ?? '');
    sockets.add(client);
    const upstream = net.connect(targetPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    const done = (): void => { client.destroy(); upstream.destroy(); };
    upstream.on('error', done);
    client.on('error', done);
    upstream.on('close', done);
    client.on('close', done);
  });
  server.on('connection', (s: net.Socket) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    connects,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    }),
  };
}

/** A raw TCP socket that accepts and never sends a byte (a TLS handshake that never completes). */
export async function startSilentSocket(): Promise<{ port: number; connections: () => number; nextConnection(): Promise<void>; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let count = 0;
  const events = new EventEmitter();
  const server = net.createServer((s) => {
    count++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => { /* client went away */ });
    events.emit('connection');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => count,
    nextConnection: async () => { await once(events, 'connection'); },
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    }),
  };
}
