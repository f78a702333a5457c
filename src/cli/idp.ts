// What `import` and `drift` share: an identity provider's location checked before any request (urls
// https, or http to loopback; ids in their shapes), its token from the environment or, for Microsoft
// Graph, the Azure credential chain (loaded only then), progress lines, and a failure printed in the
// identity provider's words — as JSON `{error: {diagnosis, message}}` with --format json.
import { checkEndpointUrl } from '../core/http/url';
import type { IdpApiModule, LocationField } from '../core/idp/api/module';
import { isIdpApiError, staticToken } from '../core/idp/api/types';
import type { IdpApiFailure, TokenProvider } from '../core/idp/api/types';
import type { ReadProgress } from '../core/idp/live';
import { requireSibling } from '../bundles/requireSibling';
import type { CommandContext, ParsedArgs } from './args';
import type { LiveApp } from '../core/idp/live';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ID = /^[A-Za-z0-9][\w.-]*$/;

/** The permissions a token needs, one per line, for usage and error messages. */
export function permissionLines(api: IdpApiModule): string {
  return api.permissions.map((p) => `  ${p.permission}${p.optional ? ' (optional)' : ''}: ${p.purpose}`).join('\n');
}

export type LocationCheck = { ok: true; location: Record<string, string> } | { ok: false; code: 1 | 2; message: string; diagnosis?: 'insecure-url' };

/** The location's values checked from the strings alone (no lookup, no connection). */
export function checkLocation(api: IdpApiModule, given: Readonly<Record<string, string | undefined>>, where: (f: LocationField) => string): LocationCheck {
  const location: Record<string, string> = {};
  for (const f of api.location) {
    const raw = given[f.key]?.trim();
    if (!raw) {
      if (f.required) return { ok: false, code: 2, message: `${where(f)} is required: ${f.describe}` };
      if (f.default !== undefined) location[f.key] = f.default;
      continue;
    }
    if (f.kind === 'url') {
      const c = checkEndpointUrl(raw);
      if (!c.ok) {
        if (c.reason === 'invalid') return { ok: false, code: 2, message: `${where(f)}: ${c.message}` };
        return { ok: false, code: 1, diagnosis: 'insecure-url', message: `${where(f)} ${raw}: refusing to send the token over plain http to ${new URL(raw).host}; use https (plain http is allowed only to localhost/127.0.0.1/::1).` };
      }
      location[f.key] = c.url.origin;
      continue;
    }
    if (f.kind === 'guid' && !GUID.test(raw)) return { ok: false, code: 2, message: `${where(f)} '${raw}' is not a GUID: ${f.describe}` };
    if (f.kind === 'id' && !ID.test(raw)) return { ok: false, code: 2, message: `${where(f)} '${raw}' is not an id: ${f.describe}` };
    location[f.key] = raw;
  }
  return { ok: true, location };
}

interface AzureModule {
  azureTokenProvider(opts: { scope: string; tenantId?: string; env: Record<string, string | undefined>; needs?: string }): TokenProvider;
}

/** The Azure credential chain: dist/azure-identity.js beside the running bundle, or the module itself when run from source. */
function loadAzure(): AzureModule {
  try {
    return requireSibling('azure-identity.js') as AzureModule;
  } catch (e) {
    if ((e as { code?: string }).code !== 'MODULE_NOT_FOUND') throw e;
  }
  // From source (tsx): the path is a value, so no bundle carries it.
  const fromSource = ['..', 'core', 'idp', 'entra', 'api', 'azureCredential'].join('/');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a runtime load of a heavy optional part, on purpose
  return require(fromSource) as AzureModule;
}

