// A stand-in Okta org for tests and the demo: the read-only Management API calls that import, drift
// and an app picker make, answered in Okta's published shapes, with Okta's auth, paging, rate-limit
// and error behaviour, a strict check of every request, and no writes at all.
//
// Facts and their sources: /work/team/research/idp-apis.md (copied in test/fixtures/idp/README.md).
// The essentials, each from Okta's own material:
// - spec = okta/okta-management-openapi-spec:dist/current/management-oneOfInheritance.yaml@fdda229
//   (2026.06.3): paths, query parameters (names, defaults, maxima), per-operation OAuth scopes,
//   example bodies (test/fixtures/idp/okta/spec-examples.json), error examples.
// - core = okta/okta-developer-docs:packages/@okta/vuepress-site/docs/reference/core-okta-api/index.md@468de9c:
//   SSWS scheme, JSON Accept, the error object, `link:` headers (one per relation, self + next),
//   filter grammar.
// - rate limits = okta-developer-docs rl2-monitor (X-Rate-Limit-Limit/Remaining/Reset, Reset in UTC
//   epoch seconds) and the per-bucket table of the retired rl-global-mgmt page
//   (okta-developer-docs@6de7f89^: /api/v1/apps* 20 a minute on the Integrator Free Plan, ...).
// - error codes = okta-developer-docs:packages/@okta/vuepress-site/data/error-codes.json (2026.08.1).
// - real bodies = the Terraform provider's cassettes (test/fixtures/idp/okta/recorded.json).
import { randomBytes } from 'node:crypto';
import { buildUser } from '../builders';
import { FixedWindow, idFactory, rateLimitFloorMs, startStandInServer, str } from './common';
import type { Fault, Reply, SeenRequest, StandInServer, Violation } from './common';
import { oktaRecorded, oktaSpecExample } from './fixtures';

type Json = Record<string, unknown>;

/** What a token's admin may read, named by the OAuth scope Okta's spec gives each operation. */
export const OKTA_READ_PERMISSIONS = ['okta.apps.read', 'okta.profileMappings.read', 'okta.schemas.read', 'okta.users.read', 'okta.groups.read'] as const;
export type OktaPermission = (typeof OKTA_READ_PERMISSIONS)[number];

export interface OktaToken {
  value: string;
  /**
   * What the admin who created the token may read (an SSWS token "isn't scoped and has full access to all
   * Okta APIs matching the permissions of the administrator that created" it). Default: all reads.
   */
  permissions?: readonly OktaPermission[];
  revoked?: boolean;
}

/** Okta's rate-limit buckets for the calls served here (longest match wins). */
export type OktaBucket = 'apps' | 'app-by-id' | 'groups' | 'group-by-id' | 'user-by-id' | 'api-v1';

/**
 * Per-minute limits from Okta's retired per-bucket table (okta-developer-docs@6de7f89^,
 * docs/reference/rl-global-mgmt/index.md; the current docs point at the org's Rate Limit dashboard instead).
 */
export const OKTA_BUCKET_LIMITS: Record<'integrator-free' | 'workforce', Record<OktaBucket, number>> = {
  'integrator-free': { apps: 20, 'app-by-id': 100, groups: 100, 'group-by-id': 100, 'user-by-id': 100, 'api-v1': 100 },
  workforce: { apps: 100, 'app-by-id': 500, groups: 500, 'group-by-id': 1000, 'user-by-id': 2000, 'api-v1': 1200 },
};

export interface OktaOrgOptions {
  /** The one valid SSWS token (default: random). More with `tokens`. */
  token?: string;
  tokens?: OktaToken[];
  /** 'vendor-examples' (default): the spec's examples, the recorded bodies and a composed SCIM app. */
  seed?: 'vendor-examples' | 'scim-app' | 'empty';
  rateLimit?: {
    /** Length of Okta's "minute" (default 60,000): a benchmark may use e.g. 3,000. */
    windowMs?: number;
    plan?: 'integrator-free' | 'workforce';
    limits?: Partial<Record<OktaBucket, number>>;
    off?: boolean;
  };
  /** Origin written into Link headers (default: the stand-in's own; real cassettes show other hosts). */
  linkOrigin?: string;
  /** Fixed clock for `created`/`lastUpdated` of composed objects (default 2026-01-05T10:00:00.000Z). */
  now?: string;
}

export interface OktaOrg {
  /** The org URL (http://127.0.0.1:port), what a config's `idp.orgUrl` points at. */
  url: string;
  /** The default valid SSWS token. */
  token: string;
  org: OktaOrgState;
  /** Ids of the seeded objects (undefined for objects of another seed). */
  seed: OktaSeedIds;
  requests: SeenRequest[];
  violations: Violation[];
  addFault(fault: Fault): void;
  /** Cut the connection of the `nth` (1-based, default 2) page request of a list (`path`): mid-body by default. */
  dropPage(path: string, nth?: number, mode?: 'drop' | 'drop-mid-body'): void;
  addToken(token: OktaToken): void;
  revokeToken(value: string): void;
  rateLimits: { windowMs: number; limits: Record<OktaBucket, number>; bucketOf(method: string, path: string): OktaBucket; floorMs(bucket: OktaBucket, requests: number): number };
  close(): Promise<void>;
}

export interface OktaSeedIds {
  /** The spec's `Saml2.0ResponseEx` app (one EXPRESSION statement, BUILT_IN template, features []). */
  docsSamlApp?: string;
  /** Recorded: a SAML app with an EXPRESSION and a GROUP attribute statement. */
  groupStatementApp?: string;
  /** Recorded: a SAML app whose username template is CUSTOM `user.login`. */
  customTemplateApp?: string;
  /** Recorded: an AWS app whose app users include three assigned through the group Everyone. */
  groupScopeApp?: string;
  /** Composed: a custom SAML app with SCIM provisioning, the one import/drift tests read. */
  scimApp?: string;
  /** The profile mapping Okta user -> scimApp. */
  scimMapping?: string;
  /** The scimApp's assigned group and its group push mapping. */
  scimGroup?: string;
  scimPushMapping?: string;
  /** The spec's MappingRetrieve example (target okta_org2org 0oa1qmn4LZQQEH0wZ0g4, not an app of this org). */
  docsMapping?: string;
}

// ---------------------------------------------------------------------------------------------------
// State

export interface OktaUserRecord {
  id: string;
  login: string;
  email: string;
  firstName: string;
  lastName: string;
  timezone?: string;
  status: string;
  /** A recorded body, served as is. */
  raw?: Json;
}

export interface AppUserRecord {
  /** The Okta user's id (an app user has its user's id). */
  id: string;
  userName: string;
  scope: 'USER' | 'GROUP';
  status: string;
  syncState: string;
  profile: Json;
  /** For scope GROUP: the group it came through. */
  group?: { id: string; name: string };
  raw?: Json;
}

export interface GroupRecord {
  id: string;
  name: string;
  description: string | null;
  type: 'OKTA_GROUP' | 'APP_GROUP' | 'BUILT_IN';
  members: string[];
  raw?: Json;
}

export interface AppGroupRecord {
  groupId: string;
  priority: number;
  profile: Json;
}

