// "Test API Credentials": what the config's identity provider sends when its admin presses the button
// (Okta: GET {base}/Users?startIndex=1&count=2; Entra ID's Test Connection: a userName filter that
// matches nobody), with the bearer token, expecting a SCIM ListResponse (empty for Entra's); then
// (not fatal) what the tenant's ServiceProviderConfig says. The request is the identity provider's
// data (its descriptor's connectionTest, see connectionProbe in src/core/idp/registry.ts), passed in as `probe`.
import { checkEndpointUrl } from '../http/url';
import { diagnosisMessage } from './diagnosis';
import type { FailureKind } from './diagnosis';
import { ScimClient } from './client';
import type { ScimClientOptions } from './client';
import type { ProxyOptions } from '../http/transport';
import type { RateLimitPolicy } from '../http/rateLimit';
import { createRedactor } from '../http/redact';
import type { TargetHints } from '../targets/types';
import { listResponseProblem, readServiceProviderSupport } from './serviceProvider';
import type { ServiceProviderSupport } from './serviceProvider';
import type { Logger } from '../http/log';

/** The request of an identity provider's connection test (its descriptor's `connectionTest`, see connectionProbe in src/core/idp/registry.ts). */
export interface CredentialProbe {
  /** 'Entra ID' */
  idpLabel: string;
  /** 'Test Connection' */
  button: string;
  /** GET path relative to the base URL, query included. */
  path: string;
  /** The answer must be an empty ListResponse (a filter that matches nobody). */
  expectEmpty: boolean;
  /** What it sends, in words ("a userName filter that matches nobody, …"). */
  sends: string;
}

export interface CredentialTestOptions {
  baseUrl: string;
  token: string;
  /** Shown in "{appName} was verified successfully!"; default "The SCIM endpoint". */
  appName?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  version?: string;
  proxy?: ProxyOptions;
  strictSSL?: boolean;
  ca?: ScimClientOptions['ca'];
  maxResponseBytes?: number;
  rateLimit?: Partial<RateLimitPolicy>;
  /** The target's wording for failures; default generic (a given client's own hints win). */
  hints?: TargetHints;
  logger?: Logger;
  /** Reuse a client (its base URL and token win); otherwise one is made and closed. */
  client?: ScimClient;
  /** Default true. */
  readServiceProviderConfig?: boolean;
  /** The identity provider's request. */
  probe: CredentialProbe;
}

export interface CredentialTestResult {
  ok: boolean;
  /** 'ok' on success; 'cancelled' only when the caller's signal aborted. */
  diagnosis: 'ok' | FailureKind;
  status?: number;
  message: string;
  detail?: string;
  elapsedMs: number;
  totalResults?: number;
  serviceProviderConfig?: ServiceProviderSupport;
  /** The request sent, readable (the query decoded): "GET /Users?filter=userName eq \"…\"". */
  request?: string;
}

/** "GET /Users?filter=userName eq "…"": a path as a person reads it. */
function readable(path: string): string {
  try {
    return `GET ${decodeURIComponent(path)}`;
  } catch {
    return `GET ${path}`;
  }
}

export async function testCredentials(opts: CredentialTestOptions): Promise<CredentialTestResult> {
  const redact = createRedactor([opts.token]);
  const appName = opts.appName?.trim() || 'The SCIM endpoint';
  const check = checkEndpointUrl(opts.baseUrl);
  if (!check.ok) {
    let host = opts.baseUrl;
    try { host = new URL(opts.baseUrl).host; } catch { /* keep */ }
    return {
      ok: false,
      diagnosis: 'insecure-url',
      message: redact(check.reason === 'insecure' ? diagnosisMessage('insecure-url', { host }) : check.message),
      detail: redact(check.message),
      elapsedMs: 0,
    };
  }
  const client = opts.client ?? new ScimClient({
    baseUrl: opts.baseUrl,
    token: opts.token,
    redactor: redact,
    ...(opts.version !== undefined ? { version: opts.version } : {}),
    ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
    ...(opts.proxy ? { proxy: opts.proxy } : {}),
    ...(opts.strictSSL !== undefined ? { strictSSL: opts.strictSSL } : {}),
    ...(opts.ca !== undefined ? { ca: opts.ca } : {}),
    ...(opts.maxResponseBytes !== undefined ? { maxResponseBytes: opts.maxResponseBytes } : {}),
    ...(opts.rateLimit !== undefined ? { rateLimit: opts.rateLimit } : {}),
    ...(opts.hints ? { hints: opts.hints } : {}),
    ...(opts.logger ? { logger: opts.logger } : {}),
  });
  const reqOpts = { ...(opts.signal ? { signal: opts.signal } : {}), ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}) };
  const path = opts.probe.path;
  const request = readable(path);
  try {
    const res = await client.get(path, reqOpts);
    if (!res.ok) {
      const f = res.failure;
      return {
        ok: false,
        diagnosis: f.diagnosis,
        ...(f.status !== undefined ? { status: f.status } : {}),
        message: redact(f.message),
        ...(f.detail !== undefined ? { detail: redact(f.detail) } : {}),
        elapsedMs: res.elapsedMs,
        request,
      };
    }
    const problem = listResponseProblem(res.body);
    if (problem) {
      const host = new URL(client.baseUrl).host;
      const snippet = JSON.stringify(res.body)?.slice(0, 200) ?? '';
      return {
        ok: false,
        diagnosis: 'not-scim',
        status: res.status,
        message: redact(diagnosisMessage('not-scim', { host, status: res.status, what: problem, hints: client.hints })),
        detail: redact(`HTTP ${res.status}: ${snippet}`),
        elapsedMs: res.elapsedMs,
        request,
      };
    }
    const totalResults = (res.body as { totalResults: number }).totalResults;
    const probe = opts.probe;
    if (probe.expectEmpty && totalResults > 0) {
      // A tenant that ignores the filter: the test would pass in the admin console, and the identity
      // provider would then match the wrong users (or report "multiple users found").
      const host = new URL(client.baseUrl).host;
      return {
        ok: false,
        diagnosis: 'not-scim',
        status: res.status,
        message: redact(`${host} ignored the filter: ${totalResults} user${totalResults === 1 ? '' : 's'} for a userName that matches nobody. ${probe.idpLabel} would match the wrong users: support filter=userName eq "…".`),
        detail: redact(`${probe.idpLabel}'s ${probe.button} sends ${request}, expecting 200 and an empty ListResponse (RFC 7644 §3.4.2.2).`),
        elapsedMs: res.elapsedMs,
        totalResults,
        request,
      };
    }
    const result: CredentialTestResult = {
      ok: true,
      diagnosis: 'ok',
      status: res.status,
      message: redact(probe.expectEmpty
        ? `${appName} was verified successfully! ${probe.idpLabel}'s ${probe.button} request (${probe.sends}) got 200 and an empty list.`
        : `${appName} was verified successfully!`),
      elapsedMs: res.elapsedMs,
      totalResults,
      request,
    };
    if (opts.readServiceProviderConfig !== false && !opts.signal?.aborted) {
      const spc = await client.get('/ServiceProviderConfig', reqOpts);
      if (spc.ok) {
        const support = readServiceProviderSupport(spc.body);
        if (support) result.serviceProviderConfig = support;
      } else {
        opts.logger?.info(`ServiceProviderConfig not readable (${spc.failure.diagnosis}); continuing`);
      }
    }
    return result;
  } finally {
    if (!opts.client) await client.close();
  }
}
