// The HTTP side every identity-provider management client shares: its origin and token (sent only
// there), read-only requests, the one rate-limit policy (a spent bucket is waited out until its
// reset, a 429 is retried after the wait it names, both reported as progress), paging links followed
// on the origin the token belongs to, and every failure told in the provider's words (the provider
// gives `diagnose`). Nothing here knows Okta or Graph.
import { HttpTransport, TransportError } from '../../http/transport';
import type { Exchange, TransportRequest } from '../../http/transport';
import { RateLimitBudget, RateLimitGate, resolveRateLimitPolicy, retryHintOf, retryOnRateLimit } from '../../http/rateLimit';
import type { RateLimitPolicy } from '../../http/rateLimit';
import { createRedactor } from '../../http/redact';
import type { Redactor } from '../../http/redact';
import { nullLogger } from '../../http/log';
import type { Logger } from '../../http/log';
import { IdpApiError } from './types';
import type { IdpApiFailure, ManagementClientOptions, TokenProvider } from './types';
import type { ReadProgress } from '../live';

/** One call as the provider names it: for messages ("reading the app's assignments") and its permission table. */
export interface CallInfo {
  /** The provider's name of the operation (a key of its permission table). */
  op: string;
  /** What it reads, in words: "the app", "the app's assignments (page 3)". */
  what: string;
  /** Statuses the caller handles itself (e.g. a beta call refused: "not readable"). */
  allow?: readonly number[];
}

/** An answer: its status, headers, each header line, and the parsed JSON body (undefined when empty). */
export interface ApiAnswer {
  url: string;
  status: number;
  headers: Record<string, string>;
  headerLines: Record<string, string[]>;
  json: unknown;
}

export interface ManagementHttpOptions extends ManagementClientOptions {
  /** The API's origin (`https://acme.okta.com`, `https://graph.microsoft.com`); the token goes nowhere else. */
  origin: string;
  /** Who answers, in messages: "Okta", "Microsoft Graph". */
  label: string;
  /** The Authorization header for a token: `SSWS x`, `Bearer x`. */
  authorization(token: string): string;
  accept: string;
  /** The rate-limit bucket of a path (the API's own grouping; one bucket when it has none). */
  bucketOf(path: string): string;
  /** A non-success answer in the provider's words. */
  diagnose(answer: ApiAnswer, call: CallInfo): IdpApiFailure;
}

/** Default: a request may wait out two of Okta's one-minute windows (and Graph's seconds) before it fails. */
export const MANAGEMENT_RATE_LIMIT: Partial<RateLimitPolicy> = { maxTotalWaitMs: 150_000, maxRetries: 12 };

const seconds = (ms: number): string => `${Math.max(1, Math.ceil(ms / 1000))} s`;

export class ManagementHttp {
  readonly origin: string;
  readonly label: string;
  readonly redact: Redactor;
  private readonly opts: ManagementHttpOptions;
  private readonly transport: HttpTransport;
  private readonly gate = new RateLimitGate();
  private readonly policy: RateLimitPolicy;
  private readonly log: Logger;
  private readonly tokens: TokenProvider;
  private token: Promise<string> | undefined;
  /** Requests sent (each HTTP exchange, retries included): what a benchmark counts. */
  requests = 0;
  onProgress?: (p: ReadProgress) => void;

  constructor(opts: ManagementHttpOptions) {
    this.opts = opts;
    this.origin = new URL(opts.origin).origin;
    this.label = opts.label;
    this.redact = opts.redactor ?? createRedactor();
    this.log = opts.logger ?? nullLogger;
    this.tokens = opts.tokens;
    this.policy = resolveRateLimitPolicy({ ...MANAGEMENT_RATE_LIMIT, ...(opts.rateLimit ?? {}) });
    this.transport = new HttpTransport({ ...(opts.transport ?? {}), timeoutMs: opts.timeoutMs ?? opts.transport?.timeoutMs ?? 10_000, userAgent: `scim-provisioning/${opts.version ?? '0.0.0'}` });
  }

  async close(): Promise<void> {
    await this.transport.close();
  }