export interface GroupPushRecord {
  id: string;
  sourceGroupId: string;
  targetGroupId: string;
  status: 'ACTIVE' | 'INACTIVE' | 'ERROR';
  errorSummary: string;
  created: string;
  lastUpdated: string;
  lastPush: string | null;
}

export interface ScimAppOptions {
  label?: string;
  name?: string;
  /** SAML attribute statements (Okta's shape). */
  attributeStatements?: Json[];
  features?: string[];
  userNameTemplate?: { template: string; type: 'BUILT_IN' | 'CUSTOM' | 'NONE'; pushStatus?: string };
  /** Okta user -> app mapping properties: attribute -> {expression, pushStatus}. */
  mappings?: Record<string, { expression: string; pushStatus: 'PUSH' | 'DONT_PUSH' }>;
  /** App user schema attributes beyond userName: name -> {title, externalName, externalNamespace, custom?}. */
  schema?: Record<string, { title: string; externalName?: string; externalNamespace?: string; custom?: boolean; type?: string }>;
}

const SCIM_CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const SCIM_ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** The org's data, and builders a test uses to shape it (all synchronous; served on the next request). */
export class OktaOrgState {
  readonly apps = new Map<string, Json>();
  readonly appUsers = new Map<string, AppUserRecord[]>();
  readonly users = new Map<string, OktaUserRecord>();
  readonly groups = new Map<string, GroupRecord>();
  readonly appGroups = new Map<string, AppGroupRecord[]>();
  readonly groupPush = new Map<string, GroupPushRecord[]>();
  readonly mappings = new Map<string, Json>();
  readonly schemas = new Map<string, Json>();
  readonly connections = new Map<string, Json>();
  /** The default Okta user type (source of user -> app mappings). */
  readonly userTypeId: string;
  private readonly appId = idFactory('0oa', 20, 11);
  private readonly userId = idFactory('00u', 20, 23);
  private readonly groupId = idFactory('00g', 20, 37);
  private readonly mappingId = idFactory('prm', 20, 41);
  private readonly pushId = idFactory('gPm', 20, 53);
  private readonly appUserIndex = new Map<string, Map<string, number>>();

  constructor(
    /** Origin used in composed `_links` (the stand-in's URL, set once it listens). */
    public origin: string,
    readonly now: string,
  ) {
    this.userTypeId = idFactory('oty', 20, 5)();
  }

  // -- apps ----------------------------------------------------------------------------------------

  /** Add an app body as is (e.g. a recorded one); returns its id. */
  addApp(app: Json): string {
    const id = app.id === undefined ? this.appId() : str(app.id);
    this.apps.set(id, { ...app, id });
    return id;
  }

  /**
   * A custom SAML 2.0 app in the shape of the spec's `Saml2.0ResponseEx` (with this org's links), with
   * SCIM provisioning: its features, mapping, app user schema (SCIM `externalName`s) and a connection
   * the API reports as UNKNOWN (custom apps: the base URL and token are not readable).
   */
  addScimApp(opts: ScimAppOptions = {}): string {
    const id = this.appId();
    const base = oktaSpecExample<Json>('Saml2.0ResponseEx');
    const name = opts.name ?? `${(opts.label ?? 'scimapp').toLowerCase().replace(/[^a-z0-9]+/g, '')}_1`;
    const o = this.origin;
    const settings = base.settings as Json;
    const signOn = { ...(settings.signOn as Json) };
    signOn.attributeStatements = opts.attributeStatements ?? [];
    signOn.ssoAcsUrl = 'https://app.example.com/saml/acs';
    signOn.recipient = signOn.ssoAcsUrl;
    signOn.destination = signOn.ssoAcsUrl;
    signOn.audience = 'https://app.example.com';
    signOn.spIssuer = null;
    const app: Json = {
      ...base,
      id,
      name,
      label: opts.label ?? 'SCIM App',
      orn: `orn:okta:idp:00o1n8sbwArJ7OQRw406:apps:${name}:${id}`,
      created: this.now,
      lastUpdated: this.now,
      features: opts.features ?? ['PUSH_NEW_USERS', 'PUSH_USER_DEACTIVATION', 'SCIM_PROVISIONING', 'GROUP_PUSH', 'REACTIVATE_USERS', 'PUSH_PROFILE_UPDATES'],
      credentials: { userNameTemplate: opts.userNameTemplate ?? { template: '${source.email}', type: 'BUILT_IN' }, signing: { kid: 'mh_16Cc8sIfHMFDMlHnp194cxKvJ6yXqs_mNn_6ZC0Q' } },
      settings: { ...settings, signOn },
      visibility: { autoLaunch: false, autoSubmitToolbar: false, hide: { iOS: false, web: false }, appLinks: { [`${name}_link`]: true } },
      _links: {
        uploadLogo: { href: `${o}/api/v1/apps/${id}/logo`, hints: { allow: ['POST'] } },
        appLinks: [{ name: `${name}_link`, href: `${o}/home/${name}/${id}/aln5vjkW5oUmDGLMX0g4`, type: 'text/html' }],
        groups: { href: `${o}/api/v1/apps/${id}/groups` },
        logo: [{ name: 'medium', href: `${o}/assets/img/logos/default.6770228fb0dab49a1695ef440a5279bb.png`, type: 'image/png' }],
        users: { href: `${o}/api/v1/apps/${id}/users` },
        deactivate: { href: `${o}/api/v1/apps/${id}/lifecycle/deactivate` },
        metadata: { href: `${o}/api/v1/apps/${id}/sso/saml/metadata`, type: 'application/xml' },
      },
    };
    this.apps.set(id, app);
    this.setAppUserSchema(id, opts.schema ?? DEFAULT_SCIM_SCHEMA, app.label as string, name);
    if (opts.mappings !== undefined || !opts.schema) this.setMapping(id, opts.mappings ?? DEFAULT_SCIM_MAPPING);
    return id;
  }

  /** Change one property of an app body (e.g. plant drift): `path` like 'settings.signOn.attributeStatements'. */
  patchApp(appId: string, path: string, value: unknown): void {
    const app = this.apps.get(appId);
    if (!app) throw new Error(`no app ${appId}`);
    const keys = path.split('.');
    let at: Json = app;
    for (const k of keys.slice(0, -1)) {
      at[k] = { ...((at[k]) ?? {}) };
      at = at[k] as Json;
    }
    at[keys[keys.length - 1]] = value;
  }

  // -- profile mappings and schemas ----------------------------------------------------------------

  /** The Okta user -> app mapping (replaces one with the same target); returns its id. */
  setMapping(appId: string, properties: Record<string, { expression: string | null; pushStatus: string | null }>, id?: string): string {
    for (const [mid, m] of this.mappings) if ((m.target as Json).id === appId && (m.source as Json).type === 'user') this.mappings.delete(mid);
    const mappingId = id ?? this.mappingId();
    const app = this.apps.get(appId);
    const o = this.origin;
    this.mappings.set(mappingId, {
      id: mappingId,
      source: { id: this.userTypeId, name: 'user', type: 'user', _links: { self: { href: `${o}/api/v1/meta/types/user/${this.userTypeId}` }, schema: { href: `${o}/api/v1/meta/schemas/user/osc${this.userTypeId.slice(3)}` } } },
      target: { id: appId, name: str(app?.name) || 'app', type: 'appuser', _links: { self: { href: `${o}/api/v1/apps/${appId}` }, schema: { href: `${o}/api/v1/meta/schemas/apps/${appId}/default` } } },
      properties,
      _links: { self: { href: `${o}/api/v1/mappings/${mappingId}` } },
    });
    return mappingId;
  }

