// Okta's bodies -> the live model (../../live.ts). Pure, never throwing; what a body does not carry
// stays absent, fields no example shows are ignored. Shapes from Okta's management spec
// (okta/okta-management-openapi-spec@fdda229: Application, SamlAttributeStatementExpression/Group,
// ProfileMapping, UserSchemaAttribute, AppUser, ProvisioningConnection) and from real bodies recorded
// by the Terraform provider's cassettes (/work/shared/recordings/okta): CUSTOM username templates,
// GROUP statements, `features: []`, app users of scope GROUP.
import { CORE_USER_URN, preferredMappingKey } from '../../../scim/attributePaths';
import type { LiveAssignment, LiveMapping, LiveSamlAttribute, LiveToApp, Readable, ToAppOption } from '../../live';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Where the admin sets what the API cannot read. */
export const OKTA_CONSOLE = {
  api: 'set in the Admin Console (the app → Provisioning → Integration: base URL and API token)',
  toApp: 'set in the Admin Console (the app → Provisioning → To App)',
  saml: 'set in the Admin Console (the app → Sign On → SAML 2.0 attribute statements)',
} as const;

/** `features[]` (read-only on the app) -> the To App options (spec `Application.features`). */
const FEATURE_OF: Record<Exclude<ToAppOption, never>, string> = {
  createUsers: 'PUSH_NEW_USERS',
  updateUserAttributes: 'PUSH_PROFILE_UPDATES',
  deactivateUsers: 'PUSH_USER_DEACTIVATION',
  syncPassword: 'PUSH_PASSWORD_UPDATES',
};

export interface OktaAppParts {
  label: string;
  name?: string;
  signOnMode?: string;
  saml: Readable<LiveSamlAttribute[]>;
  toApp: Readable<LiveToApp>;
  /** The userName mapping the application username format gives, if any. */
  userName?: LiveMapping;
}

/** A SAML attribute statement (EXPRESSION: its first value; GROUP: kept as what it is). */
export function samlAttributeOf(st: unknown): LiveSamlAttribute | undefined {
  if (!isObject(st) || typeof st.name !== 'string') return undefined;
  const type = str(st.type) ?? 'EXPRESSION';
  if (type === 'GROUP') {
    const filter = `${str(st.filterType) ?? 'a'} filter${typeof st.filterValue === 'string' ? ` "${st.filterValue}"` : ''}`;
    return { name: st.name, unsupported: `a GROUP attribute statement (sends the names of the groups matching the ${filter}), which a config value cannot hold` };
  }
  const values = Array.isArray(st.values) ? st.values.filter((v): v is string => typeof v === 'string') : [];
  if (values.length === 0) return { name: st.name, unsupported: 'an attribute statement without a value' };
  if (values.length > 1) return { name: st.name, expression: values[0], unsupported: `an attribute statement with ${values.length} values (${values.join(', ')}); a config value holds one` };
  return { name: st.name, expression: values[0] };
}

/**
 * The application username format as the userName mapping: `${source.email}` -> `user.email`,
 * `${fn:substringBefore(source.login, "@")}` -> `String.substringBefore(user.login, "@")`; a CUSTOM
 * template is an Okta expression already (`user.login`); NONE maps nothing.
 */
