// The SCIM client: requests to a tenant's SCIM base over the HTTP transport (../http/transport.ts:
// https only but to loopback, the token only to its origin, timeout, cancellation, size cap, proxy
// and CA), same-origin redirects followed once, 429s waited out under the one policy
// (../http/rateLimit.ts), JSON read, and every failure turned into a typed diagnosis in SCIM words.
import type { Dispatcher } from 'undici';
import { joinUrl, originOf } from '../http/url';
import { classifyNetworkError, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT_MS, Dispatchers, errorCodes, exchange, ExchangeError, followSameOrigin } from '../http/transport';
import type { DispatcherOptions, Exchange, ProxyOptions } from '../http/transport';
import { diagnosisMessage, diagnosisOfStatus, scimErrorOf } from './diagnosis';
import type { FailureKind, ScimFailure } from './diagnosis';
import { describeRateLimit, rateLimitOf, resolveRateLimitPolicy, retryHintOf, retryOnRateLimit } from '../http/rateLimit';
import type { RateLimitBudget, RateLimitOutcome, RateLimitPolicy } from '../http/rateLimit';
import { createRedactor } from '../http/redact';
import type { Redactor } from '../http/redact';
import type { TargetHints } from '../targets/types';
import { GENERIC_HINTS } from '../targets/hints';
import { nullLogger } from '../http/log';
import type { Logger } from '../http/log';

/**
 * `rateLimited` is set when the request met a 429: what was waited and, when the last answer was
 * still a 429, why it was not retried further (see ../http/rateLimit.ts). `elapsedMs` includes the waits.
 */
export type ScimResult<T> =
  | { ok: true; status: number; body: T; elapsedMs: number; headers: Record<string, string>; rateLimited?: RateLimitOutcome }
  | { ok: false; failure: ScimFailure; elapsedMs: number; rateLimited?: RateLimitOutcome };

export interface ScimClientOptions {
  baseUrl: string;
  token: string;
  /** Extension/CLI version for the User-Agent. */
  version?: string;
  /** Per request (each HTTP exchange); default 10000. */
  timeoutMs?: number;
  /** Cap on a response body; default 10 MB. */
  maxResponseBytes?: number;
  /** How 429s are retried (waits honoured up to a total bound); default DEFAULT_RATE_LIMIT_POLICY. */
  rateLimit?: Partial<RateLimitPolicy>;
  /** What failure messages say about the target (its token's name, its base URLs); default generic. */
  hints?: TargetHints;
  proxy?: ProxyOptions;
  /** false only when explicitly asked (http.proxyStrictSSL=false). Default true. */
  strictSSL?: boolean;
  /** Extra trusted CA certificates (PEM), added to Node's roots and NODE_EXTRA_CA_CERTS. */
  ca?: DispatcherOptions['ca'];
  logger?: Logger;
  /** Also redact these (e.g. other secrets known to the caller). */
  redactor?: Redactor;
  /** Tests: route requests through this dispatcher instead of the built-in Agent. */
  dispatcher?: Dispatcher;
  /** Environment for NODE_EXTRA_CA_CERTS; default process.env. */
  env?: Record<string, string | undefined>;
}

export interface RequestOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** Share one rate-limit budget across several requests (e.g. a cleanup); default one per request. */
  rateLimitBudget?: RateLimitBudget;
}

class Failure extends Error {
  constructor(readonly failure: ScimFailure) { super(failure.message); }
}

export class ScimClient {
  readonly baseUrl: string;
  private readonly token: string;
  private readonly redact: Redactor;
  private readonly log: Logger;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly rateLimit: RateLimitPolicy;
  /** The wording of failure messages (the target's, or generic). */
  readonly hints: TargetHints;
  private readonly userAgent: string;
  /** The origin the token belongs to: the base URL's. */
  private readonly origin: string;
  private readonly dispatchers: Dispatchers;