  /** Add a mapping body as is (e.g. the spec's or a recorded one). */
  addMappingBody(body: Json): string {
    const id = String(body.id);
    this.mappings.set(id, body);
    return id;
  }

  /** The app user schema in Okta's shape, `externalName`/`externalNamespace` per attribute (spec `UserSchemaAttribute`). */
  setAppUserSchema(appId: string, attrs: NonNullable<ScimAppOptions['schema']>, label = 'App', name = 'app'): void {
    const base: Json = { userName: { title: 'Username', type: 'string', required: true, scope: 'NONE', maxLength: 100, master: { type: 'PROFILE_MASTER' } } };
    const custom: Json = {};
    for (const [k, a] of Object.entries(attrs)) {
      const prop: Json = { title: a.title, type: a.type ?? 'string', scope: 'NONE', master: { type: 'PROFILE_MASTER' }, mutability: 'READ_WRITE' };
      if (a.externalName !== undefined) prop.externalName = a.externalName;
      if (a.externalNamespace !== undefined) prop.externalNamespace = a.externalNamespace;
      (a.custom ? custom : base)[k] = prop;
    }
    this.schemas.set(appId, {
      id: `${this.origin}/meta/schemas/apps/${appId}/default`,
      $schema: 'http://json-schema.org/draft-04/schema#',
      name,
      title: `${label} User`,
      lastUpdated: this.now,
      created: this.now,
      definitions: {
        custom: { id: '#custom', type: 'object', properties: custom, required: [] },
        base: { id: '#base', type: 'object', properties: base, required: ['userName'] },
      },
      type: 'object',
      properties: { profile: { allOf: [{ $ref: '#/definitions/custom' }, { $ref: '#/definitions/base' }] } },
    });
  }

  /** Connection body for `connections/default` (default: UNKNOWN, what a custom app answers). */
  setConnection(appId: string, body: Json): void {
    this.connections.set(appId, body);
  }

  // -- users and assignments -----------------------------------------------------------------------

  addUser(u: Partial<OktaUserRecord> & { login: string }): string {
    const id = u.id ?? this.userId();
    this.users.set(id, { id, login: u.login, email: u.email ?? u.login, firstName: u.firstName ?? '', lastName: u.lastName ?? '', status: u.status ?? 'ACTIVE', ...(u.timezone !== undefined ? { timezone: u.timezone } : {}), ...(u.raw ? { raw: u.raw } : {}) });
    return id;
  }

  /** Assign a user to an app (scope USER unless `group` is given). */
  assignUser(appId: string, userId: string, opts: { userName?: string; profile?: Json; group?: { id: string; name: string }; status?: string; raw?: Json } = {}): void {
    const user = this.users.get(userId);
    if (!user && !opts.raw) throw new Error(`no user ${userId}`);
    const list = this.appUsers.get(appId) ?? [];
    if (list.some((x) => x.id === userId)) return;
    const rec: AppUserRecord = {
      id: userId,
      userName: opts.userName ?? user?.login ?? '',
      scope: opts.group ? 'GROUP' : 'USER',
      status: opts.status ?? 'PROVISIONED',
      syncState: 'SYNCHRONIZED',
      profile: opts.profile ?? (user ? defaultAppProfile(user) : {}),
      ...(opts.group ? { group: opts.group } : {}),
      ...(opts.raw ? { raw: opts.raw } : {}),
    };
    list.push(rec);
    this.appUsers.set(appId, list);
    this.appUserIndex.delete(appId);
  }

  /**
   * `count` people assigned to the app (scope USER), named like the demo SCIM tenant's users
   * (test/support/builders.ts buildUser(i): given.family.i@example.com), from number `start` (default 1).
   * Cheap: 10,000 take a few milliseconds.
   */
  addAppUsers(appId: string, count: number, opts: { start?: number; timezone?: (i: number) => string | undefined } = {}): string[] {
    const ids: string[] = [];
    const list = this.appUsers.get(appId) ?? [];
    const start = opts.start ?? 1;
    for (let i = start; i < start + count; i++) {
      const p = buildUser(i);
      const tz = opts.timezone ? opts.timezone(i) : p.timezone;
      const id = this.userId();
      const user: OktaUserRecord = { id, login: p.userName, email: p.userName, firstName: p.name.givenName, lastName: p.name.familyName, status: 'ACTIVE', ...(tz !== undefined ? { timezone: tz } : {}) };
      this.users.set(id, user);
      list.push({ id, userName: p.userName, scope: 'USER', status: 'PROVISIONED', syncState: 'SYNCHRONIZED', profile: defaultAppProfile(user) });
      ids.push(id);
    }
    this.appUsers.set(appId, list);
    this.appUserIndex.delete(appId);
    return ids;
  }

  /** Unassign (e.g. between two page requests). */
  removeAppUser(appId: string, userId: string): void {
    const list = this.appUsers.get(appId) ?? [];
    this.appUsers.set(
      appId,
      list.filter((u) => u.id !== userId),
    );
    this.appUserIndex.delete(appId);
  }

  appUserPosition(appId: string, userId: string): number | undefined {
    let idx = this.appUserIndex.get(appId);
    if (!idx) {
      idx = new Map((this.appUsers.get(appId) ?? []).map((u, i) => [u.id, i]));
      this.appUserIndex.set(appId, idx);
    }
    return idx.get(userId);
  }

  // -- groups ----------------------------------------------------------------------------------------

  addGroup(g: { name: string; description?: string | null; members?: string[]; type?: GroupRecord['type']; id?: string; raw?: Json }): string {
    const id = g.id ?? this.groupId();
    this.groups.set(id, { id, name: g.name, description: g.description ?? null, type: g.type ?? 'OKTA_GROUP', members: [...(g.members ?? [])], ...(g.raw ? { raw: g.raw } : {}) });
    return id;
  }

  /** Assign a group to an app; its members not assigned directly become app users of scope GROUP. */
  assignGroup(appId: string, groupId: string, opts: { priority?: number; profile?: Json } = {}): void {
    const g = this.groups.get(groupId);
    if (!g) throw new Error(`no group ${groupId}`);
    const list = this.appGroups.get(appId) ?? [];
    list.push({ groupId, priority: opts.priority ?? list.length, profile: opts.profile ?? {} });
    this.appGroups.set(appId, list);
    for (const uid of g.members) this.assignUser(appId, uid, { group: { id: groupId, name: g.name } });
  }

