// Paging through a tenant's users: GET /Users?startIndex=N&count=K[&filter=...], robust against the
// ways real servers page wrong (capped count, echoed itemsPerPage, lying totalResults, ignored or
// 0-based startIndex, string counters, pages past the end). It never loops forever and never yields
// a user twice. `loadAll` fetches the remaining pages with bounded concurrency, in order, streaming.
import { diagnosisMessage } from './diagnosis';
import type { ScimFailure } from './diagnosis';
import { readServiceProviderSupport } from './credentials';
import { filterQueryParam, validateScimFilter } from './filter';
import type { ScimClient } from './client';
import type { ScimUser } from './users';
import type { TargetHints } from '../targets/types';

/**
 * What the pager needs from a client (a ScimClient, or a stand-in in tests). 429s are the client's
 * business: it waits as the server asks, within the shared rate-limit bound (../http/rateLimit.ts), and
 * returns a rate-limited failure only after that.
 */
export type PagerClient = Pick<ScimClient, 'request' | 'baseUrl'> & { readonly hints?: TargetHints };

export const DEFAULT_PAGE_SIZE = 100;
export const DEFAULT_MAX_PAGE_SIZE = 1000;
export const DEFAULT_CONCURRENCY = 4;
export const MAX_CONCURRENCY = 8;

export interface UserPagerOptions {
  /** A SCIM filter; validated up front (the constructor throws InvalidFilterError). */
  filter?: string;
  /** Page size for firstPage/nextPage; default 100. */
  pageSize?: number;
  /** Largest page `loadAll` asks for when the tenant advertises a bigger filter.maxResults; default 1000. */
  maxPageSize?: number;
  /** Read /ServiceProviderConfig before `loadAll` (for maxResults); default true. */
  useServiceProviderConfig?: boolean;
  /** Per request; default: the client's. */
  timeoutMs?: number;
  /** Stop (with a warning) after this many users; default 1,000,000. */
  maxUsers?: number;
  /** Stop (with a warning) after this many pages; default 20,000. */
  maxPages?: number;
  /** Called once per distinct warning, as it happens. */
  onWarning?: (message: string) => void;
  /** Resource endpoint; default '/Users'. */
  resourcePath?: string;
}

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

export type PageResult = { ok: true; page: UserPage } | { ok: false; failure: ScimFailure };

export interface LoadAllOptions {
  /** Requests in flight at once; default 4, at most 8. 1 = sequential. */
  concurrency?: number;
  /** Each page, in startIndex order, as soon as it and every page before it arrived. */
  onPage?: (page: UserPage) => void | Promise<void>;
  signal?: AbortSignal;
  /** Use the tenant's advertised maxResults (up to maxPageSize) as page size; default true. */
  largePages?: boolean;
}

export interface LoadStats {
  /** Distinct users delivered so far (all pages, including firstPage/nextPage). */
  loaded: number;
  /** Pages applied. */
  pages: number;
  /** HTTP requests made by this pager (list pages, ServiceProviderConfig). */
  requests: number;
  warnings: string[];
  /** Stopped by maxUsers/maxPages rather than by the end of the list. */
  truncated: boolean;
}

export type LoadAllResult = ({ ok: true } & LoadStats) | ({ ok: false; failure: ScimFailure } & LoadStats);

export interface PagerState {
  nextStartIndex: number;
  loaded: number;
  pages: number;
  requests: number;
  totalResults?: number;
  pageSize: number;
  done: boolean;
}

export class InvalidFilterError extends Error {
  constructor(readonly filter: string, readonly reason: string, readonly offset: number) {
    super(`invalid SCIM filter at offset ${offset}: ${reason}`);
  }
}

interface RawPage {
  startIndex: number;
  count: number;
  resources: unknown[];
  totalResults?: number;
  recovery: boolean;
}

type Fetched = { ok: true; raw: RawPage } | { ok: false; failure: ScimFailure };

const clampInt = (v: number | undefined, dflt: number, min: number, max: number): number =>
  v === undefined || !Number.isFinite(v) ? dflt : Math.min(max, Math.max(min, Math.floor(v)));

export function ignoresStartIndexWarning(n: number): string {
  return `the server ignores startIndex; showing the first ${n} users only`;
}

