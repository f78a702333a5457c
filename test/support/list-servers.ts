// Raw node:http SCIM list servers for paging tests and benchmarks: a fast pre-serialised
// `GET /Users` (N users, per-request latency, a page cap advertised in /ServiceProviderConfig) and
// knobs for each way real tenants get paging wrong. Data from the builders, never copied blobs.
import * as http from 'node:http';
import { EventEmitter } from 'node:events';
import type { AddressInfo, Socket } from 'node:net';
import { buildScimError, buildUsers, LIST_RESPONSE_SCHEMA } from './builders';
import type { User } from './builders';

export interface ListQuirks {
  /** `itemsPerPage` echoes the requested count instead of the number returned. */
  echoCount?: boolean;
  /** A lie in `totalResults`: a fixed number, or a function of the real total. */
  totalResults?: number | ((real: number) => number);
  /** Leave `totalResults` out. */
  omitTotalResults?: boolean;
  /** Always answer the first page, whatever `startIndex` says. */
  ignoreStartIndex?: boolean;
  /** Treat `startIndex` as a 0-based offset (startIndex=1 skips the first user). */
  zeroBased?: boolean;
  /** Counters as JSON strings ("100"). */
  stringCounters?: boolean;
  /** Ignore `count`: answer everything from startIndex (still bounded by maxResults when set). */
  ignoreCount?: boolean;
  /** Every page repeats the last `n` users of the previous one (startIndex - n). */
  overlap?: number;
  /** Endless: every page has fresh ids, totalResults keeps growing. */
  endless?: boolean;
}

export interface ListServerOptions {
  /** A count of generated users (buildUsers) or the users themselves. Default 0. */
  users?: number | User[];
  /** Bearer token required (401 otherwise); undefined = no auth check. */
  token?: string;
  /** Page cap: `count` above it is cut to it; advertised as filter.maxResults. */
  maxResults?: number;
  /** Advertise maxResults in /ServiceProviderConfig (default true when maxResults is set). */
  advertiseMaxResults?: boolean;
  /** Default page size when `count` is absent (RFC leaves it to the server). Default 100. */
  defaultCount?: number;
  /** Added before every answer (server-side, a timer). */
  latencyMs?: number;
  quirks?: ListQuirks;
  /**
   * Override an answer: return a status (and optional body/headers) to answer with instead of the
   * list, or undefined for the normal answer. `n` is the 1-based number of the /Users request.
   */
  intercept?: (req: ListRequest) => { status: number; body?: unknown; headers?: Record<string, string> } | undefined;
  /** Awaited before answering a /Users request (tests: hold requests until released). */
  gate?: (req: ListRequest) => Promise<void>;
}

export interface ListRequest {
  /** 1-based number among /Users requests. */
  n: number;
  method: string;
  url: string;
  path: string;
  startIndex?: number;
  count?: number;
  filter?: string;
  /** /Users requests being answered at the moment this one arrived (itself included). */
  inFlight: number;
  status?: number;
  returned?: number;
}

export interface ListServer {
  /** http://127.0.0.1:PORT/scim */
  baseUrl: string;
  token?: string;
  users: readonly User[];
  /** Every /Users request, in arrival order. */
  requests: ListRequest[];
  /** Every request of any path, in arrival order. */
  all: ListRequest[];
  /** The most /Users requests ever answered at once. */
  readonly maxInFlight: number;
  readonly inFlight: number;
  /** 'request' (ListRequest) on arrival, 'response' (ListRequest) once answered. */
  events: EventEmitter;
  /** Resolves when `n` /Users requests have arrived. */
  waitForRequests(n: number): Promise<void>;
  close(): Promise<void>;
}

const SPC_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';

/** `userName eq|sw|co "x"` (case-insensitive), enough for CLI tests; anything else → 400. */
function compileFilter(filter: string): ((u: User) => boolean) | undefined {
  const m = /^\s*userName\s+(eq|sw|co|ew)\s+("(?:[^"\\]|\\.)*")\s*$/i.exec(filter);
  if (!m) return undefined;
  const op = (m[1] ?? '').toLowerCase();
  const v = (JSON.parse(m[2] ?? '""') as string).toLowerCase();
  return (u) => {
    const n = u.userName.toLowerCase();
    return op === 'eq' ? n === v : op === 'sw' ? n.startsWith(v) : op === 'ew' ? n.endsWith(v) : n.includes(v);
  };
}

