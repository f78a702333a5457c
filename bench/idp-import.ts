// Reading the identity provider at scale (issue 22), two figures:
//   okta   idp.importVsRateFloor: an Okta app with 10,000 assignments behind Okta's 20-a-minute limit on
//          /api/v1/apps* (the Integrator Free plan), the stand-in's window shortened to WINDOW_MS: the read's
//          wall time over the least time that limit allows for the requests it made (per bucket:
//          (ceil(requests / limit) - 1) windows, the stand-in's rateLimits.floorMs).
//   entra  idp.entraRequestsVsNaive: an Entra app with 10,000 assigned people: one GET /users/{id} per
//          person against the HTTP requests the reader sent for their mail/userPrincipalName ($batch of
//          `id in (…)` filters).
//   node --import tsx bench/idp-import.ts okta|entra    prints `RESULT {value, label, ours, peer, ratio, details}`
import { oktaApi } from '../src/core/idp/okta/api/module';
import { entraApi } from '../src/core/idp/entra/api/module';
import { staticToken } from '../src/core/idp/api/types';
import { useIdpModules } from '../src/core/idp/registry';
import { ALL_IDP_MODULES } from '../src/core/idp/modules';
import { startOktaOrg } from '../test/support/idp/okta-org';
import type { OktaBucket } from '../test/support/idp/okta-org';
import { startGraph } from '../test/support/idp/graph';

useIdpModules(ALL_IDP_MODULES);
const PEOPLE = 10_000;
/** The stand-in's "minute": long enough that Okta's whole-second X-Rate-Limit-Reset is a small part of it. */
const WINDOW_MS = Number(process.env.IDP_BENCH_WINDOW_MS ?? 15_000);

async function okta(): Promise<void> {
  const org = await startOktaOrg({ seed: 'scim-app', rateLimit: { windowMs: WINDOW_MS, plan: 'integrator-free' } });
  const appId = org.seed.scimApp ?? '';
  org.org.addAppUsers(appId, PEOPLE - 5);
  const reader = oktaApi.open({ orgUrl: org.url, appId }, { tokens: staticToken(org.token, 'bench'), timeoutMs: 60_000 });
  const waits: number[] = [];
  const t0 = performance.now();
  const live = await reader.read({ onProgress: (p) => { if (p.kind === 'waiting') waits.push(p.ms); } });
  const ms = performance.now() - t0;
  await reader.close();
  if (!live.assignments.readable || live.assignments.value.length !== PEOPLE) throw new Error(`read ${live.assignments.readable ? live.assignments.value.length : 0} assignments`);
  if (org.violations.length) throw new Error(`contract violations: ${JSON.stringify(org.violations.slice(0, 3))}`);
  const perBucket = new Map<string, number>();
  for (const r of org.requests) perBucket.set(r.bucket ?? '?', (perBucket.get(r.bucket ?? '?') ?? 0) + 1);
  const floorMs = Math.max(...[...perBucket].map(([b, n]) => org.rateLimits.floorMs(b as OktaBucket, n)));
  const got429 = org.requests.filter((r) => r.status === 429).length;
  await org.close();
  const ratio = ms / floorMs;
  process.stdout.write(`RESULT ${JSON.stringify({
    value: ratio,
    label: `Okta import 10k assignments @20/window (${WINDOW_MS / 1000} s)`,
    ours: `${(ms / 1000).toFixed(1)} s`,
    peer: `floor ${(floorMs / 1000).toFixed(1)} s`,
    ratio: `${ratio.toFixed(3)}×`,
    details: { ms, floorMs, windowMs: WINDOW_MS, requests: Object.fromEntries(perBucket), waits: waits.length, waitedMs: waits.reduce((a, b) => a + b, 0), answered429: got429 },
  })}\n`);
}

async function entra(): Promise<void> {
  const g = await startGraph({ seed: 'empty' });
  const spId = g.graph.addServicePrincipal({ displayName: 'Bench' });
  g.graph.addScimJob(spId);
  g.graph.addAssignedUsers(spId, PEOPLE);
  const reader = entraApi.open({ servicePrincipalId: spId, graphUrl: g.url }, { tokens: staticToken(g.token, 'bench'), timeoutMs: 60_000 });
  const t0 = performance.now();
  const live = await reader.read();
  const ms = performance.now() - t0;
  await reader.close();
  if (!live.assignments.readable || live.assignments.value.length !== PEOPLE) throw new Error(`read ${live.assignments.readable ? live.assignments.value.length : 0} people`);
  if (g.violations.length) throw new Error(`contract violations: ${JSON.stringify(g.violations.slice(0, 3))}`);
  const batches = g.requests.filter((r) => r.path === '/v1.0/$batch').length;
  const subRequests = g.batched.length;
  await g.close();
  const naive = PEOPLE;
  const ratio = naive / batches;
  process.stdout.write(`RESULT ${JSON.stringify({
    value: ratio,
    label: 'Entra 10k people: mail/UPN requests',
    ours: `${batches} requests (${subRequests} in batches)`,
    peer: `${naive} GET /users/{id}`,
    ratio: `${ratio.toFixed(0)}× fewer (${(naive / subRequests).toFixed(0)}× by sub-request)`,
    details: { people: PEOPLE, batches, subRequests, naive, allRequests: reader.requests, ms },
  })}\n`);
}

const which = process.argv[2];
(which === 'okta' ? okta() : which === 'entra' ? entra() : Promise.reject(new Error('usage: idp-import.ts okta|entra'))).then(
  () => process.exit(0),
  (e: unknown) => { process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`); process.exit(1); },
);
