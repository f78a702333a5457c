// scim-provisioning import --from <idp> <the idp's location flags> [--out FILE] [--force] [--format text|json] [--timeout-ms N]
// Reads an app from the identity provider's management API (GET only, and Graph's batched GETs) and
// writes it as a version-1 config: to --out (created in one step, never over an existing file without
// --force) or to stdout. The token comes from the environment (or, for Microsoft Graph, the Azure
// credential chain) and never appears in any output line. Nothing is ever written to the identity provider.
import type { CliIO } from '../io';
import { createFileAtomically } from '../io';
import { startCommand } from '../args';
import type { CommandSpec, ExtraOption } from '../args';
import { IDP_DESCRIPTORS } from '../../core/idp/descriptors';
import { idpNamed } from '../../core/idp/registry';
import { IDP_API_MODULES, idpApiOf } from '../../core/idp/api/modules';
import type { LocationField } from '../../core/idp/api/module';
import { importConfigText } from '../../core/import/config';
import type { LiveApp } from '../../core/idp/live';
import { checkLocation, permissionLines, readLiveApp, reportFailure } from '../idp';
import { promises as fsp } from 'node:fs';

const apis = IDP_DESCRIPTORS.map((d) => ({ d, api: IDP_API_MODULES[d.id] }));
const flagsOf = (fields: readonly LocationField[]): string => fields.map((f) => (f.required ? `${f.flag} ${f.kind === 'url' ? 'URL' : 'ID'}` : `[${f.flag} ${f.kind === 'url' ? 'URL' : 'ID'}]`)).join(' ');

const USAGE = `usage: ${apis.map(({ d, api }) => `scim-provisioning import --from ${d.id} ${flagsOf(api.location)} [--out FILE] [--force] [--format text|json] [--timeout-ms N]`).join('\n       ')}

Reads an app from the identity provider's API and writes it as a config (version 1) with the idp
block filled, every section the API can read, and a comment on each part it cannot read. Then run
'scim-provisioning validate FILE' to see the live setup's problems. Nothing is written to the
identity provider: every request only reads.
${apis.map(({ d, api }) => `
${d.label}: the token comes from ${api.tokenEnv}${api.oauthScope ? ', else the Azure credential chain (a service principal in AZURE_TENANT_ID / AZURE_CLIENT_ID / AZURE_CLIENT_SECRET, or the Azure CLI login)' : ''}.
${api.location.map((f) => `  ${f.flag}: ${f.describe}`).join('\n')}
 Read permissions it needs:
${permissionLines(api)}`).join('\n')}

--out FILE writes the config there (created whole or not at all); an existing FILE is replaced only
with --force. Without --out the config goes to stdout.
Exit 0 when written, 1 when the identity provider could not be read (with --format json the error is
{"error": {"diagnosis", "message"}} on stderr), 2 on bad usage.`;

const locationOptions: Record<string, ExtraOption> = {};
for (const { api } of apis) for (const f of api.location) locationOptions[f.flag] = { missing: `${f.flag} needs a value: ${f.describe}` };

const SPEC = {
  name: 'import',
  usage: USAGE,
  formats: ['text', 'json'],
  noEndpoint: true,
  options: {
    '--from': { choices: IDP_DESCRIPTORS.map((d) => d.id), missing: `--from needs the identity provider: ${IDP_DESCRIPTORS.map((d) => d.id).join(' or ')}` },
    '--out': { missing: '--out needs a file name' },
    '--force': { flag: true },
    ...locationOptions,
  },
} as const satisfies CommandSpec;

export interface RunImportOptions {
  signal?: AbortSignal;
}

