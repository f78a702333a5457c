// scim-provisioning test-credentials (--config FILE | --base-url URL) [--format json] [--timeout-ms N]
// The token comes from SCIM_TOKEN and never appears in any output line.
import { parse as parseYaml } from 'yaml';
import type { CliIO } from '../io';
import { resolveEndpoint, startCommand } from '../args';
import type { CommandSpec, ConfigEndpoint } from '../args';
import { testCredentials } from '../../core/scim/credentials';
import type { CredentialTestResult } from '../../core/scim/credentials';
import { connectionProbe, idpDescriptorFor, idpDescriptorOf } from '../../core/idp/registry';
import { apiOf, appOf, trimmedString } from '../../core/config/model';
import { isKnownRegion, regionsOf, resolveBaseUrl } from '../../core/targets/regions';
import { DEFAULT_TARGET } from '../../core/targets/registry';

const USAGE = `usage: scim-provisioning test-credentials (--config FILE | --base-url URL) [--format text|json] [--timeout-ms N]

Sends what the config's identity provider sends when its admin tests the connection, with the token
from the environment variable SCIM_TOKEN: Okta's "Test API Credentials" (GET {base}/Users?startIndex=1&count=2;
also with --base-url) or, for app.identityProvider: entra-id, Entra ID's "Test Connection" (a
userName filter that matches nobody, expecting an empty list). Exit 0 when verified, 1 when not,
2 on bad usage.`;

const SPEC = { name: 'test-credentials', usage: USAGE, formats: ['text', 'json'] } as const satisfies CommandSpec;

/** Stricter than the other commands: says which of api.region / api.baseUrl is wrong. */
function readConfigTarget(text: string, file: string): ConfigEndpoint {
  let doc: unknown;
  try {
    doc = parseYaml(text, { maxAliasCount: 100 });
  } catch (e) {
    return { problem: `${file}: not valid YAML (${e instanceof Error ? e.message.split('\n')[0] : String(e)}); run 'scim-provisioning validate ${file}'` };
  }
  const app = appOf(doc);
  const api = apiOf(doc);
  const appName = trimmedString(app.name);
  const region = typeof api.region === 'string' ? api.region : undefined;
  const baseUrl = typeof api.baseUrl === 'string' ? api.baseUrl : undefined;
  if (region !== undefined && baseUrl !== undefined) return { problem: `${file}: api has both region and baseUrl; keep exactly one` };
  const target = typeof app.target === 'string' ? app.target : DEFAULT_TARGET.id;
  if (region !== undefined && !isKnownRegion(region, target)) return { problem: `${file}: api.region '${region}' is not one of ${Object.keys(regionsOf(target)?.codes ?? {}).join(', ') || 'the target\'s regions (it has none: set api.baseUrl)'}` };
  const resolved = resolveBaseUrl({ region, baseUrl, target });
  if (!resolved) return { problem: `${file}: no api.region or api.baseUrl to test` };
  return { baseUrl: resolved, ...(appName ? { appName } : {}), target, identityProvider: idpDescriptorOf(doc).id };
}

export async function runTestCredentials(argv: string[], io: CliIO): Promise<number> {
  const started = startCommand(argv, io, SPEC);
  if (typeof started === 'number') return started;
  const { cli, args } = started;

  const emit = (r: Pick<CredentialTestResult, 'ok' | 'diagnosis' | 'status' | 'message' | 'elapsedMs' | 'detail'>): void => {
    if (args.format === 'json') {
      cli.out(JSON.stringify({ ok: r.ok, diagnosis: r.diagnosis, status: r.status ?? null, message: r.message, elapsedMs: r.elapsedMs }));
    } else {
      cli.out(r.ok ? `✓ ${r.message} (HTTP ${r.status ?? '?'}, ${r.elapsedMs} ms)` : `✗ ${r.diagnosis}: ${r.message}`);
      if (!r.ok && r.detail) cli.out(`  detail: ${r.detail}`);
    }
  };

  const endpoint = await resolveEndpoint(args, cli, {
    readConfig: readConfigTarget,
    onInsecure: (message) => emit({ ok: false, diagnosis: 'insecure-url', message, elapsedMs: 0 }),
  });
  if (typeof endpoint === 'number') return endpoint;
  const appName = endpoint.config?.appName;
  const idp = idpDescriptorFor(endpoint.config?.identityProvider);
  const result = await testCredentials({
    probe: connectionProbe(idp),
    ...(endpoint.proxy ? { proxy: endpoint.proxy } : {}),
    baseUrl: endpoint.baseUrl,
    token: endpoint.token,
    timeoutMs: args.timeoutMs,
    version: io.version,
    hints: endpoint.hints,
    ...(appName ? { appName } : {}),
  });
  emit(result);
  return result.ok ? 0 : 1;
}
