// scim-provisioning simulate --config FILE [--user USERNAME] [--idp ID] [--write] [--format text|json] [--timeout-ms N]
// The requests the identity provider would send for one assignment. Dry run by default: nothing is
// sent and no token is needed. --write plays them against the tenant for a stand-in and removes it.
import type { CliIO } from '../io';
import { clientFor, readConfigText, resolveEndpoint, startCommand } from '../args';
import type { CommandSpec } from '../args';
import { parseConfig } from '../../core/config/yaml/parse';
import { LineIndex } from '../../core/config/yaml/lineIndex';
import { IDP_IDS, idpNamed, loadIdentityProvider } from '../../core/idp/registry';
import type { IdentityProvider } from '../../core/idp/types';
import { rawTransport } from '../../core/scim/rawTransport';
import { dryRun, runSimulation } from '../../core/simulate/run';
import { renderSimulationText, simulationJson } from '../../core/simulate/render';
import { assignmentsOf } from '../../core/config/model';

const USAGE = `usage: scim-provisioning simulate --config FILE [--user USERNAME] [--idp ${IDP_IDS.join('|')}] [--write] [--format text|json] [--timeout-ms N]

The requests the identity provider sends for one assignment (--user, default the first), built by
evaluating the config's mappings on that person's profile: the look-up, the create, an update after
a profile change, deactivate and reactivate. --idp overrides app.identityProvider.

Without --write nothing is sent and no token is needed: the requests are printed, each body field
with the mapping that produced it. With --write they are run against the config's tenant for a
stand-in (the person's profile under a fresh test userName, scim-simulate-…@example.invalid), with
the token from SCIM_TOKEN: the user is read back after each step and compared with what was sent,
then removed, also when a step fails or on Ctrl+C.

Exit 0 when every step is ok, 1 otherwise, 2 on bad usage.`;

const SPEC = {
  name: 'simulate',
  usage: USAGE,
  formats: ['text', 'json'],
  configRequired: true,
  options: {
    '--write': { flag: true },
    '--user': { missing: '--user needs a userName' },
    '--idp': { choices: IDP_IDS },
  },
} as const satisfies CommandSpec;

export interface RunSimulateOptions {
  /** Cancels the run (the real CLI wires SIGINT to it); the stand-in is still removed. */
  signal?: AbortSignal;
}

export async function runSimulate(argv: string[], io: CliIO, opts: RunSimulateOptions = {}): Promise<number> {
  const started = startCommand(argv, io, SPEC);
  if (typeof started === 'number') return started;
  const { cli, args } = started;
  if (args.baseUrl !== undefined) return cli.usage("--base-url is not an option of simulate: the tenant is the config's api.region or api.baseUrl");
  const file = args.config ?? '';
  const text = await readConfigText(cli, file);
  if (typeof text === 'number') return text;
  const parsed = parseConfig(text);
  // A document with YAML errors could hide or invent mappings and people: simulate only what the file clearly says.
  const yamlError = parsed.findings.find((f) => f.severity === 'error');
  if (!parsed.usable || yamlError) {
    const f = yamlError ?? parsed.findings[0];
    const at = f ? new LineIndex(text).positionAt(f.start) : undefined;
    return cli.fail(`${file}${at ? `:${at.line}:${at.column}` : ''}: ${f?.message ?? 'the YAML cannot be read'}; run 'scim-provisioning validate ${file}'`);
  }
  const config = parsed.value;

  const idpId = args.values['--idp'];
  const named = idpId === undefined ? undefined : idpNamed(idpId);
  if (idpId !== undefined && !named) return cli.fail(`--idp ${idpId}: this build has no ${idpId} module`);
  const idp: IdentityProvider | undefined = named && loadIdentityProvider(named);
  const people = assignmentsOf(config);
  if (!people.length) return cli.fail(`${file} assigns nobody: add a person under 'assignments:' (simulate runs for an assigned person)`);
  const wanted = args.values['--user'];
  const person = wanted === undefined ? people[0] : people.find((p) => p.userName.toLowerCase() === wanted.trim().toLowerCase());
  if (!person) {
    const names = people.slice(0, 5).map((p) => p.userName).join(', ');
    return cli.fail(`${file} has no assignment with userName '${wanted ?? ''}'; it assigns ${names}${people.length > 5 ? `, … (${people.length})` : ''}`);
  }

  const print = (report: Parameters<typeof simulationJson>[0], baseUrl?: string): number => {
    if (args.format === 'json') cli.out(JSON.stringify(simulationJson(report)));
    else for (const line of renderSimulationText(report, baseUrl ? { baseUrl } : {})) cli.out(line);
    return report.ok ? 0 : 1;
  };

  if (args.flags['--write'] !== true) {
    const report = dryRun(config, person, idp ? { idp } : {});
    if ('error' in report) return cli.fail(report.error);
    return print(report);
  }

  const endpoint = await resolveEndpoint(args, cli);
  if (typeof endpoint === 'number') return endpoint;
  const { baseUrl, token } = endpoint;
  const client = clientFor(endpoint, cli, args, io.version);
  const transport = rawTransport({
    baseUrl, token, redact: cli.redact, timeoutMs: args.timeoutMs, dispatcher: client.dispatcherFor(baseUrl), userAgent: `scim-provisioning-cli/${io.version}`,
  });
  try {
    const report = await runSimulation({
      config, assignment: person, transport, redact: cli.redact,
      ...(idp ? { idp } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    if ('error' in report) return cli.fail(report.error);
    return print(report, baseUrl);
  } finally {
    await transport.close();
    await client.close();
  }
}
