// runConformance: runs every check in order, reports progress, honours cancellation, and — with
// `write: true` — always removes the test user in a finally, whatever happened before.
// A 429 is never a check's failure: the transport waits as the server asks (../http/rateLimit.ts); a check
// whose answer is still a 429 is skipped as not judged, and once the wait bound is spent the
// remaining checks are skipped too (the cleanup still runs, with its own bounded budget).
import type { Dispatcher } from 'undici';
import { diagnosisMessage, diagnosisOfStatus, scimErrorOf } from '../scim/diagnosis';
import type { Diagnosis } from '../scim/diagnosis';
import type { ScimClient } from '../scim/client';
import { cleanupBudget, describeRateLimit, resolveRateLimitPolicy, retryHintOf } from '../http/rateLimit';
import type { RateLimitPolicy } from '../http/rateLimit';
import { createRedactor } from '../http/redact';
import { hintsFor } from '../targets/hints';
import { GENERIC_SCIM } from '../targets/registry';
import { evidenceOf, skip } from './helpers';
import { readChecks } from './checks/all';
import { OKTA_LIST, oktaList } from './checks/reads';
import { contentTypeCheck, errorBodyCheck } from './checks/responses';
import { clientTransport, rawTransport } from '../scim/rawTransport';
import type { Reply, Transport } from '../scim/rawTransport';
import type { CheckContext, CheckOutcome, CheckResult, ConformanceCheck, ConformanceReport, ConformanceSummary } from './types';
import { CLEANUP_CHECK, testUserOf, writeChecks } from './checks/write';
import type { TargetHints } from '../targets/types';
import { listResponseProblem } from '../scim/serviceProvider';
import { cleanUp } from '../scim/testUsers';

export const DEFAULT_LIMITS = { maxUsers: 2000, maxPages: 40, pageSize: 100 };

export interface ConformanceOptions {
  /** The tenant's client: its base URL is the one checked. */
  client: ScimClient;
  /** A client holding a wrong token, for the 401 check when no `raw` access is given. */
  badTokenClient?: ScimClient;
  /**
   * Raw access (recommended): the same token again, so error bodies, WWW-Authenticate and
   * Content-Type are visible and a wrong token can be sent. Only ever sent to the client's base URL origin.
   */
  raw?: { token: string; dispatcher?: Dispatcher; timeoutMs?: number; userAgent?: string };
  /** Tests: a ready transport (wins over raw/client). */
  transport?: Transport;
  /** Run the write checks (creates and removes a test user). Default false. */
  write?: boolean;
  /** A target that signs people in by email (Flosum) makes user sign-in problems a fail; anything else a warn. Default 'generic-scim'. */
  target?: string;
  signal?: AbortSignal;
  onProgress?(check: ConformanceCheck, result: CheckResult): void;
  limits?: Partial<typeof DEFAULT_LIMITS>;
  /** How 429s are waited out (per request; the cleanup gets twice that in all). Default DEFAULT_RATE_LIMIT_POLICY. */
  rateLimit?: Partial<RateLimitPolicy>;
  /** The target's wording in messages; default from `target` and the base URL (targets/hints.ts). */
  hints?: TargetHints;
}

/** Every check, in run order (write checks included; they are skipped without `write`). */
export const CONFORMANCE_CHECKS: readonly ConformanceCheck[] = [...readChecks, ...writeChecks, contentTypeCheck, errorBodyCheck];

const RATE_LIMITED_SKIP = 'Skipped: the endpoint kept answering HTTP 429 (rate-limited) past the wait bound; run the check again later.';

