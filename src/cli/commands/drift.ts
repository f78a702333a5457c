// scim-provisioning drift --config FILE [--format text|json] [--timeout-ms N]
// Reads the app the file's `idp` block names from the identity provider (read-only) and compares it
// with the file. Exit 0 when nothing differs (not-readable parts alone are 0), 1 on any drift or when
// the identity provider could not be read, 2 on bad usage. A CI check: `scim-provisioning drift
// --config flosum.scim.yaml` fails the job when someone changed the app in the console.
import type { CliIO } from '../io';
import { readConfigText, startCommand } from '../args';
import type { CommandSpec } from '../args';
import { IDP_DESCRIPTORS } from '../../core/idp/descriptors';
import { idpDescriptorFor } from '../../core/idp/registry';
import { IDP_API_MODULES, idpApiOf } from '../../core/idp/api/modules';
import { readDriftFile } from '../../core/drift/file';
import { drift, hasDrift } from '../../core/drift/drift';
import type { DriftItem } from '../../core/drift/drift';
import { checkLocation, permissionLines, readLiveApp, reportFailure } from '../idp';

const USAGE = `usage: scim-provisioning drift --config FILE [--format text|json] [--timeout-ms N]

Reads the app the file's idp block names from the identity provider and compares it with the file:
SAML attributes, To App options, mappings (expressions compared as the identity provider parses
them), assignments (time zones; blank is Etc/UTC) and groups. Each difference is one of: differs,
only-in-file, only-in-idp; not-readable is what the API cannot say (info, not drift). Nothing is
written to the identity provider.
${IDP_DESCRIPTORS.map((d) => {
  const api = IDP_API_MODULES[d.id];
  return `
${d.label} (idp: ${api.location.map((f) => f.key).join(', ')}): token from ${api.tokenEnv}${api.oauthScope ? ', else the Azure credential chain (service principal in AZURE_* variables, or az login)' : ''}; read permissions:
${permissionLines(api)}`;
}).join('\n')}

Text: one line per difference (file:line: category section key: message), then the counts. JSON:
{summary: {same, differs, onlyInFile, onlyInIdp, notReadable}, items: [{section, key, category, file?, idp?, line?, message}]},
or {error: {diagnosis, message}} when the identity provider could not be read.
Exit 0 when nothing differs, 1 on any drift or when the identity provider could not be read, 2 on bad usage.`;

const SPEC = { name: 'drift', usage: USAGE, formats: ['text', 'json'], configRequired: true } as const satisfies CommandSpec;

export interface RunDriftOptions {
  signal?: AbortSignal;
}

/** An item as DESIGN's JSON has it (the contract's keys only). */
function itemJson(i: DriftItem): Record<string, unknown> {
  return {
    section: i.section, key: i.key, category: i.category,
    ...(i.file !== undefined ? { file: i.file } : {}),
    ...(i.idp !== undefined ? { idp: i.idp } : {}),
    ...(i.line !== undefined ? { line: i.line } : {}),
    message: i.message,
  };
}

export async function runDrift(argv: string[], io: CliIO, opts: RunDriftOptions = {}): Promise<number> {
  const started = startCommand(argv, io, SPEC);
  if (typeof started === 'number') return started;
  const { cli, args } = started;
  if (args.baseUrl !== undefined) return cli.usage('--base-url is not an option of drift: the identity provider is named by the idp block');
  const fileName = args.config ?? '';
  const text = await readConfigText(cli, fileName);
  if (typeof text === 'number') return text;
  const file = readDriftFile(text);
  const descriptor = idpDescriptorFor(file.identityProvider);
  const api = idpApiOf(descriptor.id);
  if (!file.idpAt) {
    return cli.fail(`${fileName} has no idp block: add one naming the ${descriptor.label} app (${api.location.filter((f) => f.required).map((f) => `idp.${f.key}`).join(', ')}), or make the file with 'scim-provisioning import'.`);
  }
  const checked = checkLocation(api, file.idp, (f) => `${fileName}: idp.${f.key}`);
  if (!checked.ok) {
    if (checked.code === 2) return cli.fail(checked.message);
    reportFailure(cli, { diagnosis: checked.diagnosis ?? 'insecure-url', message: checked.message }, args.format, (l) => cli.out(l));
    return 1;
  }
  const live = await readLiveApp(api, checked.location, cli, args, { ...(opts.signal ? { signal: opts.signal } : {}), failureTo: (l) => cli.out(l) });
  if (typeof live === 'number') return live;
  const result = drift(file, live);
  if (args.format === 'json') {
    cli.out(JSON.stringify({ summary: result.summary, items: result.items.map(itemJson) }));
  } else {
    for (const i of result.items) cli.out(`${fileName}:${i.line ?? i.sectionAt?.line ?? 1}: ${i.category} ${i.section} ${i.key}: ${i.message}`);
    const s = result.summary;
    cli.out(`${hasDrift(result) ? 'drift' : 'no drift'} from the ${descriptor.label} app "${live.label}": ${s.same} same, ${s.differs} differ, ${s.onlyInFile} only in the file, ${s.onlyInIdp} only in ${descriptor.label}, ${s.notReadable} not readable`);
  }
  return hasDrift(result) ? 1 : 0;
}
