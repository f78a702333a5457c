// One users sweep, in its own process (so peak RSS is its own): prints `RESULT {ms, cpuMs, users, requests, peakRssMb}`
// (cpuMs: this process's CPU time during the sweep; the list server runs in another process).
//   okta  <baseUrl>                 sequential GET /Users?startIndex=N&count=100 (plain undici loop)
//   bare  <baseUrl> <size> <conc>   bare undici loop, same page size and concurrency as ours
//   ours  <baseUrl>                 UserPager.loadAll() with its defaults
import { request, Agent } from 'undici';
import { ScimClient } from '../src/core/scim/client';
import { UserPager } from '../src/core/scim/pager';

const TOKEN = 'bench-token';
let peak = 0;
const sample = (): void => { peak = Math.max(peak, process.memoryUsage.rss()); };
const timer = setInterval(sample, 5);

async function getPage(agent: Agent, base: string, start: number, count: number): Promise<{ n: number; total: number }> {
  const res = await request(`${base}/Users?startIndex=${start}&count=${count}`, {
    dispatcher: agent, headers: { authorization: `Bearer ${TOKEN}`, accept: 'application/scim+json' },
  });
  if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`);
  const body = (await res.body.json()) as { Resources?: unknown[]; totalResults: number };
  return { n: body.Resources?.length ?? 0, total: body.totalResults };
}

async function okta(base: string): Promise<{ users: number; requests: number }> {
  const agent = new Agent({ connections: 1 });
  let start = 1;
  let users = 0;
  let requests = 0;
  for (;;) {
    const p = await getPage(agent, base, start, 100);
    requests++;
    users += p.n;
    if (p.n === 0 || users >= p.total) break;
    start += p.n;
  }
  await agent.close();
  return { users, requests };
}

async function bare(base: string, size: number, conc: number): Promise<{ users: number; requests: number }> {
  const agent = new Agent({ connections: conc });
  const first = await getPage(agent, base, 1, size);
  let users = first.n;
  let requests = 1;
  let next = 1 + size;
  const worker = async (): Promise<void> => {
    while (next <= first.total) {
      const s = next;
      next += size;
      const p = await getPage(agent, base, s, size);
      requests++;
      users += p.n;
    }
  };
  await Promise.all(Array.from({ length: conc }, worker));
  await agent.close();
  return { users, requests };
}

async function ours(base: string): Promise<{ users: number; requests: number }> {
  const client = new ScimClient({ baseUrl: base, token: TOKEN });
  const pager = new UserPager(client);
  let users = 0;
  const r = await pager.loadAll({ onPage: (p) => { users += p.users.length; } });
  if (!r.ok) throw new Error(r.failure.message);
  await client.close();
  return { users, requests: r.requests };
}

async function main(): Promise<void> {
  const [mode, base, size, conc] = process.argv.slice(2);
  sample();
  const c0 = process.cpuUsage();
  const t = performance.now();
  const r = mode === 'okta' ? await okta(base) : mode === 'bare' ? await bare(base, Number(size), Number(conc)) : await ours(base);
  const ms = performance.now() - t;
  const c = process.cpuUsage(c0);
  const cpuMs = (c.user + c.system) / 1000;
  sample();
  clearInterval(timer);
  process.stdout.write(`RESULT ${JSON.stringify({ mode, ms, cpuMs, ...r, peakRssMb: peak / 2 ** 20 })}\n`);
}
main().catch((e) => { console.error(e); process.exit(1); });
