// The vendors' example bodies (test/fixtures/idp/, sources in its README.md), each returned as a fresh
// deep copy so a stand-in or a test can change it without touching the next reader's copy.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const DIR = join(__dirname, '..', '..', 'fixtures', 'idp');
const cache = new Map<string, unknown>();

function load<T>(rel: string): T {
  let v = cache.get(rel);
  if (v === undefined) {
    v = JSON.parse(readFileSync(join(DIR, rel), 'utf8')) as unknown;
    cache.set(rel, v);
  }
  return v as T;
}

type Json = Record<string, unknown>;

export type OktaSpecExampleName =
  | 'Saml2.0ResponseEx'
  | 'GetApplicationsByNameResponseEx'
  | 'AppUserListEx'
  | 'GroupAssignmentExListResponse'
  | 'EmbeddedGroupAssignmentSampleResponse'
  | 'ListMappingsResponse'
  | 'RetrieveMappingsResponse'
  | 'DefaultAppUserSchemaResponse'
  | 'ProvisioningConnectionTokenResponseWithProfileZscalerEx'
  | 'ListGroupPushMappingsResponse_Example'
  | 'RetrieveGroupPushMappingResponse_Example'
  | 'group-example'
  | 'ListUsersResponse'
  | 'ErrorAccessDenied'
  | 'ErrorResourceNotFound'
  | 'ErrorTooManyRequests'
  | 'ErrorInvalidTokenProvided'
  | 'ErrorApiValidationFailed';

/** An example body from Okta's management OpenAPI spec (components/examples/<name>/value). */
export function oktaSpecExample<T = Json>(name: OktaSpecExampleName): T {
  const all = load<{ examples: Record<string, unknown> }>('okta/spec-examples.json').examples;
  if (!(name in all)) throw new Error(`no Okta spec example ${name}`);
  return structuredClone(all[name]) as T;
}

export type OktaRecordedKey =
  | 'app-expression-and-group-statements'
  | 'app-custom-username-template'
  | 'app-four-expression-statements'
  | 'user-a'
  | 'user-b'
  | 'user-c'
  | 'app-aws'
  | 'app-users-group-scope'
  | 'app-users-oidc'
  | 'mapping-list'
  | 'mapping-google-idp-to-user'
  | 'app-user-schema-custom-first'
  | 'error-404-app'
  | 'app-list-subset';

export interface OktaRecorded<T = unknown> {
  source: string;
  request: { method: string; url: string };
  status: number;
  link?: string[];
  body: T;
}

/** A response recorded from a real Okta org (the Terraform provider's cassettes). */
export function oktaRecorded<T = unknown>(key: OktaRecordedKey): OktaRecorded<T> {
  const all = load<{ bodies: Record<string, OktaRecorded> }>('okta/recorded.json').bodies;
  const r = all[key];
  if (!r) throw new Error(`no recorded Okta body ${key}`);
  return structuredClone(r) as OktaRecorded<T>;
}

export type GraphExampleName =
  | 'appRoleAssignedToList'
  | 'synchronizationJobList'
  | 'objectMappingSalesforce'
  | 'attributeMappingSourceMid'
  | 'attributeMappingRealNoParameters'
  | 'userGet'
  | 'claimsPolicyEmpty'
  | 'customClaimEmployeeId'
  | 'errorSearchWithoutConsistencyLevel'
  | 'errorTooManyRequests'
  | 'batchForbiddenSubResponse'
  | 'errorInvalidAuthenticationTokenEmpty'
  | 'errorSynchronizationUnknown401';

/** An example body from Microsoft's Graph / Entra documentation. */
export function graphExample<T = Json>(name: GraphExampleName): T {
  const all = load<{ examples: Record<string, { value: unknown }> }>('graph/docs-examples.json').examples;
  const e = all[name];
  if (!e) throw new Error(`no Graph example ${name}`);
  return structuredClone(e.value) as T;
}
