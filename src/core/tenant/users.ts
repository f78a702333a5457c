// A tenant snapshot filled by the pager (src/core/scim/pager.ts, with all its robustness against
// servers that page wrong): page by page for the tree, or in one sweep that is either complete or a
// failure, never a partial list that looks whole (reconcile would call the people it missed "missing").
// Only types come from the pager, so the extension's bundle can hold this without the HTTP stack.
import type { LoadAllOptions, LoadAllResult, LoadStats, PageResult, UserPager } from '../scim/pager';
import type { UserPage } from '../scim/pageReader';
import type { FailureKind } from '../scim/diagnosis';
import { TenantSnapshot, toTenantUser } from './snapshot';
import type { TenantUser, UserResource } from './snapshot';

/** What the snapshot needs from a pager. */
export type SnapshotPager = Pick<UserPager, 'firstPage' | 'nextPage' | 'loadAll' | 'isDone' | 'warnings'>;

/**
 * The pager's users, kept as a snapshot: the tree's rows, reconcile's tenant. A one-pass reader
 * (the CLI's reconcile) passes `stream` instead: each page's slim users go to it and are counted,
 * not kept, so its memory is its own result's (the snapshot stays empty).
 */
export class TenantUsers {
  readonly snapshot = new TenantSnapshot();
  private totalResults: number | undefined;
  private streamed = 0;

  /** `filter`: the SCIM filter the pager was built with, if any (a filtered list is never a whole tenant). */
  constructor(readonly pager: SnapshotPager, readonly filter?: string, private readonly stream?: (users: readonly TenantUser[]) => void) {}

  /** The tenant's totalResults from the latest page that sent one. */
  get total(): number | undefined { return this.totalResults; }
  /** Users read since the first page (kept in the snapshot, or streamed). */
  get size(): number { return this.stream ? this.streamed : this.snapshot.size; }
  get isDone(): boolean { return this.pager.isDone; }

  /** Starts over: the snapshot is replaced by the first page (kept as it was when that fails). */
  async firstPage(opts: { signal?: AbortSignal } = {}): Promise<PageResult> {
    const r = await this.pager.firstPage(opts);
    if (r.ok) {
      this.snapshot.clear();
      this.streamed = 0;
      this.totalResults = undefined;
      this.apply(r.page);
    }
    return r;
  }

  async nextPage(opts: { signal?: AbortSignal } = {}): Promise<PageResult> {
    const r = await this.pager.nextPage(opts);
    if (r.ok) this.apply(r.page);
    return r;
  }

  /** Every remaining page; each one is in the snapshot before `onPage` sees it. */
  loadAll(opts: LoadAllOptions = {}): Promise<LoadAllResult> {
    const onPage = opts.onPage;
    return this.pager.loadAll({ ...opts, onPage: (page) => { this.apply(page); return onPage?.(page); } });
  }

  /** A user the tenant answered with after a change (deactivate / reactivate); kept even when streaming. */
  upsert(user: UserResource): void {
    this.snapshot.add([user]);
  }

  private apply(page: UserPage): void {
    // The pager delivers each id once between two firstPage calls (and firstPage clears the snapshot).
    if (this.stream) {
      const users = page.users.map(toTenantUser);
      this.streamed += users.length;
      this.stream(users);
    } else {
      this.snapshot.addNew(page.users);
    }
    if (page.totalResults !== undefined) this.totalResults = page.totalResults;
  }
}

/** Why a sweep gave no snapshot: the pager's failure, or `incomplete` (the list ended short of what the tenant reported). */
export interface SweepFailure {
  diagnosis: FailureKind | 'incomplete';
  message: string;
  detail?: string;
  status?: number;
}

export type SweepResult =
  | ({ ok: true; snapshot: TenantSnapshot } & LoadStats)
  | ({ ok: false; failure: SweepFailure } & LoadStats);

/**
 * Every user of the tenant into `users.snapshot` (or through its stream). Succeeds only with the whole list: a failed page
 * (after the pager's retries), a truncated list, or fewer users than the tenant's own totalResults
 * is a failure, so no caller can present a partial list as the tenant.
 */
export async function sweepTenant(users: TenantUsers, opts: LoadAllOptions = {}): Promise<SweepResult> {
  if (users.filter) throw new Error('sweepTenant needs an unfiltered pager');
  const r = await users.loadAll(opts);
  if (!r.ok) return r;
  const problem = incompleteness(users, r);
  if (problem) return { ...r, ok: false, failure: { diagnosis: 'incomplete', message: problem, ...(r.warnings.length ? { detail: r.warnings.join('; ') } : {}) } };
  return { ...r, ok: true, snapshot: users.snapshot };
}

function incompleteness(users: TenantUsers, r: LoadStats): string | undefined {
  const total = users.total;
  const short = total !== undefined && users.size < total;
  if (!r.truncated && !short) return undefined;
  const got = total !== undefined ? `${users.size} of the ${total} users it reports` : `${users.size} users`;
  const why = r.warnings.length ? r.warnings.join('; ') : r.truncated ? 'the list was cut at its limit' : 'the server stopped sending users early';
  return `The tenant's user list could not be read completely: got ${got} (${why}).`;
}
