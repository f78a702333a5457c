// Reconcile: the file's assignments against the tenant's users, matched as the config's identity
// provider matches them (its descriptor's `matching`: Okta's import by userName case-insensitively,
// or primary email; Entra ID by userName), each person in exactly one category (DESIGN.md), each
// message in that identity provider's words. Pure: a parsed config and a snapshot in, categories
// out; no network, no editor.
import { isEmail } from '../shared/text';
import { matchKey } from '../tenant/snapshot';
import type { TenantSnapshot, TenantUser } from '../tenant/snapshot';
import type { ConfigAssignment, ConfigAssignments } from './assignments';
import { quoteForMessage } from '../shared/secrets';
import { DEFAULT_IDP_DESCRIPTOR } from '../idp/descriptors';
import type { IdpDescriptor } from '../idp/types';

export type Category = 'matched' | 'differs' | 'inactive' | 'missing' | 'unassigned' | 'conflict';
export const CATEGORIES: readonly Category[] = ['matched', 'differs', 'inactive', 'missing', 'unassigned', 'conflict'];

export type FieldName = 'givenName' | 'familyName' | 'email' | 'timezone';

/** A field that differs: the file's value (for timezone the effective one) and the tenant's (null when it has none). */
export interface FieldDifference {
  name: FieldName;
  config: string;
  tenant: string | null;
}

/** Why an assignment is a conflict (the editor words its hints by it). */
export type ConflictKind = 'several-tenant-users' | 'duplicate-assignment' | 'shared-tenant-user' | 'username-not-email';

export interface Person {
  category: Category;
  /** The assignment's userName; for `unassigned`, the tenant user's. */
  userName: string;
  tenantId?: string;
  /** The assignment's 1-based line. */
  line?: number;
  fields?: FieldDifference[];
  message: string;
  /** The assignment (absent for `unassigned`). */
  assignment?: ConfigAssignment;
  /** The tenant users it matched (several for a conflict). */
  tenant: readonly TenantUser[];
  conflict?: ConflictKind;
  /** For duplicate or shared conflicts: the other assignment involved. */
  other?: ConfigAssignment;
}

export interface ReconcileResult {
  summary: Record<Category, number>;
  /** Assignments in file order, then unassigned tenant users in tenant order. */
  people: Person[];
}

/** A result with the unassigned tenant users not yet made into people (a writer makes each as it goes). */
export interface ReconcileParts {
  summary: Record<Category, number>;
  /** One person per assignment, in file order. */
  assigned: Person[];
  /** The active tenant users no assignment matches, in tenant order: `unassignedPerson` of each (none when not kept). */
  unassigned: readonly TenantUser[];
}

/** The person an unassigned tenant user is, in the words of the config's identity provider (default Okta). */
export function unassignedPerson(u: TenantUser, idp: IdpDescriptor = DEFAULT_IDP_DESCRIPTOR): Person {
  return { category: 'unassigned', userName: u.userName, tenantId: u.id, tenant: [u], message: unassignedMessage(u, idp) };
}

/** The message of an unassigned tenant user (a writer of many of them needs no person object). */
export function unassignedMessage(u: TenantUser, idp: IdpDescriptor = DEFAULT_IDP_DESCRIPTOR): string {
  if (plainUnassigned(u)) return `'${u.userName}'${unassignedPlainTail(idp)}`;
  const name = q(u.userName);
  const note = u.hasUserName && isEmail(u.userName.trim()) ? '' : ` (its userName ${name} is not an email address)`;
  return `${name} is active in the tenant but not assigned${note}${unassignedTail(idp)}`;
}

const unassignedTail = (idp: IdpDescriptor): string => `: ${idp.matching.unassigned}; add it to the assignments or deactivate it.`;

/** `unassignedMessage` of a plain user is `'<userName>'` and then this. */
export function unassignedPlainTail(idp: IdpDescriptor = DEFAULT_IDP_DESCRIPTOR): string {
  return ` is active in the tenant but not assigned${unassignedTail(idp)}`;
}

