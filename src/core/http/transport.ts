// One HTTP exchange with a service that holds a token, under the rules every request follows, SCIM or
// not (the tenant's SCIM API, an identity provider's management API): https anywhere and plain http
// only to loopback (./url.ts, decided before any lookup), a credential only to the origin it belongs
// to, a timeout and the caller's cancellation per exchange, a cap on the body, at most one redirect
// and only to the same origin, and undici dispatchers that carry the proxy, no_proxy and CA settings.
// `exchange` gives failures as data (ExchangeError) for a caller with wording of its own (the SCIM
// client); `HttpTransport` words them in general terms (TransportError). 429s are waited out by the
// caller under the one policy (./rateLimit.ts). Nothing here knows SCIM, Okta or Graph.
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

/** What kind of connection failure a thrown error was. */
export type ConnectionFailureKind = 'dns' | 'tls' | 'timeout' | 'connection-refused';

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
export function classifyNetworkError(err: unknown): { kind: ConnectionFailureKind; code?: string } | undefined {
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
  /** The URL that answered (after a same-origin redirect, the redirect's). */
  url: string;
  status: number;
  /** Lower-case names; several lines of one header joined with ', '. */
  headers: Record<string, string>;
  /** Each header line as sent, by lower-case name (Okta's `link:` lines). */
  headerLines: Record<string, string[]>;
  text: string;
}

/** Headers sent only when the request goes to `origin` (a token is bound to the origin it was given for). */
export interface BoundCredential {
  origin: string;
  headers: Record<string, string>;
}

/** Why an exchange has no answer to show; the caller words it. */
export type ExchangeFailure =
  /** Refused before any connection: not https (nor http to loopback), or not a URL. */
  | { kind: 'insecure-url'; message: string }
  /** The caller's signal aborted. */
  | { kind: 'cancelled' }
  /** No complete answer within the timeout. */
  | { kind: 'timeout'; timeoutMs: number }
  /** The body is over the cap: declared by Content-Length, or found while reading (reading stopped). */
  | { kind: 'too-large'; status: number; limit: number; declared?: number }
  /** The connection failed (see classifyNetworkError); `midBody`: after the answer had begun. */
  | { kind: 'network'; error: unknown; midBody?: true };

export class ExchangeError extends Error {
  constructor(readonly failure: ExchangeFailure) { super(failure.kind); }
}