export async function startListServer(opts: ListServerOptions = {}): Promise<ListServer> {
  const users = typeof opts.users === 'number' ? buildUsers(opts.users) : (opts.users ?? []);
  const serialised = users.map((u) => JSON.stringify(u));
  const quirks = opts.quirks ?? {};
  const events = new EventEmitter();
  const requests: ListRequest[] = [];
  const all: ListRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const advertise = opts.maxResults !== undefined && opts.advertiseMaxResults !== false;

  const send = (res: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void => {
    res.writeHead(status, { 'content-type': 'application/scim+json', 'content-length': String(Buffer.byteLength(body)), ...headers });
    res.end(body);
  };

  const listBody = (req: ListRequest): { status: number; body: string } => {
    let indices: number[] | undefined;
    let pool = serialised;
    if (req.filter !== undefined) {
      const match = compileFilter(req.filter);
      if (!match) return { status: 400, body: JSON.stringify(buildScimError(400, `unsupported filter ${req.filter}`, 'invalidFilter')) };
      indices = [];
      users.forEach((u, i) => { if (match(u)) indices?.push(i); });
      pool = indices.map((i) => serialised[i] ?? '');
    }
    const real = pool.length;
    const asked = req.count ?? opts.defaultCount ?? 100;
    let size = quirks.ignoreCount ? Number.MAX_SAFE_INTEGER : Math.max(0, asked);
    if (opts.maxResults !== undefined) size = Math.min(size, opts.maxResults);
    const rawStart = req.startIndex ?? 1;
    let offset: number;
    if (quirks.ignoreStartIndex) offset = 0;
    else if (quirks.zeroBased) offset = Math.max(0, rawStart);
    else offset = Math.max(1, rawStart) - 1;
    if (quirks.overlap && offset > 0) offset = Math.max(0, offset - quirks.overlap);
    let page: string[];
    let total: number;
    if (quirks.endless) {
      page = Array.from({ length: Math.min(size, 1000) }, (_, k) => JSON.stringify({ id: `endless-${offset + k}`, userName: `endless-${offset + k}@example.com` }));
      total = offset + page.length + 1000;
    } else {
      page = pool.slice(offset, offset + size);
      total = real;
    }
    if (typeof quirks.totalResults === 'number') total = quirks.totalResults;
    else if (typeof quirks.totalResults === 'function') total = quirks.totalResults(real);
    req.returned = page.length;
    const num = (n: number): string => (quirks.stringCounters ? `"${n}"` : String(n));
    const parts = [`"schemas":[${JSON.stringify(LIST_RESPONSE_SCHEMA)}]`];
    if (!quirks.omitTotalResults) parts.push(`"totalResults":${num(total)}`);
    parts.push(`"startIndex":${num(rawStart)}`, `"itemsPerPage":${num(quirks.echoCount ? asked : page.length)}`);
    parts.push(`"Resources":[${page.join(',')}]`);
    return { status: 200, body: `{${parts.join(',')}}` };
  };

  const spcBody = (): string => JSON.stringify({
    schemas: [SPC_SCHEMA],
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, ...(advertise ? { maxResults: opts.maxResults } : { maxResults: 100 }) },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [{ type: 'oauthbearertoken', name: 'OAuth Bearer Token', description: 'Bearer token' }],
  });

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname.replace(/^\/scim/, '');
    const num = (k: string): number | undefined => {
      const v = url.searchParams.get(k);
      return v === null || !/^-?\d+$/.test(v) ? undefined : Number(v);
    };
    const isUsers = path === '/Users' && req.method === 'GET';
    const record: ListRequest = { n: isUsers ? requests.length + 1 : 0, method: req.method ?? 'GET', url: req.url ?? '', path, inFlight: 0 };
    const startIndex = num('startIndex');
    const count = num('count');
    const filter = url.searchParams.get('filter');
    if (startIndex !== undefined) record.startIndex = startIndex;
    if (count !== undefined) record.count = count;
    if (filter !== null) record.filter = filter;
    all.push(record);
    if (isUsers) {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      record.inFlight = inFlight;
      requests.push(record);
    }
    events.emit('request', record);
    let done = false;
    const finish = (status: number, body: string, headers?: Record<string, string>): void => {
      if (done) return;
      done = true;
      if (isUsers) inFlight--;
      record.status = status;
      if (!res.destroyed) send(res, status, body, headers);
      events.emit('response', record);
    };
    res.on('close', () => { if (!done) { done = true; if (isUsers) inFlight--; record.status = 0; events.emit('response', record); } });

    const answer = (): void => {
      if (opts.token !== undefined && req.headers.authorization !== `Bearer ${opts.token}`) {
        finish(401, JSON.stringify(buildScimError(401, 'bad token')));
        return;
      }
      if (path === '/ServiceProviderConfig') { finish(200, spcBody()); return; }
      if (!isUsers) { finish(404, JSON.stringify(buildScimError(404, `no such endpoint ${path}`))); return; }
      const over = opts.intercept?.(record);
      if (over) {
        finish(over.status, over.body === undefined ? '' : typeof over.body === 'string' ? over.body : JSON.stringify(over.body), over.headers);
        return;
      }
      const { status, body } = listBody(record);
      finish(status, body);
    };
    const afterGate = (): void => {
      if (opts.latencyMs) setTimeout(answer, opts.latencyMs);
      else answer();
    };
    if (isUsers && opts.gate) opts.gate(record).then(afterGate, () => finish(500, JSON.stringify(buildScimError(500, 'gate failed'))));
    else afterGate();
  });
  server.keepAliveTimeout = 30_000;
  const sockets = new Set<Socket>();
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => { server.off('error', reject); resolve(); });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}/scim`,
    ...(opts.token !== undefined ? { token: opts.token } : {}),
    users,
    requests,
    all,
    get maxInFlight() { return maxInFlight; },
    get inFlight() { return inFlight; },
    events,
    waitForRequests: (n: number) => new Promise<void>((resolve) => {
      if (requests.length >= n) { resolve(); return; }
      const on = (): void => { if (requests.length >= n) { events.off('request', on); resolve(); } };
      events.on('request', on);
    }),
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    }),
  };
}
