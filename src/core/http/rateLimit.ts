// The one rate-limit policy every request to a tenant follows (the client, the pager through it, the
// endpoint check's raw transport, cleanups, reconcile, simulate).
//
// A 429 answer is retried after the wait the server asks for, read from `Retry-After` (seconds or an
// HTTP-date), `X-Retry-After`, `RateLimit-Reset`, `RateLimit: …;t=N` / `reset=N` or
// `X-RateLimit-Reset` (seconds, or a Unix time), else after an exponential backoff. The total wait
// is bounded: when the server asks for more than is left of the budget, or the budget or the
// retries are spent, the caller gets the last 429 back (with what was waited) and reports
// "rate-limited" instead of hanging. A budget can be shared by a sequence of requests that must end
// together (a cleanup). Nothing here does I/O besides the wait.
//
//   const r = await retryOnRateLimit(() => send(), (res) => rateLimitOf(res.status, res.headers), { signal });
//   if (r.cancelled) …; if (r.gaveUp) …  // r.result is the last answer, r.waitedMs what was waited
import { setTimeout as delay } from 'node:timers/promises';

export interface RateLimitPolicy {
  /** Longest total wait on 429s for one budget (one request unless shared); default 60,000 ms. */
  maxTotalWaitMs: number;
  /** Most retries after 429s for one budget; default 10. */
  maxRetries: number;
  /** The wait when the server names none, for retry `attempt` (0-based); default 1 s · 2^attempt, at most 16 s. */
  backoffMs: (attempt: number) => number;
}

export const DEFAULT_RATE_LIMIT_POLICY: Readonly<RateLimitPolicy> = Object.freeze({
  maxTotalWaitMs: 60_000,
  maxRetries: 10,
  backoffMs: (attempt: number) => Math.min(16_000, 1000 * 2 ** attempt),
});

export function resolveRateLimitPolicy(policy?: Partial<RateLimitPolicy>): RateLimitPolicy {
  return { ...DEFAULT_RATE_LIMIT_POLICY, ...(policy ?? {}) };
}

/** Retry-After as milliseconds from `now`: delta-seconds or an HTTP-date. Undefined when absent/unparsable. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  // Delta-seconds; Microsoft Graph sends fractional ones (`Retry-After: 2.128`, throttling.md).
  if (/^\d+(\.\d+)?$/.test(v)) return Math.ceil(Number(v) * 1000);
  if (!/[A-Za-z]/.test(v)) return undefined;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** Seconds until a reset: delta-seconds, or (values past 2001-09-09) a Unix time in seconds. */
function parseResetSeconds(value: string, now: number): number | undefined {
  const v = value.trim();
  if (!/^\d+(\.\d+)?$/.test(v)) return undefined;
  const n = Number(v);
  if (n >= 1_000_000_000) return Math.max(0, Math.ceil(n * 1000 - now));
  return Math.ceil(n * 1000);
}

export interface RetryHint {
  /** How long the server asks to wait. */
  ms: number;
  /** The header it came from (lower case). */
  header: string;
}

const header = (h: Record<string, string | string[] | undefined>, name: string): string | undefined => {
  const v = h[name] ?? Object.entries(h).find(([k]) => k.toLowerCase() === name)?.[1];
  return Array.isArray(v) ? v[0] : v;
};

/** The wait an answer asks for, from the first of the rate-limit headers that parses. */
export function retryHintOf(headers: Record<string, string | string[] | undefined>, now: number = Date.now()): RetryHint | undefined {
  for (const name of ['retry-after', 'x-retry-after']) {
    const v = header(headers, name);
    const ms = v === undefined ? undefined : parseRetryAfter(v, now);
    if (ms !== undefined) return { ms, header: name };
  }
  const reset = header(headers, 'ratelimit-reset');
  const resetMs = reset === undefined ? undefined : parseResetSeconds(reset, now);
  if (resetMs !== undefined) return { ms: resetMs, header: 'ratelimit-reset' };
  // draft-ietf-httpapi-ratelimit-headers: `RateLimit: "default";r=0;t=10` (or `limit=…, reset=10`).
  const combined = header(headers, 'ratelimit');
  const m = combined === undefined ? null : /(?:^|[;,\s])(?:t|reset)=(\d+)/.exec(combined);
  if (m?.[1] !== undefined) return { ms: Number(m[1]) * 1000, header: 'ratelimit' };
  for (const name of ['x-ratelimit-reset', 'x-rate-limit-reset']) {
    // `X-Rate-Limit-Reset` is Okta's spelling: "the time at which the rate limit resets, specified in UTC epoch time (in seconds)".
    const xReset = header(headers, name);
    const xMs = xReset === undefined ? undefined : parseResetSeconds(xReset, now);
    if (xMs !== undefined) return { ms: xMs, header: name };
  }
  return undefined;
}

