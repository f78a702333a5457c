import * as assert from 'node:assert/strict';
import { exhaustedWindowOf, RateLimitGate, retryHintOf } from '../../../src/core/http/rateLimit';
import { createRedactor } from '../../../src/core/http/redact';
import { nextLink } from '../../../src/core/idp/api/http';

describe('http floor: what the identity-provider clients add', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it("Okta's X-Rate-Limit-Reset (epoch seconds) is a retry hint; Graph's fractional Retry-After too", () => {
    assert.deepEqual(retryHintOf({ 'x-rate-limit-reset': String(now / 1000 + 42) }, now), { ms: 42_000, header: 'x-rate-limit-reset' });
    assert.deepEqual(retryHintOf({ 'retry-after': '2.128' }, now), { ms: 2128, header: 'retry-after' });
  });

  it('exhaustedWindowOf: remaining 0 with a reset is a wait; remaining 1 or no reset is none', () => {
    assert.deepEqual(exhaustedWindowOf({ 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(now / 1000 + 5) }, now), { ms: 5000, header: 'x-rate-limit-reset' });
    assert.equal(exhaustedWindowOf({ 'x-rate-limit-remaining': '1', 'x-rate-limit-reset': String(now / 1000 + 5) }, now), undefined);
    assert.equal(exhaustedWindowOf({ 'x-rate-limit-remaining': '0' }, now), undefined);
  });

  it('RateLimitGate: a spent bucket waits until its reset; other buckets go on; cancellation ends the wait', async () => {
    const gate = new RateLimitGate();
    gate.observe('apps', { 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String((Date.now() + 300) / 1000) });
    assert.equal(gate.pendingMs('other'), 0);
    assert.ok(gate.pendingMs('apps') > 150);
    const waits: number[] = [];
    const t0 = performance.now();
    assert.equal(await gate.wait('apps', { onWait: (ms) => waits.push(ms) }), true);
    assert.ok(performance.now() - t0 >= 150, 'it waited for the reset');
    assert.equal(waits.length, 1);
    assert.equal(gate.pendingMs('apps'), 0);
    // one request left but one already in flight: the next waits too; answers out of order keep the least count
    gate.observe('apps', { 'x-rate-limit-remaining': '1', 'x-rate-limit-reset': String((Date.now() + 60_000) / 1000) });
    assert.equal(gate.pendingMs('apps'), 0);
    gate.start('apps');
    assert.ok(gate.pendingMs('apps') > 50_000);
    gate.end('apps');
    gate.observe('apps', { 'x-rate-limit-remaining': '3', 'x-rate-limit-reset': String((Date.now() + 60_000) / 1000) });
    assert.ok(gate.pendingMs('apps') === 0);
    gate.start('apps');
    assert.ok(gate.pendingMs('apps') > 50_000, 'the least remaining count of one window counts');
    gate.end('apps');
    gate.observe('apps', { 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String((Date.now() + 60_000) / 1000) });
    const ctrl = new AbortController();
    const w = gate.wait('apps', { signal: ctrl.signal });
    ctrl.abort();
    assert.equal(await w, false);
  });

  it('redaction: SSWS tokens and JWTs in any text', () => {
    const r = createRedactor();
    const jwt = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJzY3AiOiJBcHBsaWNhdGlvbi5SZWFkLkFsbCJ9.c2lnbmF0dXJlLXBhcnQ';
    assert.equal(r('Authorization: SSWS 00abcdefghijklmnopqrstuvwxyz0123456789'), 'Authorization: SSWS ***');
    assert.equal(r(`token ${jwt} here`), 'token *** here');
    assert.equal(r('the SSWS scheme, an SSWS token, Authorization: SSWS …'), 'the SSWS scheme, an SSWS token, Authorization: SSWS …');
  });

  it("nextLink: Okta's one line per relation and fetch's joined form", () => {
    assert.equal(nextLink({ link: ['<https://o/api/v1/apps/x/users?limit=2>; rel="self"', '<https://o/api/v1/apps/x/users?limit=2&after=00u2>; rel="next"'] }), 'https://o/api/v1/apps/x/users?limit=2&after=00u2');
    assert.equal(nextLink({ link: ['<https://o/a?limit=2>; rel="self", <https://o/a?after=z>; rel="next"'] }), 'https://o/a?after=z');
    assert.equal(nextLink({ link: ['<https://o/a?limit=2>; rel="self"'] }), undefined);
    assert.equal(nextLink({}), undefined);
  });
});
