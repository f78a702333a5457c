// How the conformance checks talk to the tenant. Two implementations:
// - `rawTransport`: one exchange of the HTTP transport (../http/transport.ts) per request, so error
//   bodies, WWW-Authenticate and Content-Type are visible and a deliberately wrong token can be sent.
//   It only ever sends to the base URL's origin, never follows redirects, and refuses insecure URLs
//   before connecting.
// - `clientTransport`: over a ScimClient when no raw access is given (error bodies and headers of
//   failures are then only partly known; checks that need them are skipped).
// Both wait out 429s under the shared policy (../http/rateLimit.ts); a reply that is still a 429 carries
// `rateLimited.gaveUp`.
import { randomUUID } from 'node:crypto';
import { Agent } from 'undici';
import type { Dispatcher } from 'undici';
import type { FailureKind } from './diagnosis';
import { checkEndpointUrl, joinUrl, originOf } from '../http/url';
import { classifyNetworkError, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT_MS, exchange, ExchangeError } from '../http/transport';
import type { ScimClient } from './client';
import { rateLimitOf, retryOnRateLimit } from '../http/rateLimit';
import type { RateLimitBudget, RateLimitOutcome, RateLimitPolicy } from '../http/rateLimit';
import type { Redactor } from '../http/redact';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** `token`: the real token; `bad`: a well-formed but wrong token; `none`: no Authorization header. */
export type Auth = 'token' | 'bad' | 'none';

export interface SendOptions {
  body?: unknown;
  auth?: Auth;
  signal?: AbortSignal;
  /** Share one rate-limit budget across several sends (a cleanup); default one per send. */
  rateLimitBudget?: RateLimitBudget;
}

export interface Reply {
  /** "GET /Users?startIndex=1&count=2" */
  request: string;
  /** Undefined when no HTTP answer arrived (network failure, timeout, cancelled). */
  status?: number;
  /** Lower-cased names. `headersKnown` false when the transport could not see them. */
  headers: Record<string, string>;
  headersKnown: boolean;
  /** Body text (redacted). */
  text: string;
  /** Parsed JSON when the body was JSON. */
  json?: unknown;
  /** False when only part of the body could be seen (client transport on a failure). */
  bodyKnown: boolean;
  /** The last exchange's time (waits on 429s are not counted: see `rateLimited`). */
  elapsedMs: number;
  /** Why no answer arrived (redacted). */
  error?: string;
  /** What kind of network failure that was (dns, tls, timeout, connection-refused), when known. */
  errorKind?: FailureKind;
  cancelled?: boolean;
  /** The request met 429s: what was waited, and `gaveUp` when this reply is still a 429. */
  rateLimited?: RateLimitOutcome;
}

export interface Transport {
  readonly baseUrl: string;
  /** Can send a wrong token / no token. */
  readonly canProbeAuth: boolean;
  send(method: Method, path: string, opts?: SendOptions): Promise<Reply>;
  close(): Promise<void>;
}

/** "GET /Users?filter=userName eq \"x\"" — the query decoded so a person can read it. */
export function requestLine(method: Method, path: string): string {
  let shown = path;
  try { shown = decodeURIComponent(path); } catch { /* keep as sent */ }
  return `${method} ${shown}`;
}

function parseJson(text: string): unknown {
  if (!text.trim()) return undefined;
  try { return JSON.parse(text) as unknown; } catch { return undefined; }
}

export interface RawTransportOptions {
  baseUrl: string;
  token: string;
  redact: Redactor;
  timeoutMs?: number;
  /** e.g. a ProxyAgent; default a private Agent closed by `close()`. */
  dispatcher?: Dispatcher;
  userAgent?: string;
  /** Cap on a body; default 10 MB. */
  maxBytes?: number;
  /** How 429s are waited out; default DEFAULT_RATE_LIMIT_POLICY. */
  rateLimit?: Partial<RateLimitPolicy>;
}

/** Run `once` under the rate-limit policy; the reply says what was waited. */
async function withRateLimit(once: () => Promise<Reply>, sendOpts: SendOptions, policy: Partial<RateLimitPolicy> | undefined, cancelled: () => Reply): Promise<Reply> {
  const r = await retryOnRateLimit(once, (reply) => rateLimitOf(reply.status, reply.headers), {
    ...(sendOpts.rateLimitBudget ? { budget: sendOpts.rateLimitBudget } : policy ? { policy } : {}),
    ...(sendOpts.signal ? { signal: sendOpts.signal } : {}),
  });
  if (r.cancelled) return cancelled();
  if (!r.retries && !r.gaveUp) return r.result;
  const rateLimited: RateLimitOutcome = { waitedMs: r.waitedMs, retries: r.retries, ...(r.gaveUp ? { gaveUp: r.gaveUp } : {}), ...(r.lastHintMs !== undefined ? { lastHintMs: r.lastHintMs } : {}) };
  return { ...r.result, rateLimited };
}

