// scim-provisioning: the same core as the extension, from a terminal (CI, pre-commit).
// Exit codes: 0 ok, 1 findings/failure, 2 bad usage. Never prints a stack trace.
import { runValidate } from './commands/validate';
import { runTestCredentials } from './commands/testCredentials';
import { runUsers } from './commands/users';
import { runCheck } from './commands/check';
import { runReconcile } from './commands/reconcile';
import { runSimulate } from './commands/simulate';
import { runImport } from './commands/import';
import { runDrift } from './commands/drift';
import type { CliIO, CliMain } from './io';
import { guarded } from './io';
import { version } from '../../package.json';
import { runAsProcess } from './process';
import { IDP_IDS, useIdpModules } from '../core/idp/registry';
import { ALL_IDP_MODULES } from '../core/idp/modules';

// dist/cli-main.js carries every identity provider's module.
useIdpModules(ALL_IDP_MODULES);

const USAGE = `usage: scim-provisioning <command> [options]

commands:
  validate [--fix] [--format text|json|sarif] FILE...
  test-credentials (--config FILE | --base-url URL) [--format json] [--timeout-ms N]
      token from the environment variable SCIM_TOKEN
  users (--config FILE | --base-url URL) [--filter EXPR] [--format text|json] [--timeout-ms N]
      streams every user, paging as the tenant allows; token from SCIM_TOKEN
  check (--config FILE | --base-url URL) [--write] [--format text|json|junit] [--timeout-ms N]
      the endpoint conformance check (Okta spec test, Entra validator, scim2-tester); exit 1 on any fail
  reconcile --config FILE [--base-url URL] [--format text|json] [--timeout-ms N]
      the config's assignments against the tenant's users; exit 0 when everyone is matched
  simulate --config FILE [--user USERNAME] [--idp ${IDP_IDS.join('|')}] [--write] [--format text|json] [--timeout-ms N]
      the requests the identity provider sends for an assignment; --write runs them for a stand-in
  import --from ${IDP_IDS.join('|')} <the app's location> [--out FILE] [--force] [--format text|json] [--timeout-ms N]
      an app from the identity provider's API as a config (read-only; Okta token from OKTA_API_TOKEN,
      Graph token from GRAPH_TOKEN or the Azure credential chain)
  drift --config FILE [--format text|json] [--timeout-ms N]
      the file against the live app its idp block names; exit 1 on any difference (a CI check)

run 'scim-provisioning <command> --help' for a command's options.`;

type Command = CliMain;

const commands: Record<string, Command> = {
  validate: runValidate,
  'test-credentials': runTestCredentials,
  users: runUsers,
  check: runCheck,
  reconcile: runReconcile,
  simulate: runSimulate,
  import: runImport,
  drift: runDrift,
};

export async function main(argv: string[], io: CliIO, opts: { signal?: AbortSignal } = {}): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    if (cmd) io.out(USAGE);
    else io.err(USAGE);
    return cmd ? 0 : 2;
  }
  if (cmd === '--version') { io.out(io.version); return 0; }
  const run = commands[cmd];
  if (!run) { io.err(`scim-provisioning: unknown command '${cmd}'\n\n${USAGE}`); return 2; }
  return guarded(cmd, () => run(rest, io, opts), io);
}

// dist/cli-main.js is required by dist/cli.js (src/cli/bin.ts); run directly (e.g. through tsx) it is the CLI.
if (require.main === module) runAsProcess(main, version);
