// The pure half of paging through a tenant's users: reading each answer as a server really pages,
// whatever its quirks (capped count, echoed itemsPerPage, lying totalResults, ignored or 0-based
// startIndex, string counters, pages past the end, overlapping pages, resources without an id). No
// I/O and no timing: the pager (./pager.ts) asks what to fetch next, hands each answer over in
// startIndex order, and decides how many requests run at once.
import type { ScimUser } from './users';

export interface UserPage {
  /** The startIndex that was asked for. */
  startIndex: number;
  /** Users new on this page, in the server's order (duplicates and id-less resources dropped). */
  users: ScimUser[];
  /** How many resources the server returned (`Resources.length`, not `itemsPerPage`). */
  returned: number;
  /** The server's totalResults on this page, when it sent a usable one. */
  totalResults?: number;
  /** No more pages. */
  done: boolean;
}

/** One answer, as the pager fetched it. */
export interface RawPage {
  startIndex: number;
  count: number;
  resources: unknown[];
  totalResults?: number;
  recovery: boolean;
}

/** The page a ListResponse body is, or what it is instead (for a not-scim failure). */
export type ReadPage = { ok: true; raw: RawPage } | { ok: false; what: string };

export function ignoresStartIndexWarning(n: number): string {
  return `the server ignores startIndex; showing the first ${n} users only`;
}

export interface PageReaderLimits {
  pageSize: number;
  maxUsers: number;
  maxPages: number;
}

/**
 * A list being read: the ids seen (a user is never delivered twice), the total the server claims,
 * where the next page starts and how big it is, and whether the list is complete. Warnings go to
 * `warn` once each (the pager keeps them).
 */
export class PageReader {
  seen = new Set<string>();
  nextStart = 1;
  total: number | undefined;
  done = false;
  pageCount = 0;
  truncated = false;
  /** The page size asked for; a server that caps count lowers it. */
  pageSize: number;
  /** The tenant's filter.maxResults, when its ServiceProviderConfig says. */
  advertisedMax: number | undefined;
  /** Asking startIndex 0 once for users a 0-based server skipped. */
  recoveryPending = false;
  private recoveryTried = false;
  private firstId: string | undefined;
  private lastPageFull = false;

  constructor(private readonly limits: PageReaderLimits, private readonly warn: (message: string) => void, private readonly warned: () => readonly string[]) {
    this.pageSize = limits.pageSize;
  }

  /** Start over: nothing delivered yet (the page size and what the tenant advertised are kept). */
  reset(): void {
    this.seen = new Set();
    this.nextStart = 1;
    this.total = undefined;
    this.firstId = undefined;
    this.done = false;
    this.recoveryPending = false;
    this.recoveryTried = false;
    this.lastPageFull = false;
    this.pageCount = 0;
    this.truncated = false;
  }

  /** The request of the next sequential page. */
  nextRequest(): { startIndex: number; count: number; recovery: boolean } {
    const recovery = this.recoveryPending;
    return {
      startIndex: recovery ? 0 : this.nextStart,
      count: recovery ? Math.max(1, Math.min(this.pageSize, (this.total ?? 1) - this.seen.size)) : this.pageSize,
      recovery,
    };
  }

  /** A ListResponse body (RFC 7644 §3.4.2) as the page it is; counters as numbers (strings coerced, with a warning). */
  read(body: unknown, request: { startIndex: number; count: number; recovery: boolean }): ReadPage {
    if (!body || typeof body !== 'object' || Array.isArray(body)) return { ok: false, what: 'a JSON body that is not a SCIM ListResponse' };
    const b = body as Record<string, unknown>;
    if (b.Resources === undefined && b.totalResults === undefined) return { ok: false, what: 'JSON without "Resources" or "totalResults" (not a SCIM ListResponse)' };
    if (b.Resources !== undefined && !Array.isArray(b.Resources)) return { ok: false, what: 'a ListResponse whose "Resources" is not an array' };
    const raw: RawPage = { ...request, resources: (b.Resources as unknown[] | undefined) ?? [] };
    const total = this.counter('totalResults', b.totalResults);
    if (total !== undefined) raw.totalResults = total;
    this.counter('startIndex', b.startIndex);
    this.counter('itemsPerPage', b.itemsPerPage);
    return { ok: true, raw };
  }

  /** A counter as a number: integers as they are, "100" coerced (with a warning), else undefined. */
  private counter(name: string, v: unknown): number | undefined {
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
    if (typeof v === 'string' && /^\s*\d+\s*$/.test(v)) {
      this.warn(`the server sends ${name} as a string ("${v.trim()}"); read as a number`);
      return Number(v);
    }
    if (v !== undefined && v !== null) this.warn(`the server's ${name} (${JSON.stringify(v)?.slice(0, 40)}) is not a whole number; ignored`);
    return undefined;
  }