/** What an answer says of its rate-limit window: requests left and when it resets (`X-Rate-Limit-*`, `X-RateLimit-*`, `RateLimit-*`). */
export function rateWindowOf(headers: Record<string, string | string[] | undefined>, now: number = Date.now()): { remaining: number; resetInMs: number } | undefined {
  for (const [remaining, reset] of [['x-rate-limit-remaining', 'x-rate-limit-reset'], ['x-ratelimit-remaining', 'x-ratelimit-reset'], ['ratelimit-remaining', 'ratelimit-reset']] as const) {
    const r = header(headers, remaining);
    if (r === undefined || !/^\s*\d+\s*$/.test(r)) continue;
    const v = header(headers, reset);
    const ms = v === undefined ? undefined : parseResetSeconds(v, now);
    if (ms !== undefined) return { remaining: Number(r), resetInMs: ms };
  }
  return undefined;
}

/** The wait an answer announces before any 429: its window has 0 requests left. Undefined otherwise. */
export function exhaustedWindowOf(headers: Record<string, string | string[] | undefined>, now: number = Date.now()): RetryHint | undefined {
  const w = rateWindowOf(headers, now);
  if (!w || w.remaining > 0) return undefined;
  const name = ['x-rate-limit-reset', 'x-ratelimit-reset', 'ratelimit-reset'].find((h) => header(headers, h) !== undefined) ?? 'x-rate-limit-reset';
  return { ms: w.resetInMs, header: name };
}

interface BucketState {
  /** Requests left in the current window, as the answers said (the least of them: answers may arrive out of order). */
  remaining?: number;
  /** When the current window resets (ms since the epoch). */
  resetAt?: number;
  /** Requests sent and not answered yet. */
  inFlight: number;
}

/**
 * Pacing by rate-limit bucket: the answers say how many requests are left in the window and when it
 * resets; a request that would overrun the window (counting those still in flight) waits until the
 * reset instead of meeting a 429. Buckets are the caller's names (an API's own grouping of its
 * endpoints); requests of other buckets go on.
 *
 *   await gate.wait('apps', { signal, onWait });   // before each request
 *   gate.start('apps'); …send… gate.end('apps');  // around it
 *   gate.observe('apps', res.headers);             // after each answer
 */
export class RateLimitGate {
  private readonly buckets = new Map<string, BucketState>();

  constructor(private readonly now: () => number = Date.now) {}

  private state(bucket: string): BucketState {
    let s = this.buckets.get(bucket);
    if (!s) this.buckets.set(bucket, (s = { inFlight: 0 }));
    return s;
  }

  start(bucket: string): void {
    this.state(bucket).inFlight++;
  }

  end(bucket: string): void {
    const s = this.state(bucket);
    s.inFlight = Math.max(0, s.inFlight - 1);
  }

  /** Note what an answer says about its bucket's window. */
  observe(bucket: string, headers: Record<string, string | string[] | undefined>): void {
    const t = this.now();
    const w = rateWindowOf(headers, t);
    if (!w) return;
    const s = this.state(bucket);
    const resetAt = t + w.resetInMs;
    // Within one window (the same reset, give or take the header's whole seconds) the least count is the
    // truest, as answers may arrive out of order; an answer about another window replaces what was known.
    if (s.resetAt !== undefined && s.remaining !== undefined && Math.abs(resetAt - s.resetAt) <= 1000) {
      s.remaining = Math.min(s.remaining, w.remaining);
      s.resetAt = Math.max(s.resetAt, resetAt);
    } else {
      s.resetAt = resetAt;
      s.remaining = w.remaining;
    }
  }

  /** How long a request of this bucket must still wait (0: none). */
  pendingMs(bucket: string): number {
    const s = this.buckets.get(bucket);
    if (!s || s.remaining === undefined || s.resetAt === undefined) return 0;
    const left = s.resetAt - this.now();
    if (left <= 0) {
      s.remaining = undefined;
      s.resetAt = undefined;
      return 0;
    }
    return s.remaining - s.inFlight > 0 ? 0 : left;
  }

  /** Wait until the bucket's reset, if it is spent. Resolves false when cancelled. */
  async wait(bucket: string, opts: { signal?: AbortSignal; onWait?(ms: number): void; maxWaitMs?: number } = {}): Promise<boolean> {
    const ms = this.pendingMs(bucket);
    if (ms <= 0) return true;
    const waitMs = opts.maxWaitMs !== undefined ? Math.min(ms, opts.maxWaitMs) : ms;
    opts.onWait?.(waitMs);
    // A timer may fire a little early: wait until the deadline has really passed.
    const deadline = this.now() + waitMs;
    for (let left = waitMs; left > 0; left = deadline - this.now()) {
      try {
        await delay(left, undefined, opts.signal ? { signal: opts.signal } : undefined);
      } catch {
        return false;
      }
    }
    this.pendingMs(bucket);
    return true;
  }
}

/** Is this answer a rate limit, and what wait does it ask for? The shape `retryOnRateLimit` needs. */
export function rateLimitOf(status: number | undefined, headers: Record<string, string | string[] | undefined>): { limited: boolean; hintMs?: number } {
  if (status !== 429) return { limited: false };
  const hint = retryHintOf(headers);
  return hint ? { limited: true, hintMs: hint.ms } : { limited: true };
}

