// What the Flosum SCIM API requires (from its Okta setup guide, seeds/000_cf0c25cd458491cf.txt):
// regions, the SCIM path, the To App options, and the SAML attributes and mappings per identity provider
// (Entra ID's as the project's design gives them: the same four claims and five mappings in Entra's forms).
import type { TargetRequirements } from './types';

export type FlosumRegion = 'us' | 'de' | 'jp' | 'au';

export const FLOSUM: TargetRequirements = {
  id: 'flosum',
  label: 'Flosum',
  regions: {
    codes: {
      us: { label: 'United States', baseUrl: 'https://global-us.flosum.app/api/v1/scim' },
      de: { label: 'Germany', baseUrl: 'https://global-de.flosum.app/api/v1/scim' },
      jp: { label: 'Japan', baseUrl: 'https://global-jp.flosum.app/api/v1/scim' },
      au: { label: 'Australia', baseUrl: 'https://global-au.flosum.app/api/v1/scim' },
    },
    aliases: {
      usa: 'us', 'united states': 'us', america: 'us', 'us-east': 'us', 'us-west': 'us',
      germany: 'de', deutschland: 'de', ger: 'de',
      japan: 'jp', ja: 'jp', jpn: 'jp',
      australia: 'au', aus: 'au',
    },
    areas: { eu: 'de', europe: 'de', apac: 'au' },
    urlPattern: /global-(us|de|jp|au)\.flosum\.app/,
  },
  scimPath: '/api/v1/scim',
  toApp: {
    required: [
      { key: 'createUsers', label: 'Create Users' },
      { key: 'updateUserAttributes', label: 'Update User Attributes' },
      { key: 'deactivateUsers', label: 'Deactivate Users' },
    ],
    syncPasswordOff: true,
    passwordReason: "Flosum doesn't use the identity provider's password, so Sync Password must stay off.",
  },
  expected: {
    okta: {
      saml: { uniqueUserId: 'user.id', firstName: 'user.firstName', lastName: 'user.lastName', email: 'user.email' },
      mappings: { userName: 'user.email', givenName: 'user.firstName', familyName: 'user.lastName', email: 'user.email', timezone: 'user.timezone' },
    },
    // Entra ID: the mailbox, not Entra's default userName source (the UPN, not always a mailbox); Entra has no
    // time-zone attribute, so the standard timezone mapping is a constant (an extension attribute works too).
    'entra-id': {
      saml: { uniqueUserId: 'user.objectid', firstName: 'user.givenname', lastName: 'user.surname', email: 'user.mail' },
      mappings: { userName: '[mail]', givenName: '[givenName]', familyName: '[surname]', email: '[mail]', timezone: '"Etc/UTC"' },
    },
  },
  userNameIsEmail: { reason: 'Flosum uses the email address as the username.', signIn: 'Flosum signs people in by email' },
  defaultTimeZone: 'Etc/UTC',
  hosts: ['flosum.app'],
  tokenName: 'Global Settings API Token',
};

/** Flosum's base URL for a region. */
export function flosumBaseUrl(region: FlosumRegion): string {
  return FLOSUM.regions!.codes[region].baseUrl;
}
