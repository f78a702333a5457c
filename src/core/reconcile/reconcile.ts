// Reconcile: the file's assignments against the tenant's users, matched as Okta's import matches
// (userName case-insensitively, or primary email), each person in exactly one category (DESIGN.md).
// Pure: a parsed config and a snapshot in, categories out; no network, no editor.
import { isEmail, quoteForMessage } from '../config/strings';
import { matchKey } from '../tenant/snapshot';
import type { TenantSnapshot, TenantUser } from '../tenant/snapshot';
import type { ConfigAssignment, ConfigAssignments } from './assignments';

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
  /** The active tenant users no assignment matches, in tenant order: `unassignedPerson` of each. */
  unassigned: readonly TenantUser[];
}

/** The person an unassigned tenant user is. */
export function unassignedPerson(u: TenantUser): Person {
  return { category: 'unassigned', userName: u.userName, tenantId: u.id, tenant: [u], message: unassignedMessage(u) };
}

/** The message of an unassigned tenant user (a writer of many of them needs no person object). */
export function unassignedMessage(u: TenantUser): string {
  const plain = u.hasUserName && u.userName.length <= 60 && PLAIN_EMAIL.test(u.userName);
  const name = plain ? `'${u.userName}'` : q(u.userName);
  const note = plain || (u.hasUserName && isEmail(u.userName.trim())) ? '' : ` (its userName ${name} is not an email address)`;
  return `${name} is active in the tenant but not assigned${note}: an import leaves it unmatched; add it to the assignments or deactivate it.`;
}

/** What reconcile reads from a snapshot: its users, in the tenant's order. */
export type TenantIndex = Pick<TenantSnapshot, 'list'>;

export const UTC = 'Etc/UTC';

/** The time zone Okta sends for an assignment: its own, else the file's default, else Etc/UTC (blank = Etc/UTC). */
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
 * tenant's order and matched at once against the assignments (indexed by lower-cased userName and
 * lower-cased email), whoever nothing matches is decided there (unassigned, or left out when
 * inactive); `finish` then classifies the assignments.
 */
export class Reconciliation {
  /** Later assignments of a userName already assigned (case-insensitive) -> the first one. */
  private readonly duplicates = new Map<ConfigAssignment, ConfigAssignment>();
  /** The first assignment of each lower-cased userName. */
  private readonly byUserName = new Map<string, ConfigAssignment>();
  /** Assignments by lower-cased email (their own, else their userName). */
  private readonly byEmail = new Map<string, ConfigAssignment[]>();
  /** Per assignment: tenant users matched by userName, then those matched (only) by email, each in tenant order. */
  private readonly matched = new Map<ConfigAssignment, { userName: TenantUser[]; email: TenantUser[] }>();
  /** Tenant user id -> the assignments that matched it. */
  private readonly claims = new Map<string, ConfigAssignment[]>();
  private readonly unassigned: TenantUser[] = [];

  constructor(private readonly config: ConfigAssignments) {
    for (const a of config.assignments) {
      const key = matchKey(a.userName);
      const first = this.byUserName.get(key);
      if (first) { this.duplicates.set(a, first); continue; }
      this.byUserName.set(key, a);
      const email = matchKey(a.email ?? a.userName);
      const list = this.byEmail.get(email);
      if (list) list.push(a); else this.byEmail.set(email, [a]);
    }
  }

  /** Tenant users, in the tenant's order, each once. Returns those of them that are unassigned. */
  addTenantUsers(users: Iterable<TenantUser>): readonly TenantUser[] {
    const before = this.unassigned.length;
    for (const u of users) {
      const byName = u.hasUserName ? this.byUserName.get(matchKey(u.userName)) : undefined;
      if (byName) this.match(byName, u, 'userName');
      const byEmail = u.email !== undefined ? this.byEmail.get(matchKey(u.email)) : undefined;
      if (byEmail) for (const a of byEmail) if (a !== byName) this.match(a, u, 'email');
      if (!byName && !byEmail && u.active !== false) this.unassigned.push(u);
    }
    return this.unassigned.slice(before);
  }

