// runConformance: runs every check in order, reports progress, honours cancellation, and — with
// `write: true` — always removes the test user in a finally, whatever happened before.
import type { Dispatcher } from 'undici';
import type { ScimClient } from '../http';
import { createRedactor } from '../redact';
import { skip } from './helpers';
import { contentTypeCheck, readChecks } from './readChecks';
import { clientTransport, rawTransport } from './transport';
import type { Reply, Transport } from './transport';
import type { CheckContext, CheckOutcome, CheckResult, ConformanceCheck, ConformanceReport, ConformanceSummary } from './types';
import { CLEANUP_CHECK, cleanUp, testUserOf, writeChecks } from './writeChecks';

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
  /** 'flosum' makes user sign-in problems a fail; anything else a warn. Default 'generic-scim'. */
  target?: string;
  signal?: AbortSignal;
  onProgress?(check: ConformanceCheck, result: CheckResult): void;
  limits?: Partial<typeof DEFAULT_LIMITS>;
}

/** Every check, in run order (write checks included; they are skipped without `write`). */
export const CONFORMANCE_CHECKS: readonly ConformanceCheck[] = [...readChecks, ...writeChecks, contentTypeCheck];

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
    ? rawTransport({ baseUrl: opts.client.baseUrl, token: opts.raw.token, redact, dispatcher: opts.raw.dispatcher ?? opts.client.dispatcherFor(opts.client.baseUrl), ...(opts.raw.timeoutMs !== undefined ? { timeoutMs: opts.raw.timeoutMs } : {}), ...(opts.raw.userAgent ? { userAgent: opts.raw.userAgent } : {}) })
    : clientTransport(opts.client, opts.badTokenClient));
  const replies: Reply[] = [];
  const http = recording(base, replies);
  const memo = new Map<string, Promise<unknown>>();
  const write = opts.write === true;
  const target = opts.target ?? 'generic-scim';
  const ctx: CheckContext = {
    http,
    redact: (s) => opts.client.redactText(redact(s)),
    ...(opts.signal ? { signal: opts.signal } : {}),
    target,
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
    else {
      try {
        out = await check.run(ctx);
      } catch (e) {
        out = { status: 'fail', message: `The check crashed: ${e instanceof Error ? e.message : String(e)}`, evidence: {} };
      }
      if (opts.signal?.aborted && out.status !== 'pass') { cancelled = true; out = skip('cancelled', out.evidence); }
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
          const cleaned = await cleanUp(http, t, (text) => ctx.redact(text));
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
  } finally {
    await base.close();
  }
  const sweep = memo.get('sweep') as Promise<{ truncated: boolean }> | undefined;
  const sampled = sweep ? (await sweep.catch(() => ({ truncated: false }))).truncated : false;
  return { summary: summarize(results), checks: results, leftBehind, sampled, cancelled, write, target };
}
