// What the Flosum SCIM API requires (from its Okta setup guide): regions, SAML attributes,
// provisioning options and attribute mappings.

export type FlosumRegion = 'us' | 'de' | 'jp' | 'au';

export const FLOSUM_REGIONS: Readonly<Record<FlosumRegion, { label: string; baseUrl: string }>> = {
  us: { label: 'United States', baseUrl: 'https://global-us.flosum.app/api/v1/scim' },
  de: { label: 'Germany', baseUrl: 'https://global-de.flosum.app/api/v1/scim' },
  jp: { label: 'Japan', baseUrl: 'https://global-jp.flosum.app/api/v1/scim' },
  au: { label: 'Australia', baseUrl: 'https://global-au.flosum.app/api/v1/scim' },
};

export const FLOSUM_SCIM_PATH = '/api/v1/scim';

/** Words people write for a region -> the region code. */
export const REGION_ALIASES: Readonly<Record<string, FlosumRegion>> = {
  usa: 'us', 'united states': 'us', america: 'us', 'us-east': 'us', 'us-west': 'us',
  germany: 'de', deutschland: 'de', eu: 'de', europe: 'de', ger: 'de',
  japan: 'jp', ja: 'jp', jpn: 'jp',
  australia: 'au', aus: 'au', apac: 'au',
};

export function isFlosumRegion(v: unknown): v is FlosumRegion {
  return v === 'us' || v === 'de' || v === 'jp' || v === 'au';
}

/** Flosum's base URL for a region. */
export function regionBaseUrl(region: FlosumRegion): string {
  return FLOSUM_REGIONS[region].baseUrl;
}

/** SAML attribute statements Flosum needs, with their Okta expressions. */
export const FLOSUM_SAML_ATTRIBUTES: Readonly<Record<string, string>> = {
  uniqueUserId: 'user.id',
  firstName: 'user.firstName',
  lastName: 'user.lastName',
  email: 'user.email',
};

/** Provisioning -> To App options that must be on. */
export const FLOSUM_REQUIRED_OPTIONS: readonly { key: string; label: string }[] = [
  { key: 'createUsers', label: 'Create Users' },
  { key: 'updateUserAttributes', label: 'Update User Attributes' },
  { key: 'deactivateUsers', label: 'Deactivate Users' },
];

/** SCIM attribute -> standard Okta expression, in the order Flosum lists them. */
export const FLOSUM_MAPPINGS: Readonly<Record<string, string>> = {
  userName: 'user.email',
  givenName: 'user.firstName',
  familyName: 'user.lastName',
  email: 'user.email',
  timezone: 'user.timezone',
};

export const DEFAULT_TIME_ZONE = 'Etc/UTC';
