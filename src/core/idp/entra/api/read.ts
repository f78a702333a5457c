// Read one Entra ID enterprise app into the live model: the service principal, its provisioning job's
// schema (the User object mapping: attribute mappings, flowTypes = To App; the Group object mapping:
// group provisioning), who is assigned (users, and groups reported as groups, not expanded into
// people), the assigned people's mail/userPrincipalName fetched in JSON batches (`id in (…)`, 15 ids a
// request, 20 requests a batch: 300 people per HTTP request), their usernames and time zones as the
// app's own mappings compute them, and the SAML claims through the beta claimsPolicy when it answers.
// Only reads (GET, and POST /$batch carrying GETs).
import { IdpApiError } from '../../api/types';
import { stoppingAtFirstFailure } from '../../api/http';
import { ENTRA_ID } from '../../descriptors';
import type { LiveApp, LiveAssignment, LiveGroup, LiveMapping, LiveSamlAttribute, LiveToApp, ReadOptions, Readable } from '../../live';
import type { EvalValue } from '../../types';
import { entra } from '../module';
import { mappingKeyId } from '../../../scim/attributePaths';
import type { GraphClient } from './client';
import { GRAPH_URL } from './calls';
import { ENTRA_PORTAL, objectMappingsOf, parseClaimsPolicy, parseGraphUser, parseUserMappings, pickJob, toAppOf } from './parse';
import type { GraphPerson } from './parse';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const enc = encodeURIComponent;

export interface EntraAppRef {
  servicePrincipalId: string;
  tenantId?: string;
}

/** `id in (…)` takes at most 15 values (known-issues/query-parameters.md). */
export const IDS_PER_FILTER = 15;
const BASIC = ['id', 'mail', 'userPrincipalName', 'givenName', 'surname', 'displayName'];

export function readEntraApp(client: GraphClient, ref: EntraAppRef, opts: ReadOptions = {}): Promise<LiveApp> {
  return stoppingAtFirstFailure(opts.signal, (signal) => readApp(client, ref, { ...opts, signal }));
}

/** The source attributes an expression reads (`[extensionAttribute1]` -> extensionAttribute1). */
function referenced(expression: string | undefined): string[] {
  return expression ? [...expression.matchAll(/\[([^\]]+)\]/g)].map((m) => m[1] ?? '') : [];
}

function evaluated(expression: string | undefined, p: GraphPerson): { known: boolean; value?: string } {
  if (expression === undefined) return { known: false };
  const attributes: Record<string, EvalValue> = { ...p.attributes, IsSoftDeleted: false, accountEnabled: true };
  const r = entra.evaluate(expression, { idp: ENTRA_ID.id, label: p.attributes.userPrincipalName ?? p.id, id: p.id, attributes }, 'mapping');
  if (r.kind !== 'value') return { known: false };
  return { known: true, ...(typeof r.value === 'string' && r.value.trim() !== '' ? { value: r.value } : {}) };
}