export class UserPager {
  private readonly client: PagerClient;
  private readonly filter: string | undefined;
  private readonly opts: UserPagerOptions;
  private readonly basePageSize: number;
  private readonly maxPageSize: number;
  private readonly maxUsers: number;
  private readonly maxPages: number;
  private pageSize: number;
  private seen = new Set<string>();
  private nextStart = 1;
  private total: number | undefined;
  private firstId: string | undefined;
  private done = false;
  private recoveryPending = false;
  private recoveryTried = false;
  private lastPageFull = false;
  private pageCount = 0;
  private requestCount = 0;
  private truncated = false;
  private advertisedMax: number | undefined;
  private spcRead = false;
  /** A request of this pager met a 429 (and the client waited): `loadAll` goes on one page at a time. */
  private rateLimitedSeen = false;
  private readonly warned = new Set<string>();
  private readonly warningList: string[] = [];
  private queue: Promise<unknown> = Promise.resolve();

  constructor(client: PagerClient, opts: UserPagerOptions = {}) {
    this.client = client;
    this.opts = opts;
    const filter = opts.filter?.trim();
    if (filter) {
      const check = validateScimFilter(filter);
      if (!check.ok) throw new InvalidFilterError(filter, check.message, check.offset);
      // Sent normalised (one space between tokens): servers that follow the RFC grammar refuse runs of blanks.
      this.filter = check.normalized;
    }
    this.basePageSize = clampInt(opts.pageSize, DEFAULT_PAGE_SIZE, 1, 100_000);
    this.maxPageSize = Math.max(this.basePageSize, clampInt(opts.maxPageSize, DEFAULT_MAX_PAGE_SIZE, 1, 100_000));
    this.maxUsers = clampInt(opts.maxUsers, 1_000_000, 1, Number.MAX_SAFE_INTEGER);
    this.maxPages = clampInt(opts.maxPages, 20_000, 1, Number.MAX_SAFE_INTEGER);
    this.pageSize = this.basePageSize;
  }

  get warnings(): readonly string[] { return this.warningList; }
  get isDone(): boolean { return this.done; }
  get loaded(): number { return this.seen.size; }

  get state(): PagerState {
    const s: PagerState = {
      nextStartIndex: this.nextStart, loaded: this.seen.size, pages: this.pageCount, requests: this.requestCount,
      pageSize: this.pageSize, done: this.done,
    };
    if (this.total !== undefined) s.totalResults = this.total;
    return s;
  }

  /** Start over (forgets what was delivered) and fetch the first page. */
  firstPage(opts: { signal?: AbortSignal } = {}): Promise<PageResult> {
    return this.exclusive(async () => {
      this.reset();
      return this.step(opts.signal);
    });
  }

  /** The next page ("Load more…"). On failure the pager is exactly as before the call. */
  nextPage(opts: { signal?: AbortSignal } = {}): Promise<PageResult> {
    return this.exclusive(() => this.step(opts.signal));
  }

  /**
   * Every remaining page (from the start when nothing was loaded yet), streamed through onPage in
   * order. Pages already applied are kept when it fails or is cancelled.
   */
  loadAll(opts: LoadAllOptions = {}): Promise<LoadAllResult> {
    return this.exclusive(() => this.runLoadAll(opts));
  }

