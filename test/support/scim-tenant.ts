// A real SCIM 2.0 tenant for tests and `npm start`: scimmy + scimmy-routers on express 4, an
// in-memory user store, bearer auth, and knobs for latency, rate limiting and a read-only token.
//
// scimmy is a process-wide singleton (Resources.declare is global). The User handlers are declared
// once and find their store through the per-router `context` (each tenant's router passes its own
// tenant), so several tenants can run in one process. Shared global state that remains: the
// ServiceProviderConfig (identical for all tenants) and resource `basepath`s, which scimmy-routers
// sets on every request (relative locations, so harmless).
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import SCIMMY from 'scimmy';
import SCIMMYRouters from 'scimmy-routers';
import { buildScimError, buildUser } from './builders';
import type { User } from './builders';

export interface TenantOptions {
  /** 0 (default) = ephemeral. */
  port?: number;
  host?: string;
  token?: string;
  /** Reads allowed, writes answered 403. */
  readOnlyToken?: string;
  /** A count of generated users, or partial users (filled in by buildUser). */
  users?: number | Array<Partial<User>>;
  /** Added before every SCIM answer. */
  latencyMs?: number;
  /**
   * `{every, retryAfter}`: the first of every `every` requests is answered 429 with this Retry-After.
   * `{max, windowMs, header}`: a window limiter like Better Auth's (at most `max` requests per window,
   * then 429 naming the seconds left of the window in `header`, default Retry-After; `textPlain`
   * sends a text/plain 429 as a generic limiter does); `forever: true` never lets up.
   * `methods` limits only requests with those methods (e.g. ['DELETE']); the others pass.
   */
  rateLimit?: ({ every: number; retryAfter: string; header?: WindowRateLimit['header'] } | WindowRateLimit) & { methods?: string[] };
  basePath?: string;
}

export interface WindowRateLimit {
  max: number;
  windowMs: number;
  header?: 'retry-after' | 'x-retry-after' | 'ratelimit-reset';
  textPlain?: boolean;
  forever?: boolean;
}

/** A fixed-window limiter: `limited()` says whether this request is over and how many seconds are left. */
function windowLimiter(rule: WindowRateLimit): () => number | undefined {
  let windowStart = 0;
  let count = 0;
  return () => {
    const now = Date.now();
    if (now - windowStart >= rule.windowMs) { windowStart = now; count = 0; }
    count++;
    if (!rule.forever && count <= rule.max) return undefined;
    return Math.max(1, Math.ceil((windowStart + rule.windowMs - now) / 1000));
  };
}

export interface RecordedRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  authPresent: boolean;
  /** The Authorization header carried one of this tenant's tokens. */
  authValid: boolean;
  userAgent?: string;
  /** Answered 429 by the tenant's rate limiter. */
  limited?: boolean;
}

/** The in-memory user store, in insertion order, with a case-insensitive userName index. */
export class TenantStore {
  private readonly byId = new Map<string, User>();
  private readonly byUserName = new Map<string, string>();
  private ordered: User[] | undefined;

  constructor(users: User[] = []) {
    for (const u of users) this.add(u);
  }

  get size(): number { return this.byId.size; }

  list(): User[] {
    this.ordered ??= [...this.byId.values()];
    return this.ordered;
  }

  get(id: string): User | undefined { return this.byId.get(id); }

  findByUserName(userName: string): User | undefined {
    const id = this.byUserName.get(userName.toLowerCase());
    return id === undefined ? undefined : this.byId.get(id);
  }

  add(user: User): User {
    const key = user.userName.toLowerCase();
    const clash = this.byUserName.get(key);
    if (clash !== undefined && clash !== user.id) {
      throw new SCIMMY.Types.Error(409, 'uniqueness', `userName '${user.userName}' already exists`);
    }
    const previous = this.byId.get(user.id);
    if (previous) this.byUserName.delete(previous.userName.toLowerCase());
    this.byId.set(user.id, user);
    this.byUserName.set(key, user.id);
    if (!previous) this.ordered?.push(user);
    else this.ordered = undefined;
    return user;
  }

