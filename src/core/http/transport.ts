// One HTTP exchange, not specific to any API: the security rules every request of the product
// follows (https anywhere, plain http only to loopback, decided from the URL before any lookup; a
// credential sent only to the origin it is bound to; no redirect followed to another origin), a
// timeout and cancellation per exchange, a cap on the body, and every network error classified
// (dns, tls, timeout, a refused or dropped connection). Header lines are kept as sent (Okta sends one
// `link:` line per relation). Nothing here knows SCIM, Okta or Graph.
//
//   const t = new HttpTransport({ timeoutMs: 10_000, userAgent: 'x/1' });
//   const ex = await t.send({ url, headers: { accept: 'application/json' }, credential: { origin, headers: { authorization } } });
//   // ex.status, ex.headers (lower-case, joined), ex.headerLines (each line), ex.text — or throws TransportError
import * as fs from 'node:fs';
import * as tls from 'node:tls';
import { Agent, ProxyAgent, request } from 'undici';
import type { Dispatcher } from 'undici';
import { checkEndpointUrl, isLoopbackHost } from './url';

/** What went wrong below HTTP semantics (a status is the caller's to interpret). */
export type NetworkFailureKind = 'dns' | 'tls' | 'timeout' | 'connection-refused' | 'insecure-url' | 'redirect' | 'too-large' | 'cancelled';

export class TransportError extends Error {
  constructor(
    readonly kind: NetworkFailureKind,
    message: string,
    readonly info: { code?: string; status?: number; location?: string; timeoutMs?: number; url: string } ,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID', 'EPROTO', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_NOT_YET_VALID', 'CERT_UNTRUSTED', 'CERT_REVOKED', 'ERR_SSL_WRONG_VERSION_NUMBER', 'ECONNRESET_TLS',
]);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL']);
const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);
const REFUSED_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'EADDRNOTAVAIL']);

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