  /** A path (`/api/v1/apps/x`) or a link the API handed out, as a URL on the token's origin. */
  urlOf(pathOrUrl: string): string {
    if (/^https?:\/\//i.test(pathOrUrl)) {
      const u = new URL(pathOrUrl);
      // Paging links may name another host (Okta's cassettes show it): the path and query are followed
      // on the origin the token was given for, never sent elsewhere.
      if (u.origin !== this.origin) this.log.debug(`${this.label}: a link on ${u.host} followed on ${new URL(this.origin).host}`);
      return `${this.origin}${u.pathname}${u.search}`;
    }
    return `${this.origin}${pathOrUrl.startsWith('/') ? pathOrUrl : `/${pathOrUrl}`}`;
  }

  private async bearer(signal: AbortSignal | undefined): Promise<string> {
    if (!this.token) {
      this.token = this.tokens.token({ ...(signal ? { signal } : {}) });
      this.token.catch(() => { this.token = undefined; });
    }
    const t = await this.token;
    this.redact.add(t);
    return t;
  }

  get(pathOrUrl: string, call: CallInfo, signal?: AbortSignal): Promise<ApiAnswer> {
    return this.request({ method: 'GET', pathOrUrl, call, ...(signal ? { signal } : {}) });
  }

  /** A POST that only reads (Graph's JSON batching of GETs). */
  postRead(path: string, body: unknown, call: CallInfo, signal?: AbortSignal): Promise<ApiAnswer> {
    return this.request({ method: 'POST', pathOrUrl: path, body: JSON.stringify(body), call, ...(signal ? { signal } : {}) });
  }

  /** Wait out a pause the caller learnt of itself (a 429 inside a Graph batch), reported as progress. Resolves false when cancelled. */
  async pause(ms: number, why: string, signal?: AbortSignal): Promise<boolean> {
    this.onProgress?.({ kind: 'waiting', ms, message: `${this.label} is rate limiting ${why}: waiting ${seconds(ms)}` });
    const gate = new RateLimitGate();
    gate.observe('pause', { 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String((Date.now() + ms) / 1000) });
    return gate.wait('pause', signal ? { signal } : {});
  }

  private fail(failure: IdpApiFailure): never {
    throw new IdpApiError({ ...failure, message: this.redact(failure.message) });
  }

