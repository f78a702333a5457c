// A third real SCIM server that no one here wrote: the directory sync of BoxyHQ SAML Jackson
// (`@boxyhq/saml-jackson` 26.2.0, now Ory Polis), the SCIM receiver many SaaS products embed to take
// users and groups from Okta and Entra ID. Jackson's library code runs unmodified, in memory
// (`db.engine: 'mem'`, its default page limit of 50), on 127.0.0.1; nothing here reaches the internet
// (analytics off, no webhook, events go to an in-process callback, metrics are only exported when the
// embedding app calls initializeMetrics, which this does not).
//
// Jackson is a library: the HTTP route around it lives in the hosted app (ory/polis). This file
// transcribes that route, pages/api/scim/v2.0/[...directory].ts @ v26.2.0 (73bd08d1), line for line:
//   const [directoryId, path, resourceId] = query.directory;
//   request = { body: bodyParser(req), method, directoryId, resourceId, resourceType: path,
//               apiSecret: extractAuthToken(req),          // lib/auth.ts: the word after the first space
//               query: { count: parseInt, startIndex: parseInt, filter } }
//   const { status, data } = await directorySyncController.requests.handle(request);
//   return res.status(status).json(data);
// and what Next.js (pages router, trailingSlash false, as polis's next.config.js leaves it) does around
// an API route: a path ending in `/` is answered 308 to the same path without it, query kept
// (Location, `Refresh: 0;url=…`, the location as body); an exception in the handler is a 500 with the
// text body `Internal Server Error`; JSON answers are `application/json; charset=utf-8`. (Next's ETag
// and 1 MB body limit are not modelled.) polis's proxy.ts lets /api/scim/v2.0/** through unauthenticated
// and answers other /api/* paths 401 `{"error":{"message":"Unauthorized"}}`.
//
// Each start makes two directories, as an admin does in Jackson's UI: one of type `okta-scim-v2` and one
// of type `azure-scim-v2`. Jackson shows the Entra one's endpoint as `…/{id}/?aadOptscim062020`
// (npm/src/directory-sync/scim/DirectoryConfig.ts, transform()): `endpoint` is that text, `baseUrl` the
// usable SCIM base without Entra's flag.
//
// Process-wide state in Jackson, handled here: its database handle is cached on `global.__jacksonDb`
// (cleared before each start, so every tenant has its own store), and it starts timers it never stops
// (the in-memory store's TTL sweep, a daily SSO-trace sweep): those made while it starts are unref'd and
// cleared on close().
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { buildUser } from './builders';

export const JACKSON_VERSION = '26.2.0';
export const JACKSON_SCIM_PATH = '/api/scim/v2.0';
/** Entra's SCIM-compliance flag, as Jackson appends it to an Entra directory's endpoint. */
export const ENTRA_FLAG = 'aadOptscim062020';

export type JacksonDirectoryType = 'okta-scim-v2' | 'azure-scim-v2' | 'generic-scim-v2';

export interface JacksonDirectory {
  id: string;
  type: JacksonDirectoryType;
  /** The SCIM endpoint exactly as Jackson shows it to the admin (Entra: ends in `/?aadOptscim062020`). */
  endpoint: string;
  /** The SCIM base a client appends `/Users` to: `…/api/scim/v2.0/{id}`. */
  baseUrl: string;
  /** The directory's bearer secret (Jackson's "SCIM token"). */
  token: string;
}

export interface JacksonRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  status: number;
  directoryId?: string;
}

/** What Jackson hands the embedding app (its `dsync.callback`): user.created, group.user_added, … */
export interface JacksonEvent {
  event: string;
  directory_id: string;
  data: Record<string, unknown>;
}

export interface JacksonTenantOptions {
  /** Users created in each directory at start-up through its SCIM API (POST /Users, Okta's body shape). */
  users?: number;
  /** Groups created in each directory at start-up (POST /Groups), numbered from 1. */
  groups?: number;
  /** Jackson's `db.pageLimit` (default: Jackson's own, 50). */
  pageLimit?: number;
}

