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
import { allMatched, Reconciliation, summaryLine } from '../core/reconcile/reconcile';
import type { Person, ReconcileResult } from '../core/reconcile/reconcile';
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

/** A person as DESIGN.md's JSON has it: `{category, userName, tenantId?, line?, fields?, message}`. */
export function personJson(p: Person): Record<string, unknown> {
  return {
    category: p.category,
    userName: p.userName,
    ...(p.tenantId !== undefined ? { tenantId: p.tenantId } : {}),
    ...(p.line !== undefined ? { line: p.line } : {}),
    ...(p.fields ? { fields: p.fields } : {}),
    message: p.message,
  };
}

export function reconcileJson(r: ReconcileResult): { summary: ReconcileResult['summary']; people: Array<Record<string, unknown>> } {
  return { summary: r.summary, people: r.people.map(personJson) };
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
    const state: { reconciliation?: Reconciliation; fed: number } = { fed: 0 };
    const feed = (): void => {
      const list = users.snapshot.list();
      if (!state.reconciliation || state.fed >= list.length) return;
      state.reconciliation.addTenantUsers(list.slice(state.fed));
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
    const result = reconciliation.finish();
    if (args.format === 'json') {
      cli.out(JSON.stringify(reconcileJson(result)));
    } else {
      for (const p of result.people) {
        if (p.category === 'matched') continue;
        cli.out(`${file}${p.line !== undefined ? `:${p.line}` : ''}: ${p.category}: ${p.message}${p.category === 'unassigned' && p.tenantId ? ` (tenant id ${p.tenantId})` : ''}`);
      }
      cli.out(`${file}: ${summaryLine(result.summary)} (${r.snapshot.size} tenant users, ${read.config.assignments.length} assignments)`);
    }
    return allMatched(result) ? 0 : 1;
  } finally {
    opts.signal?.removeEventListener('abort', stop);
    await client.close();
  }
}