export function rawTransport(opts: RawTransportOptions): Transport {
  const baseUrl = opts.baseUrl.trim().replace(/\/+$/, '');
  const origin = originOf(baseUrl);
  const badToken = `scim-check-invalid-${randomUUID()}`;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const dispatcher: Dispatcher = opts.dispatcher ?? new Agent({ keepAliveTimeout: 10_000, connections: 4, connect: { timeout: timeoutMs } });
  const owned = opts.dispatcher ? undefined : dispatcher;
  opts.redact.add(opts.token);

  return {
    baseUrl,
    canProbeAuth: true,
    async close() { await owned?.close(); },
    async send(method, path, sendOpts = {}) {
      const line = requestLine(method, path);
      let started = performance.now();
      const elapsed = (): number => Math.round(performance.now() - started);
      const none = (error: string, cancelled = false, errorKind?: FailureKind): Reply => ({ request: line, headers: {}, headersKnown: false, text: '', bodyKnown: false, elapsedMs: elapsed(), error: opts.redact(error), ...(errorKind ? { errorKind } : {}), ...(cancelled ? { cancelled } : {}) });
      if (!path.startsWith('/')) return none('internal: path must start with /');
      const url = joinUrl(baseUrl, path);
      const check = checkEndpointUrl(url);
      // The token goes to the base URL's origin only, over https (or http to loopback).
      if (!check.ok) return none(check.message);
      if (originOf(check.url) !== origin) return none('refusing to send the token to another origin');
      if (sendOpts.signal?.aborted) return none('cancelled', true);
      const headers: Record<string, string> = {
        accept: 'application/scim+json, application/json',
        'user-agent': opts.userAgent ?? 'scim-provisioning-check',
      };
      const auth = sendOpts.auth ?? 'token';
      // The real token is the transport's to add (to its origin only); a wrong one is sent as it is.
      if (auth === 'bad') headers.authorization = `Bearer ${badToken}`;
      let body: string | undefined;
      if (sendOpts.body !== undefined) {
        body = JSON.stringify(sendOpts.body);
        headers['content-type'] = 'application/scim+json';
      }
      const once = async (): Promise<Reply> => {
        started = performance.now();
        try {
          const res = await exchange(check.url, {
            dispatcher, method, headers, ...(body !== undefined ? { body } : {}),
            ...(auth === 'token' && origin ? { credential: { origin, headers: { authorization: `Bearer ${opts.token}` } } } : {}),
            ...(sendOpts.signal ? { signal: sendOpts.signal } : {}),
            timeoutMs, maxBytes,
          });
          const text = opts.redact(res.text);
          const json = parseJson(text);
          return {
            request: line,
            status: res.status,
            headers: res.headers,
            headersKnown: true,
            text,
            ...(json !== undefined ? { json } : {}),
            bodyKnown: true,
            elapsedMs: elapsed(),
          };
        } catch (e) {
          if (!(e instanceof ExchangeError)) throw e;
          const f = e.failure;
          switch (f.kind) {
            case 'insecure-url': return none(f.message);
            case 'cancelled': return none('cancelled', true);
            case 'timeout': return none(`no answer within ${timeoutMs} ms`, false, 'timeout');
            case 'too-large': return none(`response body over ${maxBytes} bytes`);
            case 'network': {
              const code = (f.error as { code?: unknown }).code;
              return none(`${typeof code === 'string' ? `${code}: ` : ''}${f.error instanceof Error ? f.error.message : String(f.error)}`, false, classifyNetworkError(f.error)?.kind ?? 'connection-refused');
            }
          }
        }
      };
      return withRateLimit(once, sendOpts, opts.rateLimit, () => none('cancelled', true));
    },
  };
}

/** Over an existing ScimClient (no wrong-token probes; error bodies only as the client's detail). */
export function clientTransport(client: ScimClient, badTokenClient?: ScimClient): Transport {
  return {
    baseUrl: client.baseUrl,
    canProbeAuth: badTokenClient !== undefined,
    async close() { /* the caller owns the clients */ },
    async send(method, path, sendOpts = {}) {
      const line = requestLine(method, path);
      const auth = sendOpts.auth ?? 'token';
      const c = auth === 'token' ? client : badTokenClient;
      if (!c) return { request: line, headers: {}, headersKnown: false, text: '', bodyKnown: false, elapsedMs: 0, error: 'no client for a wrong token' };
      // The client waits out 429s itself (same policy); its result says what it waited.
      const res = await c.request(path, { method, ...(sendOpts.body !== undefined ? { body: sendOpts.body } : {}), ...(sendOpts.signal ? { signal: sendOpts.signal } : {}), ...(sendOpts.rateLimitBudget ? { rateLimitBudget: sendOpts.rateLimitBudget } : {}) });
      const limited = res.rateLimited ? { rateLimited: res.rateLimited } : {};
      const elapsedMs = Math.max(0, res.elapsedMs - (res.rateLimited?.waitedMs ?? 0));
      if (res.ok) {
        const text = res.body === undefined ? '' : client.redactText(JSON.stringify(res.body));
        return { request: line, status: res.status, headers: res.headers, headersKnown: true, text, ...(res.body !== undefined ? { json: res.body } : {}), bodyKnown: true, elapsedMs, ...limited };
      }
      const f = res.failure;
      if (f.status === undefined) {
        const kind = f.diagnosis === 'cancelled' || f.diagnosis === 'insecure-url' ? {} : { errorKind: f.diagnosis };
        return { request: line, headers: {}, headersKnown: false, text: '', bodyKnown: false, elapsedMs, error: client.redactText(f.detail ?? f.message), ...kind, ...(f.diagnosis === 'cancelled' ? { cancelled: true } : {}), ...limited };
      }
      const text = client.redactText((f.detail ?? '').replace(/^HTTP \d+: ?/, ''));
      const json = parseJson(text);
      return { request: line, status: f.status, headers: {}, headersKnown: false, text, ...(json !== undefined ? { json } : {}), bodyKnown: false, elapsedMs, ...limited };
    },
  };
}
