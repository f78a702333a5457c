// Read one Okta app into the live model: the app (SAML statements, To App options, username format),
// its To App mapping through the app user schema's SCIM names, its provisioning connection (a custom
// app's is not readable: "set in the Admin Console"), its assignments (paged, with time zones; those of
// scope GROUP reported as via their group), assigned and pushed groups. Only GET requests. Calls of
// different rate-limit buckets run side by side; the assignments' pages follow each other.
import { IdpApiError } from '../../api/types';
import { stoppingAtFirstFailure } from '../../api/http';
import type { LiveApp, LiveGroup, LiveMapping, ReadOptions, Readable } from '../../live';
import { OKTA } from '../../descriptors';
import type { OktaClient } from './client';
import {
  groupNameOf, parseAppGroup, parseAppUser, parseConnection, parseOktaApp, parseOktaMapping, parsePushMapping,
  schemaPathsOf, userToAppMappingId,
} from './parse';
import type { OktaAppUser } from './parse';
import { mappingKeyId } from '../../../scim/attributePaths';

type Json = Record<string, unknown>;

export interface OktaAppRef {
  appId: string;
  /** Written into the idp block (the keychain name of the token); never the token. */
  tokenRef?: string;
}

const enc = encodeURIComponent;

/** A part that needs okta.groups.read: its 403 makes the groups "not readable" instead of failing the read. */
async function optional<T>(run: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; reason: string }> {
  try {
    return { ok: true, value: await run() };
  } catch (e) {
    if (e instanceof IdpApiError && e.failure.diagnosis === 'forbidden') return { ok: false, reason: e.failure.message };
    throw e;
  }
}

export function readOktaApp(client: OktaClient, ref: OktaAppRef, opts: ReadOptions = {}): Promise<LiveApp> {
  return stoppingAtFirstFailure(opts.signal, (signal) => readApp(client, ref, { ...opts, signal }));
}

async function readApp(client: OktaClient, ref: OktaAppRef, opts: ReadOptions & { signal: AbortSignal }): Promise<LiveApp> {
  const { signal } = opts;
  const appId = ref.appId;
  client.appId = appId;
  client.onProgress = opts.onProgress;
  const step = (message: string): void => opts.onProgress?.({ kind: 'step', message });
  step(`Reading the app ${appId} from ${client.orgUrl}`);
  const appBody = (await client.getApp(appId, signal)).json;
  const app = parseOktaApp(appBody);

  // Side by side: the mapping and the schema (bucket /api/v1), the connection, the groups and the
  // assignments (bucket /api/v1/apps*, paced by Okta's limit).
  const mappingsP = (async (): Promise<LiveMapping[]> => {
    const list = await client.get(`/api/v1/mappings?targetId=${enc(appId)}&limit=200`, 'listProfileMappings', "the app's profile mappings", signal);
    const id = userToAppMappingId(list.json, appId);
    const [mapping, schema] = await Promise.all([
      id ? client.get(`/api/v1/mappings/${enc(id)}`, 'getProfileMapping', "the app's To App mapping", signal).then((a) => a.json) : Promise.resolve(undefined),
      // An app without an app user schema answers 404 (UserSchema): its attributes keep their names.
      client.get(`/api/v1/meta/schemas/apps/${enc(appId)}/default`, 'getApplicationUserSchema', "the app's user schema", signal, [404]).then((a) => (a.status === 200 ? a.json : undefined)),
    ]);
    const fromTable = parseOktaMapping(mapping, schemaPathsOf(schema));
    // The username format is the userName mapping unless the mapping table sets userName itself.
    const hasUserName = fromTable.some((m) => mappingKeyId(m.path) === mappingKeyId('userName'));
    return app.userName && !hasUserName ? [app.userName, ...fromTable] : fromTable;
  })();
  const connectionP = client
    .get(`/api/v1/apps/${enc(appId)}/connections/default`, 'getDefaultProvisioningConnectionForApplication', "the app's provisioning connection", signal, [400, 404])
    .then((a) => (a.status === 200 ? parseConnection(a.json) : parseConnection(undefined)));
  const appGroupsP = client.list<Json>(`/api/v1/apps/${enc(appId)}/groups?limit=200&expand=group`, 'listApplicationGroupAssignments', "the app's assigned groups", signal ? { signal } : {});
  const pushP = optional(() =>
    client.get(`/api/v1/apps/${enc(appId)}/group-push/mappings?limit=1000`, 'listGroupPushMappings', "the app's group push mappings", signal, [400]).then((a) => a),
  );
  const usersP = (async (): Promise<OktaAppUser[]> => {
    step('Reading the assignments');
    let count = 0;
    const all = await client.list<Json>(`/api/v1/apps/${enc(appId)}/users?expand=user&limit=500`, 'listApplicationUsers', "the app's assignments", {
      ...(signal ? { signal } : {}),
      onPage: (items) => {
        count += items.length;
        opts.onProgress?.({ kind: 'count', what: 'assignments', count });
      },
    });
    return all.map(parseAppUser).filter((u): u is OktaAppUser => u !== undefined);
  })();

  // Every promise is awaited together so a failure of one is reported, never a half-read app.
  const [mappings, api, appGroups, push, users] = await Promise.all([mappingsP, connectionP, appGroupsP, pushP, usersP]);

  const groups = await readGroups(client, appId, appGroups, push, users, signal);
  const notes: string[] = [];
  const viaGroup = users.filter((u) => u.viaGroup).length;
  if (viaGroup) notes.push(`${viaGroup} of the ${users.length} assignments come through a group (scope GROUP).`);
  return {
    idp: OKTA.id,
    label: app.label,
    location: [
      { key: 'orgUrl', value: client.orgUrl, comment: 'the Okta org' },
      { key: 'appId', value: appId, comment: `the app's id in Okta${app.name ? ` (${app.name})` : ''}` },
      ...(ref.tokenRef ? [{ key: 'tokenRef', value: ref.tokenRef, comment: 'keychain name of an Okta API token (SSWS); CLI: OKTA_API_TOKEN' }] : []),
    ],
    api,
    saml: app.saml,
    toApp: app.toApp,
    mappings: { readable: true, value: mappings },
    assignments: { readable: true, value: users.map(({ id: _id, ...a }) => a) },
    groups,
    notes,
  };
}