  /** Push a group to the app: a group push mapping and the app group it created (type APP_GROUP). */
  pushGroup(appId: string, sourceGroupId: string, opts: { targetName?: string; status?: GroupPushRecord['status']; errorSummary?: string } = {}): string {
    const src = this.groups.get(sourceGroupId);
    if (!src) throw new Error(`no group ${sourceGroupId}`);
    const targetGroupId = this.addGroup({ name: opts.targetName ?? src.name, description: null, type: 'APP_GROUP', members: [...src.members] });
    const id = this.pushId();
    const list = this.groupPush.get(appId) ?? [];
    list.push({ id, sourceGroupId, targetGroupId, status: opts.status ?? 'ACTIVE', errorSummary: opts.errorSummary ?? '', created: this.now, lastUpdated: this.now, lastPush: this.now });
    this.groupPush.set(appId, list);
    return id;
  }
}

function defaultAppProfile(u: OktaUserRecord): Json {
  return { userName: u.login, givenName: u.firstName, familyName: u.lastName, email: u.email, ...(u.timezone !== undefined ? { timezone: u.timezone } : {}) };
}

/** Composed: the app user schema attributes of a SCIM app and their SCIM paths (no Okta example shows one). */
export const DEFAULT_SCIM_SCHEMA: NonNullable<ScimAppOptions['schema']> = {
  givenName: { title: 'Given name', externalName: 'name.givenName', externalNamespace: SCIM_CORE },
  familyName: { title: 'Family name', externalName: 'name.familyName', externalNamespace: SCIM_CORE },
  email: { title: 'Email', externalName: 'emails.^[type==\'work\'].value', externalNamespace: SCIM_CORE },
  displayName: { title: 'Display name', externalName: 'displayName', externalNamespace: SCIM_CORE },
  department: { title: 'Department', externalName: 'department', externalNamespace: SCIM_ENTERPRISE },
  timezone: { title: 'Time zone', externalName: 'timezone', externalNamespace: SCIM_CORE, custom: true },
};

/** Composed: the Okta user -> SCIM app mapping of the product's Flosum example (examples/flosum-us.scim.yaml). */
export const DEFAULT_SCIM_MAPPING: Record<string, { expression: string; pushStatus: 'PUSH' | 'DONT_PUSH' }> = {
  givenName: { expression: 'user.firstName', pushStatus: 'PUSH' },
  familyName: { expression: 'user.lastName', pushStatus: 'PUSH' },
  email: { expression: 'user.email', pushStatus: 'PUSH' },
  displayName: { expression: 'user.displayName', pushStatus: 'DONT_PUSH' },
  timezone: { expression: 'user.timezone', pushStatus: 'PUSH' },
};

// ---------------------------------------------------------------------------------------------------
// Requests

type Check = (value: string) => string | undefined;
const anyValue: Check = () => undefined;
const intIn =
  (min: number, max: number): Check =>
  (v) =>
    /^-?\d+$/.test(v) && Number(v) >= min && Number(v) <= max ? undefined : `must be an integer from ${min} to ${max}`;
const boolValue: Check = (v) => (v === 'true' || v === 'false' ? undefined : 'must be true or false');
const oneOf =
  (...vals: string[]): Check =>
  (v) =>
    vals.includes(v) ? undefined : `must be one of ${vals.join(', ')}`;

interface Ctx {
  req: SeenRequest;
  m: RegExpMatchArray;
  q: Map<string, string>;
  token: OktaToken;
}

interface Route {
  /** The spec's operationId. */
  op: string;
  pattern: RegExp;
  bucket: OktaBucket;
  permissions: OktaPermission[];
  query: Record<string, Check>;
  /** Write methods Okta documents on this path (answered 403 here: import and drift never write). */
  writes: string[];
  handle: (ctx: Ctx) => Reply;
}

const ERROR_SUMMARIES = {
  E0000005: 'Invalid session',
  E0000006: 'You do not have permission to perform the requested action',
  E0000011: 'Invalid token provided',
  E0000019: 'Bad request.  Accept and/or Content-Type headers likely do not match supported values.',
  E0000022: 'The endpoint does not support the provided HTTP method',
  E0000029: 'Invalid paging request.',
  E0000031: 'Invalid search criteria.',
  E0000047: 'API call exceeded rate limit due to too many requests.',
} as const;