export interface JacksonTenant {
  origin: string;
  okta: JacksonDirectory;
  entra: JacksonDirectory;
  /** The Okta directory's base URL and token, for tests that need just one. */
  baseUrl: string;
  token: string;
  /** Every request received after start-up (seeding is not recorded), with the status answered. */
  requests: JacksonRequest[];
  /** Every event Jackson reported after start-up. */
  events: JacksonEvent[];
  /** Exceptions the route caught (answered 500) and lines Jackson logged as errors. */
  errors: string[];
  /** Creates users start..start+n-1 (buildUser) in the directory through its SCIM API; returns their Jackson ids. */
  seedUsers(dir: JacksonDirectory, n: number, start?: number): Promise<string[]>;
  /** Creates groups `Group 000001`… in the directory (POST /Groups), members added with Okta's PATCH; returns their ids. */
  seedGroups(dir: JacksonDirectory, n: number, opts?: { start?: number; memberIds?: string[] }): Promise<string[]>;
  /**
   * The user ids Jackson holds as the group's members, read through its library API (as the embedding
   * app reads them): Jackson's SCIM GET always answers `members: []`, so this is the only way to see
   * whether a membership PATCH took effect.
   */
  memberIds(dir: JacksonDirectory, groupId: string): Promise<string[]>;
  close(): Promise<void>;
}

interface DirectorySyncRequest {
  method: string;
  body: unknown;
  directoryId: string;
  resourceType: string;
  resourceId: string | undefined;
  apiSecret: string | null;
  query: { count?: number; startIndex?: number; filter?: string };
}

interface JacksonControllers {
  directorySyncController: {
    groups: { setTenantAndProduct(tenant: string, product: string): { getGroupMembers(p: { groupId: string; pageOffset: number; pageLimit: number }): Promise<{ data: Array<{ user_id: string }> | null }> } };
    directories: { create(p: { tenant: string; product: string; type: string; name: string }): Promise<{ data: { id: string; scim: { endpoint: string; secret: string } } | null; error: { message: string } | null }> };
    requests: { handle(r: DirectorySyncRequest): Promise<{ status: number; data: unknown }> };
  };
  close(): Promise<void>;
}

type JacksonFactory = (opts: Record<string, unknown>) => Promise<JacksonControllers>;

let factory: Promise<JacksonFactory> | undefined;
/** Jackson pulls in typeorm, the AWS SDK, mongodb…: loaded on first use (a few seconds), so other test files pay nothing. */
function loadJackson(): Promise<JacksonFactory> {
  factory ??= import('@boxyhq/saml-jackson').then((m) => {
    const mod = m as unknown as { default: JacksonFactory | { default: JacksonFactory } };
    return typeof mod.default === 'function' ? mod.default : mod.default.default;
  });
  return factory;
}

/**
 * Runs `start` while noting the timers Jackson's own code creates (identified by its path in the
 * stack); they are unref'd at once (a forgotten close() never holds the process) and returned so that
 * close() can clear them.
 */
async function catchingJacksonTimers<T>(start: () => Promise<T>): Promise<{ value: T; timers: NodeJS.Timeout[] }> {
  const timers: NodeJS.Timeout[] = [];
  const g = globalThis as unknown as { setTimeout: typeof setTimeout; setInterval: typeof setInterval };
  const realTimeout = g.setTimeout;
  const realInterval = g.setInterval;
  const note = (t: NodeJS.Timeout): NodeJS.Timeout => {
    if (/[\\/]@boxyhq[\\/]saml-jackson[\\/]/.test(new Error().stack ?? '')) { t.unref(); timers.push(t); }
    return t;
  };
  g.setTimeout = ((...a: Parameters<typeof setTimeout>) => note(realTimeout(...a))) as typeof setTimeout;
  g.setInterval = ((...a: Parameters<typeof setInterval>) => note(realInterval(...a)));
  try {
    return { value: await start(), timers };
  } finally {
    g.setTimeout = realTimeout;
    g.setInterval = realInterval;
  }
}

/** lib/auth.ts extractAuthToken: the second space-separated word of Authorization, whatever the scheme. */
function extractAuthToken(header: string | undefined): string | null {
  const parts = (header ?? '').split(' ');
  return parts.length > 1 ? (parts[1] ?? null) : null;
}

/** Next.js's API body parsing (JSON only for application/json) followed by polis's bodyParser (JSON.parse when it parses to an object). */
function parseBody(raw: string, contentType: string | undefined): { ok: true; body: unknown } | { ok: false } {
  const type = (contentType ?? 'text/plain').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json' || type === 'application/ld+json') {
    if (raw === '') return { ok: true, body: {} };
    try { return { ok: true, body: JSON.parse(raw) as unknown }; } catch { return { ok: false }; }
  }
  try {
    const parsed = JSON.parse(raw) as unknown;
    return { ok: true, body: typeof parsed === 'object' ? parsed : raw };
  } catch {
    return { ok: true, body: raw };
  }
}

