// scim-provisioning reconcile --config FILE [--base-url URL] [--format text|json] [--timeout-ms N]
// The config's assignments against the tenant's users (DESIGN.md): the sweep starts at once and the
// file is read in slices while pages arrive. A tenant that cannot be read completely is an error,
// never a partial result. The token comes from SCIM_TOKEN and never appears in any output line.
import type { CliIO } from '../io';
import { clientFor, resolveEndpoint, startCommand } from '../args';
import type { CommandSpec, ConfigEndpoint } from '../args';
import { endpointOf, summarizeConfig } from '../../core/config/summary';
import { UserPager } from '../../core/scim/pager';
import { readAssignmentsInSlices } from '../../core/reconcile/assignments';
import { plainUnassigned, Reconciliation, summaryLine, unassignedMessage, unassignedPlainTail } from '../../core/reconcile/reconcile';
import { DEFAULT_IDP_DESCRIPTOR, IDP_DESCRIPTORS } from '../../core/idp/descriptors';
import type { IdpDescriptor } from '../../core/idp/types';
import type { Person, ReconcileParts } from '../../core/reconcile/reconcile';
import type { TenantUser } from '../../core/tenant/snapshot';
import { sweepTenant, TenantUsers } from '../../core/tenant/users';

const USAGE = `usage: scim-provisioning reconcile --config FILE [--base-url URL] [--format text|json] [--timeout-ms N]

Compares the config's assignments with the tenant's users, matched as the config's identity
provider matches them:
${IDP_DESCRIPTORS.map((d) => `  ${d.matching.matcher}: by ${d.matching.rule}`).join('\n')}
The token comes from the environment variable SCIM_TOKEN; --base-url overrides the config's
endpoint. Each assignment, and each active tenant user no assignment matches, is one of: matched,
differs, inactive, missing (the identity provider will create it), unassigned (no assignment
matches it), conflict (the identity provider will fail).
Text: one line per person who is not matched, then the counts. JSON: {summary, people}, or
{error: {diagnosis, message}} when the tenant could not be read completely.
Exit 0 when everyone is matched, 1 otherwise or when the tenant could not be read, 2 on bad usage.`;

const SPEC = { name: 'reconcile', usage: USAGE, formats: ['text', 'json'], configRequired: true } as const satisfies CommandSpec;

export interface RunReconcileOptions {
  /** Cancels the sweep (the real CLI wires SIGINT to it). */
  signal?: AbortSignal;
}

/** A person as DESIGN.md's JSON has it, `{category, userName, tenantId?, line?, fields?, message}` (written out: it runs for every tenant user nobody assigned). */
export function personJsonText(p: Person): string {
  const s = JSON.stringify;
  return `{"category":${s(p.category)},"userName":${s(p.userName)}${p.tenantId !== undefined ? `,"tenantId":${s(p.tenantId)}` : ''}${p.line !== undefined ? `,"line":${p.line}` : ''}${p.fields ? `,"fields":${s(p.fields)}` : ''},"message":${s(p.message)}}`;
}

/** JSON text of a tenant id: most ids need no escaping and are quoted as they are. */
const jsonId = (id: string): string => (SAFE_ID.test(id) ? `"${id}"` : JSON.stringify(id));
const SAFE_ID = /^[\w.:-]*$/;

/** The end of a plain unassigned user's line after `'<userName>'`, as text and as JSON, per identity provider. */
interface PlainTails { text: string; json: string }
const plainTails = new Map<IdpDescriptor, PlainTails>();
function plainTailsOf(idp: IdpDescriptor): PlainTails {
  let t = plainTails.get(idp);
  if (!t) {
    const text = unassignedPlainTail(idp);
    t = { text, json: `${JSON.stringify(text).slice(1, -1)}"}` };
    plainTails.set(idp, t);
  }
  return t;
}

/**
 * One unassigned tenant user's output line: `personJsonText(unassignedPerson(u, idp))` in JSON, the
 * text line otherwise. It runs for every tenant user nobody assigned (tens of thousands): a plain
 * userName (the common case) needs no escaping, so its line is put together as it is.
 */
export function unassignedLine(u: TenantUser, format: string, file: string, idp: IdpDescriptor = DEFAULT_IDP_DESCRIPTOR): string {
  if (plainUnassigned(u)) return plainLine(u.userName, u.id, format, file, plainTailsOf(idp));
  if (format !== 'json') return `${file}: unassigned: ${unassignedMessage(u, idp)} (tenant id ${u.id})`;
  return `{"category":"unassigned","userName":${JSON.stringify(u.userName)},"tenantId":${JSON.stringify(u.id)},"message":${JSON.stringify(unassignedMessage(u, idp))}}`;
}

/** `unassignedLine` of a user whose userName is plain (`plainUnassigned`), from its userName and id. */
function plainLine(userName: string, id: string, format: string, file: string, tails: PlainTails): string {
  return format === 'json'
    ? `{"category":"unassigned","userName":"${userName}","tenantId":${jsonId(id)},"message":"'${userName}'${tails.json}`
    : `${file}: unassigned: '${userName}'${tails.text} (tenant id ${id})`;
}

/**
 * The output. The unassigned tenant users are kept as they come, as little as their lines need
 * (a plain one as its userName and id, any other as its slim record), and rendered when written,
 * a batch of lines at a time, each batch handed on before the next is made. Nothing is written
 * before the whole tenant was read. JSON is `{summary, people}` with one person per line (valid
 * JSON, and easy to grep).
 */
class Output {
  /** Unassigned tenant users so far: `userName, id` for a plain one, the record for any other. */
  private readonly unassigned: Array<string | TenantUser> = [];
  private count = 0;
  /** The config's identity provider, whose words the lines use (known once the file is read). */
  idp: IdpDescriptor = DEFAULT_IDP_DESCRIPTOR;

