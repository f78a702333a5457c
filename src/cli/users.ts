// scim-provisioning users (--config FILE | --base-url URL) [--filter EXPR] [--format text|json] [--timeout-ms N]
// Streams every user of the tenant (JSON lines with --format json), paging as the tenant allows.
// The token comes from SCIM_TOKEN and never appears in any output line.
import { promises as fsp } from 'node:fs';
import type { CliIO } from './io';
import { endpointOf, summarizeConfig } from '../core/configSummary';
import { checkEndpointUrl } from '../core/scim/endpoint';
import { diagnosisMessage } from '../core/scim/diagnosis';
import { validateScimFilter } from '../core/scim/filter';
import { ScimClient } from '../core/scim/http';
import { UserPager } from '../core/scim/pager';
import { createRedactor } from '../core/scim/redact';
import { formatUserLine } from '../core/scim/users';

const USAGE = `usage: scim-provisioning users (--config FILE | --base-url URL) [--filter EXPR] [--format text|json] [--timeout-ms N]

Lists every SCIM user of the tenant, paging as the tenant allows, with the token from the
environment variable SCIM_TOKEN. Text: one line per user (userName, displayName, active, id,
tab-separated); json: one JSON object per line. Warnings go to stderr.
Exit 0 when the whole list was read, 1 on a failure, 2 on bad usage.`;

interface Args { config?: string; baseUrl?: string; filter?: string; format: 'text' | 'json'; timeoutMs: number; help?: boolean }

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
      case '--filter': { const v = value(); if (v === undefined) return '--filter needs a SCIM filter, e.g. --filter \'userName sw "ada"\''; args.filter = v; break; }
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

export interface RunUsersOptions {
  /** Cancels the listing (the real CLI wires SIGINT to it). */
  signal?: AbortSignal;
}

export async function runUsers(argv: string[], io: CliIO, opts: RunUsersOptions = {}): Promise<number> {
  const token = io.env.SCIM_TOKEN;
  const redact = createRedactor([token]);
  const out = (s: string): void => io.out(redact(s));
  const err = (s: string): void => io.err(redact(s));
  const usage = (msg: string): number => { err(`scim-provisioning users: ${msg}\n\n${USAGE}`); return 2; };

  const parsed = parseArgs(argv);
  if (typeof parsed === 'string') return usage(parsed);
  if (parsed.help) { out(USAGE); return 0; }

  const filter = parsed.filter?.trim() || undefined;
  if (filter !== undefined) {
    const check = validateScimFilter(filter);
    if (!check.ok) {
      err(`scim-provisioning users: invalid --filter: ${check.message}\n  ${filter}\n  ${' '.repeat(check.offset)}^`);
      return 2;
    }
  }

  let baseUrl: string | undefined;
  if (parsed.config) {
    let text: string;
    try {
      text = io.readFile ? await io.readFile(parsed.config) : await fsp.readFile(parsed.config, 'utf8');
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      err(`scim-provisioning users: cannot read ${parsed.config}${typeof code === 'string' ? ` (${code})` : ''}`);
      return 2;
    }
    baseUrl = endpointOf(summarizeConfig(text));
    if (!baseUrl) { err(`scim-provisioning users: ${parsed.config}: no usable api.region or api.baseUrl; run 'scim-provisioning validate ${parsed.config}'`); return 2; }
  } else {
    baseUrl = (parsed.baseUrl ?? '').trim().replace(/\/+$/, '');
  }

  if (!token || !token.trim()) {
    err('scim-provisioning users: set the environment variable SCIM_TOKEN to the API token (e.g. SCIM_TOKEN=... scim-provisioning users ...); it is never read from a file or an argument.');
    return 2;
  }

  // Refused before any connection or lookup: decided from the URL string alone.
  const check = checkEndpointUrl(baseUrl);
  if (!check.ok) {
    if (check.reason === 'invalid') return usage(check.message);
    err(`scim-provisioning users: insecure-url: ${diagnosisMessage('insecure-url', { host: new URL(baseUrl).host })}`);
    return 1;
  }

  const proxyUrl = io.env.HTTPS_PROXY ?? io.env.https_proxy;
  const noProxy = (io.env.NO_PROXY ?? io.env.no_proxy ?? '').split(',').map((h) => h.trim()).filter(Boolean);
  const client = new ScimClient({
    baseUrl,
    token: token.trim(),
    timeoutMs: parsed.timeoutMs,
    version: io.version,
    redactor: redact,
    ...(proxyUrl ? { proxy: { url: proxyUrl, noProxy } } : {}),
  });
  try {
    const pager = new UserPager(client, {
      ...(filter !== undefined ? { filter } : {}),
      onWarning: (w) => err(`scim-provisioning users: warning: ${w}`),
    });
    const result = await pager.loadAll({
      ...(opts.signal ? { signal: opts.signal } : {}),
      onPage: (page) => {
        for (const u of page.users) out(parsed.format === 'json' ? JSON.stringify(u) : formatUserLine(u));
      },
    });
    if (!result.ok) {
      const f = result.failure;
      err(`scim-provisioning users: ${f.diagnosis}: ${f.message}${f.detail ? `\n  detail: ${f.detail}` : ''}`);
      err(`scim-provisioning users: stopped after ${result.loaded} users`);
      return 1;
    }
    return 0;
  } finally {
    await client.close();
  }
}