/** Why a failed reply failed, in the words test-credentials uses. */
function replyDiagnosis(reply: Reply, host: string, hints: TargetHints, policy: RateLimitPolicy): { diagnosis: Diagnosis; message: string } | undefined {
  if (reply.cancelled) return undefined;
  if (reply.status === undefined) {
    const kind = reply.errorKind && reply.errorKind !== 'cancelled' ? reply.errorKind : 'connection-refused';
    return { diagnosis: kind, message: diagnosisMessage(kind, { host, hints }) };
  }
  if (reply.status >= 200 && reply.status < 300) {
    const what = listResponseProblem(reply.json);
    if (!what) return undefined;
    return { diagnosis: 'not-scim', message: diagnosisMessage('not-scim', { host, status: reply.status, what: reply.json === undefined ? 'a body that is not JSON' : what, hints }) };
  }
  const kind = diagnosisOfStatus(reply.status, reply.json);
  const scim = scimErrorOf(reply.json);
  const hint = retryHintOf(reply.headers);
  const message = diagnosisMessage(kind, {
    host, hints, status: reply.status,
    ...(kind === 'not-scim' ? { what: `an unexpected HTTP ${reply.status}` } : {}),
    ...(kind === 'redirect' ? { location: reply.headers.location ?? '(no Location header)' } : {}),
    ...(scim?.detail ? { serverDetail: scim.detail } : {}),
    ...(scim?.scimType ? { scimType: scim.scimType } : {}),
    ...(kind === 'rate-limited' && hint ? { waitSeconds: Math.ceil(hint.ms / 1000) } : {}),
    ...(kind === 'rate-limited' && reply.rateLimited ? { rateLimit: describeRateLimit(reply.rateLimited, policy) } : {}),
  });
  return { diagnosis: kind, message };
}

export function summarize(checks: readonly CheckResult[]): ConformanceSummary {
  const s: ConformanceSummary = { pass: 0, warn: 0, fail: 0, skip: 0 };
  for (const c of checks) s[c.status]++;
  return s;
}

function recording(inner: Transport, replies: Reply[]): Transport {
  return {
    get baseUrl() { return inner.baseUrl; },
    get canProbeAuth() { return inner.canProbeAuth; },
    close: () => inner.close(),
    async send(method, path, opts) {
      const r = await inner.send(method, path, opts);
      replies.push(r);
      return r;
    },
  };
}