  remove(id: string): boolean {
    const u = this.byId.get(id);
    if (!u) return false;
    this.byId.delete(id);
    this.byUserName.delete(u.userName.toLowerCase());
    this.ordered = undefined;
    return true;
  }
}

export interface ScimTenant {
  /** e.g. http://127.0.0.1:PORT/api/v1/scim */
  baseUrl: string;
  origin: string;
  port: number;
  token: string;
  readOnlyToken?: string;
  requests: RecordedRequest[];
  users: TenantStore;
  close(): Promise<void>;
}

interface TenantContext { store: TenantStore }

type Filter = Array<Record<string, unknown>> & { match(values: unknown[]): unknown[] };
interface ResourceLike {
  id?: string;
  filter?: Filter;
  constraints?: { startIndex?: number; count?: number; totalResults?: number };
}

function storeOf(ctx: unknown): TenantStore {
  const store = (ctx as TenantContext | undefined)?.store;
  if (!store) throw new SCIMMY.Types.Error(500, undefined as unknown as string, 'tenant context missing');
  return store;
}

/** `userName eq "x"` as a parsed scimmy filter → x, else undefined. */
function userNameEq(filter: Filter | undefined): string | undefined {
  if (!filter || filter.length !== 1) return undefined;
  const expr = filter[0] ?? {};
  const keys = Object.keys(expr);
  if (keys.length !== 1 || keys[0]?.toLowerCase() !== 'username') return undefined;
  const cmp = expr[keys[0]];
  return Array.isArray(cmp) && cmp.length === 2 && cmp[0] === 'eq' && typeof cmp[1] === 'string' ? cmp[1] : undefined;
}

/**
 * The page scimmy should be handed. scimmy's ListResponse slices `Resources` again from startIndex
 * when `length >= startIndex` and `totalResults !== length + startIndex - 1`; when that would
 * happen to a pre-cut page, hand it the prefix as well so its slice lands on the right page.
 */
export function pageForScimmy<T>(all: readonly T[], startIndex: number, count: number): T[] {
  const s = Math.max(1, startIndex);
  const total = all.length;
  const page = all.slice(s - 1, s - 1 + count);
  const slicesAgain = (len: number): boolean => len >= s && total !== len + s - 1;
  if (s === 1 || !slicesAgain(page.length)) return page;
  const padded = all.slice(0, s - 1 + count);
  if (slicesAgain(padded.length)) return padded;
  // Only possible for a full page: one extra item makes scimmy slice; its truncation to count drops it.
  const extra = all[0];
  return extra === undefined ? padded : [...padded, extra];
}

let declared = false;
function declareUsersOnce(): void {
  if (declared) return;
  declared = true;
  SCIMMY.Resources.declare(SCIMMY.Resources.User, {
    egress: (resource: unknown, ctx: unknown) => {
      const store = storeOf(ctx);
      const r = resource as ResourceLike;
      if (r.id !== undefined) {
        const u = store.get(r.id);
        if (!u) throw new SCIMMY.Types.Error(404, undefined as unknown as string, `Resource ${r.id} not found`);
        return u;
      }
      let matches: User[];
      const eq = userNameEq(r.filter);
      if (eq !== undefined) {
        const u = store.findByUserName(eq);
        matches = u ? [u] : [];
      } else if (r.filter) {
        matches = r.filter.match(store.list()) as User[];
      } else {
        matches = store.list();
      }
      const startIndex = r.constraints?.startIndex ?? 1;
      const count = r.constraints?.count ?? 20;
      r.constraints = { ...(r.constraints ?? {}), totalResults: matches.length };
      return pageForScimmy(matches, startIndex, count);
    },
    ingress: (resource: unknown, instance: unknown, ctx: unknown) => {
      const store = storeOf(ctx);
      const r = resource as ResourceLike;
      const data = JSON.parse(JSON.stringify(instance)) as Omit<User, 'id'>;
      if (r.id !== undefined) {
        if (!store.get(r.id)) throw new SCIMMY.Types.Error(404, undefined as unknown as string, `Resource ${r.id} not found`);
        return store.add({ ...data, id: r.id });
      }
      return store.add({ ...data, id: randomUUID() });
    },
    degress: (resource: unknown, ctx: unknown) => {
      const store = storeOf(ctx);
      const id = (resource as ResourceLike).id ?? '';
      if (!store.remove(id)) throw new SCIMMY.Types.Error(404, undefined as unknown as string, `Resource ${id} not found`);
    },
  });
}

