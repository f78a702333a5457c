// The Okta Management API calls import and drift make, as data: the permission each needs and what it
// is for (said in an error when it is missing, and in the README), and Okta's rate-limit buckets.
// Sources (see /work/team/research/idp-apis.md): each operation's OAuth scope from Okta's management
// OpenAPI spec (okta/okta-management-openapi-spec:dist/current/management-oneOfInheritance.yaml@fdda229,
// 2026.06.3; an SSWS token reads what its admin's role may read); the buckets from Okta's last
// published per-bucket table (okta-developer-docs@6de7f89^ docs/reference/rl-global-mgmt: `/api/v1/apps*`
// 20 a minute on the Integrator Free Plan, `/api/v1/apps/{id}` its own bucket, "most other" /api/v1).

export interface OktaCall {
  /** The OAuth scope the spec gives the operation (an SSWS token's admin needs the same read). */
  permission: string;
  /** What the product reads with it, for a person: "read who is assigned to the app". */
  purpose: string;
}

/** By the spec's operationId. */
export const OKTA_CALLS = {
  listApplications: { permission: 'okta.apps.read', purpose: "list the org's apps (the app picker)" },
  getApplication: { permission: 'okta.apps.read', purpose: 'read the app: its SAML attribute statements, To App options and username format' },
  listApplicationUsers: { permission: 'okta.apps.read', purpose: 'read who is assigned to the app, with their usernames and time zones' },
  listApplicationGroupAssignments: { permission: 'okta.apps.read', purpose: 'read which groups are assigned to the app' },
  getDefaultProvisioningConnectionForApplication: { permission: 'okta.apps.read', purpose: "read the app's provisioning connection (readable for a few catalogue apps only)" },
  listGroupPushMappings: { permission: 'okta.groups.read', purpose: 'read which groups are pushed to the app (it also needs okta.apps.read)' },
  listProfileMappings: { permission: 'okta.profileMappings.read', purpose: "find the app's To App attribute mapping" },
  getProfileMapping: { permission: 'okta.profileMappings.read', purpose: "read the app's To App attribute mappings" },
  getApplicationUserSchema: { permission: 'okta.schemas.read', purpose: 'read which SCIM attribute each app attribute is sent as' },
  getGroup: { permission: 'okta.groups.read', purpose: "read the pushed groups' names" },
  listGroupUsers: { permission: 'okta.groups.read', purpose: "read the pushed groups' members" },
} as const satisfies Record<string, OktaCall>;

export type OktaOp = keyof typeof OKTA_CALLS;

/** The read permissions import and drift use, each with what it is for (README, --help). */
export const OKTA_PERMISSIONS: ReadonlyArray<{ permission: string; purpose: string; optional?: boolean }> = [
  { permission: 'okta.apps.read', purpose: 'the app (SAML attribute statements, To App options, username format), its assignments and assigned groups' },
  { permission: 'okta.profileMappings.read', purpose: 'the To App attribute mappings' },
  { permission: 'okta.schemas.read', purpose: 'the SCIM attribute each app attribute is sent as' },
  { permission: 'okta.groups.read', purpose: 'pushed groups (Push Groups) and their members; without it the groups are reported as not readable', optional: true },
];

/** Okta's rate-limit bucket of a path: the longest match wins (`/api/v1/apps/{id}` apart from `/api/v1/apps*`). */
export function oktaBucketOf(path: string): string {
  if (/^\/api\/v1\/apps\/[^/]+$/.test(path)) return 'app-by-id';
  if (/^\/api\/v1\/apps(\/|$)/.test(path)) return 'apps';
  if (/^\/api\/v1\/groups\/[^/]+$/.test(path)) return 'group-by-id';
  if (/^\/api\/v1\/groups(\/|$)/.test(path)) return 'groups';
  if (/^\/api\/v1\/users\/[^/]+$/.test(path)) return 'user-by-id';
  return 'api-v1';
}