  private reset(): void {
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

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private warn(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.warningList.push(message);
    this.opts.onWarning?.(message);
  }

  private stats(): LoadStats {
    return { loaded: this.seen.size, pages: this.pageCount, requests: this.requestCount, warnings: [...this.warningList], truncated: this.truncated };
  }

  private cancelled(): ScimFailure {
    return { diagnosis: 'cancelled', message: diagnosisMessage('cancelled', { host: this.host() }) };
  }

  private host(): string {
    try { return new URL(this.client.baseUrl).host; } catch { return this.client.baseUrl; }
  }

  private donePage(): UserPage {
    const p: UserPage = { startIndex: this.nextStart, users: [], returned: 0, done: true };
    if (this.total !== undefined) p.totalResults = this.total;
    return p;
  }

  /** One sequential page: fetch, then apply (state changes only on success). */
  private async step(signal: AbortSignal | undefined): Promise<PageResult> {
    if (this.done) return { ok: true, page: this.donePage() };
    const recovery = this.recoveryPending;
    const start = recovery ? 0 : this.nextStart;
    const count = recovery ? Math.max(1, Math.min(this.pageSize, (this.total ?? 1) - this.seen.size)) : this.pageSize;
    const r = await this.fetchRaw(start, count, recovery, signal);
    if (!r.ok) return r;
    return { ok: true, page: this.apply(r.raw) };
  }

  private listPath(startIndex: number, count: number): string {
    const path = this.opts.resourcePath ?? '/Users';
    return `${path}?startIndex=${startIndex}&count=${count}${this.filter ? `&${filterQueryParam(this.filter)}` : ''}`;
  }

  private notScim(status: number | undefined, what: string): ScimFailure {
    const f: ScimFailure = { diagnosis: 'not-scim', message: diagnosisMessage('not-scim', { host: this.host(), ...(status !== undefined ? { status } : {}), what, ...(this.client.hints ? { hints: this.client.hints } : {}) }) };
    if (status !== undefined) f.status = status;
    f.detail = what;
    return f;
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

  private async fetchRaw(startIndex: number, count: number, recovery: boolean, signal: AbortSignal | undefined): Promise<Fetched> {
    if (signal?.aborted) return { ok: false, failure: this.cancelled() };
    this.requestCount++;
    let res;
    try {
      res = await this.client.request<unknown>(this.listPath(startIndex, count), {
        method: 'GET',
        ...(signal ? { signal } : {}),
        ...(this.opts.timeoutMs !== undefined ? { timeoutMs: this.opts.timeoutMs } : {}),
      });
    } catch (e) {
      if (signal?.aborted) return { ok: false, failure: this.cancelled() };
      const msg = e instanceof Error ? e.message : String(e);
      return { ok: false, failure: { diagnosis: 'connection-refused', message: diagnosisMessage('connection-refused', { host: this.host() }), detail: msg } };
    }
    if (res.rateLimited) this.rateLimitedSeen = true;
    if (!res.ok) return { ok: false, failure: res.failure };
    const body = res.body;
    if (!body || typeof body !== 'object' || Array.isArray(body)) return { ok: false, failure: this.notScim(res.status, 'a JSON body that is not a SCIM ListResponse') };
    const b = body as Record<string, unknown>;
    if (b.Resources === undefined && b.totalResults === undefined) {
      return { ok: false, failure: this.notScim(res.status, 'JSON without "Resources" or "totalResults" (not a SCIM ListResponse)') };
    }
    if (b.Resources !== undefined && !Array.isArray(b.Resources)) return { ok: false, failure: this.notScim(res.status, 'a ListResponse whose "Resources" is not an array') };
    const raw: RawPage = { startIndex, count, resources: (b.Resources as unknown[] | undefined) ?? [], recovery };
    const total = this.counter('totalResults', b.totalResults);
    if (total !== undefined) raw.totalResults = total;
    this.counter('startIndex', b.startIndex);
    this.counter('itemsPerPage', b.itemsPerPage);
    return { ok: true, raw };
  }

  /** Commit one page, in order. Decides whether paging is over. */
  private apply(raw: RawPage): UserPage {
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
      if (before >= this.maxUsers) {
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
    if (this.pageCount >= this.maxPages) {
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
    if (this.total !== undefined && this.seen.size < this.total && !this.truncated && !this.warningList.some((w) => w.startsWith('the server ignores startIndex'))) {
      this.warn(`the server reported ${this.total} users (totalResults) but returned ${this.seen.size}`);
    }
    if (this.total !== undefined && this.seen.size > this.total) {
      this.warn(`the server reported ${this.total} users (totalResults) but returned ${this.seen.size}`);
    }
    this.done = true;
    page.done = true;
    return page;
  }

  private async readServiceProviderConfig(signal: AbortSignal | undefined): Promise<ScimFailure | undefined> {
    if (this.spcRead || this.opts.useServiceProviderConfig === false) return undefined;
    this.spcRead = true;
    this.requestCount++;
    const r = await this.client.request<unknown>('/ServiceProviderConfig', {
      method: 'GET',
      ...(signal ? { signal } : {}),
      ...(this.opts.timeoutMs !== undefined ? { timeoutMs: this.opts.timeoutMs } : {}),
    }).catch(() => undefined);
    if (!r) return undefined;
    // Cancelled, or still rate-limited after the client's bounded waits: the pages would fare no better.
    if (!r.ok) return r.failure.diagnosis === 'cancelled' || r.rateLimited?.gaveUp ? r.failure : undefined;
    const max = readServiceProviderSupport(r.body)?.maxResults;
    if (max !== undefined && max > 0) this.advertisedMax = max;
    return undefined;
  }

  private async runLoadAll(opts: LoadAllOptions): Promise<LoadAllResult> {
    const signal = opts.signal;
    let concurrency = clampInt(opts.concurrency, DEFAULT_CONCURRENCY, 1, MAX_CONCURRENCY);
    const fail = (failure: ScimFailure): LoadAllResult => ({ ok: false, failure, ...this.stats() });
    if (signal?.aborted) return fail(this.cancelled());
    if (this.done) return { ok: true, ...this.stats() };

    if (opts.largePages !== false) {
      const f = await this.readServiceProviderConfig(signal);
      if (f) return fail(f);
      if (this.advertisedMax !== undefined) {
        this.pageSize = this.advertisedMax >= this.basePageSize ? Math.min(this.advertisedMax, this.maxPageSize) : this.advertisedMax;
      }
    } else if (this.advertisedMax !== undefined && this.advertisedMax < this.pageSize) {
      this.pageSize = this.advertisedMax;
    }

    const deliver = async (page: UserPage): Promise<void> => { if (opts.onPage) await opts.onPage(page); };

    while (!this.done) {
      if (signal?.aborted) return fail(this.cancelled());
      if (this.rateLimitedSeen && concurrency > 1) {
        this.warn('the server is rate limiting requests; continuing one request at a time');
        concurrency = 1;
      }
      let failure: ScimFailure | undefined;
      if (concurrency > 1 && this.canRunWindow()) {
        failure = await this.runWindow(concurrency, deliver, signal);
      } else {
        const r = await this.step(signal);
        if (r.ok) await deliver(r.page);
        else failure = r.failure;
      }
      if (!failure) continue;
      // A rate-limited failure comes after the client's bounded waits: retrying here would exceed the bound.
      return fail(signal?.aborted ? this.cancelled() : failure);
    }
    return { ok: true, ...this.stats() };
  }

  /** Concurrent pages make sense once the first page showed a trustworthy total and page size. */
  private canRunWindow(): boolean {
    return this.pageCount > 0 && !this.recoveryPending && this.lastPageFull && this.total !== undefined && this.nextStart + this.pageSize <= this.total;
  }

  /**
   * Pages nextStart, +size, ... up to totalResults, at most `concurrency` requests at a time, applied
   * and delivered in order. When totalResults ends exactly on a page boundary, the page after it
   * (normally empty; full when totalResults was too low) is asked for in the same window instead of
   * after it. Stops (aborting the rest) at the first failure, short page or end.
   */
  private async runWindow(concurrency: number, deliver: (p: UserPage) => Promise<void>, signal: AbortSignal | undefined): Promise<ScimFailure | undefined> {
    const ctrl = new AbortController();
    const sig = signal ? AbortSignal.any([signal, ctrl.signal]) : ctrl.signal;
    const size = this.pageSize;
    const total = this.total ?? 0;
    const starts: number[] = [];
    const pagesLeft = this.maxPages - this.pageCount;
    let s0 = this.nextStart;
    for (; s0 <= total && starts.length < pagesLeft; s0 += size) starts.push(s0);
    if (s0 === total + 1 && starts.length < pagesLeft) starts.push(s0);
    const pending = new Map<number, Promise<Fetched>>();
    let launched = 0;
    const launch = (): void => {
      while (pending.size < concurrency && launched < starts.length && !sig.aborted) {
        const s = starts[launched++] ?? 0;
        pending.set(s, this.fetchRaw(s, size, false, sig));
      }
    };
    const stop = async (): Promise<void> => {
      ctrl.abort();
      await Promise.allSettled(pending.values());
    };
    try {
      for (const s of starts) {
        launch();
        const p = pending.get(s);
        if (!p) return signal?.aborted ? this.cancelled() : undefined;
        const r = await p;
        pending.delete(s);
        if (!r.ok) return r.failure;
        if (s !== this.nextStart || this.done) return undefined;
        const page = this.apply(r.raw);
        await deliver(page);
        if (this.done || r.raw.resources.length !== size || this.rateLimitedSeen) return undefined;
        if (signal?.aborted) return this.cancelled();
      }
      return undefined;
    } finally {
      await stop();
    }
  }
}