/**
 * The common unassigned user: a userName that is a plain email address (letters, digits and
 * `._+-@` only, so also nothing JSON or a message would escape), quoted in its message as it is.
 */
export function plainUnassigned(u: TenantUser): boolean {
  return u.hasUserName && u.userName.length <= 60 && PLAIN_EMAIL.test(u.userName);
}

/** What reconcile reads from a snapshot: its users, in the tenant's order. */
export type TenantIndex = Pick<TenantSnapshot, 'list'>;

export const UTC = 'Etc/UTC';

/** The time zone the identity provider sends for an assignment: its own, else the file's default, else Etc/UTC (blank = Etc/UTC). */
export function effectiveTimezone(a: Pick<ConfigAssignment, 'timezone'>, defaultTimezone: string | undefined): string {
  return a.timezone || defaultTimezone || UTC;
}

/** The tenant's time zone as Flosum reads it: blank is Etc/UTC. */
export function tenantTimezone(u: Pick<TenantUser, 'timezone'>): string {
  return u.timezone?.trim() || UTC;
}

/** A value quoted for a message; a plain address (the common case, thousands per run) is taken as it is. */
const q = (s: string): string => (s.length <= 60 && PLAIN_ADDRESS.test(s) ? `'${s}'` : `'${quoteForMessage(s)}'`);
const PLAIN_ADDRESS = /^[\w.+-]+@[\w.-]+$/;
/** A plain address that is also an email (`isEmail`): the common userName, quoted and checked in one test. */
const PLAIN_EMAIL = /^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$/;

interface Match { user: TenantUser; by: 'userName' | 'email' }

/** The fields the assignment sets (and the effective time zone) that the tenant has differently. */
export function differences(a: ConfigAssignment, u: TenantUser, defaultTimezone: string | undefined): FieldDifference[] {
  const out: FieldDifference[] = [];
  if (a.givenName !== undefined && a.givenName !== (u.givenName?.trim() ?? '')) out.push({ name: 'givenName', config: a.givenName, tenant: u.givenName?.trim() ?? null });
  if (a.familyName !== undefined && a.familyName !== (u.familyName?.trim() ?? '')) out.push({ name: 'familyName', config: a.familyName, tenant: u.familyName?.trim() ?? null });
  if (a.email !== undefined && matchKey(a.email) !== matchKey(u.email ?? '')) out.push({ name: 'email', config: a.email, tenant: u.email?.trim() ?? null });
  const tz = effectiveTimezone(a, defaultTimezone);
  const ttz = tenantTimezone(u);
  if (tz !== ttz) out.push({ name: 'timezone', config: tz, tenant: ttz });
  return out;
}

function describeChanges(fields: readonly FieldDifference[]): string {
  return fields.map((f) => `${f.name} from ${f.tenant === null ? 'blank' : q(f.tenant)} to ${q(f.config)}`).join(', ');
}

/**
 * A reconcile in two steps, so a sweep can feed it page by page: tenant users are added in the
 * tenant's order and matched at once against the assignments (indexed by lower-cased userName and,
 * when the identity provider matches on it, lower-cased email), whoever nothing matches is decided
 * there (unassigned, or left out when inactive); `finish` then classifies the assignments.
 */
export class Reconciliation {
  /** Later assignments of a userName already assigned (case-insensitive) -> the first one. */
  private readonly duplicates = new Map<ConfigAssignment, ConfigAssignment>();
  /**
   * One index for both ways of matching, by matching key: the first assignment of that userName,
   * and the assignments with that email (their own, else their userName). One look-up serves a
   * tenant user whose userName is its email (the common case).
   */
  private readonly keys = new Map<string, KeyEntry>();
  /** Per assignment: tenant users matched by userName, then those matched (only) by email, each in tenant order. */
  private readonly matched = new Map<ConfigAssignment, Matched>();
  /** Tenant user id -> the assignments that matched it. */
  private readonly claims = new Map<string, ConfigAssignment[]>();
  private readonly unassigned: TenantUser[] = [];
  /** Unassigned tenant users returned by `addTenantUsers` and not kept (`keepUnassigned: false`). */
  private unassignedGiven = 0;
  private readonly keepUnassigned: boolean;
  /** The config's identity provider: whether it matches on email, and its words. */
  private readonly idp: IdpDescriptor;
  private readonly byEmail: boolean;

