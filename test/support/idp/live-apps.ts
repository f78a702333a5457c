// Live apps (the model import and drift read) made by the product's own parsers from the vendors'
// example bodies (test/fixtures/idp): Okta's spec app, mapping, schema and app user examples shaped
// into the Flosum app of examples/flosum-us.scim.yaml; Graph's objectMapping example and the SCIM
// tutorial's schema (composed in ./graph.ts) shaped into the Flosum app of examples/flosum-entra.scim.yaml.
import { parseAppUser, parseConnection, parseOktaApp, parseOktaMapping, schemaPathsOf } from '../../../src/core/idp/okta/api/parse';
import { objectMappingsOf, parseUserMappings, toAppOf } from '../../../src/core/idp/entra/api/parse';
import type { LiveApp, LiveAssignment, LiveMapping } from '../../../src/core/idp/live';
import { oktaSpecExample } from './fixtures';
import { defaultScimSchema } from './graph';

type Json = Record<string, unknown>;
const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';

export interface OktaLiveOptions {
  /** Okta user -> app mapping properties (default: the Flosum example's). */
  mappings?: Record<string, { expression: string; pushStatus?: 'PUSH' | 'DONT_PUSH' }>;
  /** App users: [userName, timezone?, viaGroup?] (default: the example's four people). */
  people?: Array<[string, string?, string?]>;
  features?: string[];
  statements?: Json[];
}

export function oktaLiveApp(o: OktaLiveOptions = {}): LiveApp {
  const app = oktaSpecExample<Json>('Saml2.0ResponseEx');
  app.label = 'Flosum';
  app.features = o.features ?? ['PUSH_NEW_USERS', 'PUSH_PROFILE_UPDATES', 'PUSH_USER_DEACTIVATION', 'SCIM_PROVISIONING'];
  const settings = app.settings as Json;
  (settings.signOn as Json).attributeStatements = o.statements ?? [
    ...[['uniqueUserId', 'user.id'], ['firstName', 'user.firstName'], ['lastName', 'user.lastName'], ['email', 'user.email']].map(([name, v]) => ({ type: 'EXPRESSION', name, namespace: 'urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified', values: [v] })),
    { type: 'GROUP', name: 'groups', namespace: 'urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified', filterType: 'STARTS_WITH', filterValue: 'Flosum' },
  ];
  const parts = parseOktaApp(app);
  const schema = oktaSpecExample<Json>('DefaultAppUserSchemaResponse');
  const base = ((schema.definitions as Json).base as Json).properties as Json;
  const attr = (title: string, externalName: string): Json => ({ title, type: 'string', scope: 'NONE', externalName, externalNamespace: CORE });
  Object.assign(base, { givenName: attr('Given name', 'name.givenName'), familyName: attr('Family name', 'name.familyName'), email: attr('Email', "emails.^[type=='work'].value"), timezone: attr('Time zone', 'timezone'), displayName: attr('Display name', 'displayName') });
  const mapping = oktaSpecExample<Json>('RetrieveMappingsResponse');
  const props = o.mappings ?? { givenName: { expression: 'user.firstName' }, familyName: { expression: 'user.lastName' }, email: { expression: 'user.email' }, timezone: { expression: 'user.timezone' } };
  mapping.properties = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, { expression: v.expression, pushStatus: v.pushStatus ?? 'PUSH' }]));
  const mappings: LiveMapping[] = [...(parts.userName ? [parts.userName] : []), ...parseOktaMapping(mapping, schemaPathsOf(schema))];
  const people = o.people ?? [['jane@example.com', 'Europe/Berlin'], ['raj.patel@example.com', 'Asia/Kolkata'], ['ken@example.co.jp', 'Asia/Tokyo'], ['olivia@example.com.au']];
  const template = oktaSpecExample<Json[]>('AppUserListEx')[0];
  const assignments: LiveAssignment[] = people.map(([userName, tz, group], i) => {
    const body: Json = { ...template, id: `00u${i}`, scope: group ? 'GROUP' : 'USER', credentials: { userName }, profile: tz ? { timezone: tz } : {}, _links: group ? { group: { name: group, href: 'x' } } : {} };
    body._embedded = { user: { id: `00u${i}`, profile: { login: userName, email: userName } } };
    const p = parseAppUser(body);
    if (!p) throw new Error('no app user');
    const a: LiveAssignment & { id?: string } = { ...p };
    delete a.id;
    return a;
  });
  return {
    idp: 'okta',
    label: parts.label,
    location: [{ key: 'orgUrl', value: 'https://acme.okta.com', comment: 'the Okta org' }, { key: 'appId', value: String(app.id) }, { key: 'tokenRef', value: 'okta-acme' }],
    api: parseConnection({ authScheme: 'UNKNOWN', status: 'UNKNOWN' }),
    saml: parts.saml,
    toApp: parts.toApp,
    mappings: { readable: true, value: mappings },
    assignments: { readable: true, value: assignments },
    groups: { readable: true, value: [{ name: 'Flosum Sales', targetName: 'sales-team', push: true, assigned: false, members: ['jane@example.com'] }] },
    notes: [],
  };
}

export interface EntraLiveOptions {
  /** Overrides of the schema's User mappings by target attribute (null removes one). */
  mappings?: Record<string, string | null>;
  people?: Array<{ userName: string; timezone?: string; ext1?: string }>;
}

export function entraLiveApp(o: EntraLiveOptions = {}): LiveApp {
  const schema = defaultScimSchema({ userName: '[mail]', timezone: 'Coalesce([extensionAttribute1], "Etc/UTC")', ...(o.mappings ?? {}) });
  const om = objectMappingsOf(schema, 'User')[0];
  const people = o.people ?? [{ userName: 'jane@example.com', timezone: 'Europe/Berlin', ext1: 'Europe/Berlin' }, { userName: 'raj.patel@example.com', timezone: 'Asia/Kolkata', ext1: 'Asia/Kolkata' }, { userName: 'olivia@example.com.au', timezone: 'Etc/UTC' }];
  return {
    idp: 'entra-id',
    label: 'Flosum',
    location: [{ key: 'tenantId', value: '11111111-2222-3333-4444-555555555555' }, { key: 'servicePrincipalId', value: '66666666-7777-8888-9999-000000000000' }],
    api: { readable: false, reason: 'not readable from Microsoft Graph: set in the Entra admin center' },
    saml: { readable: true, value: [['uniqueUserId', 'user.objectid'], ['firstName', 'user.givenname'], ['lastName', 'user.surname'], ['email', 'user.mail']].map(([name, expression]) => ({ name: name ?? '', expression: expression ?? '' })) },
    toApp: { readable: true, value: toAppOf(om) },
    mappings: { readable: true, value: parseUserMappings(om) },
    assignments: { readable: true, value: people.map((p) => ({ userName: p.userName, ...(p.timezone ? { timezone: p.timezone } : {}), timezoneKnown: true, ...(p.ext1 ? { profile: { extensionAttribute1: p.ext1 } } : {}) })) },
    groups: { readable: true, value: [{ name: 'Flosum Sales', push: true, assigned: true, members: ['sam.sales@example.com'] }] },
    notes: [],
  };
}
