// The bounded paging sweep over the whole tenant, as Okta's import does it (startIndex=1, +count,
// until totalResults), shared by the paging and per-user checks.
import type { ScimUser } from '../scim/users';
import { isInt, isObj } from './helpers';
import type { Reply } from '../scim/rawTransport';
import type { CheckContext } from './types';
import { resourcesOf } from '../scim/serviceProvider';

export interface SweepPage {
  reply: Reply;
  startIndex: number;
  count: number;
}

export interface Sweep {
  pages: SweepPage[];
  /** Ids in the order received (duplicates included). */
  ids: string[];
  users: ScimUser[];
  /** totalResults of the first page (undefined when not an integer). */
  totalResults?: number;
  /** Stopped at the bound before reaching totalResults. */
  truncated: boolean;
  duplicates: Array<{ id: string; request: string }>;
  /** A page that was not a 200 ListResponse (the sweep stopped there). */
  broken?: Reply;
  /** totalResults changed between pages. */
  totalChanged?: { from: unknown; to: unknown; request: string };
  /** The sweep ended on an empty page before collecting totalResults. */
  shortAt?: Reply;
}

/** Read a counter, accepting numeric strings (their type is judged elsewhere). */
export function counter(body: unknown, key: string): number | undefined {
  if (!isObj(body)) return undefined;
  const v = body[key];
  if (isInt(v)) return v;
  if (typeof v === 'string' && /^\d+$/.test(v.trim())) return Number(v);
  return undefined;
}

export function runSweep(ctx: CheckContext): Promise<Sweep> {
  return ctx.memo('sweep', async () => {
    const { maxUsers, maxPages } = ctx.limits;
    const count = ctx.state.pageSize as number | undefined ?? ctx.limits.pageSize;
    const sweep: Sweep = { pages: [], ids: [], users: [], truncated: false, duplicates: [] };
    const seen = new Set<string>();
    let startIndex = 1;
    for (;;) {
      if (sweep.pages.length >= maxPages || sweep.ids.length >= maxUsers) { sweep.truncated = true; break; }
      const reply = await ctx.http.send('GET', `/Users?startIndex=${startIndex}&count=${count}`, { ...(ctx.signal ? { signal: ctx.signal } : {}) });
      if (reply.status !== 200 || !isObj(reply.json)) { sweep.broken = reply; break; }
      sweep.pages.push({ reply, startIndex, count });
      const total = counter(reply.json, 'totalResults');
      if (sweep.pages.length === 1) {
        if (total !== undefined) sweep.totalResults = total;
      } else if (total !== sweep.totalResults && !sweep.totalChanged) {
        sweep.totalChanged = { from: sweep.totalResults, to: reply.json.totalResults, request: reply.request };
      }
      const resources = resourcesOf(reply.json);
      const before = sweep.duplicates.length;
      for (const r of resources) {
        const id = isObj(r) && typeof r.id === 'string' ? r.id : JSON.stringify(isObj(r) ? r.id : r);
        if (seen.has(id)) sweep.duplicates.push({ id, request: reply.request });
        seen.add(id);
        sweep.ids.push(id);
        if (isObj(r)) sweep.users.push({ ...(r), id });
      }
      if (sweep.totalResults === undefined) break;
      if (sweep.ids.length >= sweep.totalResults) break;
      if (resources.length === 0) { sweep.shortAt = reply; break; }
      // A page of nothing but repeats: the server ignores startIndex; going on would loop.
      if (sweep.duplicates.length - before === resources.length) break;
      startIndex += resources.length;
    }
    return sweep;
  });
}
