// Simulate: the identity provider's requests for one assignment, either printed (dry run: nothing
// is sent) or played against the tenant for a stand-in person (the assignment's profile under a
// fresh test userName and email): look-up, create, update, deactivate, reactivate. After each write
// the user is read back and what the tenant kept is compared with what was sent. The stand-in is
// always removed afterwards (../scim/testUsers.ts cleanUp, as the endpoint check's: deactivate, DELETE, confirm; 429s waited
// out under the shared policy with a cleanup budget, transient failures retried), also when a step
// fails and on cancellation; what cannot be removed is named with its state. A failed step
// does not stop the later ones that can still run.
import { readAttribute, sameAttributeValue, scimAttributeOf } from '../scim/attributes';
import type { Json, ScimAttribute } from '../scim/attributes';
import type { Reply, Transport } from '../scim/rawTransport';
import { planRequests, standInFor } from './plan';
import type { PlannedStep } from './plan';
import { ID_PLACEHOLDER, userPath } from '../idp/requestShapes';
import type { FieldNote, HttpMethod, PlannedRequest, SentAttribute, StepName } from '../idp/requestShapes';
import type { Assignment, IdentityProvider, IdpId } from '../idp/types';
import { cleanupBudget, describeRateLimit } from '../http/rateLimit';
import type { RateLimitPolicy } from '../http/rateLimit';
import { retryingTransport } from './retry';
import type { CleanupRetryPolicy } from './retry';
import { CLEANUP_TITLE, cleanUp, randomSuffix } from '../scim/testUsers';
import type { TestUser } from '../scim/testUsers';

/** A request as sent (or, in a dry run, as it would be sent) and the tenant's status. */
export interface RequestRecord {
  method: HttpMethod;
  path: string;
  body?: Json;
  status?: number;
  /** Why each field of the body is there (the preview's annotations; not part of the JSON). */
  notes?: FieldNote[];
}

/** One attribute read back: what was sent and what the tenant kept. */
export interface Comparison {
  attribute: string;
  sent: unknown;
  /** Undefined when the tenant returned nothing for it. */
  kept?: unknown;
  same: boolean;
}

export interface StepResult {
  name: StepName;
  title: string;
  requests: RequestRecord[];
  /** The last request's HTTP status (runs only). */
  status?: number;
  /** Runs only: the step did what the identity provider needs and the tenant kept what was sent. */
  ok?: boolean;
  problems: string[];
  /** What to change when the tenant refused the step (the identity provider's advice, e.g. Entra's flag). */
  fixes?: string[];
  notes: string[];
  /** The read-back after the step (runs only). */
  kept?: Comparison[];
  /** Why the step was not run (cancelled, or it needs the user an earlier step did not create). */
  skipped?: string;
}

export interface SimulationReport {
  idp: IdpId;
  idpLabel: string;
  /** The assignment whose requests these are. */
  user: string;
  write: boolean;
  ok: boolean;
  /** The stand-in's userName (runs only). */
  standIn?: string;
  /** The tenant's id for the stand-in, once created (runs only). */
  standInId?: string;
  cancelled: boolean;
  steps: StepResult[];
  /** Users the run could not remove, each with its id and state. */
  leftBehind: string[];
}

export interface DryRunOptions {
  idp?: IdentityProvider;
}

const shown = (v: unknown): string => {
  if (v === undefined) return 'nothing';
  const s = typeof v === 'string' ? `'${v}'` : JSON.stringify(v) ?? 'null';
  return s.length > 100 ? `${s.slice(0, 99)}…` : s;
};

/** A body as reports show it: a password sent (Okta's random one) is not repeated. */
function shownBody(body: Json): Json {
  return typeof body.password === 'string' ? { ...body, password: '<random>' } : body;
}

function record(r: PlannedRequest, status?: number): RequestRecord {
  return { method: r.method, path: r.path, ...(r.body !== undefined ? { body: shownBody(r.body) } : {}), ...(status !== undefined ? { status } : {}), ...(r.notes ? { notes: r.notes } : {}) };
}

/** The requests for an assignment without sending anything; `ok` when no step has a problem. */
export function dryRun(config: unknown, assignment: Assignment, opts: DryRunOptions = {}): SimulationReport | { error: string } {
  const plan = planRequests(config, assignment, { ...(opts.idp ? { idp: opts.idp } : {}), dryRun: true });
  if ('error' in plan) return plan;
  const steps: StepResult[] = plan.steps.map((s) => ({ name: s.name, title: s.title, requests: s.requests.map((r) => record(r)), problems: [...s.problems], notes: [...s.notes] }));
  return {
    idp: plan.idp.id, idpLabel: plan.idp.label, user: assignment.userName, write: false,
    ok: steps.every((s) => s.problems.length === 0), cancelled: false, steps, leftBehind: [],
  };
}