/** Map a thrown network error to a kind (undefined when unknown). */
export function classifyNetworkError(err: unknown): { kind: 'dns' | 'tls' | 'timeout' | 'connection-refused'; code?: string } | undefined {
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

/** Header values by lower-case name, several lines joined with ', ' (what fetch shows). */
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

/** The CA list for an Agent, or undefined to let Node use its default store (which already holds NODE_EXTRA_CA_CERTS). */
export function buildCaList(extra: string | Buffer | Array<string | Buffer> | undefined, env: Record<string, string | undefined>): Array<string | Buffer> | undefined {
  if (extra === undefined) return undefined;
  const list: Array<string | Buffer> = [...tls.rootCertificates];
  const file = env.NODE_EXTRA_CA_CERTS;
  if (file) {
    try { list.push(fs.readFileSync(file)); } catch { /* Node itself warns about an unreadable file */ }
  }
  list.push(...(Array.isArray(extra) ? extra : [extra]));
  return list;
}

export interface TransportProxy {
  /** http://proxy:port (credentials in the URL are allowed and never logged). */
  url: string;
  strictSSL?: boolean;
  noProxy?: string[];
}

export interface TransportOptions {
  /** Per exchange; default 10,000 ms. */
  timeoutMs?: number;
  /** Cap on a response body; default 20 MB. */
  maxResponseBytes?: number;
  userAgent?: string;
  proxy?: TransportProxy;
  strictSSL?: boolean;
  ca?: string | Buffer | Array<string | Buffer>;
  /** Tests: route every request through this dispatcher. */
  dispatcher?: Dispatcher;
  env?: Record<string, string | undefined>;
}

/** Headers sent only when the request goes to `origin` (a token is bound to the origin it was given for). */
export interface BoundCredential {
  origin: string;
  headers: Record<string, string>;
}

export interface TransportRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  credential?: BoundCredential;
  signal?: AbortSignal;
  timeoutMs?: number;
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

export const DEFAULT_TRANSPORT_TIMEOUT_MS = 10_000;

export interface DispatcherOptions {
  /** The connect timeout. */
  timeoutMs: number;
  proxy?: TransportProxy;
  /** false only when explicitly asked (http.proxyStrictSSL=false). Default true. */
  strictSSL?: boolean;
  ca?: string | Buffer | Array<string | Buffer>;
  /** Tests: every request through this one. */
  dispatcher?: Dispatcher;
  env?: Record<string, string | undefined>;
}

/**
 * The connection pools a client owns: one direct undici Agent (with the extra CAs and strictSSL), and
 * a ProxyAgent when a proxy is set, chosen per URL (loopback and no_proxy hosts go direct).
 */
export class Dispatchers {
  private readonly direct: Dispatcher;
  private readonly proxied?: Dispatcher;
  private readonly noProxy: readonly string[];
  private readonly owned: Dispatcher[] = [];

  constructor(opts: DispatcherOptions) {
    this.noProxy = opts.proxy?.noProxy ?? [];
    if (opts.dispatcher) {
      this.direct = opts.dispatcher;
      return;
    }
    const strictSSL = opts.strictSSL !== false;
    const ca = buildCaList(opts.ca, opts.env ?? process.env);
    const agent = new Agent({ keepAliveTimeout: 10_000, connections: 8, connect: { rejectUnauthorized: strictSSL, ...(ca ? { ca } : {}), timeout: opts.timeoutMs } });
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
  for(url: string | URL): Dispatcher {
    const u = typeof url === 'string' ? new URL(url) : url;
    const port = u.port || (u.protocol === 'https:' ? '443' : '80');
    return this.proxied && !isLoopbackHost(u.hostname) && !matchesNoProxy(u.hostname, port, this.noProxy) ? this.proxied : this.direct;
  }

  /** Release pooled connections (a dispatcher given by a test is the test's). */
  async close(): Promise<void> {
    await Promise.all(this.owned.map((d) => d.close()));
  }
}

export class HttpTransport {
  readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly userAgent: string;
  private readonly dispatchers: Dispatchers;

  constructor(opts: TransportOptions = {}) {
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TRANSPORT_TIMEOUT_MS;
    this.maxBytes = opts.maxResponseBytes ?? 20 * 1024 * 1024;
    this.userAgent = opts.userAgent ?? 'scim-provisioning';
    this.dispatchers = new Dispatchers({ ...opts, timeoutMs: this.timeoutMs });
  }

  /** Release pooled connections. */
  close(): Promise<void> {
    return this.dispatchers.close();
  }

  /** One request, following one redirect to the same origin at most. Throws TransportError. */
  async send(req: TransportRequest): Promise<Exchange> {
    const first = await this.exchange(req.url, req);
    if (first.status < 300 || first.status >= 400 || first.status === 304) return first;
    const location = first.headers.location;
    let target: URL | undefined;
    try { target = location ? new URL(location, req.url) : undefined; } catch { target = undefined; }
    const from = new URL(req.url);
    if (!target || target.origin !== from.origin) {
      throw new TransportError('redirect', `${from.host} redirected to ${target?.href ?? location ?? '(no Location)'}; a redirect to another origin is not followed (the token stays with ${from.origin})`, { status: first.status, location: target?.href ?? location ?? '', url: req.url });
    }
    const second = await this.exchange(target.href, req);
    if (second.status >= 300 && second.status < 400 && second.status !== 304) {
      throw new TransportError('redirect', `${from.host} redirected twice; not followed`, { status: second.status, location: second.headers.location ?? '', url: target.href });
    }
    return second;
  }

  private async exchange(url: string, req: TransportRequest): Promise<Exchange> {
    const check = checkEndpointUrl(url);
    if (!check.ok) {
      // Decided from the string alone: no DNS lookup and no connection have happened.
      throw new TransportError(check.reason === 'insecure' ? 'insecure-url' : 'insecure-url', check.message, { url });
    }
    const target = check.url;
    const timeoutMs = req.timeoutMs ?? this.timeoutMs;
    if (req.signal?.aborted) throw new TransportError('cancelled', 'The request was cancelled.', { url });
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    const aborted = (): TransportError | undefined => {
      if (req.signal?.aborted) return new TransportError('cancelled', 'The request was cancelled.', { url });
      if (timeout.aborted) return new TransportError('timeout', `${target.host} did not answer within ${timeoutMs} ms`, { url, timeoutMs });
      return undefined;
    };
    const headers: Record<string, string> = { 'user-agent': this.userAgent, ...(req.headers ?? {}) };
    if (req.credential) {
      // A credential goes only to the origin it belongs to; any other URL gets none (and the caller's
      // own rules decide whether to ask it at all).
      if (target.origin === new URL(req.credential.origin).origin) Object.assign(headers, req.credential.headers);
    }
    let res: Dispatcher.ResponseData;
    try {
      res = await request(target, { dispatcher: this.dispatchers.for(target), method: req.method ?? 'GET', headers, body: req.body, signal, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
    } catch (e) {
      throw aborted() ?? networkError(url, target.host, e);
    }
    const headerLines: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headerLines[k.toLowerCase()] = Array.isArray(v) ? v : [v];
    const flat = flattenHeaders(res.headers);
    const declared = Number(flat['content-length']);
    if (Number.isFinite(declared) && declared > this.maxBytes) {
      res.body.destroy();
      throw new TransportError('too-large', `${target.host} answered with ${declared} bytes, over the ${this.maxBytes}-byte limit`, { status: res.statusCode, url });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of res.body) {
        const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
        size += buf.length;
        if (size > this.maxBytes) {
          res.body.destroy();
          throw new TransportError('too-large', `${target.host} answered with more than ${this.maxBytes} bytes (reading stopped)`, { status: res.statusCode, url });
        }
        chunks.push(buf);
      }
    } catch (e) {
      if (e instanceof TransportError) throw e;
      // A body cut off half way is a failure, never a shorter answer.
      throw aborted() ?? networkError(url, target.host, e, true);
    }
    return { url, status: res.statusCode, headers: flat, headerLines, text: Buffer.concat(chunks).toString('utf8') };
  }
}

function networkError(url: string, host: string, e: unknown, midBody = false): TransportError {
  const c = classifyNetworkError(e);
  const msg = e instanceof Error ? e.message : String(e);
  const codes = errorCodes(e);
  const code = c?.code ?? codes[0];
  const kind = c?.kind ?? 'connection-refused';
  const what = midBody ? `the connection to ${host} dropped before the answer was complete` : kind === 'dns' ? `the host name ${host} could not be resolved` : kind === 'tls' ? `the TLS certificate of ${host} could not be verified` : kind === 'timeout' ? `${host} did not answer in time` : `the connection to ${host} was refused or dropped`;
  return new TransportError(kind, `${what}${code ? ` (${code})` : msg ? ` (${msg})` : ''}`, { ...(code ? { code } : {}), url });
}
