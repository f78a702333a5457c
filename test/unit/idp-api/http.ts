// A bare HTTP client for the stand-in contract tests: raw header lines (Okta sends one `link:` line per
// relation, which fetch would join), the body as text, and a dropped connection surfaced as an error.
import * as http from 'node:http';

export interface RawResponse {
  status: number;
  /** Lower-cased name -> every value, one per header line, in order. */
  headers: Map<string, string[]>;
  text: string;
  json<T = unknown>(): T;
  header(name: string): string | undefined;
}

export function request(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers = { ...(opts.headers ?? {}), ...(opts.body !== undefined ? { 'Content-Length': String(Buffer.byteLength(opts.body)) } : {}) };
    const req = http.request(url, { method: opts.method ?? 'GET', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('aborted', () => reject(new Error('response aborted')));
      res.on('end', () => {
        if (!res.complete) return reject(new Error('connection closed before the body was complete'));
        const raw = new Map<string, string[]>();
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          const k = (res.rawHeaders[i]).toLowerCase();
          raw.set(k, [...(raw.get(k) ?? []), res.rawHeaders[i + 1]]);
        }
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: raw, text, json: <T>() => JSON.parse(text) as T, header: (n) => raw.get(n.toLowerCase())?.join(', ') });
      });
    });
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

/** The URL of the Link relation `rel` (Okta: one `link:` header line per relation). */
export function linkOf(res: RawResponse, rel: string): string | undefined {
  for (const line of res.headers.get('link') ?? []) {
    const m = /^<([^>]+)>;\s*rel="([^"]+)"$/.exec(line);
    if (m && m[2] === rel) return m[1];
  }
  return undefined;
}