export interface RunOptions {
  /** The parsed config. */
  config: unknown;
  /** The assignment whose profile the stand-in carries. */
  assignment: Assignment;
  /** To the tenant (the token only to its origin: ../scim/rawTransport). */
  transport: Transport;
  idp?: IdentityProvider;
  /** Cancels the steps; the cleanup still runs. */
  signal?: AbortSignal;
  /** After each step (and the cleanup), for progress. */
  onStep?(step: StepResult): void;
  /** Tests: a fixed stand-in suffix instead of a random one. */
  standInSuffix?: string;
  /** Tests: quicker retries of transient failures during cleanup. */
  cleanupRetry?: Partial<CleanupRetryPolicy>;
  /** The rate-limit policy the transport follows; the cleanup's shared budget is twice a request's (../http/rateLimit). */
  rateLimit?: Partial<RateLimitPolicy>;
  /** Applied to every message (the transport already redacts bodies). */
  redact?: (text: string) => string;
}

/** Why a reply is not the answer wanted: `HTTP 500: detail`, `no answer: …`, a 429 with what was waited. */
function describe(r: Reply): string {
  if (r.status === undefined) return `no answer (${r.error ?? 'unknown error'})`;
  const body = r.json !== null && typeof r.json === 'object' && !Array.isArray(r.json) ? (r.json as Json) : undefined;
  const detail = typeof body?.detail === 'string' ? body.detail : r.text.replace(/\s+/g, ' ').trim();
  const limited = r.status === 429 && r.rateLimited ? ` (rate-limited: ${describeRateLimit(r.rateLimited)})` : '';
  return `HTTP ${r.status}${detail ? `: ${detail.length > 200 ? `${detail.slice(0, 199)}…` : detail}` : ''}${limited}`;
}

/** A note when a request was rate-limited and waited out (the policy's wait is no failure). */
function rateLimitNote(method: string, path: string, r: Reply): string | undefined {
  return r.rateLimited && !r.rateLimited.gaveUp && r.rateLimited.retries > 0 ? `${method} ${path}: rate-limited, ${describeRateLimit(r.rateLimited)}` : undefined;
}

const ok2xx = (r: Reply): boolean => r.status !== undefined && r.status >= 200 && r.status < 300;
const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

function withActive(sent: readonly SentAttribute[], active: boolean): SentAttribute[] {
  const attribute: ScimAttribute = scimAttributeOf('active');
  return [...sent.filter((s) => s.attribute.key !== 'active'), { attribute, value: active, source: 'active' }];
}

/** The user as the tenant holds it, compared with what was sent. */
function compare(user: Json, expected: readonly SentAttribute[]): { kept: Comparison[]; problems: string[] } {
  const kept: Comparison[] = [];
  const problems: string[] = [];
  for (const e of expected) {
    const value = readAttribute(user, e.attribute);
    const same = sameAttributeValue(e.attribute, e.value, value);
    kept.push({ attribute: e.attribute.label, sent: e.value, ...(value !== undefined ? { kept: value } : {}), same });
    if (!same) {
      const hint = e.attribute.custom ? ' (a custom attribute: a tenant keeps it only when its schema declares it)' : '';
      problems.push(`${e.attribute.label}: sent ${shown(e.value)}, the tenant kept ${shown(value)}${hint}`);
    }
  }
  return { kept, problems };
}

/**
 * Plays the identity provider's steps for a stand-in of `assignment` against the tenant, then
 * removes the stand-in. Never throws for a tenant's answer; `{ error }` when the config gives no
 * requests (an identity provider without request shapes).
 */