/** Next.js's req.query: one value per key, an array when repeated. */
function nextQuery(search: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(search)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

function sendJson(res: http.ServerResponse, status: number, data: unknown): void {
  const body = JSON.stringify(data);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function sendText(res: http.ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

// One Jackson "tenant" per directory: Jackson keeps users and groups per tenant+product (a user id from
// one store is not readable through the other directory's endpoint), as two customers would be.
const tenantOf = (type: JacksonDirectoryType): string => `acme-${type}`;
const PRODUCT = 'scim-provisioning-tests';

export async function startJacksonTenant(opts: JacksonTenantOptions = {}): Promise<JacksonTenant> {
  const jackson = await loadJackson();
  const requests: JacksonRequest[] = [];
  const events: JacksonEvent[] = [];
  const errors: string[] = [];
  let recording = false;
  const state: { ctl?: JacksonControllers } = {};

  const server = http.createServer((req, res) => {
    const entry: JacksonRequest = { method: req.method ?? 'GET', url: req.url ?? '/', status: 0 };
    if (recording) requests.push(entry);
    res.on('finish', () => { entry.status = res.statusCode; });
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      handle(req, Buffer.concat(chunks).toString('utf8'), entry).then(
        (answer) => answer(res),
        () => sendText(res, 500, 'Internal Server Error'),
      );
    });
  });

  type Answer = (res: http.ServerResponse) => void;
  async function handle(req: http.IncomingMessage, raw: string, entry: JacksonRequest): Promise<Answer> {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const pathname = q < 0 ? url : url.slice(0, q);
    const search = q < 0 ? '' : url.slice(q);
    // Next.js: /a/b/ → 308 /a/b, query kept.
    if (pathname.length > 1 && pathname.endsWith('/')) {
      const location = pathname.replace(/\/+$/, '') + search;
      return (res) => sendText(res, 308, location, { location, refresh: `0;url=${location}` });
    }
    if (!pathname.startsWith(`${JACKSON_SCIM_PATH}/`)) {
      if (pathname.startsWith('/api/')) return (res) => sendJson(res, 401, { error: { message: 'Unauthorized' } });
      return (res) => sendText(res, 404, 'This page could not be found.');
    }
    let segments: string[];
    try {
      segments = pathname.slice(JACKSON_SCIM_PATH.length + 1).split('/').map((s) => decodeURIComponent(s));
    } catch {
      return (res) => sendText(res, 400, 'Bad Request');
    }
    const parsed = parseBody(raw, req.headers['content-type']);
    if (!parsed.ok) return (res) => sendText(res, 400, 'Invalid JSON');
    const query = nextQuery(search.slice(1));
    const [directoryId, path, resourceId] = segments;
    entry.directoryId = directoryId;
    const num = (v: string | string[] | undefined): number | undefined => (v ? parseInt(String(v), 10) : undefined);
    const request: DirectorySyncRequest = {
      body: parsed.body,
      method: req.method ?? 'GET',
      directoryId: directoryId ?? '',
      resourceId,
      // undefined for `…/{id}` with no resource: Jackson then throws (resourceType.toLowerCase()), a 500, as hosted.
      resourceType: path,
      apiSecret: extractAuthToken(req.headers.authorization),
      query: { count: num(query.count), startIndex: num(query.startIndex), filter: query.filter as string | undefined },
    };
    const ctl = state.ctl;
    if (!ctl) return (res) => sendText(res, 503, 'Service Unavailable');
    try {
      const { status, data } = await ctl.directorySyncController.requests.handle(request);
      return (res) => sendJson(res, status, data);
    } catch (e) {
      errors.push(e instanceof Error ? e.message : String(e));
      return (res) => sendText(res, 500, 'Internal Server Error');
    }
  }

  const sockets = new Set<Socket>();
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => { server.off('error', reject); resolve(); });
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // Each tenant its own in-memory store: Jackson caches its database handle process-wide.
  delete (globalThis as { __jacksonDb?: unknown }).__jacksonDb;
  const { value: ctl, timers } = await catchingJacksonTimers(() => jackson({
    externalUrl: origin,
    samlPath: '/api/oauth/saml',
    db: { engine: 'mem', ...(opts.pageLimit ? { pageLimit: opts.pageLimit } : {}) },
    noAnalytics: true,
    logger: { info: () => undefined, warn: () => undefined, error: (m: string) => { errors.push(m); } },
    dsync: { callback: (e: JacksonEvent): Promise<void> => { if (recording) events.push(e); return Promise.resolve(); } },
  }));
  state.ctl = ctl;

  const makeDirectory = async (type: JacksonDirectoryType, name: string): Promise<JacksonDirectory> => {
    const { data, error } = await ctl.directorySyncController.directories.create({ tenant: tenantOf(type), product: PRODUCT, type, name });
    if (!data) throw new Error(`Jackson refused the ${type} directory: ${error?.message ?? 'no reason given'}`);
    return { id: data.id, type, endpoint: data.scim.endpoint, baseUrl: `${origin}${JACKSON_SCIM_PATH}/${data.id}`, token: data.scim.secret };
  };
  const okta = await makeDirectory('okta-scim-v2', 'Okta');
  const entra = await makeDirectory('azure-scim-v2', 'Entra ID');

  const send = async (dir: JacksonDirectory, method: string, path: string, body: unknown): Promise<Record<string, unknown>> => {
    const res = await fetch(`${dir.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${dir.token}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status !== 200 && res.status !== 201) throw new Error(`Jackson refused ${method} ${path}: HTTP ${res.status} ${text.slice(0, 200)}`);
    return JSON.parse(text) as Record<string, unknown>;
  };
  const seedUsers = async (dir: JacksonDirectory, n: number, start = 1): Promise<string[]> => {
    const ids: string[] = [];
    for (let k = start; k < start + n; k++) {
      const u = buildUser(k);
      // Okta's create body (okta-developer-docs reference/scim/scim-20 "Create the User").
      const created = await send(dir, 'POST', '/Users', {
        schemas: u.schemas, userName: u.userName, name: { givenName: u.name.givenName, familyName: u.name.familyName },
        emails: u.emails, displayName: u.displayName, locale: 'en-US', externalId: u.externalId, groups: [], active: u.active,
      });
      ids.push(String(created.id));
    }
    return ids;
  };
  const seedGroups = async (dir: JacksonDirectory, n: number, o: { start?: number; memberIds?: string[] } = {}): Promise<string[]> => {
    const ids: string[] = [];
    const start = o.start ?? 1;
    for (let k = start; k < start + n; k++) {
      // Okta Push Groups: POST /Groups, then a PATCH adding members (scim-20 "Create Groups", "Update specific Group membership").
      const created = await send(dir, 'POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: `Group ${String(k).padStart(6, '0')}`, members: [] });
      const id = String(created.id);
      if (o.memberIds?.length) {
        await send(dir, 'PATCH', `/Groups/${id}`, {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [{ op: 'add', path: 'members', value: o.memberIds.map((value) => ({ value })) }],
        });
      }
      ids.push(id);
    }
    return ids;
  };

  const memberIds = async (dir: JacksonDirectory, groupId: string): Promise<string[]> => {
    const groups = ctl.directorySyncController.groups.setTenantAndProduct(tenantOf(dir.type), PRODUCT);
    const ids: string[] = [];
    const limit = opts.pageLimit ?? 50;
    for (let offset = 0; ; offset += limit) {
      const page = (await groups.getGroupMembers({ groupId, pageOffset: offset, pageLimit: limit })).data ?? [];
      ids.push(...page.map((m) => m.user_id));
      if (page.length < limit) return ids;
    }
  };

  for (const dir of [okta, entra]) {
    const userIds = await seedUsers(dir, opts.users ?? 0);
    await seedGroups(dir, opts.groups ?? 0, { memberIds: userIds.slice(0, 3) });
  }
  recording = true;

  let closed = false;
  return {
    origin,
    okta,
    entra,
    baseUrl: okta.baseUrl,
    token: okta.token,
    requests,
    events,
    errors,
    seedUsers,
    seedGroups,
    memberIds,
    close: async () => {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      await ctl.close();
      for (const t of timers) clearTimeout(t);
      const g = globalThis as { __jacksonDb?: unknown };
      delete g.__jacksonDb;
    },
  };
}
