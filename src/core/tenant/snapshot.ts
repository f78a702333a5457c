// The tenant's users as the extension and the CLI keep them: one slim record per user (a few strings,
// never the whole SCIM resource), indexed by id, lower-cased userName and lower-cased primary email.
// The users tree shows it, reconcile matches against it, the CLI fills it in one sweep.
import { activeOf } from '../scim/users';
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

/** A non-blank string as it is; anything else undefined. */
const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' && ((v.charCodeAt(0) > 32 && v.charCodeAt(v.length - 1) > 32) || v.trim() !== '') ? v : undefined;

/** A resource as the pager delivers it (any object with a string id; typed test data included). */
export type UserResource = ScimUser | { id: string };

/**
 * The slim record of a SCIM user resource: the tree's row (as `toUserRow` reads it) plus names and
 * time zone. Built in one object literal: it runs for every user of a sweep.
 */
export function toTenantUser(resource: UserResource): TenantUser {
  const u = resource as ScimUser;
  const name = u.name !== null && typeof u.name === 'object' ? (u.name as Record<string, unknown>) : undefined;
  const givenName = text(name?.givenName);
  const familyName = text(name?.familyName);
  const userName = text(u.userName);
  let email: string | undefined;
  if (Array.isArray(u.emails)) {
    const emails = u.emails as unknown[];
    let pick: unknown = emails[0];
    for (const e of emails) if (e !== null && typeof e === 'object' && (e as { primary?: unknown }).primary === true) { pick = e; break; }
    if (pick !== null && typeof pick === 'object') email = text((pick as { value?: unknown }).value);
    // The common user's email is its userName: one string kept for both.
    if (email !== undefined && email === userName) email = userName;
  }
  const tz = u.timezone;
  return {
    id: u.id,
    userName: userName ?? u.id,
    hasUserName: userName !== undefined,
    displayName: text(u.displayName) ?? text(name?.formatted) ?? (givenName && familyName ? `${givenName} ${familyName}` : givenName ?? familyName),
    email,
    givenName,
    familyName,
    timezone: typeof tz === 'string' ? (text(tz) ? tz : undefined) : tz === undefined || tz === null ? undefined : JSON.stringify(tz),
    active: activeOf(u.active),
  };
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

/** Characters a matching key never needs changed for: a plain, lower-case address is its own key. */
const NEEDS_LOWERING = /[^a-z0-9@._+-]/;

/**
 * What userNames and emails are matched by (case-insensitively, blanks around them ignored). It runs
 * for every user of a sweep, so the common case, an address already in lower case, is not copied.
 */
export function matchKey(s: string): string {
  return NEEDS_LOWERING.test(s) ? s.trim().toLowerCase() : s;
}

/**
 * The users of one tenant, in the tenant's order, with their indexes. The indexes are built on
 * their first use (a sweep for reconcile never needs them) and kept up to date from then on.
 */
export class TenantSnapshot {
  private users: TenantUser[] = [];
  private readonly position = new Map<string, number>();
  /** How many users `position` covers (it is built on the first look-up by id). */
  private positioned = 0;
  private readonly userNames = new Map<string, Slot>();
  private readonly emails = new Map<string, Slot>();
  private indexed = false;

  get size(): number { return this.users.length; }

  /** Every user, in the order the tenant listed them. */
  list(): readonly TenantUser[] { return this.users; }

  get(id: string): TenantUser | undefined {
    this.catchUp();
    const at = this.position.get(id);
    return at === undefined ? undefined : this.users[at];
  }

  /** Users whose userName is `userName`, case-insensitively (more than one only when the tenant breaks uniqueness). */
  byUserName(userName: string): readonly TenantUser[] { this.index(); return slotList(this.userNames.get(matchKey(userName))); }

  /** Users whose primary email is `email`, case-insensitively. */
  byEmail(email: string): readonly TenantUser[] { this.index(); return slotList(this.emails.get(matchKey(email))); }

  /** Adds resources as slim records; a known id is replaced in place (its position kept). */
  add(resources: readonly UserResource[]): void {
    for (const r of resources) this.put(toTenantUser(r));
  }

  /**
   * Appends resources whose ids are not in the snapshot yet (a pager's page: it never delivers an id
   * twice), without looking each one up.
   */
  addNew(resources: readonly UserResource[]): void {
    for (const r of resources) {
      const user = toTenantUser(r);
      this.users.push(user);
      if (this.indexed) this.indexOne(user);
    }
  }

  /** Adds or replaces one slim record. */
  put(user: TenantUser): void {
    this.catchUp();
    const at = this.position.get(user.id);
    if (at !== undefined) {
      if (this.indexed) this.unindex(this.users[at]);
      this.users[at] = user;
    } else {
      this.position.set(user.id, this.users.length);
      this.users.push(user);
      this.positioned = this.users.length;
    }
    if (this.indexed) this.indexOne(user);
  }

  clear(): void {
    this.users = [];
    this.position.clear();
    this.positioned = 0;
    this.userNames.clear();
    this.emails.clear();
    this.indexed = false;
  }

  /** Positions of the users appended since the last look-up by id. */
  private catchUp(): void {
    for (; this.positioned < this.users.length; this.positioned++) this.position.set((this.users[this.positioned]).id, this.positioned);
  }

  private index(): void {
    if (this.indexed) return;
    this.indexed = true;
    for (const u of this.users) this.indexOne(u);
  }

  private indexOne(user: TenantUser): void {
    if (user.hasUserName) slotAdd(this.userNames, matchKey(user.userName), user);
    if (user.email) slotAdd(this.emails, matchKey(user.email), user);
  }

  private unindex(user: TenantUser): void {
    if (user.hasUserName) slotRemove(this.userNames, matchKey(user.userName), user);
    if (user.email) slotRemove(this.emails, matchKey(user.email), user);
  }
}