export async function startOktaOrg(options: OktaOrgOptions = {}): Promise<OktaOrg> {
  const defaultToken = options.token ?? `00${randomBytes(20).toString('base64url')}`;
  const tokens = new Map<string, OktaToken>();
  tokens.set(defaultToken, { value: defaultToken });
  for (const t of options.tokens ?? []) tokens.set(t.value, t);
  const windowMs = options.rateLimit?.windowMs ?? 60_000;
  const limits: Record<OktaBucket, number> = { ...OKTA_BUCKET_LIMITS[options.rateLimit?.plan ?? 'integrator-free'], ...(options.rateLimit?.limits ?? {}) };
  const windows = new Map<OktaBucket, FixedWindow>();
  const windowOf = (b: OktaBucket): FixedWindow => {
    let w = windows.get(b);
    if (!w) windows.set(b, (w = new FixedWindow(limits[b], windowMs)));
    return w;
  };
  const errorIds = idFactory('oae', 25, Date.now() % 100000);
  const requestIds = idFactory('', 27, 7);

  const state = new OktaOrgState('', options.now ?? '2026-01-05T10:00:00.000Z');
  const linkOrigin = options.linkOrigin;
  const violations: Violation[] = [];

  const violate = (req: SeenRequest, kind: Violation['kind'], detail: string): void => {
    violations.push({ n: req.n, kind, method: req.method, url: req.url, detail });
  };
  const error = (status: number, code: keyof typeof ERROR_SUMMARIES | 'E0000007' | 'E0000001', summary?: string, causes: string[] = []): Reply => ({
    status,
    headers: { 'Content-Type': 'application/json' },
    body: {
      errorCode: code,
      errorSummary: summary ?? (ERROR_SUMMARIES as Record<string, string>)[code] ?? code,
      errorLink: code,
      errorId: errorIds(),
      errorCauses: causes.map((c) => ({ errorSummary: c })),
    },
  });
  const notFound = (what: string, kind: string): Reply => error(404, 'E0000007', `Not found: Resource not found: ${what} (${kind})`);
  const ok = (body: unknown, headers: Record<string, string | string[]> = {}): Reply => ({ status: 200, headers: { 'Content-Type': 'application/json', ...headers }, body });

  /** Link headers as Okta sends them: one `link:` line per relation, self first (core-okta-api "Link header"). */
  const listReply = <T>(ctx: Ctx, items: T[], idOf: (t: T) => string, defaultLimit: number, render: (t: T) => unknown): Reply => {
    const limit = Number(ctx.q.get('limit') ?? defaultLimit);
    let from = 0;
    const after = ctx.q.get('after');
    if (after !== undefined) {
      const i = items.findIndex((t) => idOf(t) === after);
      if (i < 0) {
        violate(ctx.req, 'bad-query', `after=${after} is not a cursor this list handed out`);
        return error(400, 'E0000029');
      }
      from = i + 1;
    }
    const page = items.slice(from, from + limit);
    const params = ctx.req.query.filter(([k]) => k !== 'after');
    if (!ctx.q.has('limit')) params.push(['limit', String(defaultLimit)]);
    const base = `${linkOrigin ?? state.origin}${ctx.req.path}`;
    const qs = (extra: Array<[string, string]>): string => {
      const s = new URLSearchParams([...params, ...extra]).toString();
      return s ? `?${s}` : '';
    };
    const link = [`<${base}${qs(after !== undefined ? [['after', after]] : [])}>; rel="self"`];
    const last = page[page.length - 1];
    if (from + limit < items.length && last !== undefined) link.push(`<${base}${qs([['after', idOf(last)]])}>; rel="next"`);
    return ok(page.map(render), { Link: link });
  };

  // -- renderers --------------------------------------------------------------------------------------
  const o = (): string => state.origin;
  const renderUser = (u: OktaUserRecord): Json =>
    u.raw ?? {
      id: u.id,
      status: u.status,
      created: state.now,
      activated: state.now,
      statusChanged: state.now,
      lastLogin: null,
      lastUpdated: state.now,
      passwordChanged: null,
      type: { id: state.userTypeId },
      profile: { firstName: u.firstName, lastName: u.lastName, mobilePhone: null, secondEmail: null, login: u.login, email: u.email, ...(u.timezone !== undefined ? { timezone: u.timezone } : {}) },
      credentials: { provider: { type: 'OKTA', name: 'OKTA' } },
      _links: { self: { href: `${o()}/api/v1/users/${u.id}` }, type: { href: `${o()}/api/v1/meta/types/user/${state.userTypeId}` } },
    };
  const renderAppUser = (appId: string, a: AppUserRecord, expandUser: boolean): Json => {
    const body: Json = a.raw
      ? { ...a.raw }
      : {
          id: a.id,
          externalId: null,
          created: state.now,
          lastUpdated: state.now,
          scope: a.scope,
          status: a.status,
          statusChanged: state.now,
          passwordChanged: null,
          syncState: a.syncState,
          lastSync: state.now,
          credentials: { userName: a.userName },
          profile: a.profile,
          _links: {
            app: { href: `${o()}/api/v1/apps/${appId}` },
            user: { href: `${o()}/api/v1/users/${a.id}` },
            ...(a.group ? { group: { name: a.group.name, href: `${o()}/api/v1/groups/${a.group.id}` } } : {}),
          },
        };
    if (expandUser) {
      const u = state.users.get(a.id);
      if (u) body._embedded = { user: renderUser(u) };
    }
    return body;
  };
  const renderGroup = (g: GroupRecord): Json =>
    g.raw ?? {
      id: g.id,
      created: state.now,
      lastUpdated: state.now,
      lastMembershipUpdated: state.now,
      objectClass: [g.type === 'APP_GROUP' ? 'okta:app_groups' : 'okta:user_group'],
      type: g.type,
      profile: { name: g.name, description: g.description },
      _links: {
        logo: [
          { name: 'medium', href: `${o()}/img/logos/groups/okta-medium.png`, type: 'image/png' },
          { name: 'large', href: `${o()}/img/logos/groups/okta-large.png`, type: 'image/png' },
        ],
        users: { href: `${o()}/api/v1/groups/${g.id}/users` },
        apps: { href: `${o()}/api/v1/groups/${g.id}/apps` },
      },
    };
  const renderAppGroup = (appId: string, a: AppGroupRecord, expand: string | undefined): Json => {
    const body: Json = {
      id: a.groupId,
      priority: a.priority,
      lastUpdated: state.now,
      profile: a.profile,
      _links: { app: { href: `${o()}/api/v1/apps/${appId}` }, self: { href: `${o()}/api/v1/apps/${appId}/groups/${a.groupId}` }, group: { href: `${o()}/api/v1/groups/${a.groupId}` } },
    };
    const g = state.groups.get(a.groupId);
    if (expand === 'group' && g) body._embedded = { group: renderGroup(g) };
    if (expand === 'metadata') body._embedded = { metadata: { credentials: {}, profile: {} } };
    return body;
  };
  const renderPush = (appId: string, p: GroupPushRecord): Json => ({
    created: p.created,
    errorSummary: p.errorSummary,
    id: p.id,
    lastPush: p.lastPush,
    lastUpdated: p.lastUpdated,
    sourceGroupId: p.sourceGroupId,
    status: p.status,
    targetGroupId: p.targetGroupId,
    _links: { app: { href: `${o()}/api/v1/apps/${appId}` }, sourceGroup: { href: `${o()}/api/v1/groups/${p.sourceGroupId}` }, targetGroup: { href: `${o()}/api/v1/groups/${p.targetGroupId}` } },
  });
  const needApp = (id: string): Reply | undefined => (state.apps.has(id) ? undefined : notFound(id, 'AppInstance'));

  // -- the apps list's filter (core-okta-api "Filter"; spec listApplications; legacy apps docs: "Only a single expression is supported", `eq` only)
  const appFilter = (expr: string): ((app: Json, appId: string) => boolean) | undefined => {
    const m = /^\s*([A-Za-z.]+)\s+eq\s+(?:"((?:[^"\\]|\\.)*)"|(true|false))\s*$/i.exec(expr);
    if (!m) return undefined;
    const [, attr, str, bool] = m as unknown as [string, string, string | undefined, string | undefined];
    const want = str ?? bool ?? '';
    switch (attr) {
      case 'id':
      case 'status':
      case 'name':
        return (app) => String(app[attr]) === want;
      case 'credentials.signing.kid':
        return (app) => String(((app.credentials as Json | undefined)?.signing as Json | undefined)?.kid) === want;
      case 'settings.slo.enabled':
        return (app) => String(Boolean((((app.settings as Json | undefined)?.signOn as Json | undefined)?.slo as Json | undefined)?.enabled)) === want;
      case 'user.id':
        return (_app, appId) => (state.appUsers.get(appId) ?? []).some((u) => u.id === want);
      case 'group.id':
        return (_app, appId) => (state.appGroups.get(appId) ?? []).some((g) => g.groupId === want);
      default:
        return undefined;
    }
  };

  const routes: Route[] = [
    {
      op: 'listApplications',
      pattern: /^\/api\/v1\/apps$/,
      bucket: 'apps',
      permissions: ['okta.apps.read'],
      query: { q: anyValue, after: anyValue, limit: intIn(1, 200), filter: anyValue, expand: anyValue, useOptimization: boolValue, alwaysIncludeVpnSettings: boolValue, includeNonDeleted: boolValue },
      writes: ['POST'],
      handle: (ctx) => {
        let list = [...state.apps.entries()];
        const q = ctx.q.get('q')?.toLowerCase();
        if (q !== undefined) list = list.filter(([, a]) => str(a.name).toLowerCase().startsWith(q) || str(a.label).toLowerCase().startsWith(q));
        const filter = ctx.q.get('filter');
        let userExpand: string | undefined;
        if (filter !== undefined) {
          const f = appFilter(filter);
          if (!f) {
            violate(ctx.req, 'bad-query', `filter "${filter}": listApplications supports one "<id|status|name|credentials.signing.kid|user.id|group.id|settings.slo.enabled> eq <value>" expression`);
            return error(400, 'E0000031');
          }
          list = list.filter(([id, a]) => f(a, id));
        }
        const expand = ctx.q.get('expand');
        if (expand !== undefined) {
          const m = /^user\/(.+)$/.exec(expand);
          if (!m || filter === undefined || !new RegExp(`^\\s*user\\.id\\s+eq\\s+"${m[1]}"\\s*$`, 'i').test(filter)) {
            violate(ctx.req, 'bad-query', `expand=${expand}: only user/{userId} together with filter user.id eq "{userId}"`);
            return error(400, 'E0000031');
          }
          userExpand = m[1];
        }
        return listReply(ctx, list, ([id]) => id, 20, ([id, a]) => {
          if (!userExpand) return a;
          const au = (state.appUsers.get(id) ?? []).find((u) => u.id === userExpand);
          return au ? { ...a, _embedded: { user: renderAppUser(id, au, false) } } : a;
        });
      },
    },
    {
      op: 'getApplication',
      pattern: /^\/api\/v1\/apps\/([^/]+)$/,
      bucket: 'app-by-id',
      permissions: ['okta.apps.read'],
      query: { expand: anyValue },
      writes: ['PUT', 'DELETE'],
      handle: (ctx) => {
        const id = ctx.m[1];
        const app = state.apps.get(id);
        if (!app) return notFound(id, 'AppInstance');
        const expand = ctx.q.get('expand');
        if (expand !== undefined) {
          const m = /^user\/(.+)$/.exec(expand);
          if (!m) {
            violate(ctx.req, 'bad-query', `expand=${expand}: getApplication only expands user/{userId}`);
            return error(400, 'E0000031');
          }
          const au = (state.appUsers.get(id) ?? []).find((u) => u.id === m[1]);
          return ok(au ? { ...app, _embedded: { user: renderAppUser(id, au, false) } } : app);
        }
        return ok(app);
      },
    },
    {
      op: 'listApplicationUsers',
      pattern: /^\/api\/v1\/apps\/([^/]+)\/users$/,
      bucket: 'apps',
      permissions: ['okta.apps.read'],
      query: { after: anyValue, limit: intIn(1, 500), q: anyValue, expand: oneOf('user') },
      writes: ['POST'],
      handle: (ctx) => {
        const appId = ctx.m[1];
        const missing = needApp(appId);
        if (missing) return missing;
        let list = state.appUsers.get(appId) ?? [];
        const q = ctx.q.get('q')?.toLowerCase();
        if (q !== undefined) {
          list = list.filter((u) => {
            const p = u.raw ? ((u.raw.profile as Json | undefined) ?? {}) : u.profile;
            const user = state.users.get(u.id);
            const fields = [u.userName, p.firstName ?? p.givenName ?? user?.firstName, p.lastName ?? p.familyName ?? user?.lastName, p.email ?? user?.email];
            return fields.some((f) => typeof f === 'string' && f.toLowerCase().startsWith(q));
          });
        }
        const expandUser = ctx.q.get('expand') === 'user';
        return listReply(ctx, list, (u) => u.id, 50, (u) => renderAppUser(appId, u, expandUser));
      },
    },
    {
      op: 'listApplicationGroupAssignments',
      pattern: /^\/api\/v1\/apps\/([^/]+)\/groups$/,
      bucket: 'apps',
      permissions: ['okta.apps.read'],
      query: { q: anyValue, after: anyValue, limit: intIn(20, 200), expand: oneOf('group', 'metadata') },
      writes: [],
      handle: (ctx) => {
        const appId = ctx.m[1];
        const missing = needApp(appId);
        if (missing) return missing;
        let list = state.appGroups.get(appId) ?? [];
        const q = ctx.q.get('q')?.toLowerCase();
        if (q !== undefined) list = list.filter((a) => (state.groups.get(a.groupId)?.name ?? '').toLowerCase().startsWith(q));
        return listReply(ctx, list, (a) => a.groupId, 20, (a) => renderAppGroup(appId, a, ctx.q.get('expand')));
      },
    },
    {
      op: 'getApplicationGroupAssignment',
      pattern: /^\/api\/v1\/apps\/([^/]+)\/groups\/([^/]+)$/,
      bucket: 'apps',
      permissions: ['okta.apps.read'],
      query: { expand: oneOf('group', 'metadata') },
      writes: ['PUT', 'PATCH', 'DELETE'],
      handle: (ctx) => {
        const appId = ctx.m[1];
        const missing = needApp(appId);
        if (missing) return missing;
        const a = (state.appGroups.get(appId) ?? []).find((x) => x.groupId === ctx.m[2]);
        return a ? ok(renderAppGroup(appId, a, ctx.q.get('expand'))) : notFound(String(ctx.m[2]), 'ApplicationGroupAssignment');
      },
    },
    {
      op: 'getDefaultProvisioningConnectionForApplication',
      pattern: /^\/api\/v1\/apps\/([^/]+)\/connections\/default$/,
      bucket: 'apps',
      permissions: ['okta.apps.read'],
      query: {},
      writes: ['POST'],
      handle: (ctx) => {
        const appId = ctx.m[1];
        const missing = needApp(appId);
        if (missing) return missing;
        // custom apps: "HTTP 200 with status/authScheme = UNKNOWN and no error" (okta/okta-mcp-server#72);
        // "An UNKNOWN authScheme will result in an UNKNOWN status" (okta-developer-docs#1675, legacy apps docs)
        return ok(state.connections.get(appId) ?? { authScheme: 'UNKNOWN', status: 'UNKNOWN' });
      },
    },
    {
      op: 'listGroupPushMappings',
      pattern: /^\/api\/v1\/apps\/([^/]+)\/group-push\/mappings$/,
      bucket: 'apps',
      permissions: ['okta.apps.read', 'okta.groups.read'],
      query: { after: anyValue, limit: intIn(1, 1000), lastUpdated: (v) => (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(v) ? undefined : 'must be YYYY-MM-DDTHH:mm:ssZ'), sourceGroupId: anyValue, status: oneOf('ACTIVE', 'INACTIVE', 'ERROR') },
      writes: ['POST'],
      handle: (ctx) => {
        const appId = ctx.m[1];
        const missing = needApp(appId);
        if (missing) return missing;
        let list = state.groupPush.get(appId) ?? [];
        const status = ctx.q.get('status');
        if (status) list = list.filter((p) => p.status === status);
        const src = ctx.q.get('sourceGroupId');
        if (src) list = list.filter((p) => p.sourceGroupId === src);
        const since = ctx.q.get('lastUpdated');
        if (since) list = list.filter((p) => p.lastUpdated >= since);
        return listReply(ctx, list, (p) => p.id, 100, (p) => renderPush(appId, p));
      },
    },
    {
      op: 'getGroupPushMapping',
      pattern: /^\/api\/v1\/apps\/([^/]+)\/group-push\/mappings\/([^/]+)$/,
      bucket: 'apps',
      permissions: ['okta.apps.read', 'okta.groups.read'],
      query: {},
      writes: ['PATCH', 'DELETE'],
      handle: (ctx) => {
        const appId = ctx.m[1];
        const missing = needApp(appId);
        if (missing) return missing;
        const p = (state.groupPush.get(appId) ?? []).find((x) => x.id === ctx.m[2]);
        return p ? ok(renderPush(appId, p)) : notFound(String(ctx.m[2]), 'GroupPushMapping');
      },
    },
    {
      op: 'listProfileMappings',
      pattern: /^\/api\/v1\/mappings$/,
      bucket: 'api-v1',
      permissions: ['okta.profileMappings.read'],
      query: { after: anyValue, limit: intIn(1, 200), sourceId: anyValue, targetId: anyValue },
      writes: [],
      handle: (ctx) => {
        let list = [...state.mappings.values()];
        const s = ctx.q.get('sourceId');
        if (s) list = list.filter((m) => (m.source as Json).id === s);
        const t = ctx.q.get('targetId');
        if (t) list = list.filter((m) => (m.target as Json).id === t);
        // the list carries no `properties` (spec ListProfileMappings)
        return listReply(ctx, list, (m) => str(m.id), 20, (m) => {
          const entry = { ...m };
          delete entry.properties;
          return entry;
        });
      },
    },
    {
      op: 'getProfileMapping',
      pattern: /^\/api\/v1\/mappings\/([^/]+)$/,
      bucket: 'api-v1',
      permissions: ['okta.profileMappings.read'],
      query: {},
      writes: ['POST'],
      handle: (ctx) => {
        const m = state.mappings.get(ctx.m[1]);
        return m ? ok(m) : notFound(String(ctx.m[1]), 'PropertyMapping');
      },
    },
    {
      op: 'getApplicationUserSchema',
      pattern: /^\/api\/v1\/meta\/schemas\/apps\/([^/]+)\/default$/,
      bucket: 'api-v1',
      permissions: ['okta.schemas.read'],
      query: {},
      writes: ['POST'],
      handle: (ctx) => {
        const appId = ctx.m[1];
        const s = state.schemas.get(appId);
        if (s) return ok(s);
        return state.apps.has(appId) ? notFound(`${appId}/default`, 'UserSchema') : notFound(appId, 'AppInstance');
      },
    },
    {
      op: 'getGroup',
      pattern: /^\/api\/v1\/groups\/([^/]+)$/,
      bucket: 'group-by-id',
      permissions: ['okta.groups.read'],
      query: {},
      writes: ['PUT', 'DELETE'],
      handle: (ctx) => {
        const g = state.groups.get(ctx.m[1]);
        return g ? ok(renderGroup(g)) : notFound(String(ctx.m[1]), 'UserGroup');
      },
    },
    {
      op: 'listGroupUsers',
      pattern: /^\/api\/v1\/groups\/([^/]+)\/users$/,
      bucket: 'groups',
      permissions: ['okta.groups.read'],
      query: { after: anyValue, limit: intIn(1, 10000) },
      writes: [],
      handle: (ctx) => {
        const g = state.groups.get(ctx.m[1]);
        if (!g) return notFound(String(ctx.m[1]), 'UserGroup');
        const members = g.members.map((id) => state.users.get(id)).filter((u): u is OktaUserRecord => u !== undefined);
        return listReply(ctx, members, (u) => u.id, 1000, renderUser);
      },
    },
    {
      op: 'getUser',
      pattern: /^\/api\/v1\/users\/([^/]+)$/,
      bucket: 'user-by-id',
      permissions: ['okta.users.read'],
      query: { expand: anyValue },
      writes: ['POST', 'PUT', 'DELETE'],
      handle: (ctx) => {
        const id = ctx.m[1];
        const u = state.users.get(id) ?? [...state.users.values()].find((x) => x.login.toLowerCase() === id.toLowerCase());
        return u ? ok(renderUser(u)) : notFound(id, 'User');
      },
    },
  ];

  const bucketOf = (method: string, path: string): OktaBucket => {
    const r = routes.find((x) => x.pattern.test(path));
    if (r) return r.bucket;
    if (/^\/api\/v1\/apps(\/|$)/.test(path)) return 'apps';
    if (/^\/api\/v1\/groups(\/|$)/.test(path)) return 'groups';
    if (method === 'GET' && /^\/api\/v1\/users\/[^/]+$/.test(path)) return 'user-by-id';
    return 'api-v1';
  };

  const handle = (req: SeenRequest): Reply => {
    const route = routes.find((r) => r.pattern.test(req.path));
    const bucket = bucketOf(req.method, req.path);
    req.bucket = bucket;
    const withRate = (reply: Reply, taken?: { limit: number; remaining: number; resetMs: number }): Reply => {
      const w = taken ?? { limit: limits[bucket], ...windowOf(bucket).peek() };
      reply.headers['X-Rate-Limit-Limit'] = String(w.limit);
      reply.headers['X-Rate-Limit-Remaining'] = String(w.remaining);
      reply.headers['X-Rate-Limit-Reset'] = String(Math.ceil(w.resetMs / 1000));
      reply.headers['X-Okta-Request-Id'] = requestIds();
      return reply;
    };
    // every request counts against its bucket (a refused one as well)
    const taken = options.rateLimit?.off ? { allowed: true, limit: limits[bucket], remaining: limits[bucket], resetMs: Date.now() + windowMs } : windowOf(bucket).take();

    // Authorization: SSWS {token} (core-okta-api "API token authentication")
    const auth = req.headers.authorization;
    if (auth === undefined) {
      violate(req, 'auth', 'no Authorization header');
      return withRate(error(403, 'E0000005'), taken); // what Okta answers without credentials (okta/okta-powershell-cli#86, #94)
    }
    const sm = /^SSWS ([^\s]+)$/.exec(auth);
    if (!sm) {
      violate(req, 'auth', `Authorization must be "SSWS <token>", got "${auth.replace(/\s+\S+$/, ' <redacted>')}"`);
      return withRate(error(401, 'E0000011'), taken);
    }
    const token = tokens.get(sm[1]);
    if (!token || token.revoked) return withRate(error(401, 'E0000011'), taken); // revoked, or a token of another org

    if (req.method !== 'GET') {
      const write = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(req.method);
      violate(req, write ? 'write' : 'unknown-path', write ? `${req.method} ${req.path}: import and drift never write to Okta` : `${req.method} is not a method this stand-in serves`);
      if (route?.writes.includes(req.method)) return withRate(error(403, 'E0000006'), taken);
      return withRate(error(405, 'E0000022'), taken);
    }
    const accept = req.headers.accept;
    if (accept === undefined || !/(^|,)\s*application\/json\s*(;|,|$)/i.test(accept)) {
      violate(req, accept === undefined ? 'missing-header' : 'bad-header', `Accept: application/json is required (core-okta-api "Media types"), got ${accept === undefined ? 'none' : `"${accept}"`}`);
      return withRate(error(400, 'E0000019'), taken);
    }
    if (!route) {
      violate(req, 'unknown-path', `GET ${req.path} is not an endpoint this stand-in serves`);
      return withRate(notFound(req.path, 'Resource'), taken);
    }
    if (!taken.allowed) return withRate(error(429, 'E0000047'), taken);

    const q = new Map<string, string>();
    for (const [k, v] of req.query) {
      const check = route.query[k];
      if (!check && k === 'filter' && route.op === 'listApplicationUsers') {
        // what Okta answers (okta/okta-sdk-dotnet#484: "Any kind of filter parameter results in a 400 ... Invalid search criteria.")
        violate(req, 'unknown-query', 'filter is not a query parameter of listApplicationUsers (use q)');
        return withRate(error(400, 'E0000031'), taken);
      }
      if (!check) {
        violate(req, 'unknown-query', `${k} is not a query parameter of ${route.op}`);
        return withRate(error(400, 'E0000001', `Api validation failed: ${k}`, [`${k}: ${route.op} has no query parameter "${k}"`]), taken);
      }
      if (q.has(k)) {
        violate(req, 'bad-query', `${k} given twice`);
        return withRate(error(400, 'E0000001', `Api validation failed: ${k}`, [`${k}: given twice`]), taken);
      }
      const bad = check(v);
      if (bad) {
        violate(req, 'bad-query', `${k}=${v}: ${bad}`);
        return withRate(error(400, 'E0000001', `Api validation failed: ${k}`, [`${k}: ${bad}`]), taken);
      }
      q.set(k, v);
    }
    const perms = token.permissions ?? OKTA_READ_PERMISSIONS;
    if (!route.permissions.every((p) => perms.includes(p))) return withRate(error(403, 'E0000006'), taken);
    return withRate(route.handle({ req, m: route.pattern.exec(req.path) as RegExpMatchArray, q, token }), taken);
  };

  const server: StandInServer = await startStandInServer(handle, { violations });
  state.origin = server.url;
  const seed = seedOrg(state, options.seed ?? 'vendor-examples');

  return {
    url: server.url,
    token: defaultToken,
    org: state,
    seed,
    requests: server.requests,
    violations: server.violations,
    addFault: (f) => server.addFault(f),
    dropPage(path, nth = 2, mode = 'drop-mid-body') {
      let seen = 0;
      server.addFault({ when: (r) => r.method === 'GET' && r.path === path && ++seen === nth, action: mode });
    },
    addToken: (t) => void tokens.set(t.value, t),
    revokeToken(value) {
      const t = tokens.get(value);
      if (t) t.revoked = true;
    },
    rateLimits: { windowMs, limits, bucketOf, floorMs: (bucket, n) => rateLimitFloorMs(n, limits[bucket], windowMs) },
    close: () => server.close(),
  };
}

