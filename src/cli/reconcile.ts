// scim-provisioning reconcile --config FILE [--base-url URL] [--format text|json] [--timeout-ms N]
// The config's assignments against the tenant's users (DESIGN.md): the sweep starts at once and the
// file is read in slices while pages arrive. A tenant that cannot be read completely is an error,
// never a partial result. The token comes from SCIM_TOKEN and never appears in any output line.
import type { CliIO } from './io';
import { resolveEndpoint, startCommand } from './args';
import type { CommandSpec, ConfigEndpoint } from './args';
import { endpointOf, summarizeConfig } from '../core/configSummary';
import { ScimClient } from '../core/scim/http';
import { UserPager } from '../core/scim/pager';
import { readAssignmentsInSlices } from '../core/reconcile/assignments';
import { Reconciliation, summaryLine, unassignedMessage } from '../core/reconcile/reconcile';
import type { Person, ReconcileParts } from '../core/reconcile/reconcile';
import type { TenantUser } from '../core/tenant/snapshot';
import { sweepTenant, TenantUsers } from '../core/tenant/users';

const USAGE = `usage: scim-provisioning reconcile --config FILE [--base-url URL] [--format text|json] [--timeout-ms N]

Compares the config's assignments with the tenant's users, matched as Okta's import matches (by
userName, case-insensitively, or by primary email), with the token from the environment variable
SCIM_TOKEN. --base-url overrides the config's endpoint. Each assignment, and each active tenant
user no assignment matches, is one of: matched, differs, inactive, missing (Okta will create it),
unassigned (an import leaves it unmatched), conflict (Okta will fail).
Text: one line per person who is not matched, then the counts. JSON: {summary, people}, or
{error: {diagnosis, message}} when the tenant could not be read completely.
Exit 0 when everyone is matched, 1 otherwise or when the tenant could not be read, 2 on bad usage.`;

const SPEC = { name: 'reconcile', usage: USAGE, formats: ['text', 'json'], configRequired: true } as const satisfies CommandSpec;

export interface RunReconcileOptions {
  /** Cancels the sweep (the real CLI wires SIGINT to it). */
  signal?: AbortSignal;
}

/** A person as DESIGN.md's JSON has it, `{category, userName, tenantId?, line?, fields?, message}` (written out: it runs for every tenant user nobody assigned). */
function personJsonText(p: Person): string {
  const s = JSON.stringify;
  return `{"category":${s(p.category)},"userName":${s(p.userName)}${p.tenantId !== undefined ? `,"tenantId":${s(p.tenantId)}` : ''}${p.line !== undefined ? `,"line":${p.line}` : ''}${p.fields ? `,"fields":${s(p.fields)}` : ''},"message":${s(p.message)}}`;
}

/**
 * The output, rendered as the result comes in: the unassigned tenant users' lines as each page is
 * reconciled (while the next pages are on their way), the assignments' at the end. Nothing is
 * written before the whole tenant was read. JSON is `{summary, people}` with one person per line
 * (valid JSON, and easy to grep), written a batch of lines at a time, never as one string.
 */
class Output {
  /** Batches of rendered lines: the unassigned tenant users so far. */
  private readonly unassigned: string[] = [];

  constructor(private readonly format: string, private readonly file: string) {}

  addUnassigned(users: readonly TenantUser[]): void {
    if (!users.length) return;
    const lines = users.map((u) => (this.format === 'json'
      ? `{"category":"unassigned","userName":${JSON.stringify(u.userName)},"tenantId":${JSON.stringify(u.id)},"message":${JSON.stringify(unassignedMessage(u))}}`
      : `${this.file}: unassigned: ${unassignedMessage(u)} (tenant id ${u.id})`));
    this.unassigned.push(lines.join(this.format === 'json' ? ',\n' : '\n'));
  }

  write(out: (s: string) => void, r: ReconcileParts, footer: string): void {
    if (this.format !== 'json') {
      for (const p of r.assigned) if (p.category !== 'matched') out(`${this.file}:${p.line ?? ''}: ${p.category}: ${p.message}`);
      for (const batch of this.unassigned) out(batch);
      out(footer);
      return;
    }
    out(`{"summary":${JSON.stringify(r.summary)},"people":[`);
    const chunks: string[] = [];
    for (let i = 0; i < r.assigned.length; i += 500) chunks.push(r.assigned.slice(i, i + 500).map(personJsonText).join(',\n'));
    chunks.push(...this.unassigned);
    chunks.forEach((c, i) => out(i < chunks.length - 1 ? `${c},` : c));
    out(']}');
  }
}

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

  const client = new ScimClient({
    baseUrl: endpoint.baseUrl,
    token: endpoint.token,
    timeoutMs: args.timeoutMs,
    version: io.version,
    redactor: cli.redact,
    ...(endpoint.proxy ? { proxy: endpoint.proxy } : {}),
  });
  const ctrl = new AbortController();
  const stop = (): void => ctrl.abort();
  if (opts.signal?.aborted) stop();
  opts.signal?.addEventListener('abort', stop, { once: true });
  try {
    const users = new TenantUsers(new UserPager(client, { onWarning: (w) => cli.err(`scim-provisioning reconcile: warning: ${w}`) }));
    // The sweep runs while the file is parsed a slice at a time between pages; once it is read,
    // each page's users are reconciled as they arrive (the unassigned among them decided at once).
    const output = new Output(args.format, file);
    const state: { reconciliation?: Reconciliation; fed: number } = { fed: 0 };
    const feed = (): void => {
      const list = users.snapshot.list();
      if (!state.reconciliation || state.fed >= list.length) return;
      output.addUnassigned(state.reconciliation.addTenantUsers(list.slice(state.fed)));
      state.fed = list.length;
    };
    const sweep = sweepTenant(users, { signal: ctrl.signal, onPage: feed });
    const read = await readAssignmentsInSlices(text, { pause: nextTick });
    if (!read.ok) {
      ctrl.abort();
      await sweep;
      return cli.fail(`${file}: ${read.message}; run 'scim-provisioning validate ${file}'`);
    }
    const reconciliation = new Reconciliation(read.config);
    state.reconciliation = reconciliation;
    feed();
    const r = await sweep;
    if (!r.ok) {
      const f = r.failure;
      const message = f.diagnosis === 'incomplete' ? `${f.message} Nothing was reconciled: a partial list would call people missing who are not.` : f.message;
      if (args.format === 'json') cli.out(JSON.stringify({ error: { diagnosis: f.diagnosis, message } }));
      else cli.err(`scim-provisioning reconcile: ${f.diagnosis}: ${message}${f.detail && f.diagnosis !== 'incomplete' ? `\n  detail: ${f.detail}` : ''}`);
      return 1;
    }
    for (const s of read.config.skipped) cli.err(`scim-provisioning reconcile: warning: ${file}:${s.line}: assignments[${s.index}] is not reconciled (${s.reason})`);
    feed();
    const result = reconciliation.finishParts();
    output.write(cli.out, result, `${file}: ${summaryLine(result.summary)} (${r.snapshot.size} tenant users, ${read.config.assignments.length} assignments)`);
    return result.summary.matched === result.assigned.length && result.unassigned.length === 0 ? 0 : 1;
  } finally {
    opts.signal?.removeEventListener('abort', stop);
    await client.close();
  }
}
