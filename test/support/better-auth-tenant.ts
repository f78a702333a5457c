// A second real SCIM server that no one here wrote: Better Auth's SCIM plugin (@better-auth/scim with
// better-auth, on SQLite in memory through better-sqlite3), unmodified, on 127.0.0.1. The bearer
// token is static plugin configuration (one connection, one credential); the tables come from
// better-auth's own migrations; users are created through its SCIM API (POST /Users). Its rate
// limiter is the real one (`rateLimit: {window, max}` per path, 429 as text/plain with
// X-Retry-After), switched on and off with `limiting` through a documented per-path rule, so one
// seeded server serves both kinds of test (the limiter's memory is process-wide in Better Auth).
// The SCIM base is /api/auth/scim/v2.
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { buildUser } from './builders';

export interface BetterAuthTenantOptions {
  /** Users created at start-up through POST /Users (default 0). */
  users?: number;
  token?: string;
  /** Better Auth's rate limiter: at most `max` requests per `window` seconds per path, while `limiting`. */
  rateLimit?: { window: number; max: number };
}

export interface BetterAuthTenant {
  /** http://127.0.0.1:PORT/api/auth/scim/v2 */
  baseUrl: string;
  origin: string;
  token: string;
  /** Every request the server received: method and path with query, and the status it answered. */
  requests: Array<{ method: string; url: string; status: number }>;
  /** The rate limiter applies (only with `rateLimit`); false after start-up. */
  limiting: boolean;
  close(): Promise<void>;
}

export const BETTER_AUTH_SCIM_PATH = '/api/auth/scim/v2';

/** Better Auth is ESM-only: loaded on first use, so test files that do not need it pay nothing. */
async function load(): Promise<{
  betterAuth: (o: Record<string, unknown>) => unknown;
  getMigrations: (o: Record<string, unknown>) => Promise<{ runMigrations(): Promise<void> }>;
  toNodeHandler: (auth: unknown) => (req: http.IncomingMessage, res: http.ServerResponse) => void;
  scim: (o: Record<string, unknown>) => unknown;
  Database: new (file: string) => unknown;
}> {
  const [core, migration, node, plugin] = await Promise.all([
    import('better-auth'), import('better-auth/db/migration'), import('better-auth/node'), import('@better-auth/scim'),
  ]);
  // better-sqlite3 ships no types.
  const sqlite = (await import('better-sqlite3')) as unknown as { default: new (file: string) => unknown };
  return {
    betterAuth: core.betterAuth as unknown as (o: Record<string, unknown>) => unknown,
    getMigrations: migration.getMigrations as unknown as (o: Record<string, unknown>) => Promise<{ runMigrations(): Promise<void> }>,
    toNodeHandler: node.toNodeHandler as unknown as (auth: unknown) => (req: http.IncomingMessage, res: http.ServerResponse) => void,
    scim: plugin.scim as unknown as (o: Record<string, unknown>) => unknown,
    Database: sqlite.default,
  };
}

export async function startBetterAuthTenant(opts: BetterAuthTenantOptions = {}): Promise<BetterAuthTenant> {
  const lib = await load();
  const token = opts.token ?? `better-auth-token-${randomBytes(12).toString('hex')}`;
  const requests: BetterAuthTenant['requests'] = [];
  // Set once Better Auth is up; `limiting` switches its rate limiter (see the header).
  const state: { handler?: (req: http.IncomingMessage, res: http.ServerResponse) => void; limiting: boolean } = { limiting: false };
  const server = http.createServer((req, res) => {
    const entry = { method: req.method ?? 'GET', url: req.url ?? '/', status: 0 };
    requests.push(entry);
    res.on('finish', () => { entry.status = res.statusCode; });
    if (state.handler) state.handler(req, res);
    else { res.writeHead(503); res.end(); }
  });
  const sockets = new Set<Socket>();
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => { server.off('error', reject); resolve(); });
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // The limiter applies only while `tenant.limiting` (a documented per-path rule); never while seeding.
  const options: Record<string, unknown> = {
    database: new lib.Database(':memory:'),
    secret: randomBytes(32).toString('hex'),
    baseURL: origin,
    logger: { disabled: true },
    telemetry: { enabled: false },
    rateLimit: opts.rateLimit
      ? { enabled: true, window: opts.rateLimit.window, max: opts.rateLimit.max, customRules: { '/scim/**': (_req: unknown, rule: unknown) => (state.limiting ? rule : false) } }
      : { enabled: false },
    plugins: [lib.scim({ connections: [{ id: 'tests', credentials: [{ type: 'bearer', id: 'ci', token }] }] })],
  };
  const migrations = await lib.getMigrations(options);
  await migrations.runMigrations();
  state.handler = lib.toNodeHandler(lib.betterAuth(options));

  const baseUrl = origin + BETTER_AUTH_SCIM_PATH;
  const create = async (k: number): Promise<void> => {
    const u = buildUser(k);
    const res = await fetch(`${baseUrl}/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({ schemas: u.schemas, userName: u.userName, externalId: u.id, name: u.name, displayName: u.displayName, emails: u.emails, active: u.active }),
    });
    if (res.status !== 201) throw new Error(`Better Auth refused user ${k}: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
  };
  // A few at a time (in order of creation within each batch): SQLite serialises the writes anyway.
  const total = opts.users ?? 0;
  for (let k = 1; k <= total; k += 8) {
    await Promise.all(Array.from({ length: Math.min(8, total - k + 1) }, (_, j) => create(k + j)));
  }
  requests.length = 0;
  return {
    baseUrl,
    origin,
    token,
    requests,
    get limiting() { return state.limiting; },
    set limiting(on: boolean) { state.limiting = on && opts.rateLimit !== undefined; },
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    }),
  };
}
