// Purpose-built SCIM servers for the conformance check: raw node:http, users from the builders.
// With no quirks the server follows RFC 7644 (every conformance check passes); each quirk breaks
// one thing the way real tenants do (0-based paging, string counters, no 409, HTML errors, …).
import * as http from 'node:http';
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { AddressInfo, Socket } from 'node:net';
import { buildListResponse, buildScimError, buildUsers, USER_SCHEMA } from './builders';
import type { User } from './builders';

export interface BrokenQuirks {
  /** startIndex is taken as a 0-based offset (startIndex=1 skips the first user). */
  zeroBased?: boolean;
  /** totalResults/startIndex/itemsPerPage as JSON strings. */
  stringCounters?: boolean;
  /** itemsPerPage echoes the requested count. */
  echoCount?: boolean;
  /** Every page after the first repeats the last `overlap` users of the previous one. */
  overlap?: number;
  /** A duplicate userName is accepted with 201 (no 409). */
  noConflict?: boolean;
  /** Every error is an HTML page (text/html). */
  htmlErrors?: boolean;
  /** 401 without WWW-Authenticate. */
  noWwwAuthenticate?: boolean;
  /** Writes to discovery endpoints answered 404 instead of 405. */
  discoveryWrites404?: boolean;
  /** Those 404s are empty and untyped (Better Auth's way), not SCIM Errors. */
  discoveryWrites404Empty?: boolean;
  /** userName eq compares case-sensitively. */
  caseSensitiveUserName?: boolean;
  /** Answer this method on /Users/{id} with this status (e.g. PUT → 500), mid-way through a write run. */
  failOn?: { method: 'PUT' | 'PATCH' | 'DELETE' | 'POST'; status: number };
  /** DELETE is not supported (405), like many Okta-only servers. */
  noDelete?: boolean;
  /** Content-Type application/json instead of application/scim+json. */
  plainJson?: boolean;
  /** Error details quote the Authorization header received (a careless server; tests redaction). */
  echoAuthorization?: boolean;
  /** Attributes silently dropped from every user stored (e.g. ['timezone'], as some tenants do). */
  dropAttributes?: string[];
  /** The first `times` requests of this method on /Users/{id} are answered `status` (429: with Retry-After). */
  failFirst?: { method: 'GET' | 'PUT' | 'PATCH' | 'DELETE'; status: number; times: number; retryAfter?: string };
  /** DELETE answers 204 but keeps the user. */
  keepOnDelete?: boolean;
  /** The filter is ignored: GET /Users?filter=… answers with every user. */
  ignoreFilter?: boolean;
}

export interface BrokenRequest {
  method: string;
  url: string;
  path: string;
  authorization?: string;
}

export interface BrokenServerOptions {
  users?: number | User[];
  token: string;
  quirks?: BrokenQuirks;
  /** Page cap, advertised as filter.maxResults. Default 200. */
  maxResults?: number;
  /** Awaited before answering (tests: hold a request while the client cancels). */
  hold?: (req: BrokenRequest) => Promise<void> | undefined;
}

export interface BrokenServer {
  /** http://127.0.0.1:PORT/scim/v2 */
  baseUrl: string;
  token: string;
  /** The store, in insertion order. */
  users: Map<string, User>;
  requests: BrokenRequest[];
  /** 'request' (BrokenRequest) on every arrival, before it is answered. */
  events: EventEmitter;
  close(): Promise<void>;
}

const SPC_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

function project(user: User, attributes?: string, excluded?: string): Record<string, unknown> {
  const u = user as unknown as Record<string, unknown>;
  if (attributes) {
    const keep = new Set(attributes.split(',').map((a) => a.trim().toLowerCase()));
    return Object.fromEntries(Object.entries(u).filter(([k]) => k === 'id' || k === 'schemas' || keep.has(k.toLowerCase())));
  }
  if (excluded) {
    const drop = new Set(excluded.split(',').map((a) => a.trim().toLowerCase()));
    return Object.fromEntries(Object.entries(u).filter(([k]) => k === 'id' || !drop.has(k.toLowerCase())));
  }
  return u;
}