  /** Commit one page, in order. Decides whether paging is over. */
  apply(raw: RawPage): UserPage {
    this.pageCount++;
    if (raw.totalResults !== undefined) this.total = raw.totalResults;
    const users: ScimUser[] = [];
    let duplicates = 0;
    let noId = 0;
    for (const r of raw.resources) {
      const idv = r && typeof r === 'object' ? (r as { id?: unknown }).id : undefined;
      const id = typeof idv === 'string' && idv ? idv : typeof idv === 'number' ? String(idv) : undefined;
      if (id === undefined) { noId++; continue; }
      const before = this.seen.size;
      if (before >= this.limits.maxUsers) {
        if (!this.seen.has(id)) { this.truncated = true; break; }
        duplicates++;
        continue;
      }
      // One hash lookup per user: add, and a size that did not grow means it was there already.
      this.seen.add(id);
      if (this.seen.size === before) { duplicates++; continue; }
      users.push(typeof idv === 'string' ? (r as ScimUser) : ({ ...(r as object), id }));
    }
    if (noId) this.warn(`the server returned resources without an id; they were skipped`);
    const returned = raw.resources.length;
    const page: UserPage = { startIndex: raw.startIndex, users, returned, done: false };
    if (this.total !== undefined) page.totalResults = this.total;

    if (raw.recovery) {
      this.recoveryPending = false;
      if (users.length) this.warn(`the server counts startIndex from 0; ${users.length} user(s) it skipped were fetched separately`);
      return this.finish(page);
    }
    if (this.pageCount === 1 && raw.startIndex === 1) this.firstId = users[0]?.id;

    if (this.truncated) {
      this.warn(`stopped after ${this.seen.size} users (the limit of this list)`);
      return this.finish(page);
    }
    if (returned === 0) return this.finish(page, true);
    if (users.length === 0) {
      const firstIdOnPage = (raw.resources[0] as { id?: unknown } | undefined)?.id;
      if (raw.startIndex > 1 && this.firstId !== undefined && firstIdOnPage === this.firstId) {
        this.warn(ignoresStartIndexWarning(this.seen.size));
      } else if (duplicates) {
        this.warn(`the server returned a page of users already listed; stopping at ${this.seen.size} users`);
      }
      return this.finish(page);
    }
    if (duplicates) this.warn('the server returned some users twice (its pages overlap); duplicates were dropped');
    this.nextStart = raw.startIndex + returned;
    const full = returned >= raw.count || (this.advertisedMax !== undefined && returned >= this.advertisedMax);
    this.lastPageFull = returned >= raw.count;
    if (!this.lastPageFull && this.total !== undefined && this.nextStart <= this.total) {
      // A short page before the end: the server caps count. Ask for what it gives from now on.
      this.pageSize = returned;
      this.lastPageFull = true;
    }
    if (this.pageCount >= this.limits.maxPages) {
      this.truncated = true;
      this.warn(`stopped after ${this.pageCount} pages (${this.seen.size} users): the server kept sending pages`);
      return this.finish(page);
    }
    // Past the claimed total: a short page ends it; a full one may mean totalResults is too low.
    if (this.total !== undefined && this.nextStart > this.total && !full) return this.finish(page, true);
    return page;
  }

  /** Mark the list complete; first try once to pick up users a 0-based server skipped. */
  private finish(page: UserPage, mayRecover = false): UserPage {
    if (this.total !== undefined && this.seen.size < this.total && mayRecover && !this.recoveryTried && !this.truncated && this.firstId !== undefined) {
      this.recoveryTried = true;
      this.recoveryPending = true;
      return page;
    }
    if (this.total !== undefined && this.seen.size < this.total && !this.truncated && !this.warned().some((w) => w.startsWith('the server ignores startIndex'))) {
      this.warn(`the server reported ${this.total} users (totalResults) but returned ${this.seen.size}`);
    }
    if (this.total !== undefined && this.seen.size > this.total) {
      this.warn(`the server reported ${this.total} users (totalResults) but returned ${this.seen.size}`);
    }
    this.done = true;
    page.done = true;
    return page;
  }

  /** The page of a list already complete. */
  donePage(): UserPage {
    const p: UserPage = { startIndex: this.nextStart, users: [], returned: 0, done: true };
    if (this.total !== undefined) p.totalResults = this.total;
    return p;
  }

  /** Concurrent pages make sense once the first page showed a trustworthy total and page size. */
  canRunWindow(): boolean {
    return this.pageCount > 0 && !this.recoveryPending && this.lastPageFull && this.total !== undefined && this.nextStart + this.pageSize <= this.total;
  }

}