/** Counts and the parts not readable, for the summary line and the JSON. */
function summaryOf(live: LiveApp): { counts: Record<string, number>; notReadable: Array<{ section: string; reason: string }> } {
  const counts = {
    samlAttributes: live.saml.readable ? live.saml.value.filter((a) => a.expression !== undefined && !a.unsupported).length : 0,
    mappings: live.mappings.readable ? live.mappings.value.filter((m) => m.expression !== undefined && !m.unsupported).length : 0,
    assignments: live.assignments.readable ? live.assignments.value.length : 0,
    groups: live.groups.readable ? live.groups.value.length : 0,
  };
  const notReadable: Array<{ section: string; reason: string }> = [];
  for (const [section, part] of [['api', live.api], ['saml', live.saml], ['toApp', live.toApp], ['mappings', live.mappings], ['assignments', live.assignments], ['groups', live.groups]] as const) {
    if (!part.readable) notReadable.push({ section, reason: part.reason });
  }
  return { counts, notReadable };
}

export async function runImport(argv: string[], io: CliIO, opts: RunImportOptions = {}): Promise<number> {
  const started = startCommand(argv, io, SPEC);
  if (typeof started === 'number') return started;
  const { cli, args } = started;
  const from = args.values['--from'];
  if (!from) return cli.usage(`--from is required: ${IDP_DESCRIPTORS.map((d) => d.id).join(' or ')}`);
  const descriptor = idpNamed(from);
  if (!descriptor) return cli.usage(`--from must be ${IDP_DESCRIPTORS.map((d) => d.id).join(' or ')}`);
  const api = idpApiOf(descriptor.id);
  const own = new Set(api.location.map((f) => f.flag));
  for (const { d, api: other } of apis) {
    for (const f of other.location) {
      if (!own.has(f.flag) && args.values[f.flag] !== undefined) return cli.usage(`${f.flag} is for --from ${d.id}, not ${descriptor.id}`);
    }
  }
  const given = Object.fromEntries(api.location.map((f) => [f.key, args.values[f.flag]]));
  const checked = checkLocation(api, given, (f) => f.flag);
  if (!checked.ok) {
    if (checked.code === 2) return cli.usage(checked.message);
    reportFailure(cli, { diagnosis: checked.diagnosis ?? 'insecure-url', message: checked.message }, args.format, (l) => io.err(l));
    return 1;
  }
  const location = checked.location;

  const out = args.values['--out'];
  const force = args.flags['--force'] === true;
  if (out !== undefined) {
    if (!out.trim()) return cli.usage('--out needs a file name');
    const exists = await fsp.stat(out).then(() => true, () => false);
    if (exists && !force) return cli.fail(`${out} exists: give --force to replace it (nothing was read or written)`);
  }

  const tokenRef = api.defaultTokenRef?.(location);
  const live = await readLiveApp(api, location, cli, args, { ...(opts.signal ? { signal: opts.signal } : {}), ...(tokenRef ? { tokenRef } : {}), failureTo: (l) => io.err(l) });
  if (typeof live === 'number') return live;

  const command = `scim-provisioning import --from ${descriptor.id} ${api.location.filter((f) => given[f.key]).map((f) => `${f.flag} ${location[f.key] ?? ''}`).join(' ')}`;
  const text = importConfigText(live, { command });
  const { counts, notReadable } = summaryOf(live);
  if (out === undefined) {
    if (args.format === 'json') cli.out(JSON.stringify({ ok: true, config: text, counts, notReadable, notes: live.notes }));
    else cli.out(text.replace(/\n$/, ''));
    return 0;
  }
  try {
    await createFileAtomically(out, new TextEncoder().encode(cli.redact(text)), { overwrite: force });
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'EEXIST') return cli.fail(`${out} appeared while the app was read: give --force to replace it (nothing was written)`);
    return cli.fail(`cannot write ${out}${code ? ` (${code})` : ''}: nothing was written`, 1);
  }
  if (args.format === 'json') {
    cli.out(JSON.stringify({ ok: true, file: out, counts, notReadable, notes: live.notes }));
  } else {
    cli.out(`Wrote ${out}: the ${descriptor.label} app "${live.label}" — ${counts.mappings} mappings, ${counts.samlAttributes} SAML attributes, ${counts.assignments} assignments, ${counts.groups} groups.`);
    for (const n of notReadable) cli.out(`  not readable: ${n.section}: ${n.reason}`);
    cli.out(`Next: scim-provisioning validate ${out}`);
  }
  return 0;
}
