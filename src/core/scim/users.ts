// SCIM users as the tree and the CLI show them: a slim row per user, and the CLI's text line.

/** A user resource as it comes from the tenant: only `id` is guaranteed (the pager drops others). */
export interface ScimUser {
  id: string;
  userName?: unknown;
  displayName?: unknown;
  active?: unknown;
  [key: string]: unknown;
}

/** What the sidebar keeps per user (a few strings, not the whole resource). */
export interface UserRow {
  id: string;
  userName: string;
  displayName?: string;
  email?: string;
  active?: boolean;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);

/** `active` as a boolean; Entra's legacy "True"/"False" strings are accepted. */
export function activeOf(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v.trim())) return v.trim().toLowerCase() === 'true';
  return undefined;
}

export function toUserRow(u: ScimUser): UserRow {
  const row: UserRow = { id: u.id, userName: str(u.userName) ?? u.id };
  const name = u.name && typeof u.name === 'object' ? (u.name as Record<string, unknown>) : undefined;
  const display = str(u.displayName) ?? str(name?.formatted) ?? ([str(name?.givenName), str(name?.familyName)].filter(Boolean).join(' ') || undefined);
  if (display) row.displayName = display;
  const emails = Array.isArray(u.emails) ? (u.emails as unknown[]) : [];
  const primary = emails.find((e) => !!e && typeof e === 'object' && (e as { primary?: unknown }).primary === true) ?? emails[0];
  const email = primary && typeof primary === 'object' ? str((primary as { value?: unknown }).value) : undefined;
  if (email) row.email = email;
  const active = activeOf(u.active);
  if (active !== undefined) row.active = active;
  return row;
}

/** The CLI's text format: `userName<TAB>displayName<TAB>active<TAB>id` (tabs/newlines in values become spaces). */
export function formatUserLine(u: ScimUser): string {
  const row = toUserRow(u);
  const clean = (s: string): string => s.replace(/[\t\r\n]+/g, ' ');
  return [row.userName, row.displayName ?? '', row.active === undefined ? '' : String(row.active), row.id].map(clean).join('\t');
}
