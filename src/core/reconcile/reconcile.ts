// Reconcile: the file's assignments against the tenant's users, matched as Okta's import matches
// (userName case-insensitively, or primary email), each person in exactly one category (DESIGN.md).
// Pure: a parsed config and a snapshot in, categories out; no network, no editor.
import { isEmail, quoteForMessage } from '../config/strings';
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

/** What reconcile reads from a snapshot. */
export type TenantIndex = Pick<TenantSnapshot, 'list' | 'byUserName' | 'byEmail'>;

export const UTC = 'Etc/UTC';

/** The time zone Okta sends for an assignment: its own, else the file's default, else Etc/UTC (blank = Etc/UTC). */
export function effectiveTimezone(a: Pick<ConfigAssignment, 'timezone'>, defaultTimezone: string | undefined): string {
  return a.timezone || defaultTimezone || UTC;
}

/** The tenant's time zone as Flosum reads it: blank is Etc/UTC. */
export function tenantTimezone(u: Pick<TenantUser, 'timezone'>): string {
  return u.timezone?.trim() || UTC;
}

const q = (s: string): string => `'${quoteForMessage(s)}'`;
const lower = (s: string): string => s.trim().toLowerCase();

interface Match { user: TenantUser; by: 'userName' | 'email' }

/** Tenant users an assignment matches, each once: by userName first, then by primary email. */
function candidates(a: ConfigAssignment, tenant: TenantIndex): Match[] {
  const out: Match[] = [];
  const seen = new Set<string>();
  for (const user of tenant.byUserName(a.userName)) { seen.add(user.id); out.push({ user, by: 'userName' }); }
  for (const user of tenant.byEmail(a.email ?? a.userName)) { if (!seen.has(user.id)) { seen.add(user.id); out.push({ user, by: 'email' }); } }
  return out;
}

/** The fields the assignment sets (and the effective time zone) that the tenant has differently. */
export function differences(a: ConfigAssignment, u: TenantUser, defaultTimezone: string | undefined): FieldDifference[] {
  const out: FieldDifference[] = [];
  if (a.givenName !== undefined && a.givenName !== (u.givenName?.trim() ?? '')) out.push({ name: 'givenName', config: a.givenName, tenant: u.givenName?.trim() ?? null });
  if (a.familyName !== undefined && a.familyName !== (u.familyName?.trim() ?? '')) out.push({ name: 'familyName', config: a.familyName, tenant: u.familyName?.trim() ?? null });
  if (a.email !== undefined && lower(a.email) !== lower(u.email ?? '')) out.push({ name: 'email', config: a.email, tenant: u.email?.trim() ?? null });
  const tz = effectiveTimezone(a, defaultTimezone);
  const ttz = tenantTimezone(u);
  if (tz !== ttz) out.push({ name: 'timezone', config: tz, tenant: ttz });
  return out;
}

function describeChanges(fields: readonly FieldDifference[]): string {
  return fields.map((f) => `${f.name} from ${f.tenant === null ? 'blank' : q(f.tenant)} to ${q(f.config)}`).join(', ');
}