  constructor(private readonly format: string, private readonly file: string) {}

  addUnassigned(users: readonly TenantUser[]): void {
    for (const u of users) {
      if (plainUnassigned(u)) this.unassigned.push(u.userName, u.id);
      else this.unassigned.push(u);
    }
    this.count += users.length;
  }

  /** The unassigned users' lines in batches of `BATCH`, each given to `each` as soon as it is rendered. */
  private eachBatch(each: (batch: string, last: boolean) => void): void {
    const all = this.unassigned;
    const sep = this.format === 'json' ? ',\n' : '\n';
    let lines: string[] = [];
    let done = 0;
    const tails = plainTailsOf(this.idp);
    for (let i = 0; i < all.length;) {
      const x = all[i++];
      lines.push(typeof x === 'string'
        ? plainLine(x, all[i++] as string, this.format, this.file, tails)
        : unassignedLine(x, this.format, this.file, this.idp));
      if (lines.length === BATCH || i >= all.length) {
        done += lines.length;
        each(lines.join(sep), done >= this.count);
        lines = [];
      }
    }
  }

  write(out: (s: string) => void, r: ReconcileParts, footer: string): void {
    if (this.format !== 'json') {
      for (const p of r.assigned) if (p.category !== 'matched') out(`${this.file}:${p.line ?? ''}: ${p.category}: ${p.message}`);
      this.eachBatch((batch) => out(batch));
      out(footer);
      return;
    }
    out(`{"summary":${JSON.stringify(r.summary)},"people":[`);
    const more = this.count > 0;
    for (let i = 0; i < r.assigned.length; i += BATCH) {
      const chunk = r.assigned.slice(i, i + BATCH).map(personJsonText).join(',\n');
      out(more || i + BATCH < r.assigned.length ? `${chunk},` : chunk);
    }
    this.eachBatch((batch, last) => out(last ? batch : `${batch},`));
    out(']}');
  }
}

/** Lines per `out` call. */
const BATCH = 500;

const nextTick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function runReconcile(argv: string[], io: CliIO, opts: RunReconcileOptions = {}): Promise<number> {
  const started = startCommand(argv, io, SPEC);
  if (typeof started === 'number') return started;
  const { cli, args } = started;
  const file = args.config ?? '';
  let text = '';
  const endpoint = await resolveEndpoint(args, cli, {
    readConfig: (t): ConfigEndpoint => {
      text = t;
      const summary = summarizeConfig(t);
      const baseUrl = args.baseUrl?.trim().replace(/\/+$/, '') || endpointOf(summary);
      return { ...(baseUrl ? { baseUrl } : {}), appName: summary.appName, target: summary.target };
    },
  });
  if (typeof endpoint === 'number') return endpoint;

  const client = clientFor(endpoint, cli, args, io.version);
  const ctrl = new AbortController();
  const stop = (): void => ctrl.abort();
  if (opts.signal?.aborted) stop();
  opts.signal?.addEventListener('abort', stop, { once: true });
  try {
    // The sweep runs while the file is parsed a slice at a time between pages; once it is read,
    // each page's users are reconciled as they arrive. The users are streamed, not kept: what is
    // kept is the matched users and, per unassigned one, what its output line needs.
    const output = new Output(args.format, file);
    const state: { reconciliation?: Reconciliation; waiting: TenantUser[][] } = { waiting: [] };
    const feed = (page: readonly TenantUser[]): void => {
      if (state.reconciliation) output.addUnassigned(state.reconciliation.addTenantUsers(page));
      else state.waiting.push(page as TenantUser[]);
    };
    const users = new TenantUsers(new UserPager(client, { onWarning: (w) => cli.err(`scim-provisioning reconcile: warning: ${w}`) }), undefined, feed);
    const sweep = sweepTenant(users, { signal: ctrl.signal });
    // Slices of 1,000 items: a 5,000-assignment file is read within the sweep's first round trips,
    // so no page waits for it (a page that waits keeps its users in memory until the file is read).
    const read = await readAssignmentsInSlices(text, { pause: nextTick, itemsPerSlice: 1000 });
    if (!read.ok) {
      ctrl.abort();
      await sweep;
      return cli.fail(`${file}: ${read.message}; run 'scim-provisioning validate ${file}'`);
    }
    const reconciliation = new Reconciliation(read.config, { keepUnassigned: false });
    if (read.config.idp) output.idp = read.config.idp;
    state.reconciliation = reconciliation;
    for (const page of state.waiting.splice(0)) feed(page);
    const r = await sweep;
    if (!r.ok) {
      const f = r.failure;
      const message = f.diagnosis === 'incomplete' ? `${f.message} Nothing was reconciled: a partial list would call people missing who are not.` : f.message;
      if (args.format === 'json') cli.out(JSON.stringify({ error: { diagnosis: f.diagnosis, message } }));
      else cli.err(`scim-provisioning reconcile: ${f.diagnosis}: ${message}${f.detail && f.diagnosis !== 'incomplete' ? `\n  detail: ${f.detail}` : ''}`);
      return 1;
    }
    for (const s of read.config.skipped) cli.err(`scim-provisioning reconcile: warning: ${file}:${s.line}: assignments[${s.index}] is not reconciled (${s.reason})`);
    const result = reconciliation.finishParts();
    output.write(cli.out, result, `${file}: ${summaryLine(result.summary)} (${users.size} tenant users, ${read.config.assignments.length} assignments)`);
    return result.summary.matched === result.assigned.length && result.summary.unassigned === 0 ? 0 : 1;
  } finally {
    opts.signal?.removeEventListener('abort', stop);
    await client.close();
  }
}