export function userNameMappingOf(template: unknown): LiveMapping | undefined {
  if (!isObject(template)) return undefined;
  const text = str(template.template)?.trim();
  const type = str(template.type) ?? 'BUILT_IN';
  if (!text || type === 'NONE') return undefined;
  const push = str(template.pushStatus) === 'DONT_PUSH' ? { data: { pushStatus: 'DONT_PUSH' as const } } : {};
  if (type === 'CUSTOM') return { path: 'userName', expression: text, origin: `the application username format (custom: ${text})`, ...push };
  const m = /^\$\{([^{}]*)\}$/.exec(text);
  if (!m) return { path: 'userName', origin: `the application username format ${text}`, unsupported: `the application username format ${text}, which is not one Okta expression` };
  const expression = (m[1] ?? '').replace(/\bsource\./g, 'user.').replace(/\bfn:([A-Za-z]+)\(/g, 'String.$1(').trim();
  return { path: 'userName', expression, origin: `the application username format ${text}`, ...push };
}

export function parseOktaApp(app: unknown): OktaAppParts {
  const a = isObject(app) ? app : {};
  const settings = isObject(a.settings) ? a.settings : {};
  const signOn = isObject(settings.signOn) ? settings.signOn : undefined;
  const signOnMode = str(a.signOnMode);
  let saml: Readable<LiveSamlAttribute[]>;
  if (signOnMode === 'SAML_2_0' || signOnMode === 'SAML_1_1' || Array.isArray(signOn?.attributeStatements)) {
    const list = Array.isArray(signOn?.attributeStatements) ? signOn.attributeStatements : [];
    saml = { readable: true, value: list.map(samlAttributeOf).filter((x): x is LiveSamlAttribute => x !== undefined) };
  } else {
    saml = { readable: false, reason: `the app signs on with ${signOnMode ?? 'no sign-on mode'}, not SAML: it has no SAML attribute statements` };
  }
  let toApp: Readable<LiveToApp>;
  if (Array.isArray(a.features)) {
    const features = new Set(a.features.filter((f): f is string => typeof f === 'string'));
    const options: Partial<Record<ToAppOption, boolean>> = {};
    for (const [opt, feature] of Object.entries(FEATURE_OF) as Array<[ToAppOption, string]>) options[opt] = features.has(feature);
    // A custom app's `features: []` means every To App option is off.
    toApp = { readable: true, value: { options, uncompared: [] } };
  } else {
    toApp = { readable: false, reason: `the app's features are not in Okta's answer: ${OKTA_CONSOLE.toApp}` };
  }
  const credentials = isObject(a.credentials) ? a.credentials : {};
  const userName = userNameMappingOf(credentials.userNameTemplate);
  return {
    label: str(a.label) ?? str(a.name) ?? str(a.id) ?? 'app',
    ...(str(a.name) ? { name: str(a.name) } : {}),
    ...(signOnMode ? { signOnMode } : {}),
    saml,
    toApp,
    ...(userName ? { userName } : {}),
  };
}

/**
 * Okta's externalName of a SCIM app attribute as a SCIM path: `emails.^[type=='work'].value` ->
 * `emails[type eq "work"].value`; `name.givenName` stays; the namespace qualifies it unless it is the
 * core User schema's.
 */
export function scimPathOfExternalName(externalName: string, namespace: string | undefined): string {
  let path = externalName.trim();
  const m = /^([A-Za-z$][\w$]*)\.\^\[\s*([A-Za-z$][\w$]*)\s*==\s*(['"])(.*?)\3\s*\](?:\.([A-Za-z$][\w$]*))?$/.exec(path);
  if (m) path = `${m[1] ?? ''}[${m[2] ?? ''} eq ${JSON.stringify(m[4] ?? '')}]${m[5] ? `.${m[5]}` : ''}`;
  if (namespace && namespace !== CORE_USER_URN && !/^urn:/i.test(path)) path = `${namespace}:${path}`;
  return path;
}

/** The app user schema's attributes -> their SCIM paths (`definitions.base` and `definitions.custom`; attributes without `externalName` keep their name). */
export function schemaPathsOf(schema: unknown): Map<string, string> {
  const out = new Map<string, string>();
  const defs = isObject(schema) && isObject(schema.definitions) ? schema.definitions : {};
  for (const part of ['base', 'custom']) {
    const d = defs[part];
    const props = isObject(d) && isObject(d.properties) ? d.properties : {};
    for (const [name, attr] of Object.entries(props)) {
      const ext = isObject(attr) ? str(attr.externalName) : undefined;
      const ns = isObject(attr) ? str(attr.externalNamespace) : undefined;
      out.set(name, ext ? scimPathOfExternalName(ext, ns) : name);
    }
  }
  return out;
}

/** The Okta user -> app mapping's properties as mappings (keys through the schema's SCIM paths). */
export function parseOktaMapping(mapping: unknown, paths: ReadonlyMap<string, string>): LiveMapping[] {
  const props = isObject(mapping) && isObject(mapping.properties) ? mapping.properties : {};
  const out: LiveMapping[] = [];
  for (const [attr, p] of Object.entries(props)) {
    if (!isObject(p)) continue;
    const expression = str(p.expression);
    if (expression === undefined) continue;
    const path = paths.get(attr) ?? attr;
    out.push({ path, expression, ...(str(p.pushStatus) === 'DONT_PUSH' ? { data: { pushStatus: 'DONT_PUSH' } } : {}) });
  }
  return out;
}

/** The mapping-list entry of the Okta user -> app mapping (source type `user`, target this app). */
export function userToAppMappingId(list: unknown, appId: string): string | undefined {
  if (!Array.isArray(list)) return undefined;
  for (const m of list) {
    if (!isObject(m) || !isObject(m.source) || !isObject(m.target)) continue;
    if (m.source.type === 'user' && m.target.id === appId && typeof m.id === 'string') return m.id;
  }
  return undefined;
}

export interface OktaAppUser extends LiveAssignment {
  /** The Okta user's id (an app user has its user's id). */
  id: string;
}

/** An app user (spec AppUser; `expand=user` embeds the Okta user): username, time zone, the group it came through. */
export function parseAppUser(body: unknown): OktaAppUser | undefined {
  if (!isObject(body) || typeof body.id !== 'string') return undefined;
  const creds = isObject(body.credentials) ? body.credentials : {};
  const embedded = isObject(body._embedded) && isObject(body._embedded.user) ? body._embedded.user : undefined;
  const userProfile = embedded && isObject(embedded.profile) ? embedded.profile : {};
  const userName = str(creds.userName) ?? str(userProfile.login);
  if (!userName) return undefined;
  const profile = isObject(body.profile) ? body.profile : {};
  // The time zone the app gets: the app user's own profile attribute, else the Okta user's (DESIGN).
  const tz = str(profile.timezone) ?? str(userProfile.timezone);
  const links = isObject(body._links) ? body._links : {};
  const group = body.scope === 'GROUP' && isObject(links.group) ? str(links.group.name) ?? 'a group' : body.scope === 'GROUP' ? 'a group' : undefined;
  return {
    id: body.id,
    userName,
    ...(tz !== undefined && tz.trim() !== '' ? { timezone: tz } : {}),
    timezoneKnown: embedded !== undefined || tz !== undefined,
    ...(group ? { viaGroup: group } : {}),
  };
}

/** `connections/default`: a custom app answers `{authScheme: "UNKNOWN", status: "UNKNOWN"}` (okta/okta-mcp-server#72). */
export function parseConnection(body: unknown): Readable<{ baseUrl?: string }> {
  const b = isObject(body) ? body : {};
  const baseUrl = str(b.baseUrl);
  if (str(b.authScheme) === 'UNKNOWN' || !baseUrl) {
    return { readable: false, reason: `not readable from Okta's API: ${OKTA_CONSOLE.api}` };
  }
  return { readable: true, value: { baseUrl } };
}

/** An assigned group (`/apps/{id}/groups?expand=group`): its id and, when embedded, its name. */
export function parseAppGroup(body: unknown): { id: string; name?: string } | undefined {
  if (!isObject(body) || typeof body.id !== 'string') return undefined;
  const g = isObject(body._embedded) && isObject(body._embedded.group) ? body._embedded.group : undefined;
  const name = g && isObject(g.profile) ? str(g.profile.name) : undefined;
  return { id: body.id, ...(name ? { name } : {}) };
}

/** A group's name (`/groups/{id}`: profile.name). */
export function groupNameOf(body: unknown): string | undefined {
  return isObject(body) && isObject(body.profile) ? str(body.profile.name) : undefined;
}

/** A group push mapping (spec GroupPushMapping): source and target group ids, status. */
export function parsePushMapping(body: unknown): { sourceGroupId: string; targetGroupId?: string; status?: string } | undefined {
  if (!isObject(body) || typeof body.sourceGroupId !== 'string') return undefined;
  return { sourceGroupId: body.sourceGroupId, ...(str(body.targetGroupId) ? { targetGroupId: str(body.targetGroupId) } : {}), ...(str(body.status) ? { status: str(body.status) } : {}) };
}

/** How import writes a mapping's key. */
export const keyOf = (m: LiveMapping): string => preferredMappingKey(m.path);
