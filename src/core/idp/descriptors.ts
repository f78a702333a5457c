// The identity providers this build knows, as data: one descriptor each (what IdpDescriptor in
// ./types.ts describes). `IdpId` is derived from them. Their modules (the expression languages) are
// loaded through ./registry.ts. Adding an identity provider: a folder beside ./okta and ./entra,
// one descriptor here, and its request shapes in src/core/simulate/dialects.ts.
import { randomUUID } from 'node:crypto';
import type { IdpDescriptor } from './types';

export const OKTA = {
  id: 'okta',
  label: 'Okta',
  productName: 'Okta',
  setupSummary: 'a SAML app with SCIM provisioning in the Okta admin console',
  aliases: [],
  expressionLabel: 'Okta expression',
  consoleLabels: {
    api: 'Provisioning → Integration: base URL and API token',
    saml: 'SAML 2.0 attribute statements (Sign On tab)',
    mappings: 'To App attribute mappings (Provisioning tab)',
  },
  // Test API Credentials: a constant count=2.
  connectionTest: {
    button: 'Test API Credentials',
    path: () => '/Users?startIndex=1&count=2',
    expectEmpty: false,
    sends: 'the first two users',
  },
  words: {
    tokenName: 'API token',
    baseUrlPrompt: 'The customer-hosted SCIM base URL',
    fileSlug: '',
  },
  // Okta's import matches an app user to an Okta user by username, or by email address.
  matching: {
    on: ['userName', 'email'],
    rule: 'username or email address',
    matcher: "Okta's import",
    create: 'will create it when provisioning is on',
    update: 'will update',
    inactive: 'will leave it inactive and the person cannot sign in; reactivate it there or remove this assignment',
    severalMatches: "will fail with 'Multiple users found'",
    sharedMatch: "will fail with 'Multiple users found'",
    duplicate: 'will fail on the duplicate',
    unassigned: 'an import leaves it unmatched',
    unassignedMany: 'an import leaves them unmatched',
    outcomes: { differs: 'will update the tenant', inactive: 'will leave them inactive', missing: 'will create them', conflict: 'will fail' },
  },
  walkthrough: {
    id: 'setup',
    steps: { create: 'create', saml: 'saml', token: 'token', test: 'test', mappings: 'mappings', assignments: 'assignments', users: 'users' },
  },
} as const satisfies IdpDescriptor;

// Microsoft Entra ID. Matching, as its docs give it (MicrosoftDocs/entra-docs,
// docs/identity/app-provisioning/customize-application-attributes.md "Matching users in the source and
// target systems", how-provisioning-works.md "Initial cycle"): the provisioning service queries the
// app for a user whose matching attribute equals the source's value (a custom SCIM app's default:
// userName, `GET /Users?filter=userName eq "…"`; SCIM compares userName case-insensitively, RFC 7643
// §4.1.1), in matching precedence, and stops at the first match; no match is created, a match is
// updated. More than one match is DuplicateTargetEntries (docs/identity/monitoring-health/
// concept-provisioning-logs.md). An assigned user's `active` comes from IsSoftDeleted
// (use-scim-to-provision-users-and-groups.md), so an update sets a matched inactive user active.
export const ENTRA_ID = {
  id: 'entra-id',
  label: 'Entra ID',
  productName: 'Microsoft Entra ID',
  setupSummary: 'an Enterprise application with SAML single sign-on and provisioning',
  aliases: ['azure-ad'],
  expressionLabel: 'Entra expression',
  consoleLabels: {
    api: 'Provisioning → Admin credentials: Tenant URL and Secret Token',
    saml: 'SAML claims (Single sign-on → Attributes & Claims)',
    mappings: 'Attribute mappings (Provisioning → Mappings)',
  },
  connectionTest: {
    button: 'Test Connection',
    path: () => `/Users?filter=${encodeURIComponent(`userName eq "${randomUUID()}"`)}`,
    expectEmpty: true,
    sends: 'a userName filter that matches nobody',
  },
  words: {
    tokenName: 'Secret Token',
    baseUrlPrompt: "The customer-hosted SCIM base URL (Entra's Tenant URL)",
    fileSlug: 'entra-',
    mappingComments: {
      userName: "the mailbox: Entra's default, the UPN, is not always one",
      timezone: 'Entra has no time-zone attribute: a constant, or e.g. "[extensionAttribute1]"',
    },
  },
  matching: {
    on: ['userName'],
    rule: 'userName (its matching attribute)',
    matcher: "Entra ID's provisioning",
    create: 'will create it when provisioning is on',
    update: 'will update',
    inactive: 'will set it active at its next update (its active mapping reads IsSoftDeleted); remove this assignment if the person must stay out',
    severalMatches: 'will fail with DuplicateTargetEntries',
    sharedMatch: 'will fail with DuplicateSourceEntries',
    duplicate: 'assigns a person once, so this entry adds nothing',
    unassigned: 'Entra ID leaves it as it is',
    unassignedMany: 'Entra ID leaves them as they are',
    outcomes: { differs: 'will update the tenant', inactive: 'will set them active', missing: 'will create them', conflict: 'will fail' },
  },
  walkthrough: {
    id: 'setupEntra',
    steps: {
      create: 'entraCreate', saml: 'entraClaims', token: 'entraCredentials', test: 'entraTest', mappings: 'entraMappings',
      assignments: 'entraUsersAndGroups', users: 'entraUsers',
    },
  },
  // dist/idp-entra.js (src/bundles/idpEntra.ts): loaded the first time a config names entra-id.
  bundle: { file: 'idp-entra.js', exportName: 'entra' },
} as const satisfies IdpDescriptor;

/** Every identity provider, in the order they are offered (the first is the default). */
export const IDP_DESCRIPTORS = [OKTA, ENTRA_ID] as const satisfies readonly IdpDescriptor[];

/** The ids `app.identityProvider` names. */
export type IdpId = (typeof IDP_DESCRIPTORS)[number]['id'];

/** Missing or unknown `app.identityProvider`: Okta (the schema's default). */
export const DEFAULT_IDP_DESCRIPTOR: IdpDescriptor = OKTA;
