// The Microsoft Graph calls import and drift make, as data: the permission each needs and what it is
// for. Graph does not name a missing permission itself (directory calls answer 403
// Authorization_RequestDenied "Insufficient privileges…", the synchronization API 401 UnknownError with
// an empty message: microsoft-graph-docs-contrib#8800), so the product names it from this table.
// Sources: the permission tables of the Graph reference pages (microsoftgraph/microsoft-graph-docs-contrib
// api-reference/v1.0/includes/permissions/*: serviceprincipal-get, synchronization-synchronization-list-jobs,
// synchronizationschema-get, serviceprincipal-list-approleassignedto, user-get, group-list-members;
// rbac-for-apis/rbac-synchronization-apis.md for the directory role), collected in
// /work/team/research/idp-apis.md §2.2.

export interface GraphCall {
  /** The least-privileged permission that reads it (delegated or application). */
  permission: string;
  /** What the product reads with it. */
  purpose: string;
  /** A signed-in user also needs this directory role (synchronization APIs). */
  role?: string;
}

const SYNC_ROLE = 'the Application Administrator or Cloud Application Administrator role, which Global Reader does not replace';

export const GRAPH_CALLS = {
  getServicePrincipal: { permission: 'Application.Read.All', purpose: 'read the enterprise app (service principal)' },
  listServicePrincipals: { permission: 'Application.Read.All', purpose: "list the tenant's enterprise apps (the app picker)" },
  listJobs: { permission: 'Synchronization.Read.All', purpose: "read the app's provisioning job", role: SYNC_ROLE },
  getSchema: { permission: 'Synchronization.Read.All', purpose: "read the app's attribute mappings and To App options (the provisioning schema)", role: SYNC_ROLE },
  listAssignments: { permission: 'Application.Read.All', purpose: 'read who is assigned to the app (users and groups)' },
  listUsers: { permission: 'User.Read.All', purpose: "read the assigned people's mail, userPrincipalName and extension attributes (User.ReadBasic.All reads all but the extension attributes)" },
  listGroupMembers: { permission: 'GroupMember.Read.All', purpose: "read the members of the groups assigned to the app" },
  getClaimsPolicy: { permission: 'Policy.Read.ApplicationConfiguration', purpose: "read the app's SAML claims (a beta API)" },
} as const satisfies Record<string, GraphCall>;

export type GraphOp = keyof typeof GRAPH_CALLS;

/** The read permissions import and drift use, each with what it is for (README, --help). */
export const GRAPH_PERMISSIONS: ReadonlyArray<{ permission: string; purpose: string; optional?: boolean }> = [
  { permission: 'Application.Read.All', purpose: 'the enterprise app and who is assigned to it' },
  { permission: 'Synchronization.Read.All', purpose: `the attribute mappings and To App options (a signed-in user also needs ${SYNC_ROLE})` },
  { permission: 'User.Read.All', purpose: "the assigned people's mail and userPrincipalName (User.ReadBasic.All is enough for those) and extension attributes such as a time zone in extensionAttribute1" },
  { permission: 'GroupMember.Read.All', purpose: 'the members of assigned groups; without it they are reported as not readable', optional: true },
  { permission: 'Policy.Read.ApplicationConfiguration', purpose: 'the SAML claims (beta API); without it they are reported as not readable', optional: true },
];

/** The OAuth scope of a Graph token for a Graph root (`https://graph.microsoft.com` -> `https://graph.microsoft.com/.default`; national clouds alike). */
export function graphScopeOf(graphUrl: string): string {
  return `${new URL(graphUrl).origin}/.default`;
}

/** Graph's default root. */
export const GRAPH_URL = 'https://graph.microsoft.com';
