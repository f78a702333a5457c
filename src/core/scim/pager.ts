// Paging through a tenant's users: GET /Users?startIndex=N&count=K[&filter=...], the requests and their
// scheduling. How each answer is read, whatever the server's quirks, is ./pageReader.ts's (no I/O).
// It never loops forever and never yields a user twice. `loadAll` fetches the remaining pages with
// bounded concurrency, in order, streaming.
import { diagnosisMessage } from './diagnosis';
import type { ScimFailure } from './diagnosis';
import { filterQueryParam, validateScimFilter } from './filter';
import type { ScimClient } from './client';
import type { TargetHints } from '../targets/types';
import { readServiceProviderSupport } from './serviceProvider';
import { PageReader } from './pageReader';
import type { RawPage, UserPage } from './pageReader';

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

type Fetched = { ok: true; raw: RawPage } | { ok: false; failure: ScimFailure };

const clampInt = (v: number | undefined, dflt: number, min: number, max: number): number =>
  v === undefined || !Number.isFinite(v) ? dflt : Math.min(max, Math.max(min, Math.floor(v)));

export class UserPager {
  private readonly client: PagerClient;
  private readonly filter: string | undefined;
  private readonly opts: UserPagerOptions;
  private readonly basePageSize: number;
  private readonly maxPageSize: number;
  private readonly maxPages: number;
  /** What was read so far, and what to ask for next (./pageReader.ts). */
  private readonly reader: PageReader;
  private requestCount = 0;
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
    this.maxPages = clampInt(opts.maxPages, 20_000, 1, Number.MAX_SAFE_INTEGER);
    this.reader = new PageReader(
      { pageSize: this.basePageSize, maxUsers: clampInt(opts.maxUsers, 1_000_000, 1, Number.MAX_SAFE_INTEGER), maxPages: this.maxPages },
      (message) => this.warn(message), () => this.warningList,
    );
  }

  get warnings(): readonly string[] { return this.warningList; }
  get isDone(): boolean { return this.reader.done; }
  get loaded(): number { return this.reader.seen.size; }

  get state(): PagerState {
    const r = this.reader;
    const s: PagerState = {
      nextStartIndex: r.nextStart, loaded: r.seen.size, pages: r.pageCount, requests: this.requestCount,
      pageSize: r.pageSize, done: r.done,
    };
    if (r.total !== undefined) s.totalResults = r.total;
    return s;
  }

  /** Start over (forgets what was delivered) and fetch the first page. */
  firstPage(opts: { signal?: AbortSignal } = {}): Promise<PageResult> {
    return this.exclusive(async () => {
      this.reader.reset();
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
    return { loaded: this.reader.seen.size, pages: this.reader.pageCount, requests: this.requestCount, warnings: [...this.warningList], truncated: this.reader.truncated };
  }

  private cancelled(): ScimFailure {
    return { diagnosis: 'cancelled', message: diagnosisMessage('cancelled', { host: this.host() }) };
  }

  private host(): string {
    try { return new URL(this.client.baseUrl).host; } catch { return this.client.baseUrl; }
  }

  /** One sequential page: fetch, then apply (state changes only on success). */
  private async step(signal: AbortSignal | undefined): Promise<PageResult> {
    if (this.reader.done) return { ok: true, page: this.reader.donePage() };
    const r = await this.fetchRaw(this.reader.nextRequest(), signal);
    if (!r.ok) return r;
    return { ok: true, page: this.reader.apply(r.raw) };
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

  private async fetchRaw(request: { startIndex: number; count: number; recovery: boolean }, signal: AbortSignal | undefined): Promise<Fetched> {
    if (signal?.aborted) return { ok: false, failure: this.cancelled() };
    this.requestCount++;
    let res;
    try {
      res = await this.client.request<unknown>(this.listPath(request.startIndex, request.count), {
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
    const read = this.reader.read(res.body, request);
    return read.ok ? read : { ok: false, failure: this.notScim(res.status, read.what) };
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
    if (max !== undefined && max > 0) this.reader.advertisedMax = max;
    return undefined;
  }

  private async runLoadAll(opts: LoadAllOptions): Promise<LoadAllResult> {
    const signal = opts.signal;
    let concurrency = clampInt(opts.concurrency, DEFAULT_CONCURRENCY, 1, MAX_CONCURRENCY);
    const fail = (failure: ScimFailure): LoadAllResult => ({ ok: false, failure, ...this.stats() });
    if (signal?.aborted) return fail(this.cancelled());
    const reader = this.reader;
    if (reader.done) return { ok: true, ...this.stats() };

    if (opts.largePages !== false) {
      const f = await this.readServiceProviderConfig(signal);
      if (f) return fail(f);
      if (reader.advertisedMax !== undefined) {
        reader.pageSize = reader.advertisedMax >= this.basePageSize ? Math.min(reader.advertisedMax, this.maxPageSize) : reader.advertisedMax;
      }
    } else if (reader.advertisedMax !== undefined && reader.advertisedMax < reader.pageSize) {
      reader.pageSize = reader.advertisedMax;
    }

    const deliver = async (page: UserPage): Promise<void> => { if (opts.onPage) await opts.onPage(page); };

    while (!reader.done) {
      if (signal?.aborted) return fail(this.cancelled());
      if (this.rateLimitedSeen && concurrency > 1) {
        this.warn('the server is rate limiting requests; continuing one request at a time');
        concurrency = 1;
      }
      let failure: ScimFailure | undefined;
      if (concurrency > 1 && reader.canRunWindow()) {
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

  /**
   * Pages nextStart, +size, ... up to totalResults, at most `concurrency` requests at a time, applied
   * and delivered in order. When totalResults ends exactly on a page boundary, the page after it
   * (normally empty; full when totalResults was too low) is asked for in the same window instead of
   * after it. Stops (aborting the rest) at the first failure, short page or end.
   */
  private async runWindow(concurrency: number, deliver: (p: UserPage) => Promise<void>, signal: AbortSignal | undefined): Promise<ScimFailure | undefined> {
    const ctrl = new AbortController();
    const sig = signal ? AbortSignal.any([signal, ctrl.signal]) : ctrl.signal;
    const reader = this.reader;
    const size = reader.pageSize;
    const total = reader.total ?? 0;
    const starts: number[] = [];
    const pagesLeft = this.maxPages - reader.pageCount;
    let s0 = reader.nextStart;
    for (; s0 <= total && starts.length < pagesLeft; s0 += size) starts.push(s0);
    if (s0 === total + 1 && starts.length < pagesLeft) starts.push(s0);
    const pending = new Map<number, Promise<Fetched>>();
    let launched = 0;
    const launch = (): void => {
      while (pending.size < concurrency && launched < starts.length && !sig.aborted) {
        const s = starts[launched++] ?? 0;
        pending.set(s, this.fetchRaw({ startIndex: s, count: size, recovery: false }, sig));
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
        if (s !== reader.nextStart || reader.done) return undefined;
        const page = reader.apply(r.raw);
        await deliver(page);
        if (reader.done || r.raw.resources.length !== size || this.rateLimitedSeen) return undefined;
        if (signal?.aborted) return this.cancelled();
      }
      return undefined;
    } finally {
      await stop();
    }
  }
}