/** Where the token comes from; a number is the exit code with the reason printed. */
export function tokenProviderFor(api: IdpApiModule, location: Readonly<Record<string, string>>, cli: CommandContext, command: string): TokenProvider | number {
  const env = cli.io.env[api.tokenEnv]?.trim();
  if (env) {
    cli.redact.add(env);
    return staticToken(env, api.tokenEnv);
  }
  if (api.oauthScope) {
    const needs = `The token needs: ${api.permissions.map((p) => p.permission).join(', ')}.`;
    return loadAzure().azureTokenProvider({ scope: api.oauthScope(location), ...(location.tenantId ? { tenantId: location.tenantId } : {}), env: cli.io.env, needs });
  }
  return cli.fail(`set the environment variable ${api.tokenEnv} to ${api.tokenName}, e.g. ${api.tokenEnv}=... scim-provisioning ${command} ...; it is never read from a file or an argument. ${api.tokenHelp}\nIt needs these read permissions:\n${permissionLines(api)}`);
}

/** A failure as DESIGN's `{diagnosis, message}` (cancellations are not printed). */
export function failureOf(e: unknown): IdpApiFailure | undefined {
  return isIdpApiError(e) ? e.failure : undefined;
}

/** Prints a read failure: `<name>: <diagnosis>: <message>`, or `{"error": …}` (to `json` when given). */
export function reportFailure(cli: CommandContext, f: Pick<IdpApiFailure, 'diagnosis' | 'message'>, format: string, json: (line: string) => void): void {
  const message = cli.redact(f.message);
  if (format === 'json') json(JSON.stringify({ error: { diagnosis: f.diagnosis, message } }));
  else cli.err(`scim-provisioning ${cli.name}: ${f.diagnosis}: ${message}`);
}

/** Progress lines on stderr (text format only): waits for rate limits, counts every 1,000 people. */
export function progressPrinter(cli: CommandContext, format: string): (p: ReadProgress) => void {
  let lastCount = 0;
  return (p) => {
    if (format === 'json') return;
    if (p.kind === 'waiting') cli.err(`scim-provisioning ${cli.name}: ${p.message}`);
    else if (p.kind === 'count' && p.what === 'assignments' && p.count - lastCount >= 1000) {
      lastCount = p.count;
      cli.err(`scim-provisioning ${cli.name}: ${p.count.toLocaleString('en')} assignments read`);
    }
  };
}

/**
 * Read the app: its token (tokenProviderFor), the proxy from HTTPS_PROXY / NO_PROXY, progress on
 * stderr, the reader closed whatever happens. A number is the exit code with the reason printed (a
 * read failure through `failureTo`: stderr for import, stdout for drift, as DESIGN.md has them).
 */
export async function readLiveApp(
  api: IdpApiModule,
  location: Readonly<Record<string, string>>,
  cli: CommandContext,
  args: ParsedArgs,
  opts: { signal?: AbortSignal; tokenRef?: string; failureTo: (line: string) => void },
): Promise<LiveApp | number> {
  const { io } = cli;
  const tokens = tokenProviderFor(api, location, cli, cli.name);
  if (typeof tokens === 'number') return tokens;
  const proxyUrl = io.env.HTTPS_PROXY ?? io.env.https_proxy;
  if (proxyUrl) {
    try { const p = new URL(proxyUrl); cli.redact.add(p.password); cli.redact.add(decodeURIComponent(p.password)); } catch { /* reported by the transport */ }
  }
  const reader = api.open(location, {
    tokens,
    timeoutMs: args.timeoutMs,
    version: io.version,
    redactor: cli.redact,
    ...(opts.tokenRef ? { tokenRef: opts.tokenRef } : {}),
    ...(proxyUrl ? { transport: { proxy: { url: proxyUrl, noProxy: (io.env.NO_PROXY ?? io.env.no_proxy ?? '').split(',').map((h) => h.trim()).filter(Boolean) } } } : {}),
  });
  try {
    return await reader.read({ ...(opts.signal ? { signal: opts.signal } : {}), onProgress: progressPrinter(cli, args.format) });
  } catch (e) {
    const f = failureOf(e);
    if (!f) throw e;
    if (f.diagnosis !== 'cancelled') reportFailure(cli, f, args.format, (l) => opts.failureTo(cli.redact(l)));
    return 1;
  } finally {
    await reader.close();
  }
}