function seedUsers(users: TenantOptions['users']): User[] {
  if (users === undefined) return [];
  if (typeof users === 'number') return Array.from({ length: users }, (_, k) => buildUser(k + 1));
  return users.map((partial, k) => buildUser(k + 1, partial));
}

export async function startScimTenant(opts: TenantOptions = {}): Promise<ScimTenant> {
  declareUsersOnce();
  const token = opts.token ?? `tenant-token-${randomUUID()}`;
  const readOnlyToken = opts.readOnlyToken;
  const basePath = (opts.basePath ?? '/api/v1/scim').replace(/\/+$/, '');
  const host = opts.host ?? '127.0.0.1';
  const store = new TenantStore(seedUsers(opts.users));
  const requests: RecordedRequest[] = [];
  const context: TenantContext = { store };
  let counter = 0;

  const app = express();
  app.disable('x-powered-by');
  app.use((req: Request, _res: Response, next: NextFunction) => {
    const auth = req.header('authorization');
    requests.push({
      method: req.method,
      url: req.originalUrl,
      authPresent: auth !== undefined,
      authValid: auth === `Bearer ${token}` || (readOnlyToken !== undefined && auth === `Bearer ${readOnlyToken}`),
      ...(req.header('user-agent') ? { userAgent: req.header('user-agent') } : {}),
    });
    next();
  });
  const rule = opts.rateLimit;
  const overWindow = rule && 'max' in rule ? windowLimiter(rule) : undefined;
  app.use(basePath, (req: Request, res: Response, next: NextFunction) => {
    const counted = !rule?.methods || rule.methods.includes(req.method);
    if (counted) counter++;
    if (counted && rule && 'every' in rule && (counter - 1) % Math.max(1, rule.every) === 0) {
      res.status(429).set(rule.header ?? 'retry-after', rule.retryAfter).type('application/scim+json')
        .send(JSON.stringify(buildScimError(429, 'Too many requests')));
      const last = requests[requests.length - 1];
      if (last) last.limited = true;
      return;
    }
    const wait = counted ? overWindow?.() : undefined;
    if (rule && 'max' in rule && wait !== undefined) {
      res.status(429).set(rule.header ?? 'retry-after', String(wait));
      if (rule.textPlain) res.type('text/plain').send(JSON.stringify({ message: 'Too many requests. Please try again later.' }));
      else res.type('application/scim+json').send(JSON.stringify(buildScimError(429, 'Too many requests')));
      const last = requests[requests.length - 1];
      if (last) last.limited = true;
      return;
    }
    const writes = req.method !== 'GET' && req.method !== 'HEAD';
    if (writes && readOnlyToken !== undefined && req.header('authorization') === `Bearer ${readOnlyToken}`) {
      res.status(403).type('application/scim+json').send(JSON.stringify(buildScimError(403, 'This token may only read')));
      return;
    }
    if (opts.latencyMs) setTimeout(next, opts.latencyMs);
    else next();
  });
  app.use(basePath, new SCIMMYRouters({
    type: 'bearer',
    docUri: 'https://example.invalid/scim-auth',
    handler: (req: Request) => {
      const auth = req.header('authorization');
      if (auth === `Bearer ${token}` || (readOnlyToken !== undefined && auth === `Bearer ${readOnlyToken}`)) return 'tenant-admin';
      throw new Error(auth ? 'The bearer token is not valid for this tenant' : 'Authorization header missing');
    },
    context: () => context,
  }) as unknown as express.Router);

  const server = http.createServer(app);
  const sockets = new Set<Socket>();
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => { server.off('error', reject); resolve(); });
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    baseUrl: `${origin}${basePath}`,
    origin,
    port,
    token,
    ...(readOnlyToken !== undefined ? { readOnlyToken } : {}),
    requests,
    users: store,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    }),
  };
}