async function readApp(client: GraphClient, ref: EntraAppRef, opts: ReadOptions & { signal: AbortSignal }): Promise<LiveApp> {
  const { signal } = opts;
  const sp = enc(ref.servicePrincipalId);
  client.servicePrincipalId = ref.servicePrincipalId;
  client.onProgress = opts.onProgress;
  const step = (message: string): void => opts.onProgress?.({ kind: 'step', message });
  step(`Reading the enterprise app ${ref.servicePrincipalId} from ${client.graphUrl}`);
  const spBody = (await client.get(`/v1.0/servicePrincipals/${sp}?$select=id,appId,displayName,preferredSingleSignOnMode`, 'getServicePrincipal', 'the enterprise app', signal)).json;
  const label = isObject(spBody) && typeof spBody.displayName === 'string' ? spBody.displayName : ref.servicePrincipalId;

  const schemaP = (async (): Promise<{ job?: Json; schema?: unknown }> => {
    const jobs = (await client.get(`/v1.0/servicePrincipals/${sp}/synchronization/jobs`, 'listJobs', "the app's provisioning jobs", signal)).json;
    const job = pickJob(jobs);
    if (!job || typeof job.id !== 'string') return {};
    const schema = (await client.get(`/v1.0/servicePrincipals/${sp}/synchronization/jobs/${enc(job.id)}/schema`, 'getSchema', "the app's provisioning schema", signal)).json;
    return { job, schema };
  })();
  const assignmentsP = client.list<Json>(`/v1.0/servicePrincipals/${sp}/appRoleAssignedTo?$select=principalId,principalType,principalDisplayName&$top=999`, 'listAssignments', "the app's assignments", {
    signal,
    onPage: (_items, page) => step(`Reading the assignments (page ${page})`),
  });
  const claimsP = client.get(`/beta/servicePrincipals/${sp}/claimsPolicy`, 'getClaimsPolicy', "the app's SAML claims", signal, [400, 401, 403, 404]);
  const [{ job, schema }, assigned, claims] = await Promise.all([schemaP, assignmentsP, claimsP]);

  // Mappings and To App options from the User object mapping.
  const userMapping = objectMappingsOf(schema, 'User')[0];
  const groupMapping = objectMappingsOf(schema, 'Group')[0];
  const notReadable = job ? "the provisioning job's schema has no User object mapping" : 'provisioning is not set up for the app (it has no provisioning job)';
  const mappings: Readable<LiveMapping[]> = userMapping ? { readable: true, value: parseUserMappings(userMapping) } : { readable: false, reason: notReadable };
  const toApp: Readable<LiveToApp> = userMapping ? { readable: true, value: toAppOf(userMapping) } : { readable: false, reason: notReadable };
  const mapped = (key: string): string | undefined => (mappings.readable ? mappings.value.find((m) => mappingKeyId(m.path) === mappingKeyId(key))?.expression : undefined);
  const userNameExpr = mapped('userName');
  const timezoneExpr = mapped('timezone');

  // The assigned people: their attributes in batches, usernames and time zones through the app's own mappings.
  const userIds = assigned.filter((a) => a.principalType === 'User' && typeof a.principalId === 'string').map((a) => a.principalId as string);
  const extensions = [userNameExpr, timezoneExpr].flatMap(referenced).some((n) => /^extensionAttribute\d+$/.test(n));
  step(`Reading ${userIds.length} assigned people`);
  let people: Map<string, GraphPerson>;
  const notes: string[] = [];
  try {
    people = await lookUpUsers(client, userIds, extensions ? [...BASIC, 'onPremisesExtensionAttributes'] : BASIC, signal, opts);
  } catch (e) {
    // Without User.Read.All the extension attributes are refused: read the basic profile, and say the time zones are not known.
    if (!(extensions && e instanceof IdpApiError && e.failure.diagnosis === 'forbidden')) throw e;
    notes.push(`The people's extension attributes are not readable (${e.failure.permission ?? 'User.Read.All'} is missing): their time zones are not compared.`);
    people = await lookUpUsers(client, userIds, BASIC, signal, opts);
  }
  const tzReadable = !notes.length && timezoneExpr !== undefined;
  const assignments: LiveAssignment[] = [];
  for (const id of userIds) {
    const p = people.get(id);
    if (!p) continue;
    assignments.push(personAssignment(p, userNameExpr, timezoneExpr, tzReadable));
  }

  // Assigned groups are groups (not silently expanded); their direct members when readable.
  const groups = await readGroups(client, assigned, groupMapping, userNameExpr, signal, opts);

  let saml: Readable<LiveSamlAttribute[]>;
  if (claims.status === 200) saml = parseClaimsPolicy(claims.json);
  else if (claims.status === 404) saml = { readable: false, reason: `not readable: the app has no custom claims policy (the beta claimsPolicy API answered 404), so its claims are Entra's defaults or ${ENTRA_PORTAL.saml.replace(/^set/, 'set')}` };
  else saml = { readable: false, reason: `not readable: the beta claimsPolicy API answered ${claims.status}${claims.status === 401 || claims.status === 403 ? ' (it needs Policy.Read.ApplicationConfiguration)' : ''}; ${ENTRA_PORTAL.saml}` };
  if (job && typeof job.templateId === 'string' && !/^(scim|customappsso)$/i.test(job.templateId)) notes.push(`The provisioning job is a gallery app's (${job.templateId}), not a non-gallery SCIM app's.`);
  return {
    idp: ENTRA_ID.id,
    label,
    location: [
      ...(ref.tenantId ? [{ key: 'tenantId', value: ref.tenantId }] : []),
      { key: 'servicePrincipalId', value: ref.servicePrincipalId, comment: "the enterprise app's object id" },
      ...(client.graphUrl !== GRAPH_URL ? [{ key: 'graphUrl', value: client.graphUrl, comment: 'a national cloud (or a stand-in)' }] : []),
    ],
    api: { readable: false, reason: `not readable from Microsoft Graph: ${ENTRA_PORTAL.api}` },
    saml,
    toApp,
    mappings,
    assignments: { readable: true, value: assignments },
    groups,
    notes,
  };
}

