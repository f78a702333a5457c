// scim-provisioning check (--config FILE | --base-url URL) [--write] [--format text|json|junit] [--timeout-ms N] [--target flosum|generic-scim]
// The endpoint conformance check (Okta spec test, Entra validator, scim2-tester). Read-only unless
// --write. The token comes from SCIM_TOKEN and never appears in any output line.
import type { CliIO } from '../io';
import { clientFor, resolveEndpoint, startCommand } from '../args';
import type { CommandSpec } from '../args';
import { runConformance } from '../../core/conformance/run';
import { conformanceJson, renderConformanceJunit, renderConformanceText } from '../../core/conformance/render';
import { TARGET_IDS } from '../../core/targets/registry';

const USAGE = `usage: scim-provisioning check (--config FILE | --base-url URL) [--write] [--format text|json|junit] [--timeout-ms N] [--target flosum|generic-scim]

Checks the SCIM endpoint the way Okta's spec test, Microsoft's Entra validator and scim2-tester do,
with the token from the environment variable SCIM_TOKEN. Read-only unless --write, which creates a
uniquely named test user (scim-check-…@example.invalid) and always removes it afterwards.
--target defaults to the config's app.target (flosum), or generic-scim with --base-url.
A 429 is waited out as the server asks (at most 60 s per request); a check still rate-limited after
that is skipped, not failed. Exit 0 when no check failed, 1 when any failed, a test user was left
behind or rate limiting stopped the run, 2 on bad usage.`;

const SPEC = {
  name: 'check',
  usage: USAGE,
  formats: ['text', 'json', 'junit'],
  options: { '--write': { flag: true }, '--target': { choices: TARGET_IDS } },
} as const satisfies CommandSpec;

export interface RunCheckOptions {
  /** Cancels the run (the real CLI may wire SIGINT to it); the test user is still removed. */
  signal?: AbortSignal;
}

export async function runCheck(argv: string[], io: CliIO, opts: RunCheckOptions = {}): Promise<number> {
  const started = startCommand(argv, io, SPEC);
  if (typeof started === 'number') return started;
  const { cli, args } = started;
  const endpoint = await resolveEndpoint(args, cli);
  if (typeof endpoint === 'number') return endpoint;
  const { baseUrl, token } = endpoint;
  const target = args.values['--target'] ?? endpoint.config?.target ?? 'generic-scim';

  const client = clientFor(endpoint, cli, args, io.version);
  try {
    const report = await runConformance({
      client,
      raw: { token, timeoutMs: args.timeoutMs, userAgent: `scim-provisioning-cli/${io.version}` },
      write: args.flags['--write'] === true,
      target,
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    if (args.format === 'json') cli.out(JSON.stringify(conformanceJson(report)));
    else if (args.format === 'junit') cli.out(renderConformanceJunit(report, { baseUrl }));
    else for (const line of renderConformanceText(report, { baseUrl })) cli.out(line);
    return report.summary.fail > 0 || report.leftBehind.length > 0 || report.rateLimited ? 1 : 0;
  } finally {
    await client.close();
  }
}
