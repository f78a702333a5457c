// A stand-in Microsoft Graph for tests and the demo: the read calls Entra ID import, drift and an app
// picker make (v1.0, plus beta claimsPolicy), answered in Graph's documented shapes, with Graph's
// bearer-token auth (JWT-shaped tokens carrying scp/roles/wids), @odata.nextLink paging, the identity
// throttling (resource units, 429 + Retry-After), Graph's error bodies, JSON batching of reads, a strict
// check of every request, and no writes at all.
//
// Facts and their sources: /work/team/research/idp-apis.md and test/fixtures/idp/README.md. The essentials:
// - microsoftgraph/microsoft-graph-docs-contrib (api-reference/v1.0 pages, concepts/json-batching.md,
//   paging.md, aad-advanced-queries.md, throttling.md, throttling-limits.md, errors.md,
//   includes/known-issues/query-parameters.md): endpoints, query options, permissions, limits, bodies.
// - MicrosoftDocs/entra-docs (app-provisioning/*, identity-platform/claims-customization-custom-claims-policy.md).
// - Real error bodies quoted in public issues where the docs show none (401 UnknownError of the
//   synchronization API without its permission: microsoft-graph-docs-contrib#8800).
import { buildUser } from '../builders';
import { FixedWindow, guidFactory, idFactory, startStandInServer, str } from './common';
import type { Fault, Reply, SeenRequest, StandInServer, Violation } from './common';
import { graphExample } from './fixtures';

type Json = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------------
// Tokens

export const GRAPH_RESOURCE_APP_ID = '00000003-0000-0000-c000-000000000000';
/** Directory role template ids (wids claim) that may read provisioning configuration. */
export const ENTRA_ROLES = {
  globalAdministrator: '62e90394-69f5-4237-9190-012177145e10',
  applicationAdministrator: '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
  cloudApplicationAdministrator: '158c047a-c907-4556-b7ef-446551a6b5f7',
  globalReader: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
} as const;

/** The delegated scopes import and drift need (DESIGN.md), plus group members and the beta claims policy. */
export const GRAPH_READ_SCOPES = ['Application.Read.All', 'Synchronization.Read.All', 'User.Read.All', 'GroupMember.Read.All', 'Policy.Read.ApplicationConfiguration'];

export interface GraphClaims {
  aud?: string;
  tid?: string;
  /** Delegated scopes, space-separated as in a real token. */
  scp?: string;
  /** Application permissions (app-only tokens). */
  roles?: string[];
  /** Directory role template ids of the signed-in user. */
  wids?: string[];
  /** Expiry, epoch seconds. */
  exp?: number;
  iat?: number;
  oid?: string;
  appid?: string;
  upn?: string;
}

const b64url = (s: string): string => Buffer.from(s, 'utf8').toString('base64url');

/**
 * A JWT-shaped access token the stand-in reads (never signed: Graph's tokens are opaque to clients,
 * which must not parse them; the stand-in only uses the payload to decide what the caller may read).
 */
export function makeGraphToken(claims: GraphClaims): string {
  const now = Math.floor(Date.now() / 1000);
  const payload = { aud: 'https://graph.microsoft.com', iat: now, nbf: now, exp: now + 3600, ...claims };
  return `${b64url(JSON.stringify({ typ: 'JWT', alg: 'RS256', kid: 'stand-in' }))}.${b64url(JSON.stringify(payload))}.c3RhbmQtaW4tbm90LXNpZ25lZA`;
}

function readToken(token: string): GraphClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const p = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as unknown;
    return p && typeof p === 'object' ? (p) : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------
// State

export interface GraphUser {
  id: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  mail: string | null;
  userPrincipalName: string;
  jobTitle?: string | null;
  department?: string | null;
  employeeId?: string | null;
  preferredLanguage?: string | null;
  mobilePhone?: string | null;
  officeLocation?: string | null;
  businessPhones?: string[];
  accountEnabled?: boolean;
  /** extensionAttribute1..15 (returned only with $select). */
  onPremisesExtensionAttributes?: Record<string, string | null>;
}

export interface GraphGroup {
  id: string;
  displayName: string;
  description: string | null;
  mail: string | null;
  securityEnabled: boolean;
  mailEnabled: boolean;
  /** Member ids (users or groups). */
  members: string[];
}

export interface AssignmentRecord {
  id: string;
  principalId: string;
  principalType: 'User' | 'Group' | 'ServicePrincipal';
  principalDisplayName: string;
  appRoleId: string;
  createdDateTime: string;
}

export type ClaimsPolicyState = { kind: 'readable'; policy: Json } | { kind: 'forbidden' } | { kind: 'not-found' };

const USER_DEFAULT_PROPS = ['businessPhones', 'displayName', 'givenName', 'id', 'jobTitle', 'mail', 'mobilePhone', 'officeLocation', 'preferredLanguage', 'surname', 'userPrincipalName'];
const USER_SELECTABLE = new Set([...USER_DEFAULT_PROPS, 'accountEnabled', 'department', 'employeeId', 'onPremisesExtensionAttributes']);
/** The "basic profile" User.ReadBasic.All may read (Microsoft's permissions reference). */
const USER_BASIC_PROPS = new Set(['id', 'displayName', 'givenName', 'surname', 'mail', 'userPrincipalName']);
const SCIM_ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

export class GraphState {
  readonly servicePrincipals = new Map<string, Json>();
  readonly jobs = new Map<string, Json[]>();
  readonly schemas = new Map<string, Json>();
  readonly assignments = new Map<string, AssignmentRecord[]>();
  readonly users = new Map<string, GraphUser>();
  readonly groups = new Map<string, GraphGroup>();
  readonly claims = new Map<string, ClaimsPolicyState>();
  private readonly guid: () => string;
  private readonly assignmentId = idFactory('', 43, 91);

  constructor(
    readonly tenantId: string,
    readonly now: string,
    seed = 1,
  ) {
    this.guid = guidFactory(seed);
  }

  newId(): string {
    return this.guid();
  }

  /** An enterprise app (service principal) in the shape of Graph's servicePrincipal resource. */
  addServicePrincipal(opts: { displayName: string; id?: string; appId?: string; tags?: string[]; preferredSingleSignOnMode?: string | null }): string {
    const id = opts.id ?? this.guid();
    this.servicePrincipals.set(id, {
      id,
      deletedDateTime: null,
      accountEnabled: true,
      appDisplayName: opts.displayName,
      appId: opts.appId ?? this.guid(),
      appOwnerOrganizationId: this.tenantId,
      appRoleAssignmentRequired: true,
      appRoles: [],
      displayName: opts.displayName,
      preferredSingleSignOnMode: opts.preferredSingleSignOnMode === undefined ? 'saml' : opts.preferredSingleSignOnMode,
      servicePrincipalNames: [],
      servicePrincipalType: 'Application',
      signInAudience: 'AzureADMyOrg',
      tags: opts.tags ?? ['WindowsAzureActiveDirectoryCustomSingleSignOnApplication', 'WindowsAzureActiveDirectoryIntegratedApp'],
    });
    return id;
  }

  /**
   * A provisioning job (templateId `scim`, the non-gallery SCIM app: MicrosoftDocs/entra-docs
   * application-provisioning-config-problem-scim-compatibility.md) and its schema; returns the job id.
   */
  addScimJob(spId: string, opts: { templateId?: string; schema?: Json; state?: 'Active' | 'Disabled'; id?: string } = {}): string {
    const templateId = opts.templateId ?? 'scim';
    const id = opts.id ?? `${templateId}.${this.guid().replace(/-/g, '')}.${this.tenantId}`;
    const job: Json = {
      id,
      templateId,
      schedule: { expiration: null, interval: 'PT40M', state: opts.state ?? 'Active' },
      status: {
        countSuccessiveCompleteFailures: 0,
        escrowsPruned: false,
        synchronizedEntryCountByType: [],
        code: opts.state === 'Disabled' ? 'Paused' : 'Active',
        lastExecution: null,
        lastSuccessfulExecution: null,
        lastSuccessfulExecutionWithExports: null,
        steadyStateFirstAchievedTime: '0001-01-01T00:00:00Z',
        steadyStateLastAchievedTime: '0001-01-01T00:00:00Z',
        quarantine: null,
      },
      synchronizationJobSettings: [],
    };
    const list = this.jobs.get(spId) ?? [];
    list.push(job);
    this.jobs.set(spId, list);
    this.schemas.set(id, { id, version: `Date:${this.now}`, synchronizationRules: [], directories: [], ...(opts.schema ?? defaultScimSchema()) });
    return id;
  }

