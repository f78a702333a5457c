// What the network commands (test-credentials, users, check) share: a small declarative option
// parser, and the endpoint they talk to (--config FILE or --base-url URL, the token from
// SCIM_TOKEN, the URL refused before any connection when unsafe, the proxy from the environment),
// with every output line passing through one redactor.
import type { CliIO } from './io';
import { readFileText } from './io';
import { endpointOf, summarizeConfig } from '../core/config/summary';
import { checkEndpointUrl } from '../core/http/url';
import { diagnosisMessage } from '../core/scim/diagnosis';
import { hintsFor } from '../core/targets/hints';
import { createRedactor } from '../core/http/redact';
import type { Redactor } from '../core/http/redact';
import type { TargetHints } from '../core/targets/types';
import { ScimClient } from '../core/scim/client';

/** An option a command adds to the common ones (--config, --base-url, --format, --timeout-ms, --help). */
export interface ExtraOption {
  /** Takes no value (`--write`); `--write=x` is an error. */
  flag?: boolean;
  /** The allowed values; anything else is an error that lists them. */
  choices?: readonly string[];
  /** The error when the value is missing; an empty value is accepted. */
  missing?: string;
}

export interface CommandSpec<F extends string = string> {
  /** The command's name as typed: `scim-provisioning <name>`. */
  name: string;
  usage: string;
  /** The allowed --format values; the first is the default. */
  formats: readonly [F, ...F[]];
  options?: Readonly<Record<string, ExtraOption>>;
  /** --config is required and --base-url optional (it overrides the config's endpoint). */
  configRequired?: boolean;
  /** The command talks to no SCIM endpoint: --config and --base-url are not its options (import). */
  noEndpoint?: boolean;
}

export interface ParsedArgs<F extends string = string> {
  config?: string;
  baseUrl?: string;
  format: F;
  timeoutMs: number;
  help: boolean;
  /** The extra flags given, by option name (`'--write'`). */
  flags: Partial<Record<string, true>>;
  /** The extra options' values, by option name (`'--filter'`). */
  values: Partial<Record<string, string>>;
}

/** `'a'`, `'a' or 'b'`, `'a', 'b' or 'c'`. */
function quoteList(values: readonly string[]): string {
  const q = values.map((v) => `'${v}'`);
  return q.length < 2 ? q.join('') : `${q.slice(0, -1).join(', ')} or ${q[q.length - 1] ?? ''}`;
}

