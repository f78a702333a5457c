// The test users the endpoint check and simulate create in a tenant (uniquely named, never a real
// person), and their removal: deactivate, DELETE, confirm, also after a failure or a cancel.
import type { Transport, Reply } from './rawTransport';
import { describeRateLimit } from '../http/rateLimit';
import type { RateLimitBudget } from '../http/rateLimit';
import { filterPath } from './paths';
import { resourcesOf } from './serviceProvider';
import { PATCH_OP_SCHEMA } from './schemas';
import { activeOf } from './users';
import { isRecord } from '../shared/values';


/** What a cleanup came to, in the shape of an endpoint-check outcome (the check reports it as one). */
export interface CleanupOutcome {
  status: 'pass' | 'skip' | 'fail';
  message: string;
  evidence: { request?: string; status?: number };
  /** What a server author would change (on a failure). */
  fix?: string;
}

/** The cleanup's title, as the endpoint check lists it and simulate reports a crash of it. */
export const CLEANUP_TITLE = 'The test user is removed afterwards';

/** A random part for a test user's name: 8 base-36 characters and 4 of the clock. */
export function randomSuffix(): string {
  return Math.random().toString(36).slice(2, 10) + Date.now().toString(36).slice(-4);
}

export interface TestUser {
  userName: string;
  id?: string;
  /** Every id the server handed out for the test userName (a wrongly accepted duplicate too). */
  createdIds: string[];
}

/**
 * Deactivate, then DELETE every test user the run created (also ones found by filter, in case a
 * create's answer was lost), confirm with a GET. Uses its own timeouts, never the run's cancel signal.
 * 429s are waited out under `budget` (shared by the whole cleanup); only a DELETE still refused after
 * that leaves a user behind, and the message says it was the rate limit.
 */
export async function cleanUp(http: Transport, t: TestUser, redact: (s: string) => string, budget?: RateLimitBudget): Promise<{ outcome: CleanupOutcome; leftBehind: string[] }> {
  const o = budget ? { rateLimitBudget: budget } : {};
  const ids = new Set(t.createdIds);
  const lookup = await http.send('GET', filterPath(`userName eq ${JSON.stringify(t.userName)}`), o);
  // Only users with the test userName: a server that ignores the filter answers with everyone.
  for (const r of resourcesOf(lookup.json)) if (isRecord(r) && typeof r.id === 'string' && typeof r.userName === 'string' && r.userName.toLowerCase() === t.userName.toLowerCase()) ids.add(r.id);
  if (!ids.size) {
    if (lookup.status === 200) return { outcome: { status: 'pass', message: 'No test user was created; nothing to remove.', evidence: { request: lookup.request, status: lookup.status } }, leftBehind: [] };
    return { outcome: { status: 'skip', message: `No test user known; the lookup answered ${lookup.status ?? lookup.error ?? '?'}.`, evidence: { request: lookup.request, ...(lookup.status !== undefined ? { status: lookup.status } : {}) } }, leftBehind: [] };
  }
  const left: string[] = [];
  let lastDelete: Reply | undefined;
  let unconfirmed = 0;
  for (const id of ids) {
    const path = `/Users/${encodeURIComponent(id)}`;
    await http.send('PATCH', path, { body: { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'replace', value: { active: false } }] }, ...o });
    lastDelete = await http.send('DELETE', path, o);
    const check = await http.send('GET', path, o);
    if (check.status === 404) continue;
    // Deleted, but the confirming read was rate-limited: count it removed, say it is unconfirmed.
    if (check.status === 429 && lastDelete.status !== undefined && lastDelete.status >= 200 && lastDelete.status < 300) { unconfirmed++; continue; }
    const active = isRecord(check.json) ? activeOf(check.json.active) : undefined;
    left.push(redact(`${t.userName} (id ${id}${active === false ? ', deactivated' : active === true ? ', still active' : ''})`));
  }
  const ev = lastDelete ? { request: lastDelete.request, ...(lastDelete.status !== undefined ? { status: lastDelete.status } : {}) } : {};
  if (left.length) {
    const limited = lastDelete?.status === 429 ? ` (rate-limited: ${lastDelete.rateLimited ? describeRateLimit(lastDelete.rateLimited, budget?.policy) : 'not retried'})` : '';
    return {
      outcome: {
        status: 'fail', message: `Left behind: ${left.join(', ')}. DELETE answered ${lastDelete?.status ?? lastDelete?.error ?? '?'}${limited}.`, evidence: ev,
        fix: 'Support DELETE /Users/{id} (RFC 7644 §3.6), or remove the test user by hand.',
      },
      leftBehind: left,
    };
  }
  const note = unconfirmed ? ` (${unconfirmed} not confirmed: the check GET was rate-limited)` : '';
  return { outcome: { status: 'pass', message: `Removed ${ids.size} test user${ids.size === 1 ? '' : 's'}${note}.`, evidence: ev }, leftBehind: [] };
}