  /** The User object mapping of a job's schema (the first rule's mapping whose source object is User). */
  userMapping(jobId: string): Json {
    return objectMapping(this.schemas.get(jobId), 'User');
  }

  groupMapping(jobId: string): Json {
    return objectMapping(this.schemas.get(jobId), 'Group');
  }

  /** Replace (or add) the User mapping's attribute mapping for `target` (plant drift). */
  setAttributeMapping(jobId: string, target: string, source: string | Json, extra: Partial<Json> = {}): void {
    const m = this.userMapping(jobId);
    const list = m.attributeMappings as Json[];
    const entry = attributeMapping(target, typeof source === 'string' ? expressionSource(source) : source, extra);
    const i = list.findIndex((a) => a.targetAttributeName === target);
    if (i >= 0) list[i] = entry;
    else list.push(entry);
  }

  addUser(u: Partial<GraphUser> & { userPrincipalName: string }): string {
    const id = u.id ?? this.guid();
    this.users.set(id, {
      displayName: [u.givenName, u.surname].filter(Boolean).join(' ') || u.userPrincipalName,
      givenName: null,
      surname: null,
      mail: u.userPrincipalName,
      jobTitle: null,
      preferredLanguage: null,
      mobilePhone: null,
      officeLocation: null,
      businessPhones: [],
      accountEnabled: true,
      ...u,
      id,
    });
    return id;
  }

  addGroup(g: { displayName: string; members?: string[]; id?: string; description?: string | null }): string {
    const id = g.id ?? this.guid();
    this.groups.set(id, { id, displayName: g.displayName, description: g.description ?? null, mail: null, securityEnabled: true, mailEnabled: false, members: [...(g.members ?? [])] });
    return id;
  }

  /** Assign a user, group or service principal to the app (the default access role, appRoleId all zeros). */
  assign(spId: string, principalId: string): string {
    const user = this.users.get(principalId);
    const group = this.groups.get(principalId);
    const sp = this.servicePrincipals.get(principalId);
    if (!user && !group && !sp) throw new Error(`no principal ${principalId}`);
    const rec: AssignmentRecord = {
      id: this.assignmentId(),
      principalId,
      principalType: user ? 'User' : group ? 'Group' : 'ServicePrincipal',
      principalDisplayName: user?.displayName ?? group?.displayName ?? String(sp?.displayName),
      appRoleId: '00000000-0000-0000-0000-000000000000',
      createdDateTime: this.now.replace(/(\.\d+)?Z$/, '.0000000Z'),
    };
    const list = this.assignments.get(spId) ?? [];
    list.push(rec);
    this.assignments.set(spId, list);
    return rec.id;
  }

  /**
   * `count` users assigned to the app, named like the demo SCIM tenant's people (test/support/builders.ts
   * buildUser(i)), `extensionAttribute1` holding the time zone. 10,000 take a few milliseconds.
   */
  addAssignedUsers(spId: string, count: number, opts: { start?: number } = {}): string[] {
    const ids: string[] = [];
    const start = opts.start ?? 1;
    for (let i = start; i < start + count; i++) {
      const p = buildUser(i);
      const id = this.addUser({
        userPrincipalName: p.userName,
        mail: p.userName,
        givenName: p.name.givenName,
        surname: p.name.familyName,
        displayName: `${p.name.givenName} ${p.name.familyName}`,
        onPremisesExtensionAttributes: extensionAttributes({ extensionAttribute1: p.timezone }),
      });
      this.assign(spId, id);
      ids.push(id);
    }
    return ids;
  }

  setClaimsPolicy(spId: string, state: ClaimsPolicyState): void {
    this.claims.set(spId, state);
  }
}

function extensionAttributes(set: Record<string, string>): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (let i = 1; i <= 15; i++) out[`extensionAttribute${i}`] = set[`extensionAttribute${i}`] ?? null;
  return out;
}

function objectMapping(schema: Json | undefined, sourceObject: string): Json {
  for (const rule of (schema?.synchronizationRules as Json[] | undefined) ?? []) {
    for (const m of (rule.objectMappings as Json[] | undefined) ?? []) if (m.sourceObjectName === sourceObject) return m;
  }
  throw new Error(`no ${sourceObject} object mapping`);
}

// -- expressions as attributeMappingSource trees ------------------------------------------------------

/**
 * The attributeMappingSource tree of an Entra expression, in the shape of Microsoft's examples
 * (synchronization-attributemappingsource.md): `[attr]` -> Attribute, `"text"` -> Constant, `Fn(args)` ->
 * Function with parameters. Parameter keys are the function reference's argument names; the service's
 * own keys are only documented for Mid/Not/Replace/SingleAppRoleAssignment (composed, see README).
 */