  private async request(r: { method: 'GET' | 'POST'; pathOrUrl: string; body?: string; call: CallInfo; signal?: AbortSignal }): Promise<ApiAnswer> {
    const url = this.urlOf(r.pathOrUrl);
    const path = new URL(url).pathname;
    const bucket = this.opts.bucketOf(path);
    const token = await this.bearer(r.signal);
    const req: TransportRequest = {
      url,
      method: r.method,
      headers: { accept: this.opts.accept, ...(r.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(r.body !== undefined ? { body: r.body } : {}),
      credential: { origin: this.origin, headers: { authorization: this.opts.authorization(token) } },
      ...(r.signal ? { signal: r.signal } : {}),
    };
    const budget = new RateLimitBudget(this.policy);
    const waitMessage = (ms: number): string => `${this.label} is rate limiting ${r.call.what}: waiting ${seconds(ms)} for its limit to reset`;
    const once = async (): Promise<Exchange> => {
      const left = budget.remainingMs;
      if (!(await this.gate.wait(bucket, { ...(r.signal ? { signal: r.signal } : {}), maxWaitMs: left + 1000, onWait: (ms) => this.onProgress?.({ kind: 'waiting', ms, message: waitMessage(ms) }) }))) {
        this.fail({ diagnosis: 'cancelled', message: 'The request was cancelled.' });
      }
      this.requests++;
      this.gate.start(bucket);
      let ex: Exchange;
      try {
        ex = await this.transport.send(req);
      } finally {
        this.gate.end(bucket);
      }
      this.gate.observe(bucket, ex.headers);
      return ex;
    };
    let result;
    try {
      result = await retryOnRateLimit(once, (ex) => ({ limited: ex.status === 429, ...(ex.status === 429 ? { hintMs: retryHintOf(ex.headers)?.ms } : {}) }), {
        budget,
        ...(r.signal ? { signal: r.signal } : {}),
        onWait: (ms) => {
          this.log.info(`${r.method} ${this.redact(url)} → 429, waiting ${ms} ms`);
          this.onProgress?.({ kind: 'waiting', ms, message: waitMessage(ms) });
        },
      });
    } catch (e) {
      if (e instanceof IdpApiError) throw e;
      if (e instanceof TransportError) this.fail(this.networkFailure(e, r.call));
      throw e;
    }
    if (result.cancelled) this.fail({ diagnosis: 'cancelled', message: 'The request was cancelled.' });
    const ex = result.result;
    this.log.debug(`${r.method} ${this.redact(url)} → ${ex.status}`);
    let json: unknown;
    const text = ex.text.trim();
    if (text) {
      try {
        json = JSON.parse(text);
      } catch {
        if (ex.status >= 200 && ex.status < 300) {
          const what = /<html|<!doctype/i.test(text) ? 'an HTML page' : `a ${ex.headers['content-type'] ?? 'non-JSON'} body`;
          this.fail({ diagnosis: 'bad-response', status: ex.status, message: `${new URL(url).host} answered ${r.call.what} with ${what}, not ${this.label}'s JSON: check that the URL is the ${this.label} API (a login or proxy page means it is not).` });
        }
      }
    }
    const answer: ApiAnswer = { url, status: ex.status, headers: ex.headers, headerLines: ex.headerLines, json };
    if ((ex.status >= 200 && ex.status < 300) || r.call.allow?.includes(ex.status)) return answer;
    if (ex.status === 429) {
      this.fail({ diagnosis: 'rate-limited', status: 429, message: `${this.label} kept rate limiting ${r.call.what}: still limited after waiting ${seconds(result.waitedMs)} over ${result.retries} retries (the bound is ${seconds(this.policy.maxTotalWaitMs)}). Try again later; another client may be using the same limit.` });
    }
    this.fail(this.opts.diagnose(answer, r.call));
  }

  private networkFailure(e: TransportError, call: CallInfo): IdpApiFailure {
    const host = (() => { try { return new URL(e.info.url).host; } catch { return this.origin; } })();
    switch (e.kind) {
      case 'cancelled': return { diagnosis: 'cancelled', message: 'The request was cancelled.' };
      case 'insecure-url': return { diagnosis: 'insecure-url', message: `Refusing to send the ${this.label} token over plain http to ${host}: use https (plain http is allowed only to localhost).` };
      case 'redirect': return { diagnosis: 'redirect', message: `${e.message}. Use the URL the ${this.label} API answers on.` };
      case 'too-large': return { diagnosis: 'bad-response', message: `${e.message} while reading ${call.what}.` };
      case 'timeout': return { diagnosis: 'timeout', message: `${host} did not answer ${call.what} within ${e.info.timeoutMs ?? this.transport.timeoutMs} ms: check the network (firewall, VPN, proxy: HTTPS_PROXY) or raise --timeout-ms. Nothing partial was kept.` };
      case 'dns': return { diagnosis: 'dns', message: `The host name ${host} could not be resolved (DNS): check the ${this.label} URL for typos; if it is only reachable inside a VPN, connect to it first.` };
      case 'tls': return { diagnosis: 'tls', message: `The TLS certificate of ${host} could not be verified${e.info.code ? ` (${e.info.code})` : ''}: a proxy intercepting TLS needs its root certificate in NODE_EXTRA_CA_CERTS.` };
      case 'connection-refused': return { diagnosis: 'connection-refused', message: `While reading ${call.what}, ${e.message}. Nothing partial was kept: try again.` };
    }
  }
}

/**
 * Run a read whose calls go side by side: the first failure stops those still running (through the
 * signal `run` gets), so nothing partial is read on after it.
 */
export async function stoppingAtFirstFailure<T>(signal: AbortSignal | undefined, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const stop = new AbortController();
  try {
    return await run(signal ? AbortSignal.any([signal, stop.signal]) : stop.signal);
  } finally {
    stop.abort();
  }
}

/** The URLs of an answer's `Link: <…>; rel="next"` (Okta sends one header line per relation; fetch joins them with ', '). */
export function nextLink(headerLines: Record<string, string[]>): string | undefined {
  for (const line of headerLines.link ?? []) {
    for (const part of line.split(/,(?=\s*<)/)) {
      const m = /^\s*<([^>]+)>\s*;\s*(.*)$/.exec(part);
      if (m && /(?:^|;)\s*rel\s*=\s*"?next"?\s*(?:;|$)/i.test(m[2] ?? '')) return m[1];
    }
  }
  return undefined;
}