  /**
   * `keepUnassigned: false`: the unassigned tenant users are only returned by `addTenantUsers` and
   * counted (a writer that renders them as they come, such as the CLI), not kept for `finish`.
   */
  constructor(private readonly config: ConfigAssignments, opts: { keepUnassigned?: boolean } = {}) {
    this.keepUnassigned = opts.keepUnassigned !== false;
    this.idp = config.idp ?? DEFAULT_IDP_DESCRIPTOR;
    this.byEmail = this.idp.matching.on.includes('email');
    for (const a of config.assignments) {
      const key = matchKey(a.userName);
      const entry = this.entry(key);
      if (entry.userName) { this.duplicates.set(a, entry.userName); continue; }
      entry.userName = a;
      if (!this.byEmail) continue;
      const email = a.email === undefined ? entry : this.entry(matchKey(a.email));
      if (email.email) email.email.push(a); else email.email = [a];
    }
  }

  /** Tenant users, in the tenant's order, each once. Returns those of them that are unassigned. */
  addTenantUsers(users: Iterable<TenantUser>): readonly TenantUser[] {
    const before = this.unassigned.length;
    const keys = this.keys;
    for (const u of users) {
      const nameKey = u.hasUserName ? matchKey(u.userName) : undefined;
      const entry = nameKey === undefined ? undefined : keys.get(nameKey);
      const byName = entry?.userName;
      const email = this.byEmail ? u.email : undefined;
      const byEmail = email === undefined ? undefined : (email === u.userName && nameKey !== undefined ? entry : keys.get(matchKey(email)))?.email;
      if (byName) this.match(byName, u, 'userName');
      if (byEmail) for (const a of byEmail) if (a !== byName) this.match(a, u, 'email');
      if (!byName && !byEmail && u.active !== false) this.unassigned.push(u);
    }
    if (this.keepUnassigned) return this.unassigned.slice(before);
    const given = this.unassigned.splice(0);
    this.unassignedGiven += given.length;
    return given;
  }

  /** The result, once every tenant user was added. */
  finish(): ReconcileResult {
    const parts = this.finishParts();
    const people = parts.assigned.slice();
    for (const u of parts.unassigned) people.push(unassignedPerson(u, this.idp));
    return { summary: parts.summary, people };
  }

  /** The same result, the unassigned tenant users not yet made into people. */
  finishParts(): ReconcileParts {
    const summary: Record<Category, number> = { matched: 0, differs: 0, inactive: 0, missing: 0, unassigned: this.unassigned.length + this.unassignedGiven, conflict: 0 };
    const assigned: Person[] = [];
    for (const a of this.config.assignments) {
      const p = classify(a, this.duplicates.get(a), this.matched, this.claims, this.config.defaultTimezone, this.idp);
      summary[p.category]++;
      assigned.push(p);
    }
    return { summary, assigned, unassigned: this.unassigned };
  }

  private entry(key: string): KeyEntry {
    let e = this.keys.get(key);
    if (!e) { e = {}; this.keys.set(key, e); }
    return e;
  }

  private match(a: ConfigAssignment, u: TenantUser, by: 'userName' | 'email'): void {
    let m = this.matched.get(a);
    if (!m) { m = { userName: [], email: [] }; this.matched.set(a, m); }
    m[by].push(u);
    const c = this.claims.get(u.id);
    if (c) c.push(a); else this.claims.set(u.id, [a]);
  }
}

