// scim-provisioning users (--config FILE | --base-url URL) [--filter EXPR] [--format text|json] [--timeout-ms N]
// Streams every user of the tenant (JSON lines with --format json), paging as the tenant allows.
// The token comes from SCIM_TOKEN and never appears in any output line.
import type { CliIO } from '../io';
import { clientFor, resolveEndpoint, startCommand } from '../args';
import type { CommandSpec } from '../args';
import { validateScimFilter } from '../../core/scim/filter';
import { UserPager } from '../../core/scim/pager';
import { formatUserLine } from '../../core/scim/users';

const USAGE = `usage: scim-provisioning users (--config FILE | --base-url URL) [--filter EXPR] [--format text|json] [--timeout-ms N]

Lists every SCIM user of the tenant, paging as the tenant allows, with the token from the
environment variable SCIM_TOKEN. Text: one line per user (userName, displayName, active, id,
tab-separated); json: one JSON object per line. Warnings go to stderr.
Exit 0 when the whole list was read, 1 on a failure, 2 on bad usage.`;

const SPEC = {
  name: 'users',
  usage: USAGE,
  formats: ['text', 'json'],
  options: { '--filter': { missing: '--filter needs a SCIM filter, e.g. --filter \'userName sw "ada"\'' } },
} as const satisfies CommandSpec;

export interface RunUsersOptions {
  /** Cancels the listing (the real CLI wires SIGINT to it). */
  signal?: AbortSignal;
}

export async function runUsers(argv: string[], io: CliIO, opts: RunUsersOptions = {}): Promise<number> {
  const started = startCommand(argv, io, SPEC);
  if (typeof started === 'number') return started;
  const { cli, args } = started;
  const { out, err } = cli;

  const filter = args.values['--filter']?.trim() || undefined;
  if (filter !== undefined) {
    const check = validateScimFilter(filter);
    if (!check.ok) return cli.fail(`invalid --filter: ${check.message}\n  ${filter}\n  ${' '.repeat(check.offset)}^`);
    for (const note of check.notes) cli.err(`scim-provisioning users: note: ${note}`);
  }

  const endpoint = await resolveEndpoint(args, cli);
  if (typeof endpoint === 'number') return endpoint;
  const client = clientFor(endpoint, cli, args, io.version);
  try {
    const pager = new UserPager(client, {
      ...(filter !== undefined ? { filter } : {}),
      onWarning: (w) => err(`scim-provisioning users: warning: ${w}`),
    });
    const result = await pager.loadAll({
      ...(opts.signal ? { signal: opts.signal } : {}),
      onPage: (page) => {
        for (const u of page.users) out(args.format === 'json' ? JSON.stringify(u) : formatUserLine(u));
      },
    });
    if (!result.ok) {
      const f = result.failure;
      err(`scim-provisioning users: ${f.diagnosis}: ${f.message}${f.detail ? `\n  detail: ${f.detail}` : ''}`);
      err(`scim-provisioning users: stopped after ${result.loaded} users`);
      return 1;
    }
    return 0;
  } finally {
    await client.close();
  }
}