export function reconcile(config: ConfigAssignments, tenant: TenantIndex): ReconcileResult {
  const people: Person[] = [];
  const firstByName = new Map<string, ConfigAssignment>();
  const matches = new Map<ConfigAssignment, Match[]>();
  const claims = new Map<string, ConfigAssignment[]>();
  const duplicates = new Map<ConfigAssignment, ConfigAssignment>();

  for (const a of config.assignments) {
    const key = lower(a.userName);
    const first = firstByName.get(key);
    if (first) { duplicates.set(a, first); continue; }
    firstByName.set(key, a);
    const m = candidates(a, tenant);
    matches.set(a, m);
    for (const { user } of m) {
      const list = claims.get(user.id);
      if (list) list.push(a); else claims.set(user.id, [a]);
    }
  }

  for (const a of config.assignments) {
    const base = { userName: a.userName, line: a.line, assignment: a };
    const first = duplicates.get(a);
    if (first) {
      const m = matches.get(first) ?? [];
      people.push({
        ...base, category: 'conflict', conflict: 'duplicate-assignment', other: first, tenant: m.map((x) => x.user),
        ...(m[0] ? { tenantId: m[0].user.id } : {}),
        message: `${q(a.userName)} is assigned twice (first on line ${first.line}): Okta will fail on the duplicate; remove this one.`,
      });
      continue;
    }
    const m = matches.get(a) ?? [];
    const [one] = m;
    if (!one) {
      people.push({ ...base, category: 'missing', tenant: [], message: `${q(a.userName)} is not in the tenant: Okta will create it when provisioning is on.` });
      continue;
    }
    const users = m.map((x) => x.user);
    const withTenant = { ...base, tenantId: one.user.id, tenant: users };
    if (m.length > 1) {
      const how = m.map((x) => `${q(x.user.userName)} by ${x.by}`).join(', ');
      people.push({
        ...withTenant, category: 'conflict', conflict: 'several-tenant-users',
        message: `${q(a.userName)} matches ${m.length} tenant users (${how}): Okta will fail with 'Multiple users found'; merge or rename them in the tenant.`,
      });
      continue;
    }
    const sharers = claims.get(one.user.id) ?? [];
    const other = sharers.find((x) => x !== a);
    if (other) {
      people.push({
        ...withTenant, category: 'conflict', conflict: 'shared-tenant-user', other,
        message: `${q(a.userName)} and ${q(other.userName)} (line ${other.line}) match the same tenant user ${q(one.user.userName)}: Okta will fail with 'Multiple users found'; keep one.`,
      });
      continue;
    }
    if (!one.user.hasUserName || !isEmail(one.user.userName.trim())) {
      people.push({
        ...withTenant, category: 'conflict', conflict: 'username-not-email',
        message: `${q(a.userName)} matches tenant user ${q(one.user.userName)} (by ${one.by}), whose userName is not an email address: provisioning will fail for it; set it to ${q(a.email ?? a.userName)} in the tenant.`,
      });
      continue;
    }
    if (one.user.active === false) {
      people.push({
        ...withTenant, category: 'inactive',
        message: `${q(a.userName)} is deactivated in the tenant: Okta will leave it inactive and the person cannot sign in; reactivate it there or remove this assignment.`,
      });
      continue;
    }
    const fields = differences(a, one.user, config.defaultTimezone);
    if (fields.length) {
      people.push({ ...withTenant, category: 'differs', fields, message: `${q(a.userName)} differs from the tenant: Okta will update ${describeChanges(fields)}.` });
      continue;
    }
    people.push({ ...withTenant, category: 'matched', message: `${q(a.userName)} matches tenant user ${q(one.user.userName)}: nothing to update.` });
  }

  for (const u of tenant.list()) {
    if (u.active === false || claims.has(u.id)) continue;
    const note = u.hasUserName && isEmail(u.userName.trim()) ? '' : ` (its userName ${q(u.userName)} is not an email address)`;
    people.push({
      category: 'unassigned', userName: u.userName, tenantId: u.id, tenant: [u],
      message: `${q(u.userName)} is active in the tenant but not assigned${note}: an import leaves it unmatched; add it to the assignments or deactivate it.`,
    });
  }

  const summary = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
  for (const p of people) summary[p.category]++;
  return { summary, people };
}

/** Exit-code view of a result: everyone matched. */
export function allMatched(r: ReconcileResult): boolean {
  return r.people.every((p) => p.category === 'matched');
}

/** `3 matched, 1 differs, …` with every category (zeros included). */
export function summaryLine(summary: Record<Category, number>, sep = ', '): string {
  return CATEGORIES.map((c) => `${summary[c]} ${c}`).join(sep);
}