/** Parses `--opt value` and `--opt=value`; returns the usage error as a string. */
export function parseArgs<F extends string>(argv: string[], spec: CommandSpec<F>): ParsedArgs<F> | string {
  const args: ParsedArgs<F> = { format: spec.formats[0], timeoutMs: 10_000, help: false, flags: {}, values: {} };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const eq = a.indexOf('=');
    const name = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    const inline = a.startsWith('--') && eq > 0 ? a.slice(eq + 1) : undefined;
    const value = (): string | undefined => inline ?? argv[++i];
    const extra = Object.prototype.hasOwnProperty.call(spec.options ?? {}, name) ? spec.options?.[name] : undefined;
    if (extra) {
      if (extra.flag) {
        if (inline !== undefined) return `${name} takes no value`;
        args.flags[name] = true;
        continue;
      }
      const v = value();
      if (extra.choices && !extra.choices.includes(v ?? '')) return `${name} must be ${quoteList(extra.choices)}`;
      if (v === undefined) return extra.missing ?? `${name} needs a value`;
      args.values[name] = v;
      continue;
    }
    if (spec.noEndpoint && (name === '--config' || name === '--base-url')) return `unknown option '${a}'`;
    switch (name) {
      case '--help': case '-h': args.help = true; break;
      case '--config': { const v = value(); if (!v) return '--config needs a file'; args.config = v; break; }
      case '--base-url': { const v = value(); if (!v) return '--base-url needs a URL'; args.baseUrl = v; break; }
      case '--format': {
        const v = value();
        const format = spec.formats.find((f) => f === v);
        if (format === undefined) return `--format must be ${quoteList(spec.formats)}`;
        args.format = format;
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
  if (args.help || spec.noEndpoint) return args;
  if (spec.configRequired) {
    if (!args.config) return `--config FILE is required`;
  } else if (!!args.config === !!args.baseUrl) return 'give exactly one of --config FILE or --base-url URL';
  return args;
}

/** A running command's output: every line redacted, errors prefixed with `scim-provisioning <name>:`. */
export interface CommandContext {
  name: string;
  io: CliIO;
  redact: Redactor;
  out: (line: string) => void;
  err: (line: string) => void;
  /** Prints `scim-provisioning <name>: <message>` to stderr and returns `code`. */
  fail: (message: string, code?: number) => number;
  /** Prints the message and the usage to stderr; returns 2. */
  usage: (message: string) => number;
}

/**
 * Sets up the redacted output, parses the arguments and answers --help. Returns the exit code
 * (usage error or help, already printed) or the context and the parsed arguments.
 */
export function startCommand<F extends string>(argv: string[], io: CliIO, spec: CommandSpec<F>): { cli: CommandContext; args: ParsedArgs<F> } | number {
  const redact = createRedactor([io.env.SCIM_TOKEN]);
  const prefix = `scim-provisioning ${spec.name}`;
  const cli: CommandContext = {
    name: spec.name,
    io,
    redact,
    out: (s) => io.out(redact(s)),
    err: (s) => io.err(redact(s)),
    fail: (message, code = 2) => { io.err(redact(`${prefix}: ${message}`)); return code; },
    usage: (message) => { io.err(redact(`${prefix}: ${message}\n\n${spec.usage}`)); return 2; },
  };
  const args = parseArgs(argv, spec);
  if (typeof args === 'string') return cli.usage(args);
  if (args.help) { cli.out(spec.usage); return 0; }
  return { cli, args };
}

/** What a command takes from a config file. */
export interface ConfigEndpoint {
  baseUrl?: string;
  appName?: string;
  target?: string;
  /** `app.identityProvider` as the registry reads it (an id). */
  identityProvider?: string;
  /** Why the file gives no endpoint (printed as is, exit 2). */
  problem?: string;
}

export interface ProxySetting { url: string; noProxy: string[] }

export interface Endpoint {
  /** The base URL, no trailing slash. */
  baseUrl: string;
  url: URL;
  /** SCIM_TOKEN, trimmed. */
  token: string;
  /** What the config file said, with --config. */
  config?: ConfigEndpoint;
  /** From HTTPS_PROXY / NO_PROXY (or their lower-case forms). */
  proxy?: ProxySetting;
  /** The command's redactor; it now also knows the proxy password. */
  redact: Redactor;
  /** The wording of failure messages: the config's target (Flosum's only for Flosum), else generic. */
  hints: TargetHints;
}

export interface EndpointOptions {
  /** Reads the endpoint from the config text; default: `summarizeConfig` + `endpointOf`. */
  readConfig?(text: string, file: string): ConfigEndpoint;
  /** Reports a plain-http URL to a non-loopback host (exit 1); default: `insecure-url: …` on stderr. */
  onInsecure?(message: string): void;
}

function summaryEndpoint(text: string): ConfigEndpoint {
  const summary = summarizeConfig(text);
  const baseUrl = endpointOf(summary);
  return { ...(baseUrl ? { baseUrl } : {}), appName: summary.appName, target: summary.target };
}

/** A config file's text, or exit 2 with `cannot read FILE (ENOENT)` already printed. */
export async function readConfigText(cli: CommandContext, file: string): Promise<string | number> {
  try {
    return await readFileText(cli.io, file);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    return cli.fail(`cannot read ${file}${typeof code === 'string' ? ` (${code})` : ''}`);
  }
}

/**
 * The endpoint a command talks to, or the exit code with the reason already printed: 2 for an
 * unreadable config, no endpoint, no SCIM_TOKEN or an invalid URL; 1 for an insecure URL.
 */
export async function resolveEndpoint(args: ParsedArgs, cli: CommandContext, opts: EndpointOptions = {}): Promise<Endpoint | number> {
  const { io } = cli;
  let baseUrl: string;
  let config: ConfigEndpoint | undefined;
  if (args.config) {
    const file = args.config;
    const text = await readConfigText(cli, file);
    if (typeof text === 'number') return text;
    config = (opts.readConfig ?? summaryEndpoint)(text, file);
    if (config.problem || !config.baseUrl) {
      return cli.fail(config.problem ?? `${file}: no usable api.region or api.baseUrl; run 'scim-provisioning validate ${file}'`);
    }
    baseUrl = config.baseUrl;
  } else {
    baseUrl = (args.baseUrl ?? '').trim().replace(/\/+$/, '');
  }

  const token = io.env.SCIM_TOKEN;
  if (!token || !token.trim()) {
    return cli.fail(`set the environment variable SCIM_TOKEN to the API token (e.g. SCIM_TOKEN=... scim-provisioning ${cli.name} ...); it is never read from a file or an argument.`);
  }

  // Refused before any connection or lookup: decided from the URL string alone.
  const check = checkEndpointUrl(baseUrl);
  if (!check.ok) {
    if (check.reason === 'invalid') return cli.usage(check.message);
    const message = diagnosisMessage('insecure-url', { host: new URL(baseUrl).host });
    if (opts.onInsecure) opts.onInsecure(message);
    else cli.fail(`insecure-url: ${message}`);
    return 1;
  }

  const proxyUrl = io.env.HTTPS_PROXY ?? io.env.https_proxy;
  const noProxy = (io.env.NO_PROXY ?? io.env.no_proxy ?? '').split(',').map((h) => h.trim()).filter(Boolean);
  if (proxyUrl) {
    try { const p = new URL(proxyUrl); cli.redact.add(p.password); cli.redact.add(decodeURIComponent(p.password)); } catch { /* reported by the client */ }
  }
  return {
    baseUrl,
    url: check.url,
    token: token.trim(),
    ...(config ? { config } : {}),
    ...(proxyUrl ? { proxy: { url: proxyUrl, noProxy } } : {}),
    redact: cli.redact,
    hints: hintsFor({ baseUrl, ...(config?.target !== undefined ? { target: config.target } : {}) }),
  };
}

/**
 * The SCIM client of a network command: the endpoint's base URL, token, proxy and wording (the
 * target's hints), with the command's timeout, redactor and version. Closed by the command.
 */
export function clientFor(endpoint: Endpoint, cli: CommandContext, args: Pick<ParsedArgs, 'timeoutMs'>, version: string): ScimClient {
  return new ScimClient({
    baseUrl: endpoint.baseUrl,
    token: endpoint.token,
    timeoutMs: args.timeoutMs,
    version,
    redactor: cli.redact,
    hints: endpoint.hints,
    ...(endpoint.proxy ? { proxy: endpoint.proxy } : {}),
  });
}