export async function runConformance(opts: ConformanceOptions): Promise<ConformanceReport> {
  const redact = createRedactor([opts.raw?.token]);
  const base = opts.transport ?? (opts.raw
    ? rawTransport({ baseUrl: opts.client.baseUrl, token: opts.raw.token, redact, dispatcher: opts.raw.dispatcher ?? opts.client.dispatcherFor(opts.client.baseUrl), ...(opts.raw.timeoutMs !== undefined ? { timeoutMs: opts.raw.timeoutMs } : {}), ...(opts.raw.userAgent ? { userAgent: opts.raw.userAgent } : {}), ...(opts.rateLimit ? { rateLimit: opts.rateLimit } : {}) })
    : clientTransport(opts.client, opts.badTokenClient));
  const replies: Reply[] = [];
  const http = recording(base, replies);
  const memo = new Map<string, Promise<unknown>>();
  const write = opts.write === true;
  const target = opts.target ?? GENERIC_SCIM.id;
  const hints = opts.hints ?? hintsFor({ target, baseUrl: opts.client.baseUrl });
  const policy = resolveRateLimitPolicy(opts.rateLimit);
  const ctx: CheckContext = {
    http,
    redact: (s) => opts.client.redactText(redact(s)),
    ...(opts.signal ? { signal: opts.signal } : {}),
    target,
    hints,
    write,
    limits: { ...DEFAULT_LIMITS, ...opts.limits },
    memo<T>(key: string, make: () => Promise<T>): Promise<T> {
      let p = memo.get(key) as Promise<T> | undefined;
      if (!p) { p = make(); memo.set(key, p); }
      return p;
    },
    state: { replies },
  };

  const results: CheckResult[] = [];
  const leftBehind: string[] = [];
  let cancelled = false;
  const record = (check: ConformanceCheck | typeof CLEANUP_CHECK, out: CheckOutcome, elapsedMs: number): void => {
    const result: CheckResult = {
      id: check.id,
      title: check.title,
      reference: check.reference,
      // The severity of what was found (a fail-severity check can find a mere RFC deviation: warn).
      severity: out.status === 'fail' || out.status === 'warn' ? out.status : check.severity,
      write: 'write' in check && check.write === true,
      elapsedMs,
      ...out,
      message: ctx.redact(out.message),
      ...(out.fix !== undefined ? { fix: ctx.redact(out.fix) } : {}),
    };
    results.push(result);
    if ('run' in check) opts.onProgress?.(check, result);
  };

  const runOne = async (check: ConformanceCheck): Promise<void> => {
    const started = performance.now();
    let out: CheckOutcome;
    if (opts.signal?.aborted) { cancelled = true; out = skip('cancelled'); }
    else if (check.write && !write) out = skip('Not run: a write check (it creates and removes a test user), and this run was read-only.');
    else if (ctx.state.unreachable && check !== readChecks[0]) out = skip('Skipped: the endpoint did not accept the Test API Credentials request.');
    else if (ctx.state.rateLimited) out = skip(RATE_LIMITED_SKIP);
    else {
      const before = replies.length;
      try {
        out = await check.run(ctx);
      } catch (e) {
        out = { status: 'fail', message: `The check crashed: ${e instanceof Error ? e.message : String(e)}`, evidence: {} };
      }
      if (opts.signal?.aborted && out.status !== 'pass') { cancelled = true; out = skip('cancelled', out.evidence); }
      // A 429 that outlasted the waits is the server's rate limiter speaking, not a verdict on the check.
      const ev = out.evidence;
      const limited = replies.slice(before).find((r) => r.status === 429) ?? (ev.status === 429 ? replies.find((r) => r.status === 429 && r.request === ev.request) : undefined);
      if (limited && (out.status === 'fail' || out.status === 'warn')) {
        const how = limited.rateLimited ? describeRateLimit(limited.rateLimited, policy) : 'not retried';
        out = skip(`Rate-limited: ${limited.request} answered HTTP 429 (${how}); not judged.`, evidenceOf(ctx, limited));
      }
      if (limited?.rateLimited?.gaveUp) ctx.state.rateLimited = limited;
    }
    record(check, out, Math.round(performance.now() - started));
  };

  try {
    for (const check of readChecks) await runOne(check);
    if (write) {
      try {
        for (const check of writeChecks) await runOne(check);
      } finally {
        const started = performance.now();
        const t = testUserOf(ctx);
        let out: CheckOutcome;
        try {
          // Its own budget, twice a request's: a rate-limited run must still remove the test user.
          const cleaned = await cleanUp(http, t, (text) => ctx.redact(text), cleanupBudget(policy));
          out = cleaned.outcome;
          leftBehind.push(...cleaned.leftBehind);
        } catch (e) {
          out = { status: 'fail', message: `Cleanup crashed: ${e instanceof Error ? e.message : String(e)}; ${t.userName} may be left behind.`, evidence: {}, fix: 'Remove the test user by hand.' };
          leftBehind.push(ctx.redact(`${t.userName}${t.id ? ` (id ${t.id})` : ''}`));
        }
        const cleanup: ConformanceCheck = { ...CLEANUP_CHECK, write: true, run: () => Promise.resolve(out) };
        record(cleanup, out, Math.round(performance.now() - started));
        opts.onProgress?.(cleanup, results[results.length - 1]);
      }
    } else {
      for (const check of writeChecks) await runOne(check);
    }
    await runOne(contentTypeCheck);
    await runOne(errorBodyCheck);
  } finally {
    await base.close();
  }
  const sweep = memo.get('sweep') as Promise<{ truncated: boolean }> | undefined;
  const sampled = sweep ? (await sweep.catch(() => ({ truncated: false }))).truncated : false;
  const rateLimited = ctx.state.rateLimited as Reply | undefined;
  let host = opts.client.baseUrl;
  try { host = new URL(opts.client.baseUrl).host; } catch { /* keep */ }
  // The Test API Credentials request did not succeed: say why, as test-credentials would.
  const credentials = results.find((r) => r.id === readChecks[0]?.id);
  const okta = memo.has(OKTA_LIST) ? await oktaList(ctx) : undefined;
  const found = credentials && credentials.status !== 'pass' && okta ? replyDiagnosis(okta, host, hints, policy)
    : rateLimited ? replyDiagnosis(rateLimited, host, hints, policy) : undefined;
  const diagnosis = found ? { diagnosis: found.diagnosis, message: ctx.redact(found.message) } : undefined;
  return { summary: summarize(results), checks: results, leftBehind, sampled, cancelled, rateLimited: rateLimited !== undefined, ...(diagnosis ? { diagnosis } : {}), write, target };
}
