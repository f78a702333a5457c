// Builders for reconcile tests: config files with assignments, and a tenant with planted cases
// (each one an edge of DESIGN.md's matching rules) together with the category each person must land in.
import type { User } from './builders';

export interface AssignmentSpec {
  userName: string;
  givenName?: string;
  familyName?: string;
  email?: string;
  /** `null` writes `timezone:` with no value (blank). */
  timezone?: string | null;
  /** A trailing comment on the userName line. */
  comment?: string;
}

/** The `assignments:` block for `items` (indented by `indent`, CRLF when asked). */
export function assignmentsBlock(items: readonly AssignmentSpec[], indent = 2): string {
  const pad = ' '.repeat(indent);
  const lines = ['assignments:                   # people assigned to the app'];
  for (const a of items) {
    lines.push(`${pad}- userName: ${a.userName}${a.comment ? `   # ${a.comment}` : ''}`);
    for (const k of ['givenName', 'familyName', 'email'] as const) if (a[k] !== undefined) lines.push(`${pad}  ${k}: ${a[k]}`);
    if (a.timezone !== undefined) lines.push(`${pad}  timezone:${a.timezone === null ? '' : ` ${a.timezone}`}`);
  }
  return lines.join('\n');
}

export interface ReconcileConfigOptions {
  assignments: readonly AssignmentSpec[];
  /** `provisioning.defaults.timezone`; `null` leaves `defaults` out. Default Etc/UTC. */
  defaultTimezone?: string | null;
  /** `api.baseUrl` (else `region: us`). */
  baseUrl?: string;
  crlf?: boolean;
}

/** A whole Flosum config around the given assignments. */
export function reconcileConfig(opts: ReconcileConfigOptions): string {
  const tz = opts.defaultTimezone === undefined ? 'Etc/UTC' : opts.defaultTimezone;
  const text = [
    '# SCIM provisioning for Flosum (built by the reconcile test builder)',
    'version: 1',
    'app:',
    '  name: Flosum',
    '  identityProvider: okta',
    '  target: flosum',
    'api:',
    opts.baseUrl ? `  baseUrl: ${opts.baseUrl}` : '  region: us',
    '  tokenRef: flosum-prod',
    'provisioning:',
    '  mappings:',
    '    userName: user.email',
    '    timezone: user.timezone',
    ...(tz === null ? [] : ['  defaults:', `    timezone: ${tz}`]),
    assignmentsBlock(opts.assignments),
    '',
  ].join('\n');
  return opts.crlf ? text.replace(/\n/g, '\r\n') : text;
}

/** A tenant user for the planted cases: userName = primary email unless overridden. */
export function plantedUser(userName: string, over: Partial<User> = {}, email = userName): Partial<User> {
  return { userName, emails: [{ value: email, type: 'work', primary: true }], active: true, timezone: 'Etc/UTC', ...over };
}

/**
 * The planted tenant and file: with `provisioning.defaults.timezone: Europe/Berlin`, each
 * assignment (and each active tenant user no assignment matches) has one expected category.
 */
export const PLANTED = {
  defaultTimezone: 'Europe/Berlin',
  tenant: [
    plantedUser('ada@example.com', { timezone: 'Europe/London', name: { givenName: 'Ada', familyName: 'Lovelace' } }),
    plantedUser('blank@example.com', { timezone: '' }),
    plantedUser('utc@example.com', { timezone: 'Etc/UTC' }),
    plantedUser('berlin@example.com', { timezone: 'Europe/Berlin' }),
    plantedUser('grace@example.com', { timezone: 'Europe/Berlin', name: { givenName: 'Grace', familyName: 'Hopper' } }),
    plantedUser('ken@example.com', { active: false, timezone: 'Asia/Tokyo' }),
    plantedUser('dual@example.com', { timezone: 'Europe/Berlin' }),
    plantedUser('dual.alias@example.com', { timezone: 'Europe/Berlin' }, 'dual.mail@example.com'),
    plantedUser('jdoe', { timezone: 'Europe/Berlin' }, 'john.doe@example.com'),
    plantedUser('orphan@example.com'),
    plantedUser('gone@example.com', { active: false }),
    plantedUser('svc-backup', {}, 'backup@example.com'),
  ] satisfies Array<Partial<User>>,
  assignments: [
    { userName: 'Ada@Example.com', givenName: 'Ada', timezone: 'Europe/London', comment: 'case-only difference in userName' },
    { userName: 'blank@example.com', timezone: 'Etc/UTC', comment: 'tenant blank = Etc/UTC' },
    { userName: 'utc@example.com', timezone: null, comment: "blank here = the file's default" },
    { userName: 'berlin@example.com' },
    { userName: 'grace@example.com', givenName: 'grace', familyName: 'Hopper' },
    { userName: 'ken@example.com', timezone: 'Europe/Paris' },
    { userName: 'new.hire@example.com', timezone: 'America/New_York' },
    { userName: 'dual@example.com', email: 'dual.mail@example.com' },
    { userName: 'john.doe@example.com' },
    { userName: 'ADA@example.com', comment: 'duplicate' },
  ] satisfies AssignmentSpec[],
  /** userName (as in the file, or the tenant's for unassigned) -> category. */
  expected: {
    'Ada@Example.com': 'matched',
    'blank@example.com': 'matched',
    'utc@example.com': 'differs',
    'berlin@example.com': 'matched',
    'grace@example.com': 'differs',
    'ken@example.com': 'inactive',
    'new.hire@example.com': 'missing',
    'dual@example.com': 'conflict',
    'john.doe@example.com': 'conflict',
    'ADA@example.com': 'conflict',
    'orphan@example.com': 'unassigned',
    'svc-backup': 'unassigned',
  } as Record<string, string>,
  summary: { matched: 3, differs: 2, inactive: 1, missing: 1, unassigned: 2, conflict: 3 },
};
