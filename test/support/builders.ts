// Test data from builders, never hand-copied blobs: SCIM users, ListResponses, SCIM Errors.

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const LIST_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

export interface User {
  id: string;
  schemas: string[];
  userName: string;
  externalId?: string;
  displayName?: string;
  name: { givenName: string; familyName: string; formatted?: string };
  emails: Array<{ value: string; type?: string; primary?: boolean }>;
  active: boolean;
  timezone: string;
}

const GIVEN = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Ken', 'Margaret', 'Dennis', 'Frances', 'Linus', 'Radia', 'Tim'];
const FAMILY = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Thompson', 'Hamilton', 'Ritchie', 'Allen', 'Torvalds', 'Perlman', 'Berners-Lee'];
const ZONES = ['Etc/UTC', 'America/Los_Angeles', 'Europe/Berlin', 'Asia/Tokyo', 'Australia/Sydney', 'America/New_York'];

/** User number i (1-based), deterministic; userName = primary email. */
export function buildUser(i: number, overrides: Partial<User> = {}): User {
  const givenName = GIVEN[i % GIVEN.length] ?? 'Ada';
  const familyName = FAMILY[Math.floor(i / GIVEN.length) % FAMILY.length] ?? 'Lovelace';
  const email = overrides.userName ?? `${givenName}.${familyName}.${i}@example.com`.toLowerCase();
  const user: User = {
    id: `u-${String(i).padStart(6, '0')}`,
    schemas: [USER_SCHEMA],
    userName: email,
    externalId: `okta-${i}`,
    displayName: `${givenName} ${familyName}`,
    name: { givenName, familyName, formatted: `${givenName} ${familyName}` },
    emails: [{ value: email, type: 'work', primary: true }],
    active: i % 17 !== 0,
    timezone: ZONES[i % ZONES.length] ?? 'Etc/UTC',
  };
  return { ...user, ...overrides };
}

/** Users 1..n (or start..start+n-1). */
export function buildUsers(n: number, start = 1): User[] {
  return Array.from({ length: n }, (_, k) => buildUser(start + k));
}

export interface ListResponse<T = unknown> {
  schemas: string[];
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources?: T[];
}

/** A ListResponse for one page; pass `{omitResources: true}` for the RFC's "0 results, no Resources". */
export function buildListResponse<T>(
  resources: T[],
  opts: { totalResults?: number; startIndex?: number; itemsPerPage?: number; omitResources?: boolean } = {},
): ListResponse<T> {
  const out: ListResponse<T> = {
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults: opts.totalResults ?? resources.length,
    startIndex: opts.startIndex ?? 1,
    itemsPerPage: opts.itemsPerPage ?? resources.length,
  };
  if (!opts.omitResources) out.Resources = resources;
  return out;
}

export function buildScimError(status: number, detail: string, scimType?: string): Record<string, unknown> {
  return { schemas: [ERROR_SCHEMA], status: String(status), ...(scimType ? { scimType } : {}), detail };
}
