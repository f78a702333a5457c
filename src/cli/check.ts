// scim-provisioning check (--config FILE | --base-url URL) [--write] [--format text|json|junit] [--timeout-ms N] [--target flosum|generic-scim]
// The endpoint conformance check (Okta spec test, Entra validator, scim2-tester). Read-only unless
// --write. The token comes from SCIM_TOKEN and never appears in any output line.
import { promises as fsp } from 'node:fs';
import { ProxyAgent } from 'undici';
import type { Dispatcher } from 'undici';
import type { CliIO } from './io';
import { endpointOf, summarizeConfig } from '../core/configSummary';
import { checkEndpointUrl, isLoopbackHost } from '../core/scim/endpoint';
import { diagnosisMessage } from '../core/scim/diagnosis';
import { matchesNoProxy, ScimClient } from '../core/scim/http';
import { createRedactor } from '../core/scim/redact';
import { runConformance } from '../core/scim/conformance/run';
import { conformanceJson, renderConformanceJunit, renderConformanceText } from '../core/scim/conformance/render';

const USAGE = `usage: scim-provisioning check (--config FILE | --base-url URL) [--write] [--format text|json|junit] [--timeout-ms N] [--target flosum|generic-scim]

Checks the SCIM endpoint the way Okta's spec test, Microsoft's Entra validator and scim2-tester do,
with the token from the environment variable SCIM_TOKEN. Read-only unless --write, which creates a
uniquely named test user (scim-check-…@example.invalid) and always removes it afterwards.
--target defaults to the config's app.target (flosum), or generic-scim with --base-url.
Exit 0 when no check failed, 1 when any failed, 2 on bad usage.`;

type Format = 'text' | 'json' | 'junit';
interface Args { config?: string; baseUrl?: string; write: boolean; format: Format; timeoutMs: number; target?: string; help?: boolean }

function parseArgs(argv: string[]): Args | string {
  const args: Args = { format: 'text', timeoutMs: 10_000, write: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const eq = a.indexOf('=');
    const name = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    const inline = a.startsWith('--') && eq > 0 ? a.slice(eq + 1) : undefined;
    const value = (): string | undefined => inline ?? argv[++i];
    switch (name) {
      case '--help': case '-h': args.help = true; break;
      case '--write': if (inline !== undefined) return '--write takes no value'; args.write = true; break;
      case '--config': { const v = value(); if (!v) return '--config needs a file'; args.config = v; break; }
      case '--base-url': { const v = value(); if (!v) return '--base-url needs a URL'; args.baseUrl = v; break; }
      case '--target': {
        const v = value();
        if (v !== 'flosum' && v !== 'generic-scim') return `--target must be 'flosum' or 'generic-scim'`;
        args.target = v;
        break;
      }
      case '--format': {
        const v = value();
        if (v !== 'json' && v !== 'text' && v !== 'junit') return `--format must be 'text', 'json' or 'junit'`;
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

export interface RunCheckOptions {
  /** Cancels the run (the real CLI may wire SIGINT to it); the test user is still removed. */
  signal?: AbortSignal;
}

export async function runCheck(argv: string[], io: CliIO, opts: RunCheckOptions = {}): Promise<number> {
  const token = io.env.SCIM_TOKEN;
  const redact = createRedactor([token]);
  const out = (s: string): void => io.out(redact(s));
  const err = (s: string): void => io.err(redact(s));
  const usage = (msg: string): number => { err(`scim-provisioning check: ${msg}\n\n${USAGE}`); return 2; };

  const parsed = parseArgs(argv);
  if (typeof parsed === 'string') return usage(parsed);
  if (parsed.help) { out(USAGE); return 0; }

  let baseUrl: string | undefined;
  let target = parsed.target;
  if (parsed.config) {
    let text: string;
    try {
      text = io.readFile ? await io.readFile(parsed.config) : await fsp.readFile(parsed.config, 'utf8');
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      err(`scim-provisioning check: cannot read ${parsed.config}${typeof code === 'string' ? ` (${code})` : ''}`);
      return 2;
    }
    const summary = summarizeConfig(text);
    baseUrl = endpointOf(summary);
    target ??= summary.target;
    if (!baseUrl) { err(`scim-provisioning check: ${parsed.config}: no usable api.region or api.baseUrl; run 'scim-provisioning validate ${parsed.config}'`); return 2; }
  } else {
    baseUrl = (parsed.baseUrl ?? '').trim().replace(/\/+$/, '');
  }
  target ??= 'generic-scim';

  if (!token || !token.trim()) {
    err('scim-provisioning check: set the environment variable SCIM_TOKEN to the API token (e.g. SCIM_TOKEN=... scim-provisioning check ...); it is never read from a file or an argument.');
    return 2;
  }

  // Refused before any connection or lookup: decided from the URL string alone.
  const check = checkEndpointUrl(baseUrl);
  if (!check.ok) {
    if (check.reason === 'invalid') return usage(check.message);
    err(`scim-provisioning check: insecure-url: ${diagnosisMessage('insecure-url', { host: new URL(baseUrl).host })}`);
    return 1;
  }

  const proxyUrl = io.env.HTTPS_PROXY ?? io.env.https_proxy;
  const noProxy = (io.env.NO_PROXY ?? io.env.no_proxy ?? '').split(',').map((h) => h.trim()).filter(Boolean);
  const u = check.url;
  const viaProxy = !!proxyUrl && !isLoopbackHost(u.hostname) && !matchesNoProxy(u.hostname, u.port || (u.protocol === 'https:' ? '443' : '80'), noProxy);
  if (proxyUrl) {
    try { const p = new URL(proxyUrl); redact.add(p.password); redact.add(decodeURIComponent(p.password)); } catch { /* reported by the client */ }
  }
  const client = new ScimClient({
    baseUrl,
    token: token.trim(),
    timeoutMs: parsed.timeoutMs,
    version: io.version,
    redactor: redact,
    ...(proxyUrl ? { proxy: { url: proxyUrl, noProxy } } : {}),
  });
  const proxyAgent: Dispatcher | undefined = viaProxy && proxyUrl ? new ProxyAgent({ uri: proxyUrl }) : undefined;
  try {
    const report = await runConformance({
      client,
      raw: { token: token.trim(), timeoutMs: parsed.timeoutMs, userAgent: `scim-provisioning-cli/${io.version}`, ...(proxyAgent ? { dispatcher: proxyAgent } : {}) },
      write: parsed.write,
      target,
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    if (parsed.format === 'json') out(JSON.stringify(conformanceJson(report)));
    else if (parsed.format === 'junit') out(renderConformanceJunit(report, { baseUrl }));
    else for (const line of renderConformanceText(report, { baseUrl })) out(line);
    return report.summary.fail > 0 || report.leftBehind.length > 0 ? 1 : 0;
  } finally {
    await client.close();
    await proxyAgent?.close();
  }
}