export function expressionSource(expr: string): Json {
  let i = 0;
  const s = expr;
  const ws = (): void => {
    while (i < s.length && /\s/.test(s[i])) i++;
  };
  const parse = (): Json => {
    ws();
    const start = i;
    if (s[i] === '[') {
      const end = s.indexOf(']', i);
      const name = s.slice(i + 1, end);
      i = end + 1;
      return { expression: `[${name}]`, name, parameters: [], type: 'Attribute' };
    }
    if (s[i] === '"') {
      let j = i + 1;
      while (j < s.length && s[j] !== '"') j += s[j] === '\\' ? 2 : 1;
      const name = s.slice(i + 1, j).replace(/\\"/g, '"');
      i = j + 1;
      return { expression: s.slice(start, i), name, parameters: [], type: 'Constant' };
    }
    const num = /^-?\d+(\.\d+)?/.exec(s.slice(i));
    if (num) {
      // a bare number is a Constant whose expression is quoted ("Mid([userPrincipalName], 1, 8)" in the docs)
      i += num[0].length;
      return { expression: `"${num[0]}"`, name: num[0], parameters: [], type: 'Constant' };
    }
    const m = /^[A-Za-z][A-Za-z0-9]*/.exec(s.slice(i));
    if (!m) throw new Error(`cannot parse expression at ${i}: ${s}`);
    const fn = m[0];
    i += fn.length;
    ws();
    if (s[i] !== '(') throw new Error(`expected ( after ${fn}`);
    i++;
    const args: Array<Json | null> = [];
    for (;;) {
      ws();
      if (s[i] === ')') {
        i++;
        break;
      }
      if (s[i] === ',') {
        args.push(null);
        i++;
        continue;
      }
      args.push(parse());
      ws();
      if (s[i] === ',') {
        i++;
        ws();
        if (s[i] === ')') args.push(null);
      }
    }
    const keys = FUNCTION_PARAMETER_KEYS[fn];
    const parameters = args
      .map((a, k) => (a ? { key: keys?.[k] ?? (k === 0 ? 'source' : `value${k}`), value: a } : null))
      .filter((p): p is { key: string; value: Json } => p !== null);
    return { expression: s.slice(start, i), name: fn, parameters, type: 'Function' };
  };
  const tree = parse();
  tree.expression = expr;
  return tree;
}

const FUNCTION_PARAMETER_KEYS: Record<string, string[]> = {
  Mid: ['source', 'start', 'length'],
  Not: ['source'],
  SingleAppRoleAssignment: ['source'],
  Switch: ['source', 'defaultValue', 'key', 'value', 'key', 'value', 'key', 'value'],
  Join: ['separator', 'source1', 'source2', 'source3', 'source4'],
  Coalesce: ['source1', 'source2', 'source3', 'source4', 'defaultValue'],
  ToLower: ['source', 'culture'],
};

function attributeMapping(target: string, source: Json | null, extra: Partial<Json> = {}): Json {
  return { defaultValue: null, exportMissingReferences: false, flowBehavior: 'FlowWhenChanged', flowType: 'Always', matchingPriority: 0, source, targetAttributeName: target, ...extra };
}

/**
 * Composed: a non-gallery SCIM app's schema. The User mappings are the ones Microsoft's SCIM tutorial
 * lists (MicrosoftDocs/entra-docs use-scim-to-provision-users-and-groups.md, "example of user attributes"),
 * `active` from IsSoftDeleted with the Switch expression gallery guides show, the Group mapping's
 * displayName/members/objectId; the envelope (rule, objectMapping, metadata) in the shape of the
 * objectMapping resource's example. A real schema also carries `directories` (omitted here).
 */
export function defaultScimSchema(overrides: Record<string, string | null> = {}): Json {
  const users: Array<[string, string | null, Partial<Json>?]> = [
    ['userName', '[userPrincipalName]', { matchingPriority: 1 }],
    ['active', 'Switch([IsSoftDeleted], , "False", "True", "True", "False")'],
    ['displayName', '[displayName]'],
    ['title', '[jobTitle]'],
    ['emails[type eq "work"].value', '[mail]'],
    ['preferredLanguage', '[preferredLanguage]'],
    ['name.givenName', '[givenName]'],
    ['name.familyName', '[surname]'],
    ['name.formatted', 'Join(" ", [givenName], [surname])'],
    ['addresses[type eq "work"].formatted', '[physicalDeliveryOfficeName]'],
    ['addresses[type eq "work"].streetAddress', '[streetAddress]'],
    ['addresses[type eq "work"].postalCode', '[postalCode]'],
    ['phoneNumbers[type eq "work"].value', '[telephoneNumber]'],
    ['phoneNumbers[type eq "mobile"].value', '[mobile]'],
    ['phoneNumbers[type eq "fax"].value', '[facsimileTelephoneNumber]'],
    ['externalId', '[mailNickname]'],
    [`${SCIM_ENTERPRISE}:employeeNumber`, '[employeeId]'],
    [`${SCIM_ENTERPRISE}:department`, '[department]'],
    [`${SCIM_ENTERPRISE}:manager`, '[manager]'],
  ];
  const userMappings: Json[] = [];
  const seen = new Set<string>();
  for (const [target, expr, extra] of users) {
    seen.add(target);
    const e = target in overrides ? overrides[target] : expr;
    if (e === null || e === undefined) continue;
    userMappings.push(attributeMapping(target, expressionSource(e), extra));
  }
  for (const [target, e] of Object.entries(overrides)) if (!seen.has(target) && e) userMappings.push(attributeMapping(target, expressionSource(e)));
  const meta = [
    { key: 'IsCustomerDefined', value: 'false' },
    { key: 'Disposition', value: '"Normal"' },
    { key: 'EscrowBehavior', value: '"Default"' },
  ];
  return {
    synchronizationRules: [
      {
        containerFilter: { includedContainers: [] },
        editable: true,
        groupFilter: { includedGroups: [] },
        id: '03f7d90d-bf71-41b1-bda6-aaf0ddbee5d8',
        metadata: [],
        name: 'USER_OUTBOUND_USER',
        objectMappings: [
          {
            attributeMappings: userMappings,
            enabled: true,
            flowTypes: 'Add, Update, Delete',
            metadata: meta,
            name: 'Provision Microsoft Entra ID Users',
            scope: null,
            sourceObjectName: 'User',
            targetObjectName: SCIM_ENTERPRISE,
          },
          {
            attributeMappings: [
              attributeMapping('displayName', expressionSource('[displayName]'), { matchingPriority: 1 }),
              attributeMapping('externalId', expressionSource('[objectId]')),
              attributeMapping('members', expressionSource('[members]')),
            ],
            enabled: true,
            flowTypes: 'Add, Update, Delete',
            metadata: meta,
            name: 'Provision Microsoft Entra ID Groups',
            scope: null,
            sourceObjectName: 'Group',
            targetObjectName: 'urn:ietf:params:scim:schemas:core:2.0:Group',
          },
        ],
        priority: 1,
        sourceDirectoryName: 'Azure Active Directory',
        targetDirectoryName: 'customappsso',
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------------
// Server

export interface GraphOptions {
  tenantId?: string;
  /** Delegated scopes of the default token (default GRAPH_READ_SCOPES). */
  scopes?: string[];
  /** Directory roles (wids) of the default token's user (default: Application Administrator). */
  roles?: string[];
  seed?: 'vendor-examples' | 'empty';
  rateLimit?: {
    /** Resource units per window for this app+tenant (default 3,500: an S tenant's 10 seconds). */
    resourceUnits?: number;
    windowMs?: number;
    /** Retry-After value (default: the seconds left in the window, rounded up). */
    retryAfter?: string;
    off?: boolean;
  };
  /**
   * How a missing permission is refused: 'realistic' (default: directory calls 403
   * Authorization_RequestDenied, synchronization calls 401 UnknownError, as real tenants answer) or
   * 'missing-scope' (403 Forbidden "Missing scope permissions on the request. API requires one of ..."
   * as some Graph workloads answer).
   */
  denial?: 'realistic' | 'missing-scope';
  /** Order of $batch responses: 'reverse' (default: Graph "might" reorder, clients must use ids) or 'same'. */
  batchOrder?: 'reverse' | 'same';
  now?: string;
}

export interface GraphSeedIds {
  /** Composed: the non-gallery SCIM app (Flosum, examples/flosum-entra.scim.yaml) import/drift tests read. */
  scimApp?: string;
  scimJob?: string;
  /** A group assigned to the scim app and its members. */
  scimGroup?: string;
  /** The docs' example: appRoleAssignedTo's resource (dxprovisioning-graphapi-client) and its assignment. */
  docsApp?: string;
  /** Composed: a gallery app whose User mapping is the docs' objectMapping example (salesforce.com). */
  salesforceApp?: string;
  salesforceJob?: string;
}

export interface GraphBatchedRequest {
  /** The $batch request's arrival number. */
  parent: number;
  id: string;
  method: string;
  url: string;
  status: number;
}

export interface StandInGraph {
  /** The Graph root (http://127.0.0.1:port), what a config's `idp.graphUrl` points at. */
  url: string;
  tenantId: string;
  /** A token with the default scopes and role. */
  token: string;
  /** A token with other claims (tid defaults to this tenant). */
  tokenFor(claims: GraphClaims): string;
  graph: GraphState;
  seed: GraphSeedIds;
  requests: SeenRequest[];
  /** Sub-requests of $batch calls, in the order they were served. */
  batched: GraphBatchedRequest[];
  violations: Violation[];
  addFault(fault: Fault): void;
  /** Cut the connection of the `nth` (1-based, default 2) request to a list path (mid-body by default). */
  dropPage(path: string, nth?: number, mode?: 'drop' | 'drop-mid-body'): void;
  rateLimits: { resourceUnits: number; windowMs: number; costOf(path: string, query: Array<[string, string]>): number };
  close(): Promise<void>;
}

interface Ctx {
  req: SeenRequest;
  m: RegExpMatchArray;
  q: Map<string, string>;
  headers: Record<string, string>;
  version: 'v1.0' | 'beta';
  dir: GraphState;
}

interface Route {
  name: string;
  /** Matched against the path after /v1.0 or /beta. */
  pattern: RegExp;
  versions: Array<'v1.0' | 'beta'>;
  /** Delegated scopes (any one suffices). */
  scopes: string[];
  /** Application permissions (any one suffices). */
  appRoles: string[];
  /** Synchronization APIs: the signed-in user also needs a directory role (rbac-synchronization-apis.md). */
  needsRole?: boolean;
  kind: 'directory' | 'synchronization' | 'policy';
  query: string[];
  /** Write methods Graph documents here (answered 403: import and drift never write). */
  writes: string[];
  handle: (ctx: Ctx) => Reply;
}

const SYNC_ROLES = [ENTRA_ROLES.globalAdministrator, ENTRA_ROLES.applicationAdministrator, ENTRA_ROLES.cloudApplicationAdministrator];
const GUID = '[0-9a-fA-F-]{36}';

export async function startGraph(options: GraphOptions = {}): Promise<StandInGraph> {
  const tenantId = options.tenantId ?? '11111111-2222-3333-4444-555555555555';
  const windowMs = options.rateLimit?.windowMs ?? 10_000;
  const resourceUnits = options.rateLimit?.resourceUnits ?? 3500;
  const window = new FixedWindow(resourceUnits, windowMs);
  const requestIds = guidFactory(4242);
  const emptyDir = new GraphState('00000000-0000-0000-0000-000000000000', options.now ?? '2026-01-05T10:00:00Z', 999);
  const batched: GraphBatchedRequest[] = [];
  const state = new GraphState(tenantId, options.now ?? '2026-01-05T10:00:00Z');
  const violations: Violation[] = [];
  let origin = '';

  const violate = (req: SeenRequest, kind: Violation['kind'], detail: string, url = req.url): void => {
    violations.push({ n: req.n, kind, method: req.method, url, detail });
  };
  const baseHeaders = (headers: Record<string, string>): Record<string, string> => {
    const rid = requestIds();
    return { 'request-id': rid, 'client-request-id': headers['client-request-id'] ?? rid, 'Cache-Control': 'no-cache' };
  };
  const graphDate = (): string => new Date().toISOString().slice(0, 19);
  const error = (status: number, code: string, message: string, headers: Record<string, string>, extra: Record<string, string> = {}): Reply => {
    const h = baseHeaders(headers);
    return {
      status,
      headers: { 'Content-Type': 'application/json', ...h, ...extra },
      body: { error: { code, message, innerError: { date: graphDate(), 'request-id': h['request-id'], 'client-request-id': h['client-request-id'] } } },
    };
  };
  const okJson = (body: unknown, headers: Record<string, string>, extra: Record<string, string> = {}): Reply => ({
    status: 200,
    headers: { 'Content-Type': 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8', 'OData-Version': '4.0', ...baseHeaders(headers), ...extra },
    body,
  });
  const notFound = (id: string, headers: Record<string, string>): Reply => error(404, 'Request_ResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`, headers);

  // -- query options ---------------------------------------------------------------------------------
  const topOf = (ctx: Ctx, dflt: number): number | Reply => {
    const t = ctx.q.get('$top');
    if (t === undefined) return dflt;
    if (!/^\d+$/.test(t) || Number(t) < 1 || Number(t) > 999) {
      violate(ctx.req, 'bad-query', `$top=${t}`);
      return error(400, 'Request_UnsupportedQuery', `Invalid page size specified: '${t}'. Must be between 1 and 999 inclusive.`, ctx.headers);
    }
    return Number(t);
  };
  const selectOf = (ctx: Ctx, allowed: Set<string> | undefined, type: string): string[] | Reply | undefined => {
    const s = ctx.q.get('$select');
    if (s === undefined) return undefined;
    const props = s.split(',').map((p) => p.trim()).filter(Boolean);
    if (allowed) {
      const bad = props.find((p) => !allowed.has(p));
      if (bad) {
        violate(ctx.req, 'bad-query', `$select: ${type} has no property ${bad} served here`);
        return error(400, 'Request_BadRequest', `Could not find a property named '${bad}' on type 'microsoft.graph.${type}'.`, ctx.headers);
      }
    }
    return props;
  };
  const project = (obj: Json, props: string[] | undefined): Json => {
    if (!props) return obj;
    const out: Json = {};
    for (const p of props) out[p] = obj[p] ?? null;
    return out;
  };

  /** @odata.nextLink paging: the original query (without $skiptoken) plus an opaque $skiptoken (paging.md). */
  const page = <T>(ctx: Ctx, items: T[], top: number, render: (t: T) => Json, contextPath: string, extra: Json = {}): Reply => {
    let from = 0;
    const others = ctx.req.query.filter(([k]) => k !== '$skiptoken');
    const sig = others.map(([k, v]) => `${k}=${v}`).join('&');
    const tok = ctx.q.get('$skiptoken');
    if (tok !== undefined) {
      const decoded = Buffer.from(tok, 'base64url').toString('utf8');
      const m = /^(\d+)\|(.*)$/s.exec(decoded);
      if (!m || m[2] !== sig) {
        violate(ctx.req, 'bad-query', '$skiptoken does not belong to this query (follow @odata.nextLink whole)');
        return error(400, 'Request_BadRequest', 'Invalid skip token.', ctx.headers);
      }
      from = Number(m[1]);
    }
    const value = items.slice(from, from + top).map(render);
    const body: Json = { '@odata.context': `${origin}/${ctx.version}/$metadata#${contextPath}`, ...extra };
    if (from + top < items.length) {
      const qs = [...others.map(([k, v]) => `${k}=${encodeURIComponent(v)}`), `$skiptoken=${Buffer.from(`${from + top}|${sig}`).toString('base64url')}`].join('&');
      body['@odata.nextLink'] = `${origin}/${ctx.version}${ctx.req.path.replace(/^\/(v1\.0|beta)/, '')}?${qs}`;
    }
    body.value = value;
    return okJson(body, ctx.headers);
  };

  const needConsistency = (ctx: Ctx, what: string): Reply | undefined => {
    if ((ctx.headers.consistencylevel ?? '').toLowerCase() === 'eventual') return undefined;
    violate(ctx.req, 'missing-header', `${what} needs ConsistencyLevel: eventual (on every page: paging.md)`);
    if (what === '$search') return error(400, 'Request_UnsupportedQuery', "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'", ctx.headers);
    return error(400, 'Request_BadRequest', '$count is not currently supported.', ctx.headers);
  };

  const quoted = (v: string): string => v.replace(/''/g, "'");
  const spFilter = (expr: string): ((sp: Json) => boolean) | undefined => {
    let m = /^\s*startswith\(\s*(displayName|appId)\s*,\s*'((?:[^']|'')*)'\s*\)\s*$/i.exec(expr);
    if (m) {
      const attr = m[1];
      const want = quoted(m[2]).toLowerCase();
      return (sp) => str(sp[attr.toLowerCase() === 'appid' ? 'appId' : 'displayName']).toLowerCase().startsWith(want);
    }
    m = /^\s*(displayName|appId|id)\s+eq\s+'((?:[^']|'')*)'\s*$/i.exec(expr);
    if (m) {
      const attr = (m[1]).toLowerCase() === 'appid' ? 'appId' : (m[1]).toLowerCase() === 'id' ? 'id' : 'displayName';
      const want = quoted(m[2]).toLowerCase();
      return (sp) => str(sp[attr]).toLowerCase() === want;
    }
    return undefined;
  };

  const renderUser = (u: GraphUser, props: string[] | undefined): Json => {
    const full: Json = { ...u };
    if (props) return project(full, props);
    const out: Json = {};
    for (const p of USER_DEFAULT_PROPS) out[p] = full[p] ?? (p === 'businessPhones' ? [] : null);
    return out;
  };
  const assignmentJson = (spId: string, sp: Json, a: AssignmentRecord): Json => ({
    id: a.id,
    deletedDateTime: null,
    appRoleId: a.appRoleId,
    createdDateTime: a.createdDateTime,
    principalDisplayName: a.principalDisplayName,
    principalId: a.principalId,
    principalType: a.principalType,
    resourceDisplayName: sp.displayName,
    resourceId: spId,
  });
  const memberJson = (dir: GraphState, id: string, props: string[] | undefined): Json | undefined => {
    const u = dir.users.get(id);
    if (u) return { '@odata.type': '#microsoft.graph.user', ...renderUser(u, props) };
    const g = dir.groups.get(id);
    if (g) return { '@odata.type': '#microsoft.graph.group', ...project({ id: g.id, deletedDateTime: null, description: g.description, displayName: g.displayName, mail: g.mail, mailEnabled: g.mailEnabled, securityEnabled: g.securityEnabled }, props) };
    return undefined;
  };
  const spOf = (ctx: Ctx): Json | undefined => {
    const key = ctx.m[1];
    const byAppId = /^\(appId='(.+)'\)$/.exec(key);
    if (byAppId) return [...ctx.dir.servicePrincipals.values()].find((s) => s.appId === byAppId[1]);
    return ctx.dir.servicePrincipals.get(key);
  };

  const SP = `(${GUID}|\\(appId='${GUID}'\\))`;
  const routes: Route[] = [
    {
      name: 'list servicePrincipals',
      pattern: /^\/servicePrincipals$/,
      versions: ['v1.0', 'beta'],
      scopes: ['Application.Read.All', 'Application.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
      appRoles: ['Application.Read.All', 'Application.ReadWrite.OwnedBy', 'Application.ReadWrite.All', 'Directory.Read.All'],
      kind: 'directory',
      query: ['$filter', '$search', '$select', '$top', '$count', '$skiptoken'],
      writes: ['POST'],
      handle: (ctx) => {
        let list = [...ctx.dir.servicePrincipals.values()];
        const filter = ctx.q.get('$filter');
        if (filter !== undefined) {
          const f = spFilter(filter);
          if (!f) {
            violate(ctx.req, 'bad-query', `$filter "${filter}": served here: startswith(displayName|appId,'x'), displayName|appId|id eq 'x'`);
            return error(400, 'Request_UnsupportedQuery', 'Unsupported or invalid query filter clause specified for property of resource \'ServicePrincipal\'.', ctx.headers);
          }
          list = list.filter(f);
        }
        const search = ctx.q.get('$search');
        if (search !== undefined) {
          const missing = needConsistency(ctx, '$search');
          if (missing) return missing;
          const m = /^"(displayName|description):([^"]*)"$/.exec(search);
          if (!m) {
            violate(ctx.req, 'bad-query', `$search=${search}: must be "displayName:<text>" in double quotes`);
            return error(400, 'Request_UnsupportedQuery', 'Syntax error: invalid $search clause.', ctx.headers);
          }
          // directory $search matches the start of any word of the property (tokenized search)
          const term = m[2].toLowerCase();
          list = list.filter((sp) => str(sp[m[1]]).toLowerCase().split(/[\s\-_.]+/).some((w) => w.startsWith(term)));
        }
        const count = ctx.q.get('$count');
        if (count !== undefined) {
          if (count !== 'true' && count !== 'false') return error(400, 'Request_BadRequest', `Invalid value '${count}' for $count.`, ctx.headers);
          const missing = needConsistency(ctx, '$count');
          if (missing) return missing;
        }
        const top = topOf(ctx, 100);
        if (typeof top !== 'number') return top;
        const props = selectOf(ctx, undefined, 'servicePrincipal');
        if (props && !Array.isArray(props)) return props;
        const first = !ctx.q.has('$skiptoken');
        return page(ctx, list, top, (sp) => project(sp, props), props ? `servicePrincipals(${props.join(',')})` : 'servicePrincipals', count === 'true' && first ? { '@odata.count': list.length } : {});
      },
    },
    {
      name: 'get servicePrincipal',
      pattern: new RegExp(`^/servicePrincipals/?${SP}$`),
      versions: ['v1.0', 'beta'],
      scopes: ['Application.Read.All', 'Application.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
      appRoles: ['Application.Read.All', 'Application.ReadWrite.OwnedBy', 'Application.ReadWrite.All', 'Directory.Read.All'],
      kind: 'directory',
      query: ['$select'],
      writes: ['PATCH', 'DELETE'],
      handle: (ctx) => {
        const sp = spOf(ctx);
        if (!sp) return notFound(ctx.m[1], ctx.headers);
        const props = selectOf(ctx, undefined, 'servicePrincipal');
        if (props && !Array.isArray(props)) return props;
        return okJson({ '@odata.context': `${origin}/${ctx.version}/$metadata#servicePrincipals/$entity`, ...project(sp, props) }, ctx.headers);
      },
    },
    {
      name: 'list synchronization jobs',
      pattern: new RegExp(`^/servicePrincipals/${SP}/synchronization/jobs/?$`),
      versions: ['v1.0', 'beta'],
      scopes: ['Synchronization.Read.All', 'Synchronization.ReadWrite.All'],
      appRoles: ['Application.ReadWrite.OwnedBy', 'Synchronization.Read.All', 'Synchronization.ReadWrite.All'],
      needsRole: true,
      kind: 'synchronization',
      query: [],
      writes: ['POST'],
      handle: (ctx) => {
        const sp = spOf(ctx);
        if (!sp) return notFound(ctx.m[1], ctx.headers);
        return okJson({ '@odata.context': `${origin}/${ctx.version}/$metadata#servicePrincipals('${String(sp.id)}')/synchronization/jobs`, value: ctx.dir.jobs.get(String(sp.id)) ?? [] }, ctx.headers);
      },
    },
    {
      name: 'get synchronization job',
      pattern: new RegExp(`^/servicePrincipals/${SP}/synchronization/jobs/([^/]+)$`),
      versions: ['v1.0', 'beta'],
      scopes: ['Synchronization.Read.All', 'Synchronization.ReadWrite.All'],
      appRoles: ['Application.ReadWrite.OwnedBy', 'Synchronization.Read.All', 'Synchronization.ReadWrite.All'],
      needsRole: true,
      kind: 'synchronization',
      query: [],
      writes: ['DELETE'],
      handle: (ctx) => {
        const sp = spOf(ctx);
        if (!sp) return notFound(ctx.m[1], ctx.headers);
        const job = (ctx.dir.jobs.get(String(sp.id)) ?? []).find((j) => j.id === ctx.m[2]);
        return job ? okJson({ '@odata.context': `${origin}/${ctx.version}/$metadata#servicePrincipals('${String(sp.id)}')/synchronization/jobs/$entity`, ...job }, ctx.headers) : notFound(ctx.m[2], ctx.headers);
      },
    },
    {
      name: 'get synchronization schema',
      pattern: new RegExp(`^/servicePrincipals/${SP}/synchronization/jobs/([^/]+)/schema$`),
      versions: ['v1.0', 'beta'],
      scopes: ['Synchronization.Read.All', 'Synchronization.ReadWrite.All'],
      appRoles: ['CustomSecAttributeProvisioning.Read.All', 'Application.ReadWrite.OwnedBy', 'Synchronization.Read.All', 'Synchronization.ReadWrite.All'],
      needsRole: true,
      kind: 'synchronization',
      query: [],
      writes: ['PUT'],
      handle: (ctx) => {
        const sp = spOf(ctx);
        if (!sp) return notFound(ctx.m[1], ctx.headers);
        const job = (ctx.dir.jobs.get(String(sp.id)) ?? []).find((j) => j.id === ctx.m[2]);
        if (!job) return notFound(ctx.m[2], ctx.headers);
        return okJson({ '@odata.context': `${origin}/${ctx.version}/$metadata#servicePrincipals('${String(sp.id)}')/synchronization/jobs('${String(job.id)}')/schema/$entity`, ...ctx.dir.schemas.get(String(job.id)) }, ctx.headers);
      },
    },
    {
      name: 'list appRoleAssignedTo',
      pattern: new RegExp(`^/servicePrincipals/${SP}/appRoleAssignedTo$`),
      versions: ['v1.0', 'beta'],
      scopes: ['Application.Read.All', 'Directory.Read.All', 'Application.ReadWrite.All', 'Directory.ReadWrite.All'],
      appRoles: ['Application.Read.All', 'Application.ReadWrite.OwnedBy', 'Directory.Read.All', 'Application.ReadWrite.All', 'Directory.ReadWrite.All'],
      kind: 'directory',
      query: ['$top', '$select', '$skiptoken', '$count'],
      writes: ['POST'],
      handle: (ctx) => {
        const sp = spOf(ctx);
        if (!sp) return notFound(ctx.m[1], ctx.headers);
        const top = topOf(ctx, 100);
        if (typeof top !== 'number') return top;
        const props = selectOf(ctx, new Set(['id', 'deletedDateTime', 'appRoleId', 'createdDateTime', 'principalDisplayName', 'principalId', 'principalType', 'resourceDisplayName', 'resourceId']), 'appRoleAssignment');
        if (props && !Array.isArray(props)) return props;
        const count = ctx.q.get('$count');
        if (count !== undefined) {
          const missing = needConsistency(ctx, '$count');
          if (missing) return missing;
        }
        const list = ctx.dir.assignments.get(String(sp.id)) ?? [];
        return page(ctx, list, top, (a) => project(assignmentJson(String(sp.id), sp, a), props), `servicePrincipals('${String(sp.id)}')/appRoleAssignedTo`, count === 'true' && !ctx.q.has('$skiptoken') ? { '@odata.count': list.length } : {});
      },
    },
    {
      name: 'get user',
      pattern: /^\/users\/([^/]+)$/,
      versions: ['v1.0', 'beta'],
      scopes: ['User.ReadBasic.All', 'User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
      appRoles: ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
      kind: 'directory',
      query: ['$select'],
      writes: ['PATCH', 'DELETE'],
      handle: (ctx) => {
        const key = ctx.m[1];
        const u = ctx.dir.users.get(key) ?? [...ctx.dir.users.values()].find((x) => x.userPrincipalName.toLowerCase() === key.toLowerCase());
        if (!u) return notFound(key, ctx.headers);
        const props = selectOf(ctx, USER_SELECTABLE, 'user');
        if (props && !Array.isArray(props)) return props;
        const denied = basicOnlyDenied(ctx, props);
        if (denied) return denied;
        return okJson({ '@odata.context': `${origin}/${ctx.version}/$metadata#users${props ? `(${props.join(',')})` : ''}/$entity`, ...renderUser(u, props) }, ctx.headers);
      },
    },
    {
      name: 'list users',
      pattern: /^\/users$/,
      versions: ['v1.0', 'beta'],
      scopes: ['User.ReadBasic.All', 'User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
      appRoles: ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
      kind: 'directory',
      query: ['$filter', '$select', '$top', '$skiptoken', '$count'],
      writes: ['POST'],
      handle: (ctx) => {
        let list = [...ctx.dir.users.values()];
        const filter = ctx.q.get('$filter');
        if (filter !== undefined) {
          const inM = /^\s*(id|userPrincipalName|mail)\s+in\s+\(\s*((?:'(?:[^']|'')*'\s*,?\s*)+)\)\s*$/i.exec(filter);
          const eqM = /^\s*(id|userPrincipalName|mail)\s+eq\s+'((?:[^']|'')*)'\s*$/i.exec(filter);
          if (inM) {
            const values = [...(inM[2]).matchAll(/'((?:[^']|'')*)'/g)].map((x) => quoted(x[1]).toLowerCase());
            // "When using the in operator, the request is limited to 15 expressions in the filter clause by default"
            // (microsoft-graph-docs-contrib concepts/includes/known-issues/query-parameters.md)
            if (values.length > 15) {
              violate(ctx.req, 'bad-query', `$filter with ${values.length} values in "in (...)": Graph allows 15`);
              return error(400, 'Request_UnsupportedQuery', `Too many child clauses specified in search filter expression containing 'OR' operators: ${values.length}. Max allowed: 15.`, ctx.headers);
            }
            const attr = (inM[1]).toLowerCase();
            const set = new Set(values);
            list = list.filter((u) => set.has(String(attr === 'id' ? u.id : attr === 'mail' ? u.mail : u.userPrincipalName).toLowerCase()));
          } else if (eqM) {
            const attr = (eqM[1]).toLowerCase();
            const want = quoted(eqM[2]).toLowerCase();
            list = list.filter((u) => String(attr === 'id' ? u.id : attr === 'mail' ? u.mail : u.userPrincipalName).toLowerCase() === want);
          } else {
            violate(ctx.req, 'bad-query', `$filter "${filter}": served here: id|userPrincipalName|mail in ('a','b') or eq 'a'`);
            return error(400, 'Request_UnsupportedQuery', "Unsupported or invalid query filter clause specified for property of resource 'User'.", ctx.headers);
          }
        }
        const top = topOf(ctx, 100);
        if (typeof top !== 'number') return top;
        const props = selectOf(ctx, USER_SELECTABLE, 'user');
        if (props && !Array.isArray(props)) return props;
        const denied = basicOnlyDenied(ctx, props);
        if (denied) return denied;
        const count = ctx.q.get('$count');
        if (count !== undefined) {
          const missing = needConsistency(ctx, '$count');
          if (missing) return missing;
        }
        return page(ctx, list, top, (u) => renderUser(u, props), props ? `users(${props.join(',')})` : 'users', count === 'true' && !ctx.q.has('$skiptoken') ? { '@odata.count': list.length } : {});
      },
    },
    {
      name: 'get group',
      pattern: new RegExp(`^/groups/(${GUID})$`),
      versions: ['v1.0', 'beta'],
      scopes: ['GroupMember.Read.All', 'Group.Read.All', 'Directory.Read.All', 'Group.ReadWrite.All', 'Directory.ReadWrite.All'],
      appRoles: ['GroupMember.Read.All', 'Group.Read.All', 'Directory.Read.All', 'Group.ReadWrite.All', 'Directory.ReadWrite.All'],
      kind: 'directory',
      query: ['$select'],
      writes: ['PATCH', 'DELETE'],
      handle: (ctx) => {
        const g = ctx.dir.groups.get(ctx.m[1]);
        if (!g) return notFound(ctx.m[1], ctx.headers);
        const props = selectOf(ctx, undefined, 'group');
        if (props && !Array.isArray(props)) return props;
        return okJson({ '@odata.context': `${origin}/${ctx.version}/$metadata#groups/$entity`, ...(memberJson(ctx.dir, g.id, props) ?? {}) }, ctx.headers);
      },
    },
    {
      name: 'list group members',
      pattern: new RegExp(`^/groups/(${GUID})/(members|transitiveMembers)$`),
      versions: ['v1.0', 'beta'],
      // group-list-members / group-list-transitivemembers permission tables (the newer lists GroupMember.ReadBasic.All as least)
      scopes: ['GroupMember.ReadBasic.All', 'GroupMember.Read.All', 'Group.ReadBasic.All', 'Directory.Read.All', 'Group.Read.All', 'Group.ReadWrite.All', 'GroupMember.ReadWrite.All'],
      appRoles: ['GroupMember.ReadBasic.All', 'GroupMember.Read.All', 'Group.ReadBasic.All', 'Directory.Read.All', 'Group.Read.All', 'Group.ReadWrite.All', 'GroupMember.ReadWrite.All'],
      kind: 'directory',
      query: ['$select', '$top', '$skiptoken', '$count'],
      writes: ['POST'],
      handle: (ctx) => {
        const g = ctx.dir.groups.get(ctx.m[1]);
        if (!g) return notFound(ctx.m[1], ctx.headers);
        const top = topOf(ctx, 100);
        if (typeof top !== 'number') return top;
        const props = selectOf(ctx, undefined, 'directoryObject');
        if (props && !Array.isArray(props)) return props;
        let ids = g.members;
        if (ctx.m[2] === 'transitiveMembers') {
          const out: string[] = [];
          const seen = new Set<string>();
          const walk = (gid: string): void => {
            for (const id of ctx.dir.groups.get(gid)?.members ?? []) {
              if (seen.has(id)) continue;
              seen.add(id);
              out.push(id);
              if (ctx.dir.groups.has(id)) walk(id);
            }
          };
          walk(g.id);
          ids = out;
        }
        const count = ctx.q.get('$count');
        if (count !== undefined) {
          const missing = needConsistency(ctx, '$count');
          if (missing) return missing;
        }
        const members = ids.map((id) => memberJson(ctx.dir, id, props)).filter((x): x is Json => x !== undefined);
        return page(ctx, members, top, (x) => x, 'directoryObjects', count === 'true' && !ctx.q.has('$skiptoken') ? { '@odata.count': members.length } : {});
      },
    },
    {
      name: 'get claimsPolicy (beta)',
      pattern: new RegExp(`^/servicePrincipals/${SP}/claimsPolicy$`),
      versions: ['beta'],
      scopes: ['Policy.Read.ApplicationConfiguration', 'Policy.ReadWrite.ApplicationConfiguration'],
      appRoles: ['Policy.Read.ApplicationConfiguration', 'Policy.ReadWrite.ApplicationConfiguration'],
      kind: 'policy',
      query: [],
      writes: ['PUT', 'PATCH'],
      handle: (ctx) => {
        const sp = spOf(ctx);
        if (!sp) return notFound(ctx.m[1], ctx.headers);
        const st = ctx.dir.claims.get(String(sp.id)) ?? { kind: 'not-found' };
        if (st.kind === 'forbidden') return error(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.', ctx.headers);
        if (st.kind === 'not-found') return error(404, 'Request_ResourceNotFound', `Resource 'claimsPolicy' does not exist or one of its queried reference-property objects are not present.`, ctx.headers);
        return okJson({ '@odata.context': `${origin}/beta/$metadata#servicePrincipals('${String(sp.id)}')/claimsPolicy/$entity`, ...st.policy }, ctx.headers);
      },
    },
  ];

  /** With only User.ReadBasic.All, non-basic properties are refused (unverified wording; see README). */
  function basicOnlyDenied(ctx: Ctx, props: string[] | undefined): Reply | undefined {
    const claims = readToken((ctx.headers.authorization ?? '').replace(/^Bearer /, '')) ?? {};
    const scopes = (claims.scp ?? '').split(' ');
    const full = ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];
    if (claims.roles?.length || scopes.some((s) => full.includes(s))) return undefined;
    const wanted = props ?? USER_DEFAULT_PROPS;
    if (wanted.every((p) => USER_BASIC_PROPS.has(p))) return undefined;
    return denied(ctx, 'directory', full);
  }

  function denied(ctx: Ctx, kind: Route['kind'], anyOf: string[]): Reply {
    if (options.denial === 'missing-scope') {
      const claims = readToken((ctx.headers.authorization ?? '').replace(/^Bearer /, '')) ?? {};
      return error(403, 'Forbidden', `Missing scope permissions on the request. API requires one of '${anyOf.join(', ')}'. Scopes on the request '${(claims.scp ?? '').split(' ').filter(Boolean).join(', ')}'`, ctx.headers);
    }
    if (kind === 'synchronization') return error(401, 'UnknownError', '', ctx.headers); // microsoft-graph-docs-contrib#8800
    return error(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.', ctx.headers);
  }

  /** Resource-unit cost of a read (throttling-limits.md "Identity and access service limits"). */
  const costOf = (path: string, query: Array<[string, string]>): number => {
    const p = path.replace(/^\/(v1\.0|beta)/, '');
    let cost = 1;
    if (/^\/users$/.test(p)) cost = 2;
    else if (/^\/groups\/[^/]+\/members$/.test(p)) cost = 3;
    else if (/^\/groups\/[^/]+\/transitiveMembers$/.test(p)) cost = 5;
    if (query.some(([k]) => k === '$select')) cost -= 1;
    const top = query.find(([k]) => k === '$top');
    if (top && Number(top[1]) < 20) cost -= 1;
    return Math.max(1, cost);
  };

  /** One read (a plain request or a $batch sub-request). */
  const serveRead = (req: SeenRequest, headers: Record<string, string>, sub: boolean): Reply => {
    const vm = /^\/(v1\.0|beta)(\/.*)$/.exec(req.path);
    if (!vm) {
      violate(req, 'unknown-path', `${req.path}: Graph paths start with /v1.0 or /beta`);
      return error(400, 'BadRequest', 'Invalid version.', headers);
    }
    const version = vm[1] as 'v1.0' | 'beta';
    const rest = vm[2];

    // Authorization: Bearer {token}
    const auth = headers.authorization;
    const wwwAuth = { 'WWW-Authenticate': `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="${GRAPH_RESOURCE_APP_ID}"` };
    if (auth === undefined || !/^Bearer \S+$/.test(auth)) {
      violate(req, 'auth', auth === undefined ? 'no Authorization header' : 'Authorization must be "Bearer <token>"');
      return error(401, 'InvalidAuthenticationToken', 'Access token is empty.', headers, wwwAuth);
    }
    const claims = readToken(auth.slice(7));
    if (!claims) return error(401, 'InvalidAuthenticationToken', 'CompactToken parsing failed with error code: 80049217', headers, wwwAuth);
    if (claims.aud !== 'https://graph.microsoft.com' && claims.aud !== GRAPH_RESOURCE_APP_ID) return error(401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.', headers, wwwAuth);
    if (typeof claims.exp === 'number' && claims.exp * 1000 <= Date.now()) return error(401, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.', headers, wwwAuth);
    // a token of another tenant is valid there: it reads that (here: empty) directory
    const dir = claims.tid === undefined || claims.tid === state.tenantId ? state : emptyDir;

    const route = routes.find((r) => r.pattern.test(rest));
    if (!route || !route.versions.includes(version)) {
      const seg = rest.split('/').filter(Boolean).pop() ?? rest;
      violate(req, 'unknown-path', `${req.method} ${req.path} is not an endpoint this stand-in serves${route ? ` on ${version}` : ''}`);
      return error(400, 'BadRequest', `Resource not found for the segment '${seg}'.`, headers);
    }
    if (req.method !== 'GET') {
      const write = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(req.method);
      violate(req, write ? 'write' : 'unknown-path', write ? `${req.method} ${req.path}: import and drift never write to Graph` : `${req.method} is not a method this stand-in serves`);
      if (route.writes.includes(req.method)) return error(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.', headers);
      return error(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.', headers);
    }

    const q = new Map<string, string>();
    for (const [k, v] of req.query) {
      if (!route.query.includes(k)) {
        violate(req, 'unknown-query', `${k} is not a query option of ${route.name}`);
        return error(400, 'Request_BadRequest', `Unrecognized query argument specified: '${k.replace(/^\$/, '')}'.`, headers);
      }
      if (q.has(k)) {
        violate(req, 'bad-query', `${k} given twice`);
        return error(400, 'Request_BadRequest', `Query option '${k}' was specified more than once, but it must be specified at most once.`, headers);
      }
      q.set(k, v);
    }

    // throttling: token bucket of resource units per app+tenant (modelled as a fixed window)
    const cost = costOf(req.path, req.query);
    const rate = options.rateLimit?.off ? { allowed: true, remaining: resourceUnits, resetMs: Date.now() + windowMs, limit: resourceUnits } : window.take(cost);
    if (!rate.allowed) {
      const retryAfter = options.rateLimit?.retryAfter ?? String(Math.max(1, Math.ceil((rate.resetMs - Date.now()) / 1000)));
      const h = baseHeaders(headers);
      return {
        status: 429,
        headers: { 'Content-Type': 'application/json', ...h, 'Retry-After': retryAfter, 'x-ms-throttle-scope': `Tenant_Application/ReadWrite/${claims.appid ?? GRAPH_RESOURCE_APP_ID}/${state.tenantId}`, 'x-ms-throttle-information': 'ResourceUnitLimitExceeded' },
        body: { error: { code: 'TooManyRequests', innerError: { code: '429', date: graphDate(), message: 'Please retry after', 'request-id': h['request-id'], status: '429' }, message: 'Please retry again later.' } },
      };
    }

    // permissions: one of the route's scopes (delegated) or app roles (app-only), and a directory role for synchronization
    const scopes = (claims.scp ?? '').split(' ').filter(Boolean);
    const isApp = scopes.length === 0 && (claims.roles?.length ?? 0) > 0;
    const permitted = isApp ? route.appRoles.some((r) => claims.roles?.includes(r)) : route.scopes.some((s) => scopes.includes(s));
    const roleOk = !route.needsRole || isApp || (claims.wids ?? []).some((w) => SYNC_ROLES.includes(w as (typeof SYNC_ROLES)[number]));
    if (!permitted || !roleOk) return denied({ req, m: [] as unknown as RegExpMatchArray, q, headers, version, dir }, route.kind, isApp ? route.appRoles : route.scopes);

    const reply = route.handle({ req, m: route.pattern.exec(rest) as RegExpMatchArray, q, headers, version, dir });
    if (route.kind === 'directory' && reply.status < 400) {
      reply.headers['x-ms-resource-unit'] = String(cost);
      if (rate.remaining < resourceUnits * 0.2) reply.headers['x-ms-throttle-limit-percentage'] = ((resourceUnits - rate.remaining) / resourceUnits).toFixed(1);
    }
    void sub;
    return reply;
  };

  // JSON batching of reads (concepts/json-batching.md): up to 20 requests; every one must be a GET here
  const serveBatch = (req: SeenRequest): Reply => {
    const headers = req.headers;
    const version = /^\/(v1\.0|beta)\/\$batch$/.exec(req.path)?.[1] as 'v1.0' | 'beta';
    const auth = headers.authorization;
    if (auth === undefined || !/^Bearer \S+$/.test(auth)) {
      violate(req, 'auth', 'no Bearer token on $batch');
      return error(401, 'InvalidAuthenticationToken', 'Access token is empty.', headers);
    }
    if (!/^application\/json/i.test(headers['content-type'] ?? '')) {
      violate(req, 'missing-header', '$batch needs Content-Type: application/json');
      return error(400, 'BadRequest', 'Invalid batch payload format.', headers);
    }
    let body: unknown;
    try {
      body = JSON.parse(req.body ?? '');
    } catch {
      violate(req, 'batch', '$batch body is not JSON');
      return error(400, 'BadRequest', 'Invalid batch payload format.', headers);
    }
    const requests = (body as { requests?: unknown }).requests;
    if (!Array.isArray(requests) || requests.length === 0) {
      violate(req, 'batch', '$batch needs a non-empty "requests" array');
      return error(400, 'BadRequest', 'Invalid batch payload format.', headers);
    }
    if (requests.length > 20) {
      violate(req, 'batch', `$batch with ${requests.length} requests: Graph allows 20`);
      return error(400, 'BadRequest', 'Batch request exceeds the maximum number of 20 requests.', headers);
    }
    const ids = new Set<string>();
    for (const r of requests as Json[]) {
      const unknown = Object.keys(r).filter((k) => !['id', 'method', 'url', 'headers', 'body', 'dependsOn'].includes(k));
      if (typeof r.id !== 'string' || typeof r.method !== 'string' || typeof r.url !== 'string' || unknown.length) {
        violate(req, 'batch', `$batch request ${JSON.stringify(r).slice(0, 120)}: needs string id, method, url${unknown.length ? `; unknown ${unknown.join(', ')}` : ''}`);
        return error(400, 'BadRequest', 'Invalid batch payload format.', headers);
      }
      if (ids.has(r.id.toLowerCase())) {
        violate(req, 'batch', `$batch ids must be unique: ${r.id}`);
        return error(400, 'BadRequest', `Duplicate request id: '${r.id}'.`, headers);
      }
      ids.add(r.id.toLowerCase());
      if (r.method.toUpperCase() !== 'GET') {
        violate(req, 'write', `$batch carries ${r.method} ${r.url}: import and drift never write to Graph`);
        return error(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.', headers);
      }
    }
    const responses = (requests as Array<{ id: string; method: string; url: string; headers?: Record<string, string> }>).map((r) => {
      const rel = r.url.startsWith('/') ? r.url : `/${r.url}`;
      const subHeaders: Record<string, string> = { authorization: auth };
      for (const [k, v] of Object.entries(r.headers ?? {})) subHeaders[k.toLowerCase()] = String(v);
      const q = rel.indexOf('?');
      const path = `/${version}${q < 0 ? rel : rel.slice(0, q)}`;
      const query: Array<[string, string]> = q < 0 ? [] : [...new URLSearchParams(rel.slice(q + 1))];
      const sub: SeenRequest = { n: req.n, method: 'GET', url: `/${version}${rel}`, path: decodeURIComponent(path), query, headers: subHeaders };
      const reply = /^https?:/i.test(r.url) ? error(400, 'BadRequest', 'Invalid request URI.', subHeaders) : serveRead(sub, subHeaders, true);
      batched.push({ parent: req.n, id: r.id, method: 'GET', url: r.url, status: reply.status });
      const h: Record<string, string> = {};
      for (const [k, v] of Object.entries(reply.headers)) if (['Content-Type', 'Retry-After', 'x-ms-resource-unit', 'OData-Version', 'Cache-Control'].includes(k)) h[k] = String(v);
      return { id: r.id, status: reply.status, headers: h, body: reply.body };
    });
    if ((options.batchOrder ?? 'reverse') === 'reverse') responses.reverse();
    return okJson({ responses }, headers);
  };

  const handle = (req: SeenRequest): Reply => {
    if (/^\/(v1\.0|beta)\/\$batch$/.test(req.path)) {
      if (req.method !== 'POST') {
        violate(req, 'unknown-path', `${req.method} $batch`);
        return error(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.', req.headers);
      }
      return serveBatch(req);
    }
    return serveRead(req, req.headers, false);
  };

  const server: StandInServer = await startStandInServer(handle, { violations });
  origin = server.url;
  const seed = seedGraph(state, options.seed ?? 'vendor-examples');
  const tokenFor = (claims: GraphClaims): string => makeGraphToken({ tid: tenantId, ...claims });
  const token = tokenFor({ scp: (options.scopes ?? GRAPH_READ_SCOPES).join(' '), wids: options.roles ?? [ENTRA_ROLES.applicationAdministrator], oid: state.newId(), upn: 'admin@contoso.example' });

  return {
    url: server.url,
    tenantId,
    token,
    tokenFor,
    graph: state,
    seed,
    requests: server.requests,
    batched,
    violations: server.violations,
    addFault: (f) => server.addFault(f),
    dropPage(path, nth = 2, mode = 'drop-mid-body') {
      let seen = 0;
      server.addFault({ when: (r) => r.method === 'GET' && r.path === path && ++seen === nth, action: mode });
    },
    rateLimits: { resourceUnits, windowMs, costOf },
    close: () => server.close(),
  };
}

// ---------------------------------------------------------------------------------------------------
// Seeds

function seedGraph(state: GraphState, seed: NonNullable<GraphOptions['seed']>): GraphSeedIds {
  const ids: GraphSeedIds = {};
  if (seed === 'empty') return ids;
  // the docs' appRoleAssignedTo example: resource dxprovisioning-graphapi-client, one user assignment
  const ex = graphExample<{ value: Json[] }>('appRoleAssignedToList').value[0];
  ids.docsApp = state.addServicePrincipal({ id: String(ex.resourceId), displayName: String(ex.resourceDisplayName) });
  const adele = graphExample<Json>('userGet');
  state.addUser({ ...(adele as unknown as GraphUser), id: String(ex.principalId), displayName: String(ex.principalDisplayName), userPrincipalName: 'admin@M365x214355.onmicrosoft.com', mail: 'admin@M365x214355.onmicrosoft.com', givenName: 'MOD', surname: 'Administrator' });
  state.assignments.set(ids.docsApp, [{ id: String(ex.id), principalId: String(ex.principalId), principalType: 'User', principalDisplayName: String(ex.principalDisplayName), appRoleId: String(ex.appRoleId), createdDateTime: String(ex.createdDateTime) }]);
  state.addUser(adele as unknown as GraphUser);

  // a gallery app whose User mapping is the docs' objectMapping example (salesforce.com)
  ids.salesforceApp = state.addServicePrincipal({ displayName: 'Salesforce' });
  ids.salesforceJob = state.addScimJob(ids.salesforceApp, {
    templateId: 'salesforce',
    schema: { synchronizationRules: [{ id: 'c7d8a2b6-6c5e-4b42-9a53-1f0e5b2d8a11', name: 'USER_TO_USER', sourceDirectoryName: 'Azure Active Directory', targetDirectoryName: 'Salesforce', priority: 1, editable: true, metadata: [], containerFilter: { includedContainers: [] }, groupFilter: { includedGroups: [] }, objectMappings: [graphExample<Json>('objectMappingSalesforce')] }] },
  });

  // composed: the Flosum app of examples/flosum-entra.scim.yaml, live
  ids.scimApp = state.addServicePrincipal({ displayName: 'Flosum' });
  ids.scimJob = state.addScimJob(ids.scimApp, {
    schema: defaultScimSchema({
      userName: '[mail]',
      'emails[type eq "work"].value': '[mail]',
      displayName: 'Join(" ", [givenName], [surname])',
      timezone: 'Coalesce([extensionAttribute1], "Etc/UTC")',
    }),
  });
  // userName matched by mail, as the example file says; real entries carry "" defaults and no parameters key on attributes
  const um = state.userMapping(ids.scimJob);
  for (const a of um.attributeMappings as Json[]) if (a.targetAttributeName === 'userName') a.matchingPriority = 1;
  const people: Array<[string, string, string, string | null, Record<string, string>]> = [
    ['jane@example.com', 'Jane', 'Doe', 'Sales', { extensionAttribute1: 'Europe/Berlin' }],
    ['raj.patel@example.com', 'Raj', 'Patel', null, { extensionAttribute1: 'Asia/Kolkata' }],
    ['olivia@example.com.au', 'Olivia', 'Brown', null, {}],
  ];
  const userIds = people.map(([upn, givenName, surname, department, ext]) =>
    state.addUser({ userPrincipalName: upn, mail: upn, givenName, surname, department, onPremisesExtensionAttributes: extensionAttributes(ext) }),
  );
  for (const id of userIds) state.assign(ids.scimApp, id);
  const sam = state.addUser({ userPrincipalName: 'sam.sales@example.com', givenName: 'Sam', surname: 'Sales', onPremisesExtensionAttributes: extensionAttributes({ extensionAttribute1: 'America/New_York' }) });
  const nested = state.addGroup({ displayName: 'Flosum Sales EMEA', members: [userIds[0]] });
  ids.scimGroup = state.addGroup({ displayName: 'Flosum Sales', description: 'Sales team using Flosum', members: [sam, nested] });
  state.assign(ids.scimApp, ids.scimGroup);
  state.setClaimsPolicy(ids.scimApp, {
    kind: 'readable',
    policy: {
      ...graphExample<Json>('claimsPolicyEmpty'),
      id: 'c4f7a4c2-2b0f-4d5e-9b1a-7a1c6d0e3f21',
      includeBasicClaimSet: true,
      claims: [
        graphExample<Json>('customClaimEmployeeId'),
        ...[
          ['uniqueUserId', 'objectid'],
          ['firstName', 'givenname'],
          ['lastName', 'surname'],
          ['email', 'mail'],
        ].map(([name, id]) => ({
          '@odata.type': '#microsoft.graph.customClaim',
          name,
          namespace: null,
          tokenFormat: ['saml'],
          samlAttributeNameFormat: null,
          configurations: [{ condition: null, attribute: { '@odata.type': '#microsoft.graph.sourcedAttribute', id, source: 'user', isExtensionAttribute: false }, transformations: [] }],
        })),
      ],
    },
  });
  return ids;
}
