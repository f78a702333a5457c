// Plumbing shared by the identity-provider stand-ins (okta-org.ts, graph.ts): a node:http server on
// 127.0.0.1 that records every request, lets a test inject faults (a dropped connection, a hang, a
// canned status) and writes the replies the stand-in computes. Nothing here knows Okta or Graph.
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { EventEmitter, once } from 'node:events';

/** One request as the stand-in received it. */
export interface SeenRequest {
  /** 1-based arrival number. */
  n: number;
  method: string;
  /** Path and query exactly as received. */
  url: string;
  /** Decoded path without the query. */
  path: string;
  /** Query parameters in arrival order (decoded). */
  query: Array<[string, string]>;
  /** Request headers, lower-cased names. The Authorization value is kept: tests assert where a token arrived. */
  headers: Record<string, string>;
  /** Raw request body (only read for methods that carry one). */
  body?: string;
  /** Status the stand-in answered (undefined while in flight, or when the connection was dropped). */
  status?: number;
  /** Rate-limit bucket the request counted against, if any. */
  bucket?: string;
  /** Set when a fault replaced or cut the answer. */
  fault?: 'drop' | 'drop-mid-body' | 'hang' | 'status';
}

/** Something the real service would refuse or that import/drift must never do, seen in a request. */
export interface Violation {
  /** The request's arrival number. */
  n: number;
  kind:
    | 'write' // any non-read method (import and drift never write)
    | 'unknown-path'
    | 'unknown-query' // a query parameter the endpoint does not document
    | 'bad-query' // a documented parameter with a value the endpoint refuses
    | 'missing-header'
    | 'bad-header'
    | 'auth' // no credentials, or credentials in the wrong shape
    | 'batch'; // a Graph $batch that is not a read
  method: string;
  url: string;
  detail: string;
}

export type FaultAction =
  | 'drop' // destroy the socket before any byte of the answer
  | 'drop-mid-body' // send the status line, headers and half the body, then destroy the socket
  | 'hang' // never answer (the socket stays open until close())
  | { status: number; headers?: Record<string, string>; body?: unknown };

export interface Fault {
  /** Which requests the fault applies to. */
  when: (req: SeenRequest) => boolean;
  action: FaultAction;
  /** How many matching requests it hits (default 1); Infinity for all. */
  times?: number;
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[]>;
  /** A JSON value (serialised here) or a string sent as is. */
  body?: unknown;
}

export interface StandInServer {
  url: string;
  port: number;
  requests: SeenRequest[];
  violations: Violation[];
  addFault(fault: Fault): void;
  /** Resolves with the next request that arrives (already-recorded ones do not count). */
  nextRequest(): Promise<SeenRequest>;
  close(): Promise<void>;
}

export type Handler = (req: SeenRequest) => Reply | Promise<Reply>;

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const MAX_BODY = 1024 * 1024;

function splitQuery(url: string): { path: string; query: Array<[string, string]> } {
  const q = url.indexOf('?');
  const rawPath = q < 0 ? url : url.slice(0, q);
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    path = rawPath;
  }
  const query: Array<[string, string]> = [];
  if (q >= 0) for (const [k, v] of new URLSearchParams(url.slice(q + 1))) query.push([k, v]);
  return { path, query };
}

