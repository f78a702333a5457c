import * as assert from 'node:assert/strict';
import {
  DEFAULT_RATE_LIMIT_POLICY, RateLimitBudget, describeRateLimit, parseRetryAfter, rateLimitOf, retryHintOf, retryOnRateLimit,
} from '../../../src/core/http/rateLimit';

describe('http/rateLimit: the one retry policy for 429s', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it('reads the wait from Retry-After (seconds or HTTP-date), X-Retry-After, RateLimit-Reset, RateLimit and X-RateLimit-Reset', () => {
    assert.deepEqual(retryHintOf({ 'retry-after': '3' }, now), { ms: 3000, header: 'retry-after' });
    assert.deepEqual(retryHintOf({ 'Retry-After': 'Thu, 01 Jan 2026 00:00:05 GMT' }, now), { ms: 5000, header: 'retry-after' });
    assert.deepEqual(retryHintOf({ 'x-retry-after': '10' }, now), { ms: 10_000, header: 'x-retry-after' });
    assert.deepEqual(retryHintOf({ 'ratelimit-reset': '7' }, now), { ms: 7000, header: 'ratelimit-reset' });
    assert.deepEqual(retryHintOf({ ratelimit: '"default";r=0;t=12' }, now), { ms: 12_000, header: 'ratelimit' });
    assert.deepEqual(retryHintOf({ ratelimit: 'limit=100, remaining=0, reset=4' }, now), { ms: 4000, header: 'ratelimit' });
    // X-RateLimit-Reset is usually a Unix time (GitHub's style).
    assert.deepEqual(retryHintOf({ 'x-ratelimit-reset': String(now / 1000 + 9) }, now), { ms: 9000, header: 'x-ratelimit-reset' });
    // Retry-After wins; unparsable values fall through to the next header.
    assert.deepEqual(retryHintOf({ 'retry-after': 'soon', 'x-retry-after': '2' }, now), { ms: 2000, header: 'x-retry-after' });
    assert.equal(retryHintOf({}, now), undefined);
    assert.equal(parseRetryAfter('Wed, 31 Dec 2025 00:00:05 GMT', now), 0);
    // Fractional delta-seconds: Microsoft Graph sends them (`Retry-After: 2.128`, throttling.md).
    assert.equal(parseRetryAfter('1.5', now), 1500);
    assert.equal(parseRetryAfter('2.128', now), 2128);
  });

  it('rateLimitOf: only a 429 is a rate limit', () => {
    assert.deepEqual(rateLimitOf(200, { 'retry-after': '3' }), { limited: false });
    assert.deepEqual(rateLimitOf(503, { 'retry-after': '3' }), { limited: false });
    assert.equal(rateLimitOf(429, { 'x-retry-after': '3' }).hintMs, 3000);
    assert.deepEqual(rateLimitOf(429, {}), { limited: true });
  });

  it('a budget honours the asked wait, backs off without one, and stops at the bound', () => {
    const b = new RateLimitBudget({ maxTotalWaitMs: 10_000, maxRetries: 5, backoffMs: (n) => 1000 * 2 ** n });
    assert.deepEqual(b.next(4000), { retry: true, waitMs: 4000 });
    assert.deepEqual(b.next(undefined), { retry: true, waitMs: 2000 }, 'the second retry backs off 2^1 s');
    assert.deepEqual(b.next(5000), { retry: false, reason: 'budget-spent' }, '4 s left, 5 s asked');
    assert.equal(b.waitedMs, 6000);
    const long = new RateLimitBudget({ maxTotalWaitMs: 10_000 });
    assert.deepEqual(long.next(120_000), { retry: false, reason: 'wait-too-long' });
    const few = new RateLimitBudget({ maxRetries: 1 });
    assert.equal(few.next(0).retry, true);
    assert.deepEqual(few.next(0), { retry: false, reason: 'retries-spent' });
    assert.equal(DEFAULT_RATE_LIMIT_POLICY.maxTotalWaitMs, 60_000);
  });

  it('retryOnRateLimit retries until an answer is not a 429, and reports what it waited', async () => {
    const answers = [429, 429, 200];
    const waits: number[] = [];
    const r = await retryOnRateLimit(() => Promise.resolve(answers.shift() ?? 500), (s) => ({ limited: s === 429, hintMs: 5 }), { onWait: (ms) => waits.push(ms) });
    assert.equal(r.result, 200);
    assert.deepEqual({ waitedMs: r.waitedMs, retries: r.retries, gaveUp: r.gaveUp }, { waitedMs: 10, retries: 2, gaveUp: undefined });
    assert.deepEqual(waits, [5, 5]);
  });

  it('a server that never lets up: the last 429 back after the bound, with why', async () => {
    let calls = 0;
    const r = await retryOnRateLimit(() => { calls++; return Promise.resolve(429); }, () => ({ limited: true, hintMs: 10 }), { policy: { maxTotalWaitMs: 35 } });
    assert.equal(r.result, 429);
    assert.equal(r.gaveUp, 'budget-spent');
    assert.equal(calls, 4, 'three waits of 10 ms fit in 35 ms');
    assert.equal(describeRateLimit(r, { maxTotalWaitMs: 35 }), 'still rate-limited after waiting 1 s over 3 retries (the bound is 1 s)');
  });

  it('a shared budget bounds a whole sequence of requests (a cleanup)', async () => {
    const budget = new RateLimitBudget({ maxTotalWaitMs: 25 });
    const limited = (): { limited: boolean; hintMs: number } => ({ limited: true, hintMs: 10 });
    const first = await retryOnRateLimit(() => Promise.resolve(429), limited, { budget });
    const second = await retryOnRateLimit(() => Promise.resolve(429), limited, { budget });
    assert.equal(first.retries, 2);
    assert.equal(second.retries, 0, 'nothing left for the second request');
    assert.equal(second.gaveUp, 'budget-spent');
  });

  it('a cancelled wait returns at once with the 429 and cancelled', async () => {
    const ctrl = new AbortController();
    const pending = retryOnRateLimit(() => Promise.resolve(429), () => ({ limited: true, hintMs: 60_000 }), { signal: ctrl.signal, policy: { maxTotalWaitMs: 120_000 } });
    ctrl.abort();
    const r = await pending;
    assert.equal(r.cancelled, true);
    assert.equal(r.result, 429);
  });
});
