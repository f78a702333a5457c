// scim-provisioning: the same core as the extension, from a terminal (CI, pre-commit).
// Exit codes: 0 ok, 1 findings/failure, 2 bad usage. Never prints a stack trace.
import { runValidate } from './validate';
import { runTestCredentials } from './test-credentials';
import { runUsers } from './users';
import { runCheck } from './check';
import { runReconcile } from './reconcile';
import { runSimulate } from './simulate';
import type { CliIO } from './io';
import { processIO } from './stdio';
import { version } from '../../package.json';

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
  simulate --config FILE [--user USERNAME] [--idp okta|entra-id] [--write] [--format text|json] [--timeout-ms N]
      the requests the identity provider sends for an assignment; --write runs them for a stand-in

run 'scim-provisioning <command> --help' for a command's options.`;

type Command = (argv: string[], io: CliIO, opts: { signal?: AbortSignal }) => Promise<number>;

const commands: Record<string, Command> = {
  validate: runValidate,
  'test-credentials': runTestCredentials,
  users: runUsers,
  check: runCheck,
  reconcile: runReconcile,
  simulate: runSimulate,
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
  try {
    return await run(rest, io, opts);
  } catch (e) {
    io.err(`scim-provisioning ${cmd}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

if (require.main === module) {
  // Ctrl+C cancels a running command cleanly (no half-printed JSON line, no stack trace); so does a
  // reader that closes early (`| head`): the command is cancelled and the process exits 0 quietly.
  const ctrl = new AbortController();
  const stdio = processIO(version, () => ctrl.abort());
  const { io } = stdio;
  let interrupted = false;
  process.once('SIGINT', () => { interrupted = true; ctrl.abort(); });
  main(process.argv.slice(2), io, { signal: ctrl.signal }).then(
    (code) => { process.exitCode = interrupted ? 130 : stdio.exitCode ?? code; },
    (e: unknown) => { io.err(`scim-provisioning: ${e instanceof Error ? e.message : String(e)}`); process.exitCode = interrupted ? 130 : stdio.exitCode ?? 1; },
  );
}