interface KeyEntry { userName?: ConfigAssignment; email?: ConfigAssignment[] }
interface Matched { userName: TenantUser[]; email: TenantUser[] }

/** An assignment's matches, those by userName first, each in tenant order. */
function matchesOf(m: Matched | undefined): Match[] {
  if (!m) return [];
  const out: Match[] = [];
  for (const user of m.userName) out.push({ user, by: 'userName' });
  for (const user of m.email) out.push({ user, by: 'email' });
  return out;
}

/** The config's assignments against a complete snapshot. */
export function reconcile(config: ConfigAssignments, tenant: TenantIndex): ReconcileResult {
  const r = new Reconciliation(config);
  r.addTenantUsers(tenant.list());
  return r.finish();
}

function classify(a: ConfigAssignment, first: ConfigAssignment | undefined, matched: Map<ConfigAssignment, Matched>, claims: Map<string, ConfigAssignment[]>,
  defaultTimezone: string | undefined, idp: IdpDescriptor): Person {
  const base = { userName: a.userName, line: a.line, assignment: a };
  const { label: who, matching: will } = idp;
  if (first) {
    const m = matchesOf(matched.get(first));
    return {
      ...base, category: 'conflict', conflict: 'duplicate-assignment', other: first, tenant: m.map((x) => x.user),
      ...(m[0] ? { tenantId: m[0].user.id } : {}),
      message: `${q(a.userName)} is assigned twice (first on line ${first.line}): ${who} ${will.duplicate}; remove this one.`,
    };
  }
  const m = matchesOf(matched.get(a));
  const [one] = m;
  if (!one) return { ...base, category: 'missing', tenant: [], message: `${q(a.userName)} is not in the tenant: ${who} ${will.create}.` };
  const withTenant = { ...base, tenantId: one.user.id, tenant: m.map((x) => x.user) };
  if (m.length > 1) {
    const how = m.map((x) => `${q(x.user.userName)} by ${x.by}`).join(', ');
    return {
      ...withTenant, category: 'conflict', conflict: 'several-tenant-users',
      message: `${q(a.userName)} matches ${m.length} tenant users (${how}): ${who} ${will.severalMatches}; merge or rename them in the tenant.`,
    };
  }
  const other = (claims.get(one.user.id) ?? []).find((x) => x !== a);
  if (other) {
    return {
      ...withTenant, category: 'conflict', conflict: 'shared-tenant-user', other,
      message: `${q(a.userName)} and ${q(other.userName)} (line ${other.line}) match the same tenant user ${q(one.user.userName)}: ${who} ${will.sharedMatch}; keep one.`,
    };
  }
  if (!one.user.hasUserName || !isEmail(one.user.userName.trim())) {
    return {
      ...withTenant, category: 'conflict', conflict: 'username-not-email',
      message: `${q(a.userName)} matches tenant user ${q(one.user.userName)} (by ${one.by}), whose userName is not an email address: provisioning will fail for it; set it to ${q(a.email ?? a.userName)} in the tenant.`,
    };
  }
  if (one.user.active === false) {
    return {
      ...withTenant, category: 'inactive',
      message: `${q(a.userName)} is deactivated in the tenant: ${who} ${will.inactive}.`,
    };
  }
  const fields = differences(a, one.user, defaultTimezone);
  if (fields.length) return { ...withTenant, category: 'differs', fields, message: `${q(a.userName)} differs from the tenant: ${who} ${will.update} ${describeChanges(fields)}.` };
  return { ...withTenant, category: 'matched', message: `${q(a.userName)} matches tenant user ${q(one.user.userName)}: nothing to update.` };
}

/** Exit-code view of a result: everyone matched. */
export function allMatched(r: ReconcileResult): boolean {
  return r.people.every((p) => p.category === 'matched');
}

/** `3 matched, 1 differs, …` with every category (zeros included). */
export function summaryLine(summary: Record<Category, number>, sep = ', '): string {
  return CATEGORIES.map((c) => `${summary[c]} ${c}`).join(sep);
}