async function readGroups(
  client: OktaClient,
  appId: string,
  appGroups: Json[],
  push: { ok: true; value: { status: number; json: unknown } } | { ok: false; reason: string },
  users: OktaAppUser[],
  signal: AbortSignal | undefined,
): Promise<Readable<LiveGroup[]>> {
  const byId = new Map<string, LiveGroup & { id: string }>();
  const nameOfUser = new Map(users.map((u) => [u.id, u.userName]));
  for (const g of appGroups.map(parseAppGroup)) {
    if (!g) continue;
    byId.set(g.id, { id: g.id, name: g.name ?? g.id, push: false, assigned: true });
  }
  // Assigned groups' members are the app users that came through them (scope GROUP).
  for (const g of byId.values()) {
    g.members = users.filter((u) => u.viaGroup === g.name).map((u) => u.userName);
  }
  if (!push.ok) {
    return byId.size
      ? { readable: true, value: [...byId.values()].map(({ id: _id, ...g }) => g), notes: [`Pushed groups are not readable: ${push.reason}`] }
      : { readable: false, reason: `Pushed groups are not readable: ${push.reason}` };
  }
  if (push.value.status !== 200) {
    const notes = [`Okta answered the group push mappings with ${push.value.status} (provisioning may be off for the app): pushed groups are not known.`];
    return { readable: true, value: [...byId.values()].map(({ id: _id, ...g }) => g), notes };
  }
  const pushes = (Array.isArray(push.value.json) ? push.value.json : []).map(parsePushMapping).filter((p): p is NonNullable<typeof p> => p !== undefined && p.status !== 'INACTIVE');
  const needName = new Set<string>();
  for (const p of pushes) {
    if (!byId.has(p.sourceGroupId)) needName.add(p.sourceGroupId);
    if (p.targetGroupId) needName.add(p.targetGroupId);
  }
  const names = new Map<string, string>();
  const got = await optional(() =>
    Promise.all([...needName].map(async (id) => {
      const a = await client.get(`/api/v1/groups/${enc(id)}`, 'getGroup', `the group ${id}`, signal, [404]);
      const n = a.status === 200 ? groupNameOf(a.json) : undefined;
      if (n) names.set(id, n);
    })),
  );
  if (!got.ok) return { readable: false, reason: `Pushed groups are not readable: ${got.reason}` };
  for (const p of pushes) {
    const existing = byId.get(p.sourceGroupId);
    const target = p.targetGroupId ? names.get(p.targetGroupId) : undefined;
    const g = existing ?? { id: p.sourceGroupId, name: names.get(p.sourceGroupId) ?? p.sourceGroupId, push: true, assigned: false };
    g.push = true;
    if (target && target !== g.name) g.targetName = target;
    byId.set(p.sourceGroupId, g);
  }
  // A pushed group that is not assigned: its members from Okta (only assigned members are pushed).
  for (const g of byId.values()) {
    if (g.assigned || !g.push) continue;
    const members = await optional(() => client.list<Json>(`/api/v1/groups/${enc(g.id)}/users?limit=200`, 'listGroupUsers', `the members of ${g.name}`, signal ? { signal } : {}));
    if (!members.ok) {
      g.membersNote = members.reason;
      continue;
    }
    g.members = members.value.map((u) => {
      const id = typeof u.id === 'string' ? u.id : '';
      const login = typeof u.profile === 'object' && u.profile !== null ? (u.profile as Json).login : undefined;
      return nameOfUser.get(id) ?? (typeof login === 'string' ? login : id);
    });
  }
  void appId;
  return { readable: true, value: [...byId.values()].map(({ id: _id, ...g }) => g) };
}