export interface ExchangeOptions {
  dispatcher: Dispatcher;
  method: Dispatcher.HttpMethod;
  /** Without the credential's headers: `credential` adds them for its own origin only. */
  headers: Record<string, string>;
  body?: string;
  credential?: BoundCredential;
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
  // A credential goes only to the origin it belongs to; any other URL gets none.
  if (opts.credential && check.url.origin === originOf(opts.credential.origin)) Object.assign(headers, opts.credential.headers);
  const timeout = AbortSignal.timeout(opts.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  const failed = (e: unknown, midBody = false): ExchangeError => {
    if (opts.signal?.aborted) return new ExchangeError({ kind: 'cancelled' });
    if (timeout.aborted) return new ExchangeError({ kind: 'timeout', timeoutMs: opts.timeoutMs });
    return new ExchangeError({ kind: 'network', error: e, ...(midBody ? { midBody: true as const } : {}) });
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

  const headerLines: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headerLines[k.toLowerCase()] = Array.isArray(v) ? v : [v];
  const resHeaders = flattenHeaders(res.headers);
  const declared = Number(resHeaders['content-length']);
  if (Number.isFinite(declared) && declared > opts.maxBytes) {
    // The abort this causes is ours: it must not surface as an unhandled 'error'.
    res.body.on('error', () => undefined);
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
    // A body cut off half way is a failure, never a shorter answer.
    throw failed(e, true);
  }
  return { url: String(url), status: res.statusCode, headers: resHeaders, headerLines, text: Buffer.concat(chunks).toString('utf8') };
}

/** Why a redirect was not followed. `url` is the URL that answered with it. */
export interface RedirectRefusal {
  reason: 'no-location' | 'bad-location' | 'other-origin' | 'again';
  status: number;
  /** The Location as sent, or resolved against `url` when it parses; undefined when there was none. */
  location?: string;
  url: string;
}

/**
 * `first` (the answer to `url`), or when it is a redirect to the same origin, the answer from there
 * (`again`); a redirect elsewhere, without a usable Location, or a second one, is refused.
 */
export async function followSameOrigin(url: string, first: Exchange, again: (href: string) => Promise<Exchange>,
  onFollow?: (status: number, href: string) => void): Promise<{ ok: true; exchange: Exchange } | { ok: false; refusal: RedirectRefusal }> {
  const isRedirect = (x: Exchange): boolean => x.status >= 300 && x.status < 400 && x.status !== 304;
  if (!isRedirect(first)) return { ok: true, exchange: first };
  const location = first.headers.location;
  if (!location) return { ok: false, refusal: { reason: 'no-location', status: first.status, url } };
  let target: URL;
  try {
    target = new URL(location, url);
  } catch {
    return { ok: false, refusal: { reason: 'bad-location', status: first.status, location, url } };
  }
  if (target.origin !== new URL(url).origin) return { ok: false, refusal: { reason: 'other-origin', status: first.status, location: target.href, url } };
  onFollow?.(first.status, target.href);
  const second = await again(target.href);
  if (isRedirect(second)) return { ok: false, refusal: { reason: 'again', status: second.status, ...(second.headers.location !== undefined ? { location: second.headers.location } : {}), url: target.href } };
  return { ok: true, exchange: second };
}

// ---- a general client of the rules above, with failures in general words ----------------------------

/** What went wrong below HTTP semantics (a status is the caller's to interpret). */
export type NetworkFailureKind = ConnectionFailureKind | 'insecure-url' | 'redirect' | 'too-large' | 'cancelled';

export class TransportError extends Error {
  constructor(
    readonly kind: NetworkFailureKind,
    message: string,
    readonly info: { code?: string; status?: number; location?: string; timeoutMs?: number; url: string },
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

export type TransportProxy = ProxyOptions;

export interface TransportOptions {
  /** Per exchange; default 10,000 ms. */
  timeoutMs?: number;
  /** Cap on a response body; default 20 MB. */
  maxResponseBytes?: number;
  userAgent?: string;
  proxy?: TransportProxy;
  strictSSL?: boolean;
  ca?: DispatcherOptions['ca'];
  /** Tests: route every request through this dispatcher. */
  dispatcher?: Dispatcher;
  env?: Record<string, string | undefined>;
}

export interface TransportRequest {
  url: string;
  method?: Dispatcher.HttpMethod;
  headers?: Record<string, string>;
  body?: string;
  credential?: BoundCredential;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export const DEFAULT_TRANSPORT_TIMEOUT_MS = DEFAULT_TIMEOUT_MS;

/** Requests under the rules above, following one same-origin redirect at most; throws TransportError. */
export class HttpTransport {
  readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly userAgent: string;
  private readonly dispatchers: Dispatchers;

  constructor(opts: TransportOptions = {}) {
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TRANSPORT_TIMEOUT_MS;
    this.maxBytes = opts.maxResponseBytes ?? 20 * 1024 * 1024;
    this.userAgent = opts.userAgent ?? 'scim-provisioning';
    this.dispatchers = new Dispatchers({
      timeoutMs: this.timeoutMs,
      ...(opts.proxy ? { proxy: opts.proxy } : {}),
      ...(opts.strictSSL !== undefined ? { strictSSL: opts.strictSSL } : {}),
      ...(opts.ca !== undefined ? { ca: opts.ca } : {}),
      ...(opts.env ? { env: opts.env } : {}),
      ...(opts.dispatcher ? { dispatcher: opts.dispatcher } : {}),
    });
  }

  /** Release pooled connections. */
  async close(): Promise<void> {
    await this.dispatchers.close();
  }

  /** One request, following one redirect to the same origin at most. Throws TransportError. */
  async send(req: TransportRequest): Promise<Exchange> {
    const from = new URL(req.url);
    const followed = await followSameOrigin(req.url, await this.exchange(req.url, req), (href) => this.exchange(href, req));
    if (followed.ok) return followed.exchange;
    const r = followed.refusal;
    if (r.reason === 'again') throw new TransportError('redirect', `${from.host} redirected twice; not followed`, { status: r.status, location: r.location ?? '', url: r.url });
    throw new TransportError('redirect', `${from.host} redirected to ${r.location ?? '(no Location)'}; a redirect to another origin is not followed (the token stays with ${from.origin})`, { status: r.status, location: r.location ?? '', url: r.url });
  }

  private async exchange(url: string, req: TransportRequest): Promise<Exchange> {
    const timeoutMs = req.timeoutMs ?? this.timeoutMs;
    let host = url;
    try { host = new URL(url).host; } catch { /* the URL check below says why */ }
    try {
      return await exchange(url, {
        dispatcher: this.dispatchers.dispatcherFor(url),
        method: req.method ?? 'GET',
        headers: { 'user-agent': this.userAgent, ...(req.headers ?? {}) },
        ...(req.body !== undefined ? { body: req.body } : {}),
        ...(req.credential ? { credential: req.credential } : {}),
        ...(req.signal ? { signal: req.signal } : {}),
        timeoutMs,
        maxBytes: this.maxBytes,
      });
    } catch (e) {
      if (!(e instanceof ExchangeError)) throw e;
      const f = e.failure;
      switch (f.kind) {
        case 'insecure-url': throw new TransportError('insecure-url', f.message, { url });
        case 'cancelled': throw new TransportError('cancelled', 'The request was cancelled.', { url });
        case 'timeout': throw new TransportError('timeout', `${host} did not answer within ${f.timeoutMs} ms`, { url, timeoutMs: f.timeoutMs });
        case 'too-large':
          throw new TransportError('too-large', f.declared !== undefined
            ? `${host} answered with ${f.declared} bytes, over the ${f.limit}-byte limit`
            : `${host} answered with more than ${f.limit} bytes (reading stopped)`, { status: f.status, url });
        case 'network': throw connectionError(url, host, f.error, f.midBody === true);
      }
    }
  }
}

function connectionError(url: string, host: string, e: unknown, midBody: boolean): TransportError {
  const c = classifyNetworkError(e);
  const msg = e instanceof Error ? e.message : String(e);
  const code = c?.code ?? errorCodes(e)[0];
  const kind = c?.kind ?? 'connection-refused';
  const what = midBody ? `the connection to ${host} dropped before the answer was complete`
    : kind === 'dns' ? `the host name ${host} could not be resolved`
      : kind === 'tls' ? `the TLS certificate of ${host} could not be verified`
        : kind === 'timeout' ? `${host} did not answer in time` : `the connection to ${host} was refused or dropped`;
  return new TransportError(kind, `${what}${code ? ` (${code})` : msg ? ` (${msg})` : ''}`, { ...(code ? { code } : {}), url });
}
