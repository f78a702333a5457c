// scim-provisioning test-credentials (--config FILE | --base-url URL) [--format json] [--timeout-ms N]
// The token comes from SCIM_TOKEN and never appears in any output line.
import { promises as fsp } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { CliIO } from './io';
import { checkEndpointUrl, isFlosumRegion, resolveBaseUrl } from '../core/scim/endpoint';
import { diagnosisMessage } from '../core/scim/diagnosis';
import { testCredentials } from '../core/scim/credentials';
import type { CredentialTestResult } from '../core/scim/credentials';
import { createRedactor } from '../core/scim/redact';

const USAGE = `usage: scim-provisioning test-credentials (--config FILE | --base-url URL) [--format text|json] [--timeout-ms N]

Sends what Okta's "Test API Credentials" sends (GET {base}/Users?startIndex=1&count=2) with the
token from the environment variable SCIM_TOKEN. Exit 0 when verified, 1 when not, 2 on bad usage.`;

interface Args { config?: string; baseUrl?: string; format: 'text' | 'json'; timeoutMs: number; help?: boolean }

function parseArgs(argv: string[]): Args | string {
  const args: Args = { format: 'text', timeoutMs: 10_000 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const eq = a.indexOf('=');
    const name = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    const inline = a.startsWith('--') && eq > 0 ? a.slice(eq + 1) : undefined;
    const value = (): string | undefined => inline ?? argv[++i];
    switch (name) {
      case '--help': case '-h': args.help = true; break;
      case '--config': { const v = value(); if (!v) return '--config needs a file'; args.config = v; break; }
      case '--base-url': { const v = value(); if (!v) return '--base-url needs a URL'; args.baseUrl = v; break; }
      case '--format': {
        const v = value();
        if (v !== 'json' && v !== 'text') return `--format must be 'text' or 'json'`;
        args.format = v;
        break;
      }
      case '--timeout-ms': {
        const v = value();
        if (!v || !/^\d+$/.test(v) || Number(v) < 1) return '--timeout-ms needs a positive whole number of milliseconds';
        args.timeoutMs = Number(v);
        break;
      }
      default: return `unknown option '${a}'`;
    }
  }
  if (args.help) return args;
  if (!!args.config === !!args.baseUrl) return 'give exactly one of --config FILE or --base-url URL';
  return args;
}

interface Target { baseUrl?: string; appName?: string; problem?: string }

function readConfigTarget(text: string, file: string): Target {
  let doc: unknown;
  try {
    doc = parseYaml(text, { maxAliasCount: 100 });
  } catch (e) {
    return { problem: `${file}: not valid YAML (${e instanceof Error ? e.message.split('\n')[0] : String(e)}); run 'scim-provisioning validate ${file}'` };
  }
  const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
  const root = obj(doc);
  const app = obj(root.app);
  const api = obj(root.api);
  const appName = typeof app.name === 'string' && app.name.trim() ? app.name.trim() : undefined;
  const region = typeof api.region === 'string' ? api.region : undefined;
  const baseUrl = typeof api.baseUrl === 'string' ? api.baseUrl : undefined;
  if (region !== undefined && baseUrl !== undefined) return { problem: `${file}: api has both region and baseUrl; keep exactly one` };
  if (region !== undefined && !isFlosumRegion(region)) return { problem: `${file}: api.region '${region}' is not one of us, de, jp, au` };
  const resolved = resolveBaseUrl({ region, baseUrl });
  if (!resolved) return { problem: `${file}: no api.region or api.baseUrl to test` };
  return { baseUrl: resolved, ...(appName ? { appName } : {}) };
}

export async function runTestCredentials(argv: string[], io: CliIO): Promise<number> {
  const token = io.env.SCIM_TOKEN;
  const redact = createRedactor([token]);
  const out = (s: string): void => io.out(redact(s));
  const err = (s: string): void => io.err(redact(s));

  const parsed = parseArgs(argv);
  if (typeof parsed === 'string') { err(`scim-provisioning test-credentials: ${parsed}\n\n${USAGE}`); return 2; }
  if (parsed.help) { out(USAGE); return 0; }

  let target: Target;
  if (parsed.config) {
    let text: string;
    try {
      text = io.readFile ? await io.readFile(parsed.config) : await fsp.readFile(parsed.config, 'utf8');
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      err(`scim-provisioning test-credentials: cannot read ${parsed.config}${typeof code === 'string' ? ` (${code})` : ''}`);
      return 2;
    }
    target = readConfigTarget(text, parsed.config);
  } else {
    target = { baseUrl: (parsed.baseUrl ?? '').trim().replace(/\/+$/, '') };
  }
  if (target.problem || !target.baseUrl) { err(`scim-provisioning test-credentials: ${target.problem ?? 'no base URL'}`); return 2; }

  const emit = (r: Pick<CredentialTestResult, 'ok' | 'diagnosis' | 'status' | 'message' | 'elapsedMs' | 'detail'>): void => {
    if (parsed.format === 'json') {
      out(JSON.stringify({ ok: r.ok, diagnosis: r.diagnosis, status: r.status ?? null, message: r.message, elapsedMs: r.elapsedMs }));
    } else {
      out(r.ok ? `✓ ${r.message} (HTTP ${r.status ?? '?'}, ${r.elapsedMs} ms)` : `✗ ${r.diagnosis}: ${r.message}`);
      if (!r.ok && r.detail) out(`  detail: ${r.detail}`);
    }
  };

  if (!token || !token.trim()) {
    err('scim-provisioning test-credentials: set the environment variable SCIM_TOKEN to the API token (e.g. SCIM_TOKEN=... scim-provisioning test-credentials ...); it is never read from a file or an argument.');
    return 2;
  }

  // Refused before any connection or lookup: decided from the URL string alone.
  const check = checkEndpointUrl(target.baseUrl);
  if (!check.ok) {
    if (check.reason === 'invalid') { err(`scim-provisioning test-credentials: ${check.message}`); return 2; }
    emit({ ok: false, diagnosis: 'insecure-url', message: diagnosisMessage('insecure-url', { host: new URL(target.baseUrl).host }), elapsedMs: 0 });
    return 1;
  }

  const proxyUrl = io.env.HTTPS_PROXY ?? io.env.https_proxy;
  const noProxy = (io.env.NO_PROXY ?? io.env.no_proxy ?? '').split(',').map((h) => h.trim()).filter(Boolean);
  const result = await testCredentials({
    ...(proxyUrl ? { proxy: { url: proxyUrl, noProxy } } : {}),
    baseUrl: target.baseUrl,
    token: token.trim(),
    timeoutMs: parsed.timeoutMs,
    version: io.version,
    ...(target.appName ? { appName: target.appName } : {}),
  });
  emit(result);
  return result.ok ? 0 : 1;
}
