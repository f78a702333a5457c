// How the stand-in's cleanup retries: a 429 is waited out as the tenant asks (Retry-After), a
// transient failure (no answer, 500, 502, 503, 504) is tried again after a short backoff; both are
// bounded, so a cleanup ends. This is the one place cleanup's retries are decided: when the shared
// rate-limit policy (src/core/scim/rateLimit.ts) lands, the 429 branch becomes that policy.
import { setTimeout as delay } from 'node:timers/promises';
import { parseRetryAfter } from '../scim/http';
import type { Reply, Transport } from '../scim/conformance/transport';

export interface CleanupRetryPolicy {
  /** Tries per request, the first included. */
  attempts: number;
  /** The wait before try `n + 1` after a transient failure (n counts from 0). */
  backoffMs(n: number): number;
  /** The longest wait a 429 may ask for before cleanup gives up on that request. */
  maxRetryAfterMs: number;
}

export const DEFAULT_CLEANUP_RETRY: Readonly<CleanupRetryPolicy> = Object.freeze({
  attempts: 4,
  backoffMs: (n: number) => 500 * 2 ** n,
  maxRetryAfterMs: 30_000,
});

const TRANSIENT = new Set([500, 502, 503, 504]);

/** The wait before trying `reply`'s request again, or undefined when it is not worth another try. */
export function retryWait(reply: Reply, n: number, policy: CleanupRetryPolicy): number | undefined {
  if (reply.cancelled || n + 1 >= policy.attempts) return undefined;
  if (reply.status === 429) {
    const asked = parseRetryAfter(reply.headers['retry-after']);
    if (asked === undefined) return policy.backoffMs(n);
    return asked <= policy.maxRetryAfterMs ? asked : undefined;
  }
  if (reply.status === undefined || TRANSIENT.has(reply.status)) return policy.backoffMs(n);
  return undefined;
}

/** `http` with each request retried under `policy` (never cancelled: a cleanup finishes). */
export function retryingTransport(http: Transport, policy?: Partial<CleanupRetryPolicy>): Transport {
  const p: CleanupRetryPolicy = { ...DEFAULT_CLEANUP_RETRY, ...(policy ?? {}) };
  return {
    get baseUrl() { return http.baseUrl; },
    get canProbeAuth() { return http.canProbeAuth; },
    close: () => http.close(),
    async send(method, path, opts) {
      for (let n = 0; ; n++) {
        const reply = await http.send(method, path, opts);
        const wait = retryWait(reply, n, p);
        if (wait === undefined) return reply;
        await delay(wait);
      }
    },
  };
}