export async function runSimulation(opts: RunOptions): Promise<SimulationReport | { error: string }> {
  const suffix = opts.standInSuffix ?? randomSuffix();
  const standIn = standInFor(opts.assignment, suffix);
  const plan = planRequests(opts.config, standIn, { ...(opts.idp ? { idp: opts.idp } : {}), dryRun: false });
  if ('error' in plan) return plan;
  const redact = opts.redact ?? ((s: string) => s);
  const { signal } = opts;
  const http = opts.transport;
  const idpLabel = plan.idp.label;
  const testUser: TestUser = { userName: plan.userName ?? standIn.userName, createdIds: [] };
  const steps: StepResult[] = [];
  let id: string | undefined;
  let expected: SentAttribute[] = plan.created.sent;
  let cancelled = false;
  let leftBehind: string[] = [];

  const planned = (name: StepName): PlannedStep => plan.steps.find((s) => s.name === name) ?? { name, title: name, requests: [], problems: [], notes: [] };
  const send = async (step: StepResult, r: PlannedRequest): Promise<Reply> => {
    const reply = await http.send(r.method, r.path, { ...(r.body !== undefined ? { body: r.body } : {}), ...(signal ? { signal } : {}) });
    step.requests.push(record(r, reply.status));
    const note = rateLimitNote(r.method, r.path, reply);
    if (note) step.notes.push(note);
    if (reply.status !== undefined) step.status = reply.status;
    if (reply.cancelled) cancelled = true;
    return reply;
  };
  /** GET the user and compare it with what the tenant should now hold. */
  const readBack = async (step: StepResult, what: readonly SentAttribute[], after: string): Promise<void> => {
    if (!id) return;
    const r = await http.send('GET', userPath(id), signal ? { signal } : {});
    if (r.cancelled) { cancelled = true; return; }
    if (r.status !== 200 || !isObj(r.json)) {
      const inactive = what.some((s) => s.attribute.key === 'active' && s.value === false);
      step.problems.push(`GET ${userPath(id)} after ${after} answered ${describe(r)}${inactive && r.status === 404
        ? `: the tenant hides a deactivated user, and ${idpLabel}'s next update or import of this person fails` : ''}`);
      return;
    }
    const c = compare(r.json, what);
    step.kept = c.kept;
    step.problems.push(...c.problems);
  };
  const finish = (step: StepResult): void => {
    if (cancelled && !step.skipped && step.ok !== true) {
      step.skipped = 'cancelled';
      step.ok = false;
    } else if (!step.skipped) {
      step.ok = step.problems.length === 0;
    }
    step.problems = step.problems.map(redact);
    steps.push(step);
    opts.onStep?.(step);
  };
  const begin = (name: StepName): StepResult => {
    const p = planned(name);
    return { name, title: p.title, requests: [], problems: [...p.problems], notes: [...p.notes] };
  };
  const skipped = (name: StepName, why: string): void => {
    const step = begin(name);
    step.skipped = why;
    step.ok = false;
    steps.push(step);
    opts.onStep?.(step);
  };
  /** The identity provider's advice when the tenant refuses a step's write (not for a 429 or no answer). */
  const refused = (step: StepResult, r: Reply): void => {
    const hint = plan.dialect.refusedHints?.[step.name];
    if (hint && r.status !== undefined && r.status >= 400 && r.status !== 429) (step.fixes ??= []).push(hint);
  };
  const needsUser = `not run: it needs the user the create step did not make`;
  const run = async (name: StepName, body: (step: StepResult) => Promise<void>, needsId = true): Promise<void> => {
    if (cancelled || signal?.aborted) { cancelled = true; skipped(name, 'cancelled'); return; }
    if (needsId && !id) { skipped(name, needsUser); return; }
    const step = begin(name);
    await body(step);
    finish(step);
  };

  try {
    await run('lookup', async (step) => {
      const r = await send(step, planned('lookup').requests[0] ?? plan.dialect.lookup(testUser.userName));
      if (r.cancelled) return;
      if (r.status === 404) { step.notes.push(`HTTP 404: ${idpLabel} takes this as "no such user".`); return; }
      if (r.status !== 200 || !isObj(r.json)) { step.problems.push(`the look-up answered ${describe(r)}; ${idpLabel} stops before creating the user`); return; }
      const total = r.json.totalResults;
      if (typeof total !== 'number') step.problems.push(`totalResults is ${shown(total)}, not a number: ${idpLabel} needs integer counters`);
      const found = Array.isArray(r.json.Resources) ? r.json.Resources.filter(isObj) : [];
      const same = found.filter((u) => typeof u.userName === 'string' && u.userName.toLowerCase() === testUser.userName.toLowerCase());
      if (same.length) step.problems.push(`a user named ${shown(testUser.userName)} already exists: ${idpLabel} would link to it instead of creating one`);
      else if (found.length) step.problems.push(`the tenant ignored the filter: it answered ${found.length} user(s) for a userName nobody has; ${idpLabel} would take one of them for this person`);
    }, false);

    await run('create', async (step) => {
      if (plan.userName === undefined) { step.skipped = 'not sent: the userName mapping yields no value'; step.ok = false; return; }
      const r = await send(step, plan.created.request);
      if (r.cancelled) return;
      const body = isObj(r.json) ? r.json : undefined;
      const newId = typeof body?.id === 'string' && body.id ? body.id : undefined;
      if (ok2xx(r) && newId) { id = newId; testUser.createdIds.push(newId); }
      if (!ok2xx(r)) {
        step.problems.push(`POST /Users answered ${describe(r)}${r.status === 409 ? ': the tenant has a user with this userName or email' : ''}`);
        return;
      }
      if (!newId) {
        step.problems.push(`POST /Users answered HTTP ${r.status} without the created user: ${idpLabel} reports "Create new user returned empty user"`);
        // The later steps can still run if the user can be found.
        const again = await http.send('GET', plan.dialect.lookup(testUser.userName).path, signal ? { signal } : {});
        const match = (isObj(again.json) && Array.isArray(again.json.Resources) ? again.json.Resources : [])
          .find((u): u is Json => isObj(u) && typeof u.id === 'string' && typeof u.userName === 'string' && u.userName.toLowerCase() === testUser.userName.toLowerCase());
        if (match) { id = match.id as string; testUser.createdIds.push(id); }
      } else if (r.status !== 201) {
        step.notes.push(`HTTP ${r.status} instead of 201 Created.`);
      }
      await readBack(step, plan.created.sent, 'the create');
    }, false);

    await run('update', async (step) => {
      const uid = id ?? ID_PLACEHOLDER;
      let current: Json | undefined;
      const read = plan.dialect.readBeforeUpdate?.(uid);
      if (read) {
        const r = await send(step, read);
        if (r.cancelled) return;
        if (r.status !== 200 || !isObj(r.json)) { step.problems.push(`${read.method} ${read.path} answered ${describe(r)}: ${idpLabel} cannot update the user`); return; }
        current = r.json;
      }
      const write = plan.dialect.update(uid, plan.created.sent, plan.updated, current);
      if (!write) return;
      const r = await send(step, write);
      if (r.cancelled) return;
      if (!ok2xx(r)) { step.problems.push(`${write.method} ${write.path} answered ${describe(r)}: the change is not applied`); refused(step, r); return; }
      expected = plan.updated;
      await readBack(step, expected, 'the update');
    });

    for (const active of [false, true]) {
      await run(active ? 'reactivate' : 'deactivate', async (step) => {
        const req = plan.dialect.setActive(id ?? ID_PLACEHOLDER, active);
        const r = await send(step, req);
        if (r.cancelled) return;
        if (!ok2xx(r)) { step.problems.push(`${req.method} ${req.path} answered ${describe(r)}: ${active ? 'the user is not reactivated' : 'the user stays active'}`); refused(step, r); return; }
        expected = withActive(expected, active);
        await readBack(step, expected, active ? 'the reactivation' : 'the deactivation');
      });
    }
  } finally {
    const step: StepResult = { name: 'cleanup', title: 'Remove the stand-in', requests: [], problems: [], notes: [] };
    try {
      // Every request of the cleanup (look-up, deactivate, DELETE, the confirming GET), each try recorded.
      const recording: Transport = {
        get baseUrl() { return http.baseUrl; },
        get canProbeAuth() { return http.canProbeAuth; },
        close: () => http.close(),
        async send(method, path, o) {
          const reply = await http.send(method, path, o);
          step.requests.push({ method, path, ...(o?.body !== undefined ? { body: o.body as Json } : {}), ...(reply.status !== undefined ? { status: reply.status } : {}) });
          const note = rateLimitNote(method, path, reply);
          if (note) step.notes.push(note);
          return reply;
        },
      };
      const cleaned = await cleanUp(retryingTransport(recording, opts.cleanupRetry), testUser, redact, cleanupBudget(opts.rateLimit));
      const deleted = [...step.requests].reverse().find((q) => q.method === 'DELETE') ?? step.requests[step.requests.length - 1];
      if (deleted?.status !== undefined) step.status = deleted.status;
      if (cleaned.outcome.status === 'fail') step.problems.push(cleaned.outcome.message);
      else step.notes.push(cleaned.outcome.message);
      leftBehind = cleaned.leftBehind.map(redact);
    } catch (e) {
      step.problems.push(`${CLEANUP_TITLE} failed: ${e instanceof Error ? e.message : String(e)}`);
      leftBehind = [redact(`${testUser.userName}${id ? ` (id ${id}, state unknown)` : ''}`)];
    }
    step.ok = step.problems.length === 0;
    step.problems = step.problems.map(redact);
    steps.push(step);
    opts.onStep?.(step);
  }

  return {
    idp: plan.idp.id, idpLabel, user: opts.assignment.userName, write: true,
    ok: !cancelled && steps.every((s) => s.ok === true) && leftBehind.length === 0,
    standIn: testUser.userName, ...(id ? { standInId: id } : {}), cancelled, steps, leftBehind,
  };
}