export type GiveUpReason = 'wait-too-long' | 'budget-spent' | 'retries-spent';

export type RateLimitDecision =
  | { retry: true; waitMs: number }
  | { retry: false; reason: GiveUpReason };

/** What a sequence of waits may add up to. One per request by default; share one across a cleanup. */
export class RateLimitBudget {
  readonly policy: RateLimitPolicy;
  private waited = 0;
  private retried = 0;

  constructor(policy?: Partial<RateLimitPolicy>) {
    this.policy = resolveRateLimitPolicy(policy);
  }

  get waitedMs(): number { return this.waited; }
  get retries(): number { return this.retried; }
  get remainingMs(): number { return Math.max(0, this.policy.maxTotalWaitMs - this.waited); }

  /** After a 429 that asked for `hintMs` (undefined: no usable header): wait how long, or give up. */
  next(hintMs: number | undefined): RateLimitDecision {
    if (this.retried >= this.policy.maxRetries) return { retry: false, reason: 'retries-spent' };
    const asked = hintMs !== undefined && Number.isFinite(hintMs) ? Math.max(0, hintMs) : undefined;
    const waitMs = asked ?? Math.max(0, this.policy.backoffMs(this.retried));
    if (waitMs > this.remainingMs) return { retry: false, reason: asked !== undefined && this.waited === 0 ? 'wait-too-long' : 'budget-spent' };
    this.waited += waitMs;
    this.retried++;
    return { retry: true, waitMs };
  }
}

/** A cleanup's budget, shared by all its requests: twice a request's, so a rate-limited run still removes what it wrote. */
export function cleanupBudget(policy?: Partial<RateLimitPolicy>): RateLimitBudget {
  const p = resolveRateLimitPolicy(policy);
  return new RateLimitBudget({ ...p, maxTotalWaitMs: 2 * p.maxTotalWaitMs, maxRetries: 2 * p.maxRetries });
}

export interface RetryOptions {
  /** Shared budget; default a fresh one from `policy`. */
  budget?: RateLimitBudget;
  policy?: Partial<RateLimitPolicy>;
  /** Cancels a wait (the result then has `cancelled: true` and the 429 answer). */
  signal?: AbortSignal;
  /** Before each wait (for a log line). */
  onWait?(waitMs: number, retry: number, hintMs: number | undefined): void;
}

export interface RateLimitOutcome {
  /** Total time waited on 429s by this call. */
  waitedMs: number;
  /** Retries made after 429s. */
  retries: number;
  /** The last answer was still a 429: why no further retry was made. */
  gaveUp?: GiveUpReason;
  /** The wait the last 429 asked for. */
  lastHintMs?: number;
}

/**
 * Run `attempt` again after each rate-limited answer, as long as the budget allows. Errors thrown
 * by `attempt` propagate. The result is the last answer (a 429 when `gaveUp` is set).
 */
export async function retryOnRateLimit<T>(
  attempt: () => Promise<T>,
  limitOf: (result: T) => { limited: boolean; hintMs?: number },
  opts: RetryOptions = {},
): Promise<{ result: T; cancelled?: true } & RateLimitOutcome> {
  const budget = opts.budget ?? new RateLimitBudget(opts.policy);
  let waitedMs = 0;
  let retries = 0;
  for (;;) {
    const result = await attempt();
    const limit = limitOf(result);
    if (!limit.limited) return { result, waitedMs, retries };
    const hint = limit.hintMs !== undefined ? { lastHintMs: limit.hintMs } : {};
    const d = budget.next(limit.hintMs);
    if (!d.retry) return { result, waitedMs, retries, gaveUp: d.reason, ...hint };
    opts.onWait?.(d.waitMs, retries + 1, limit.hintMs);
    try {
      await delay(d.waitMs, undefined, opts.signal ? { signal: opts.signal } : undefined);
    } catch {
      return { result, waitedMs, retries, cancelled: true, ...hint };
    }
    waitedMs += d.waitMs;
    retries++;
  }
}

const seconds = (ms: number): string => `${Math.ceil(ms / 1000)} s`;

/**
 * What the waiting came to, for messages: "still rate-limited after waiting 60 s over 6 retries
 * (the bound)", "a wait longer than the bound of 60 s was not waited for", "waited 2 s".
 */
export function describeRateLimit(o: RateLimitOutcome, policy?: Partial<RateLimitPolicy>): string {
  const bound = seconds(resolveRateLimitPolicy(policy).maxTotalWaitMs);
  const waited = `${seconds(o.waitedMs)} over ${o.retries} ${o.retries === 1 ? 'retry' : 'retries'}`;
  switch (o.gaveUp) {
    case 'wait-too-long':
      return `a wait longer than the bound of ${bound} was not waited for`;
    case 'retries-spent':
    case 'budget-spent':
      return `still rate-limited after waiting ${waited} (the bound is ${bound})`;
    default:
      return `waited ${waited}`;
  }
}
