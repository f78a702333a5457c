// One HTTP exchange with a service that holds a token, under the rules every request follows, SCIM or
// not (the tenant's SCIM API today, an identity provider's management API next): https anywhere and
// plain http only to loopback (./url.ts), the token only to the origin it belongs to, a timeout and
// the caller's cancellation per exchange, a cap on the body, and undici dispatchers that carry the
// proxy, no_proxy and CA settings. Failures come back as data (ExchangeError) for the caller to word;
// 429s are waited out by the caller under the one policy (./rateLimit.ts).
import * as fs from 'node:fs';
import * as tls from 'node:tls';
import { Agent, ProxyAgent, request } from 'undici';
import type { Dispatcher } from 'undici';
import { checkEndpointUrl, isLoopbackHost, originOf } from './url';

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

export interface ProxyOptions {
  /** http://proxy:port (credentials in the URL are allowed and never logged). */
  url: string;
  /** Verify the target's certificate through the proxy; default true. */
  strictSSL?: boolean;
  /** Hosts that bypass the proxy: `*`, `example.com` / `.example.com` (and subdomains), `host:port`. */
  noProxy?: string[];
}

export interface DispatcherOptions {
  /** Connect timeout. */
  timeoutMs: number;
  proxy?: ProxyOptions;
  /** false only when explicitly asked (http.proxyStrictSSL=false). Default true. */
  strictSSL?: boolean;
  /** Extra trusted CA certificates (PEM), added to Node's roots and NODE_EXTRA_CA_CERTS. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Environment for NODE_EXTRA_CA_CERTS; default process.env. */
  env?: Record<string, string | undefined>;
  /** Tests: route every request through this dispatcher instead. */
  dispatcher?: Dispatcher;
}

const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID', 'EPROTO', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_NOT_YET_VALID', 'CERT_UNTRUSTED', 'CERT_REVOKED', 'ERR_SSL_WRONG_VERSION_NUMBER', 'ECONNRESET_TLS',
]);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL']);
const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);
const REFUSED_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'EADDRNOTAVAIL']);

/** What kind of network failure an error was. */
export type NetworkFailureKind = 'dns' | 'tls' | 'timeout' | 'connection-refused';

/** Error codes along an error's cause chain (undici wraps Node's errors). */
export function errorCodes(err: unknown): string[] {
  const codes: string[] = [];
  const seen = new Set<unknown>();
  let e: unknown = err;
  while (e && typeof e === 'object' && !seen.has(e)) {
    seen.add(e);
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    const errors = (e as { errors?: unknown }).errors;
    if (Array.isArray(errors)) for (const sub of errors) codes.push(...errorCodes(sub));
    e = (e as { cause?: unknown }).cause;
  }
  return codes;
}

/** Map a thrown network error to its kind (undefined when unknown). */
export function classifyNetworkError(err: unknown): { kind: NetworkFailureKind; code?: string } | undefined {
  const codes = errorCodes(err);
  const find = (set: Set<string>, prefix?: string): string | undefined =>
    codes.find((c) => set.has(c) || (prefix !== undefined && c.startsWith(prefix)));
  let code: string | undefined;
  if ((code = find(DNS_CODES))) return { kind: 'dns', code };
  if ((code = find(TLS_CODES, 'ERR_SSL_') ?? codes.find((c) => c.startsWith('CERT_') || c.startsWith('ERR_TLS_')))) return { kind: 'tls', code };
  if ((code = find(TIMEOUT_CODES))) return { kind: 'timeout', code };
  if ((code = find(REFUSED_CODES))) return { kind: 'connection-refused', code };
  return undefined;
}

/** Response headers with lower-case names, repeated ones joined. */
export function flattenHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** Does `host[:port]` bypass the proxy according to a no_proxy list? */
export function matchesNoProxy(hostname: string, port: string, noProxy: readonly string[]): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  for (const raw of noProxy) {
    let entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    let entryPort: string | undefined;
    const m = /^(.*):(\d+)$/.exec(entry);
    if (m && !entry.includes('::')) { entry = m[1] ?? ''; entryPort = m[2]; }
    entry = entry.replace(/^\*?\./, '');
    if (entryPort !== undefined && entryPort !== port) continue;
    if (host === entry || host.endsWith(`.${entry}`)) return true;
  }
  return false;
}

/** The CA list for the Agent, or undefined to let Node use its default store (which already holds NODE_EXTRA_CA_CERTS). */
export function buildCaList(extra: DispatcherOptions['ca'], env: Record<string, string | undefined>): Array<string | Buffer> | undefined {
  if (extra === undefined) return undefined;
  const list: Array<string | Buffer> = [...tls.rootCertificates];
  const file = env.NODE_EXTRA_CA_CERTS;
  if (file) {
    try { list.push(fs.readFileSync(file)); } catch { /* Node itself warns about an unreadable file */ }
  }
  list.push(...(Array.isArray(extra) ? extra : [extra]));
  return list;
}

/** The pooled undici dispatchers of one client: direct, and through the proxy when one is set. */
export class Dispatchers {
  private readonly direct: Dispatcher;
  private readonly proxied?: Dispatcher;
  private readonly noProxy: readonly string[];
  private readonly owned: Dispatcher[] = [];

