// How the stand-in's cleanup retries. A 429 is the shared rate-limit policy's (../http/rateLimit.ts:
// the transport waits it out under the cleanup's budget, which cleanUp passes to every request);
// here only a transient failure (no answer, 500, 502, 503, 504) is tried again after a short,
// bounded backoff, so a cleanup ends.
import { setTimeout as delay } from 'node:timers/promises';
import type { Reply, Transport } from '../scim/rawTransport';

export interface CleanupRetryPolicy {
  /** Tries per request, the first included. */
  attempts: number;
  /** The wait before try `n + 1` after a transient failure (n counts from 0). */
  backoffMs(n: number): number;
}

export const DEFAULT_CLEANUP_RETRY: Readonly<CleanupRetryPolicy> = Object.freeze({
  attempts: 4,
  backoffMs: (n: number) => 500 * 2 ** n,
});

const TRANSIENT = new Set([500, 502, 503, 504]);

/** The wait before trying `reply`'s request again, or undefined when it is not worth another try. */
export function retryWait(reply: Reply, n: number, policy: CleanupRetryPolicy): number | undefined {
  if (reply.cancelled || n + 1 >= policy.attempts) return undefined;
  return reply.status === undefined || TRANSIENT.has(reply.status) ? policy.backoffMs(n) : undefined;
}

/** `http` with each request tried again after a transient failure (never cancelled: a cleanup finishes). */
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
