// The tenant's users as the extension and the CLI keep them: one slim record per user (a few strings,
// never the whole SCIM resource), indexed by id, lower-cased userName and lower-cased primary email.
// The users tree shows it, reconcile matches against it, the CLI fills it in one sweep.
import { toUserRow } from '../scim/users';
import type { ScimUser, UserRow } from '../scim/users';

/** What is kept per tenant user. `userName` falls back to the id when the resource has none (as the tree shows it). */
export interface TenantUser extends UserRow {
  givenName?: string;
  familyName?: string;
  /** The resource's `timezone` as sent (a non-string value as its JSON text); absent when blank. */
  timezone?: string;
  /** False when the resource has no string userName (then `userName` is the id and is not indexed). */
  hasUserName: boolean;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);

/** A resource as the pager delivers it (any object with a string id; typed test data included). */
export type UserResource = ScimUser | { id: string };

/** The slim record of a SCIM user resource. */
export function toTenantUser(resource: UserResource): TenantUser {
  const u = resource as ScimUser;
  const row = toUserRow(u);
  const user: TenantUser = { ...row, hasUserName: text(u.userName) !== undefined };
  const name = u.name && typeof u.name === 'object' ? (u.name as Record<string, unknown>) : undefined;
  const given = text(name?.givenName);
  const family = text(name?.familyName);
  if (given !== undefined) user.givenName = given;
  if (family !== undefined) user.familyName = family;
  const tz = u.timezone;
  if (typeof tz === 'string') { if (tz.trim()) user.timezone = tz; } else if (tz !== undefined && tz !== null) user.timezone = JSON.stringify(tz);
  return user;
}

/** A key's users: one (the common case, no array) or several (a tenant that breaks uniqueness). */
type Slot = TenantUser | TenantUser[];

function slotAdd(map: Map<string, Slot>, key: string, user: TenantUser): void {
  const cur = map.get(key);
  if (cur === undefined) map.set(key, user);
  else if (Array.isArray(cur)) cur.push(user);
  else map.set(key, [cur, user]);
}

function slotRemove(map: Map<string, Slot>, key: string, user: TenantUser): void {
  const cur = map.get(key);
  if (cur === undefined) return;
  if (!Array.isArray(cur)) { if (cur.id === user.id) map.delete(key); return; }
  const rest = cur.filter((u) => u.id !== user.id);
  if (rest.length === 0) map.delete(key);
  else map.set(key, rest.length === 1 ? (rest[0]) : rest);
}

const slotList = (s: Slot | undefined): readonly TenantUser[] => (s === undefined ? [] : Array.isArray(s) ? s : [s]);

const lower = (s: string): string => s.trim().toLowerCase();

/** The users of one tenant, in the tenant's order, with their indexes. */
export class TenantSnapshot {
  private users: TenantUser[] = [];
  private readonly position = new Map<string, number>();
  private readonly userNames = new Map<string, Slot>();
  private readonly emails = new Map<string, Slot>();

  get size(): number { return this.users.length; }

  /** Every user, in the order the tenant listed them. */
  list(): readonly TenantUser[] { return this.users; }

  get(id: string): TenantUser | undefined {
    const at = this.position.get(id);
    return at === undefined ? undefined : this.users[at];
  }

  /** Users whose userName is `userName`, case-insensitively (more than one only when the tenant breaks uniqueness). */
  byUserName(userName: string): readonly TenantUser[] { return slotList(this.userNames.get(lower(userName))); }

  /** Users whose primary email is `email`, case-insensitively. */
  byEmail(email: string): readonly TenantUser[] { return slotList(this.emails.get(lower(email))); }

  /** Adds resources as slim records; a known id is replaced in place (its position kept). */
  add(resources: readonly UserResource[]): void {
    for (const r of resources) this.put(toTenantUser(r));
  }

  /** Adds or replaces one slim record. */
  put(user: TenantUser): void {
    const at = this.position.get(user.id);
    if (at !== undefined) {
      this.unindex(this.users[at]);
      this.users[at] = user;
    } else {
      this.position.set(user.id, this.users.length);
      this.users.push(user);
    }
    if (user.hasUserName) slotAdd(this.userNames, lower(user.userName), user);
    if (user.email) slotAdd(this.emails, lower(user.email), user);
  }

  clear(): void {
    this.users = [];
    this.position.clear();
    this.userNames.clear();
    this.emails.clear();
  }

  private unindex(user: TenantUser): void {
    if (user.hasUserName) slotRemove(this.userNames, lower(user.userName), user);
    if (user.email) slotRemove(this.emails, lower(user.email), user);
  }
}