export async function startBrokenServer(opts: BrokenServerOptions): Promise<BrokenServer> {
  const q = opts.quirks ?? {};
  const maxResults = opts.maxResults ?? 200;
  const seed = typeof opts.users === 'number' ? buildUsers(opts.users) : (opts.users ?? []);
  const users = new Map<string, User>(seed.map((u) => [u.id, u]));
  const requests: BrokenRequest[] = [];
  const events = new EventEmitter();
  const base = '/scim/v2';

  const send = (res: http.ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void => {
    if (body === undefined) { res.writeHead(status, headers).end(); return; }
    res.writeHead(status, { 'content-type': q.plainJson ? 'application/json' : 'application/scim+json', ...headers }).end(JSON.stringify(body));
  };
  let currentAuth = '';
  const error = (res: http.ServerResponse, status: number, message: string, scimType?: string, headers: Record<string, string> = {}): void => {
    const detail = q.echoAuthorization ? `${message} (Authorization: ${currentAuth})` : message;
    if (q.htmlErrors) {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers })
        .end(`<!DOCTYPE html><html><head><title>Error ${status}</title></head><body><h1>${status}</h1><p>${detail}</p></body></html>`);
      return;
    }
    send(res, status, buildScimError(status, detail, scimType), headers);
  };
  const counter = (n: number): number | string => (q.stringCounters ? String(n) : n);
  const stored = (u: User): User => {
    const copy = { ...u } as Record<string, unknown>;
    for (const a of q.dropAttributes ?? []) delete copy[a];
    return copy as unknown as User;
  };
  let failed = 0;
  const byUserName = (name: string, exact = false): User | undefined =>
    [...users.values()].find((u) => (exact ? u.userName === name : u.userName.toLowerCase() === name.toLowerCase()));

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse, text: string): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://x');
    const r: BrokenRequest = { method: req.method ?? 'GET', url: req.url ?? '/', path: url.pathname, ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) };
    requests.push(r);
    currentAuth = req.headers.authorization ?? '';
    events.emit('request', r);
    await opts.hold?.(r);
    if (!url.pathname.startsWith(base)) { error(res, 404, 'Not found'); return; }
    if (req.headers.authorization !== `Bearer ${opts.token}`) {
      error(res, 401, 'Invalid token', undefined, q.noWwwAuthenticate ? {} : { 'www-authenticate': 'Bearer realm="scim"' });
      return;
    }
    const path = url.pathname.slice(base.length).replace(/\/+$/, '');
    const method = req.method ?? 'GET';
    let body: Record<string, unknown> = {};
    if (text.trim()) {
      try { body = JSON.parse(text) as Record<string, unknown>; } catch { error(res, 400, 'Body is not JSON', 'invalidSyntax'); return; }
    }

    if (['/ServiceProviderConfig', '/Schemas', '/ResourceTypes'].includes(path)) {
      if (method !== 'GET' && q.discoveryWrites404Empty) { res.writeHead(404, { 'content-length': '0' }); res.end(); return; }
      if (method !== 'GET') { error(res, q.discoveryWrites404 ? 404 : 405, 'Discovery endpoints are read-only'); return; }
      if (path === '/ServiceProviderConfig') {
        send(res, 200, {
          schemas: [SPC_SCHEMA],
          patch: { supported: true }, bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
          filter: { supported: true, maxResults }, changePassword: { supported: false }, sort: { supported: false }, etag: { supported: false },
          authenticationSchemes: [{ type: 'oauthbearertoken', name: 'OAuth Bearer Token', description: 'Bearer token' }],
        });
      } else if (path === '/Schemas') {
        send(res, 200, buildListResponse([{ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'], id: USER_SCHEMA, name: 'User', attributes: [] }]));
      } else {
        send(res, 200, buildListResponse([{ schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'], id: 'User', name: 'User', endpoint: '/Users', schema: USER_SCHEMA }]));
      }
      return;
    }

    if (path === '/Users' && method === 'GET') {
      const filter = url.searchParams.get('filter');
      let matches = [...users.values()];
      if (filter && !q.ignoreFilter) {
        const m = /^userName eq "(.*)"$/i.exec(filter.trim());
        if (!m) { error(res, 400, 'Unsupported filter', 'invalidFilter'); return; }
        const found = byUserName(m[1] ?? '', q.caseSensitiveUserName);
        matches = found ? [found] : [];
      }
      const startIndex = Math.max(q.zeroBased ? 0 : 1, Number(url.searchParams.get('startIndex') ?? '1') || (q.zeroBased ? 0 : 1));
      const requested = url.searchParams.has('count') ? Math.max(0, Number(url.searchParams.get('count')) || 0) : 100;
      const count = Math.min(requested, maxResults);
      let offset = q.zeroBased ? startIndex : startIndex - 1;
      if (q.overlap && offset > 0) offset = Math.max(0, offset - q.overlap);
      const page = matches.slice(offset, offset + count).map((u) => project(u, url.searchParams.get('attributes') ?? undefined, url.searchParams.get('excludedAttributes') ?? undefined));
      const list = buildListResponse(page, { totalResults: matches.length, startIndex, itemsPerPage: q.echoCount ? requested : page.length });
      send(res, 200, { ...list, totalResults: counter(list.totalResults), startIndex: counter(list.startIndex), itemsPerPage: counter(list.itemsPerPage) });
      return;
    }
    if (path === '/Users' && method === 'POST') {
      if (typeof body.userName !== 'string' || !body.userName) { error(res, 400, 'userName is required', 'invalidValue'); return; }
      if (!q.noConflict && byUserName(body.userName)) { error(res, 409, `userName ${body.userName} already exists`, 'uniqueness'); return; }
      const user = stored({ ...(body as unknown as User), id: randomUUID() });
      users.set(user.id, user);
      send(res, 201, user);
      return;
    }
    const m = /^\/Users\/([^/]+)$/.exec(path);
    if (m) {
      const id = decodeURIComponent(m[1] ?? '');
      if (q.failOn && q.failOn.method === method) { error(res, q.failOn.status, 'Injected failure'); return; }
      if (q.failFirst && q.failFirst.method === method && failed < q.failFirst.times) {
        failed++;
        error(res, q.failFirst.status, 'Injected failure', undefined, q.failFirst.retryAfter !== undefined ? { 'retry-after': q.failFirst.retryAfter } : {});
        return;
      }
      const user = users.get(id);
      if (!user) { error(res, 404, `User ${id} not found`); return; }
      if (method === 'GET') { send(res, 200, project(user, url.searchParams.get('attributes') ?? undefined, url.searchParams.get('excludedAttributes') ?? undefined)); return; }
      if (method === 'PUT') {
        const next = stored({ ...(body as unknown as User), id });
        users.set(id, next);
        send(res, 200, next);
        return;
      }
      if (method === 'PATCH') {
        const schemas = Array.isArray(body.schemas) ? body.schemas : [];
        const ops = Array.isArray(body.Operations) ? (body.Operations as Array<Record<string, unknown>>) : undefined;
        if (!schemas.includes(PATCH_SCHEMA) || !ops) { error(res, 400, 'Not a PatchOp', 'invalidSyntax'); return; }
        const next: Record<string, unknown> = { ...user };
        for (const op of ops) {
          if (String(op.op).toLowerCase() !== 'replace') { error(res, 400, `Unsupported op ${String(op.op)}`, 'invalidSyntax'); return; }
          if (typeof op.path === 'string') next[op.path] = op.value;
          else if (op.value && typeof op.value === 'object') Object.assign(next, op.value);
        }
        const kept = stored(next as unknown as User);
        users.set(id, kept);
        send(res, 200, kept);
        return;
      }
      if (method === 'DELETE') {
        if (q.noDelete) { error(res, 405, 'DELETE is not supported'); return; }
        if (!q.keepOnDelete) users.delete(id);
        send(res, 204);
        return;
      }
    }
    error(res, 404, 'Endpoint not found');
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      handle(req, res, Buffer.concat(chunks).toString('utf8')).catch((e: unknown) => {
        if (!res.headersSent) res.writeHead(500).end(String(e));
      });
    });
  });
  const sockets = new Set<Socket>();
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}${base}`,
    token: opts.token,
    users,
    requests,
    events,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    }),
  };
}

/** Resolves with the first request matching `pred` (already arrived or arriving later). */
export function nextRequest(server: BrokenServer, pred: (r: BrokenRequest) => boolean): Promise<BrokenRequest> {
  const seen = server.requests.find(pred);
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve) => {
    const on = (r: BrokenRequest): void => { if (pred(r)) { server.events.off('request', on); resolve(r); } };
    server.events.on('request', on);
  });
}

/**
 * For a mocha suite: `serve()` starts a broken server (closed after each test); `hold()` gives a
 * gate a test can hold requests on (released after each test). Call inside `describe`.
 */
export function brokenServersPerTest(defaults: BrokenServerOptions): { serve: (opts?: Partial<BrokenServerOptions>) => Promise<BrokenServer>; gate: () => Promise<void> } {
  const servers: BrokenServer[] = [];
  const releases: Array<() => void> = [];
  afterEach(async () => {
    for (const r of releases.splice(0)) r();
    while (servers.length) await servers.pop()?.close();
  });
  return {
    serve: async (opts = {}) => {
      const s = await startBrokenServer({ ...defaults, ...opts });
      servers.push(s);
      return s;
    },
    gate: () => new Promise<void>((resolve) => { releases.push(resolve); }),
  };
}