  constructor(opts: ScimClientOptions) {
    this.baseUrl = opts.baseUrl.trim().replace(/\/+$/, '');
    this.token = opts.token;
    this.redact = opts.redactor ?? createRedactor();
    this.redact.add(opts.token);
    if (opts.proxy) {
      try {
        const p = new URL(opts.proxy.url);
        this.redact.add(p.password);
        this.redact.add(decodeURIComponent(p.password));
      } catch { /* reported when used */ }
    }
    this.log = opts.logger ?? nullLogger;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxBytes = opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.rateLimit = resolveRateLimitPolicy(opts.rateLimit);
    this.hints = opts.hints ?? GENERIC_HINTS;
    this.userAgent = `scim-provisioning-vscode/${opts.version ?? '0.0.0'}`;
    this.origin = originOf(this.baseUrl) ?? this.baseUrl;
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

  /**
   * The dispatcher this client uses for `url`: the proxy unless the host is loopback or in noProxy,
   * else the direct agent (with the client's CA and strictSSL settings). Owned by the client.
   */
  dispatcherFor(url: string | URL): Dispatcher {
    return this.dispatchers.dispatcherFor(url);
  }

  /** Redact a string with this client's secrets. */
  redactText(text: string): string {
    return this.redact(text);
  }

  /** GET `{base}{path}` and parse JSON. */
  get<T = unknown>(path: string, opts: RequestOptions = {}): Promise<ScimResult<T>> {
    return this.request<T>(path, { ...opts, method: 'GET' });
  }

  async request<T = unknown>(path: string, opts: RequestOptions = {}): Promise<ScimResult<T>> {
    const started = performance.now();
    const elapsed = (): number => Math.round(performance.now() - started);
    const url = joinUrl(this.baseUrl, path);
    let rateLimited: RateLimitOutcome | undefined;
    try {
      const r = await retryOnRateLimit(
        () => this.exchangeFollowingSameOrigin(url, opts),
        (res) => rateLimitOf(res.status, res.headers),
        {
          ...(opts.rateLimitBudget ? { budget: opts.rateLimitBudget } : { policy: this.rateLimit }),
          ...(opts.signal ? { signal: opts.signal } : {}),
          onWait: (ms, n) => this.log.info(`${opts.method ?? 'GET'} ${this.redact(url)} → 429, retry ${n} after ${ms} ms`),
        },
      );
      if (r.cancelled) throw new Failure(this.failure('cancelled', url, {}));
      if (r.retries || r.gaveUp) {
        rateLimited = { waitedMs: r.waitedMs, retries: r.retries, ...(r.gaveUp ? { gaveUp: r.gaveUp } : {}), ...(r.lastHintMs !== undefined ? { lastHintMs: r.lastHintMs } : {}) };
      }
      const result = this.interpret<T>(url, r.result, elapsed(), rateLimited);
      this.log.debug(`${opts.method ?? 'GET'} ${this.redact(url)} → ${r.result.status} (${elapsed()} ms)`);
      return rateLimited ? { ...result, rateLimited } : result;
    } catch (e) {
      if (e instanceof Failure) {
        this.log.debug(`${opts.method ?? 'GET'} ${this.redact(url)} → ${e.failure.diagnosis} (${elapsed()} ms)`);
        return { ok: false, failure: e.failure, elapsedMs: elapsed(), ...(rateLimited ? { rateLimited } : {}) };
      }
      throw e;
    }
  }

  private failure(kind: FailureKind, url: string, extra: { status?: number; detail?: string; location?: string; waitSeconds?: number; code?: string; what?: string; timeoutMs?: number; serverDetail?: string; scimType?: string; rateLimit?: string }): ScimFailure {
    let host = url;
    try { host = new URL(url).host; } catch { /* keep as is */ }
    const message = this.redact(diagnosisMessage(kind, { host, timeoutMs: this.timeoutMs, hints: this.hints, ...extra }));
    const f: ScimFailure = { diagnosis: kind, message };
    if (extra.status !== undefined) f.status = extra.status;
    if (extra.detail !== undefined) f.detail = this.redact(extra.detail);
    if (extra.scimType !== undefined) f.scimType = this.redact(extra.scimType);
    return f;
  }

  private async exchangeFollowingSameOrigin(url: string, opts: RequestOptions): Promise<Exchange> {
    const followed = await followSameOrigin(url, await this.exchange(url, opts), (href) => this.exchange(href, opts),
      (status, href) => this.log.debug(`following same-origin redirect ${status} → ${this.redact(href)}`));
    if (followed.ok) return followed.exchange;
    const r = followed.refusal;
    switch (r.reason) {
      case 'no-location': throw new Failure(this.failure('redirect', r.url, { status: r.status, location: '(no Location header)' }));
      case 'bad-location': throw new Failure(this.failure('redirect', r.url, { status: r.status, location: r.location ?? '', detail: `Location: ${r.location ?? ''}` }));
      case 'other-origin': throw new Failure(this.failure('redirect', r.url, { status: r.status, location: r.location ?? '', detail: `HTTP ${r.status} Location: ${r.location ?? ''}` }));
      case 'again': {
        const loc = r.location ?? '(no Location header)';
        throw new Failure(this.failure('redirect', r.url, { status: r.status, location: loc, detail: `second redirect: HTTP ${r.status} Location: ${loc}` }));
      }
    }
  }

  /** One HTTP exchange over the transport (security check, timeout + cancellation, size cap). Throws Failure. */
  private async exchange(url: string, opts: RequestOptions): Promise<Exchange> {
    const timeoutMs = opts.timeoutMs ?? this.timeoutMs;
    const headers: Record<string, string> = {
      accept: 'application/scim+json, application/json',
      'user-agent': this.userAgent,
    };
    let body: string | undefined;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] = 'application/scim+json';
    }
    try {
      return await exchange(url, {
        dispatcher: this.dispatcherFor(url),
        method: opts.method ?? 'GET',
        headers,
        ...(body !== undefined ? { body } : {}),
        credential: { origin: this.origin, headers: { authorization: `Bearer ${this.token}` } },
        ...(opts.signal ? { signal: opts.signal } : {}),
        timeoutMs,
        maxBytes: this.maxBytes,
      });
    } catch (e) {
      if (!(e instanceof ExchangeError)) throw e;
      const f = e.failure;
      switch (f.kind) {
        case 'insecure-url': throw new Failure(this.failure('insecure-url', url, { detail: f.message }));
        case 'cancelled': throw new Failure(this.failure('cancelled', url, {}));
        case 'timeout': throw new Failure(this.failure('timeout', url, { timeoutMs, detail: `no complete answer within ${timeoutMs} ms` }));
        case 'too-large':
          throw new Failure(f.declared !== undefined
            ? this.failure('not-scim', url, { status: f.status, what: `a response of ${f.declared} bytes, over the ${f.limit}-byte limit`, detail: `Content-Length ${f.declared} > limit ${f.limit}` })
            : this.failure('not-scim', url, { status: f.status, what: `a response over the ${f.limit}-byte limit (reading stopped)`, detail: `body exceeded ${f.limit} bytes` }));
        case 'network': throw this.networkFailure(url, f.error);
      }
    }
  }

  private networkFailure(url: string, e: unknown): Failure {
    const c = classifyNetworkError(e);
    const msg = e instanceof Error ? e.message : String(e);
    if (c) return new Failure(this.failure(c.kind, url, { code: c.code, detail: `${c.code ?? ''}${msg ? `: ${msg}` : ''}` }));
    const codes = errorCodes(e).join(', ');
    return new Failure(this.failure('connection-refused', url, { code: codes || undefined, detail: `${codes ? `${codes}: ` : ''}${msg}` }));
  }

  private interpret<T>(url: string, res: Exchange, elapsedMs: number, rateLimited?: RateLimitOutcome): ScimResult<T> {
    const { status, text, headers } = res;
    // Only the start of a body can appear in a message: never normalise a whole 1000-user page.
    const snippet = (): string => text.slice(0, 2000).replace(/\s+/g, ' ').trim().slice(0, 200);
    let json: unknown;
    let parsed = false;
    if (text.trim()) {
      try { json = JSON.parse(text); parsed = true; } catch { /* not JSON */ }
    }
    const scimDetail = (): string => {
      if (parsed && json && typeof json === 'object') {
        const d = (json as { detail?: unknown }).detail;
        if (typeof d === 'string') return `HTTP ${status}: ${d.slice(0, 200)}`;
      }
      const start = snippet();
      return start ? `HTTP ${status}: ${start}` : `HTTP ${status}`;
    };
    const fail = (kind: FailureKind, extra: { waitSeconds?: number; what?: string; serverDetail?: string; scimType?: string; rateLimit?: string } = {}): ScimResult<T> => ({
      ok: false,
      failure: this.failure(kind, url, { status, detail: scimDetail(), ...extra }),
      elapsedMs,
    });
    if (status >= 200 && status < 300) {
      if (status === 204 || !text.trim()) return { ok: true, status, body: undefined as T, elapsedMs, headers };
      if (!parsed) {
        const what = /<html|<!doctype/i.test(text) ? 'an HTML page' : `a ${headers['content-type'] ?? 'non-JSON'} body`;
        return fail('not-scim', { what });
      }
      return { ok: true, status, body: json as T, elapsedMs, headers };
    }
    const kind = diagnosisOfStatus(status, parsed ? json : undefined);
    if (kind === 'rate-limited') {
      const waitMs = retryHintOf(headers)?.ms;
      const r = fail('rate-limited', {
        ...(waitMs !== undefined ? { waitSeconds: Math.ceil(waitMs / 1000) } : {}),
        ...(rateLimited?.retries || rateLimited?.gaveUp === 'wait-too-long' ? { rateLimit: describeRateLimit(rateLimited, this.rateLimit) } : {}),
      });
      if (!r.ok && waitMs !== undefined) r.failure.retryAfterMs = waitMs;
      return r;
    }
    if (kind === 'scim-error') {
      const scim = scimErrorOf(json) ?? {};
      return fail('scim-error', { ...(scim.detail ? { serverDetail: scim.detail.slice(0, 300) } : {}), ...(scim.scimType ? { scimType: scim.scimType } : {}) });
    }
    if (kind !== 'not-scim' && kind !== 'redirect') return fail(kind);
    return fail('not-scim', { what: `an unexpected HTTP ${status}` });
  }
}