  /** The result, once every tenant user was added. */
  finish(): ReconcileResult {
    const parts = this.finishParts();
    const people = parts.assigned.slice();
    for (const u of parts.unassigned) people.push(unassignedPerson(u));
    return { summary: parts.summary, people };
  }

  /** The same result, the unassigned tenant users not yet made into people. */
  finishParts(): ReconcileParts {
    const matches = new Map<ConfigAssignment, Match[]>();
    for (const [a, m] of this.matched) matches.set(a, [...m.userName.map((user) => ({ user, by: 'userName' as const })), ...m.email.map((user) => ({ user, by: 'email' as const }))]);
    const assigned = this.config.assignments.map((a) => classify(a, this.duplicates.get(a), matches, this.claims, this.config.defaultTimezone));
    const summary = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
    for (const p of assigned) summary[p.category]++;
    summary.unassigned = this.unassigned.length;
    return { summary, assigned, unassigned: this.unassigned };
  }

  private match(a: ConfigAssignment, u: TenantUser, by: 'userName' | 'email'): void {
    let m = this.matched.get(a);
    if (!m) { m = { userName: [], email: [] }; this.matched.set(a, m); }
    m[by].push(u);
    const c = this.claims.get(u.id);
    if (c) c.push(a); else this.claims.set(u.id, [a]);
  }
}

/** The config's assignments against a complete snapshot. */
export function reconcile(config: ConfigAssignments, tenant: TenantIndex): ReconcileResult {
  const r = new Reconciliation(config);
  r.addTenantUsers(tenant.list());
  return r.finish();
}

function classify(a: ConfigAssignment, first: ConfigAssignment | undefined, matches: Map<ConfigAssignment, Match[]>, claims: Map<string, ConfigAssignment[]>, defaultTimezone: string | undefined): Person {
  const base = { userName: a.userName, line: a.line, assignment: a };
  if (first) {
    const m = matches.get(first) ?? [];
    return {
      ...base, category: 'conflict', conflict: 'duplicate-assignment', other: first, tenant: m.map((x) => x.user),
      ...(m[0] ? { tenantId: m[0].user.id } : {}),
      message: `${q(a.userName)} is assigned twice (first on line ${first.line}): Okta will fail on the duplicate; remove this one.`,
    };
  }
  const m = matches.get(a) ?? [];
  const [one] = m;
  if (!one) return { ...base, category: 'missing', tenant: [], message: `${q(a.userName)} is not in the tenant: Okta will create it when provisioning is on.` };
  const withTenant = { ...base, tenantId: one.user.id, tenant: m.map((x) => x.user) };
  if (m.length > 1) {
    const how = m.map((x) => `${q(x.user.userName)} by ${x.by}`).join(', ');
    return {
      ...withTenant, category: 'conflict', conflict: 'several-tenant-users',
      message: `${q(a.userName)} matches ${m.length} tenant users (${how}): Okta will fail with 'Multiple users found'; merge or rename them in the tenant.`,
    };
  }
  const other = (claims.get(one.user.id) ?? []).find((x) => x !== a);
  if (other) {
    return {
      ...withTenant, category: 'conflict', conflict: 'shared-tenant-user', other,
      message: `${q(a.userName)} and ${q(other.userName)} (line ${other.line}) match the same tenant user ${q(one.user.userName)}: Okta will fail with 'Multiple users found'; keep one.`,
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
      message: `${q(a.userName)} is deactivated in the tenant: Okta will leave it inactive and the person cannot sign in; reactivate it there or remove this assignment.`,
    };
  }
  const fields = differences(a, one.user, defaultTimezone);
  if (fields.length) return { ...withTenant, category: 'differs', fields, message: `${q(a.userName)} differs from the tenant: Okta will update ${describeChanges(fields)}.` };
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