/** Start a recording server on 127.0.0.1 (ephemeral port) that answers with `handler`. */
export async function startStandInServer(handler: Handler, opts: { host?: string; port?: number; violations?: Violation[] } = {}): Promise<StandInServer> {
  const requests: SeenRequest[] = [];
  const violations: Violation[] = opts.violations ?? [];
  const faults: Array<Fault & { left: number }> = [];
  const sockets = new Set<Socket>();
  const events = new EventEmitter();
  let n = 0;

  const server = http.createServer((req, res) => {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const { path, query } = splitQuery(url);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const seen: SeenRequest = { n: ++n, method, url, path, query, headers };
    requests.push(seen);

    const finish = async (): Promise<void> => {
      events.emit('request', seen);
      let reply: Reply;
      try {
        reply = await handler(seen);
      } catch (err) {
        reply = { status: 500, headers: { 'Content-Type': 'text/plain' }, body: `stand-in error: ${(err as Error).message}` };
      }
      const fault = faults.find((f) => f.left > 0 && f.when(seen));
      if (fault) fault.left--;
      const action = fault?.action;
      if (action === 'hang') {
        seen.fault = 'hang';
        return;
      }
      if (action === 'drop') {
        seen.fault = 'drop';
        req.socket.destroy();
        return;
      }
      if (action && typeof action === 'object') {
        seen.fault = 'status';
        reply = { status: action.status, headers: { 'Content-Type': 'application/json', ...(action.headers ?? {}) }, body: action.body ?? {} };
      }
      const text = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      const buf = Buffer.from(text, 'utf8');
      seen.status = reply.status;
      if (action === 'drop-mid-body') {
        seen.fault = 'drop-mid-body';
        res.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(buf.length) });
        res.write(buf.subarray(0, Math.floor(buf.length / 2)), () => req.socket.destroy());
        return;
      }
      res.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(buf.length) });
      res.end(buf);
    };

    if (BODY_METHODS.has(method)) {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= MAX_BODY) chunks.push(c);
      });
      req.on('end', () => {
        seen.body = Buffer.concat(chunks).toString('utf8');
        void finish();
      });
    } else {
      req.resume();
      void finish();
    }
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    violations,
    addFault(fault) {
      faults.push({ ...fault, left: fault.times ?? 1 });
    },
    nextRequest: () => once(events, 'request').then(([r]) => r as SeenRequest),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * A fixed-window counter like Okta's per-minute buckets (the window starts at the bucket's first
 * request, not at a wall-clock minute: "a period may run from 12:00:20 to 12:01:19", Okta's
 * rate-limit overview). `take()` counts one request of `cost` units.
 */
export class FixedWindow {
  private start = 0;
  private used = 0;
  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  take(cost = 1): { allowed: boolean; limit: number; remaining: number; resetMs: number } {
    const t = this.now();
    if (this.start === 0 || t - this.start >= this.windowMs) {
      this.start = t;
      this.used = 0;
    }
    const allowed = this.used + cost <= this.limit;
    if (allowed) this.used += cost;
    return { allowed, limit: this.limit, remaining: Math.max(0, this.limit - this.used), resetMs: this.start + this.windowMs };
  }

  /** The window state without counting anything. */
  peek(): { remaining: number; resetMs: number } {
    const t = this.now();
    if (this.start === 0 || t - this.start >= this.windowMs) return { remaining: this.limit, resetMs: t + this.windowMs };
    return { remaining: Math.max(0, this.limit - this.used), resetMs: this.start + this.windowMs };
  }
}

/**
 * The least time `requests` requests need through one fixed-window bucket of `limit` per `windowMs`,
 * when the client waits exactly until each reset: (ceil(requests / limit) - 1) windows. A benchmark
 * compares an import's wall time with this floor.
 */
export function rateLimitFloorMs(requests: number, limit: number, windowMs: number): number {
  if (requests <= 0) return 0;
  return (Math.ceil(requests / limit) - 1) * windowMs;
}

/** Cheap, deterministic ids in the vendors' alphabets (seeded counter, no randomness). */
export function idFactory(prefix: string, length: number, seed = 1): () => string {
  const alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
  let i = seed;
  return () => {
    let x = i++ * 2654435761;
    let out = '';
    const body = length - prefix.length;
    for (let k = 0; k < body; k++) {
      out += alphabet[x % alphabet.length];
      x = Math.floor(x / alphabet.length) + (k + 1) * 7919 + i;
    }
    return prefix + out;
  };
}

/** A deterministic GUID-shaped id (8-4-4-4-12 hex) from a counter. */
export function guidFactory(seed = 1): () => string {
  let i = seed;
  return () => {
    const h = (v: number, len: number): string => (v >>> 0).toString(16).padStart(8, '0').slice(-len).padStart(len, '0');
    const a = Math.imul(i, 2654435761);
    const b = Math.imul(i ^ 0x5bd1e995, 40503);
    const c = i++;
    return `${h(a, 8)}-${h(b, 4)}-4${h(c, 3)}-a${h(b >>> 4, 3)}-${h(c * 7919, 4)}${h(a ^ c, 8)}`;
  };
}

/** A JSON value as text for comparisons and messages (strings as they are, absent as ''). */
export function str(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined || v === null) return '';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}