function personAssignment(p: GraphPerson, userNameExpr: string | undefined, timezoneExpr: string | undefined, tzReadable: boolean): LiveAssignment {
  const un = evaluated(userNameExpr, p);
  const userName = un.value ?? p.attributes.userPrincipalName ?? p.attributes.mail ?? p.id;
  const tz = tzReadable ? evaluated(timezoneExpr, p) : { known: false };
  const profile: Record<string, string> = {};
  for (const n of referenced(timezoneExpr)) {
    const v = p.attributes[n];
    if (/^extensionAttribute\d+$/.test(n) && typeof v === 'string' && v !== '') profile[n] = v;
  }
  return {
    userName,
    ...(tz.value !== undefined ? { timezone: tz.value } : {}),
    timezoneKnown: tz.known,
    ...(Object.keys(profile).length ? { profile } : {}),
  };
}

/** The users with these ids, `$select`ed, 15 ids per `id in (…)` filter, 20 filters per JSON batch. */
export async function lookUpUsers(client: GraphClient, ids: readonly string[], select: readonly string[], signal: AbortSignal | undefined, opts: ReadOptions = {}): Promise<Map<string, GraphPerson>> {
  const requests: Array<{ id: string; url: string }> = [];
  for (let i = 0; i < ids.length; i += IDS_PER_FILTER) {
    const chunk = ids.slice(i, i + IDS_PER_FILTER);
    const filter = `id in (${chunk.map((id) => `'${id.replace(/'/g, "''")}'`).join(',')})`;
    requests.push({ id: String(requests.length + 1), url: `/users?$filter=${enc(filter)}&$select=${select.join(',')}&$top=${IDS_PER_FILTER}` });
  }
  const out = new Map<string, GraphPerson>();
  const answers = await client.batch(requests, 'listUsers', 'the assigned people', signal);
  for (const body of answers.values()) {
    const value = isObject(body) && Array.isArray(body.value) ? body.value : [];
    for (const u of value) {
      const p = parseGraphUser(u);
      if (p) out.set(p.id, p);
    }
  }
  opts.onProgress?.({ kind: 'count', what: 'people', count: out.size });
  return out;
}

async function readGroups(client: GraphClient, assigned: Json[], groupMapping: Json | undefined, userNameExpr: string | undefined, signal: AbortSignal, opts: ReadOptions): Promise<Readable<LiveGroup[]>> {
  const push = groupMapping !== undefined && groupMapping.enabled !== false;
  const groups: LiveGroup[] = [];
  for (const a of assigned) {
    if (a.principalType !== 'Group' || typeof a.principalId !== 'string') continue;
    const g: LiveGroup = { name: typeof a.principalDisplayName === 'string' ? a.principalDisplayName : a.principalId, push, assigned: true };
    try {
      const members = await client.list<Json>(`/v1.0/groups/${enc(a.principalId)}/members?$select=id,mail,userPrincipalName,givenName,surname,displayName&$top=999`, 'listGroupMembers', `the members of ${g.name}`, { signal });
      const users = members.filter((m) => m['@odata.type'] === undefined || m['@odata.type'] === '#microsoft.graph.user');
      g.members = users.map(parseGraphUser).filter((p): p is GraphPerson => p !== undefined).map((p) => evaluated(userNameExpr, p).value ?? p.attributes.userPrincipalName ?? p.id);
      const nested = members.length - users.length;
      // "Provisioning nested groups beyond the first level is not supported" (entra-docs known-issues.md).
      if (nested) g.membersNote = `${nested} nested group${nested === 1 ? '' : 's'} not counted: Entra ID provisions only a group's direct members`;
    } catch (e) {
      if (!(e instanceof IdpApiError && e.failure.diagnosis === 'forbidden')) throw e;
      g.membersNote = e.failure.message;
    }
    groups.push(g);
  }
  opts.onProgress?.({ kind: 'count', what: 'groups', count: groups.length });
  return { readable: true, value: groups };
}