  constructor(opts: DispatcherOptions) {
    this.noProxy = opts.proxy?.noProxy ?? [];
    const strictSSL = opts.strictSSL !== false;
    const ca = buildCaList(opts.ca, opts.env ?? process.env);
    if (opts.dispatcher) {
      this.direct = opts.dispatcher;
      return;
    }
    const agent = new Agent({
      keepAliveTimeout: 10_000,
      connections: 8,
      connect: { rejectUnauthorized: strictSSL, ...(ca ? { ca } : {}), timeout: opts.timeoutMs },
    });
    this.direct = agent;
    this.owned.push(agent);
    if (opts.proxy) {
      const proxyStrict = opts.proxy.strictSSL !== false;
      const proxy = new ProxyAgent({
        uri: opts.proxy.url,
        requestTls: { rejectUnauthorized: strictSSL && proxyStrict, ...(ca ? { ca } : {}) },
        proxyTls: { rejectUnauthorized: proxyStrict, ...(ca ? { ca } : {}) },
      });
      this.proxied = proxy;
      this.owned.push(proxy);
    }
  }

  /** The proxy unless the host is loopback or in no_proxy, else the direct agent. */
  dispatcherFor(url: string | URL): Dispatcher {
    const target = typeof url === 'string' ? new URL(url) : url;
    const port = target.port || (target.protocol === 'https:' ? '443' : '80');
    return this.proxied && !isLoopbackHost(target.hostname) && !matchesNoProxy(target.hostname, port, this.noProxy) ? this.proxied : this.direct;
  }

  /** Release pooled connections (a dispatcher given by a test stays open). */
  async close(): Promise<void> {
    await Promise.all(this.owned.map((d) => d.close()));
  }
}

export interface Exchange {
  status: number;
  headers: Record<string, string>;
  text: string;
}

/** Why an exchange has no answer to show; the caller words it. */
export type ExchangeFailure =
  /** Refused before any connection: not https (nor http to loopback), or not a URL. */
  | { kind: 'insecure-url'; message: string }
  /** The token's origin is not the URL's: nothing was sent. */
  | { kind: 'other-origin' }
  /** The caller's signal aborted. */
  | { kind: 'cancelled' }
  /** No complete answer within the timeout. */
  | { kind: 'timeout'; timeoutMs: number }
  /** The body is over the cap: declared by Content-Length, or found while reading (reading stopped). */
  | { kind: 'too-large'; status: number; limit: number; declared?: number }
  /** The connection failed (see classifyNetworkError). */
  | { kind: 'network'; error: unknown };

export class ExchangeError extends Error {
  constructor(readonly failure: ExchangeFailure) { super(failure.kind); }
}

export interface ExchangeOptions {
  dispatcher: Dispatcher;
  method: Dispatcher.HttpMethod;
  /** Without Authorization: `bearer` adds it. */
  headers: Record<string, string>;
  body?: string;
  /** The token and the origin it belongs to: sent only to that origin. */
  bearer?: { token: string; origin: string };
  signal?: AbortSignal;
  timeoutMs: number;
  maxBytes: number;
}

/** One request and its whole answer (no redirect followed), or an ExchangeError. */
export async function exchange(url: string | URL, opts: ExchangeOptions): Promise<Exchange> {
  const check = checkEndpointUrl(url);
  // Decided from the string alone: no DNS lookup and no connection have happened.
  if (!check.ok) throw new ExchangeError({ kind: 'insecure-url', message: check.message });
  const headers = { ...opts.headers };
  if (opts.bearer) {
    if (originOf(check.url) !== opts.bearer.origin) throw new ExchangeError({ kind: 'other-origin' });
    headers.authorization = `Bearer ${opts.bearer.token}`;
  }
  const timeout = AbortSignal.timeout(opts.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  const failed = (e: unknown): ExchangeError => {
    if (opts.signal?.aborted) return new ExchangeError({ kind: 'cancelled' });
    if (timeout.aborted) return new ExchangeError({ kind: 'timeout', timeoutMs: opts.timeoutMs });
    return new ExchangeError({ kind: 'network', error: e });
  };
  if (opts.signal?.aborted) throw new ExchangeError({ kind: 'cancelled' });

  let res: Dispatcher.ResponseData;
  try {
    res = await request(check.url, {
      dispatcher: opts.dispatcher,
      method: opts.method,
      headers,
      body: opts.body,
      signal,
      headersTimeout: opts.timeoutMs,
      bodyTimeout: opts.timeoutMs,
    });
  } catch (e) {
    throw failed(e);
  }

  const resHeaders = flattenHeaders(res.headers);
  const declared = Number(resHeaders['content-length']);
  if (Number.isFinite(declared) && declared > opts.maxBytes) {
    res.body.destroy();
    throw new ExchangeError({ kind: 'too-large', status: res.statusCode, limit: opts.maxBytes, declared });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of res.body) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      size += buf.length;
      if (size > opts.maxBytes) {
        res.body.destroy();
        throw new ExchangeError({ kind: 'too-large', status: res.statusCode, limit: opts.maxBytes });
      }
      chunks.push(buf);
    }
  } catch (e) {
    if (e instanceof ExchangeError) throw e;
    throw failed(e);
  }
  return { status: res.statusCode, headers: resHeaders, text: Buffer.concat(chunks).toString('utf8') };
}