// ---------------------------------------------------------------------------------------------------
// Seeds

function seedOrg(state: OktaOrgState, seed: NonNullable<OktaOrgOptions['seed']>): OktaSeedIds {
  const ids: OktaSeedIds = {};
  if (seed === 'empty') return ids;
  if (seed === 'vendor-examples') {
    // the spec's examples
    ids.docsSamlApp = state.addApp(oktaSpecExample('Saml2.0ResponseEx'));
    state.schemas.set(ids.docsSamlApp, oktaSpecExample('DefaultAppUserSchemaResponse'));
    for (const au of oktaSpecExample<Json[]>('AppUserListEx')) {
      const emb = (au._embedded as Json).user as Json;
      const raw = { ...au };
      delete raw._embedded;
      const p = emb.profile as Json;
      state.addUser({ id: String(au.id), login: String(p.login), email: String(p.email), firstName: String(p.firstName), lastName: String(p.lastName), raw: emb });
      state.assignUser(ids.docsSamlApp, String(au.id), { raw });
    }
    ids.docsMapping = state.addMappingBody(oktaSpecExample('RetrieveMappingsResponse'));
    // bodies recorded from real orgs
    ids.groupStatementApp = state.addApp(oktaRecorded<Json>('app-expression-and-group-statements').body);
    ids.customTemplateApp = state.addApp(oktaRecorded<Json>('app-custom-username-template').body);
    state.addApp(oktaRecorded<Json>('app-four-expression-statements').body);
    ids.groupScopeApp = state.addApp(oktaRecorded<Json>('app-aws').body);
    for (const key of ['user-a', 'user-b'] as const) {
      const u = oktaRecorded<Json>(key).body;
      const p = u.profile as Json;
      state.addUser({ id: String(u.id), login: String(p.login), email: String(p.email), firstName: String(p.firstName), lastName: String(p.lastName), raw: u });
    }
    for (const au of oktaRecorded<Json[]>('app-users-group-scope').body) state.assignUser(ids.groupScopeApp, String(au.id), { raw: au });
    state.addMappingBody(oktaRecorded<Json>('mapping-google-idp-to-user').body);
    for (const app of oktaRecorded<Json[]>('app-list-subset').body) if (!state.apps.has(String(app.id))) state.addApp(app);
  }
  // composed: the app the product's import and drift read (examples/flosum-us.scim.yaml, live)
  ids.scimApp = state.addScimApp({
    label: 'Flosum',
    name: 'flosum_scim_1',
    attributeStatements: [
      { type: 'EXPRESSION', name: 'uniqueUserId', namespace: 'urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified', values: ['user.id'] },
      { type: 'EXPRESSION', name: 'firstName', namespace: 'urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified', values: ['user.firstName'] },
      { type: 'EXPRESSION', name: 'lastName', namespace: 'urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified', values: ['user.lastName'] },
      { type: 'EXPRESSION', name: 'email', namespace: 'urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified', values: ['user.email'] },
      { type: 'GROUP', name: 'groups', namespace: 'urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified', filterType: 'STARTS_WITH', filterValue: 'Flosum' },
    ],
    features: ['PUSH_NEW_USERS', 'PUSH_USER_DEACTIVATION', 'SCIM_PROVISIONING', 'GROUP_PUSH', 'REACTIVATE_USERS', 'PUSH_PROFILE_UPDATES'],
  });
  ids.scimMapping = [...state.mappings.values()].find((m) => (m.target as Json).id === ids.scimApp)?.id as string;
  const people: Array<[string, string, string, string | undefined]> = [
    ['jane@example.com', 'Jane', 'Doe', 'Europe/Berlin'],
    ['raj.patel@example.com', 'Raj', 'Patel', 'Asia/Kolkata'],
    ['ken@example.co.jp', 'Ken', 'Sato', 'Asia/Tokyo'],
    ['olivia@example.com.au', 'Olivia', 'Brown', undefined],
  ];
  const userIds = people.map(([login, firstName, lastName, timezone]) => state.addUser({ login, firstName, lastName, ...(timezone ? { timezone } : {}) }));
  for (const id of userIds) state.assignUser(ids.scimApp, id);
  const sales = state.addUser({ login: 'sam.sales@example.com', firstName: 'Sam', lastName: 'Sales', timezone: 'America/New_York' });
  ids.scimGroup = state.addGroup({ name: 'Flosum Sales', description: 'Sales team using Flosum', members: [userIds[0], sales] });
  state.assignGroup(ids.scimApp, ids.scimGroup);
  ids.scimPushMapping = state.pushGroup(ids.scimApp, ids.scimGroup, { targetName: 'sales-team' });
  return ids;
}
