import * as vscode from 'vscode';
import type { ScimClient, ScimClientOptions } from '../core/scim/client';
import type { ProxyOptions } from '../core/http/transport';
import type { Redactor } from '../core/http/redact';
import { hintsFor } from '../core/targets/hints';
import { network } from './lazyNetwork';
import { Settings } from './constants';
import { tokenFor } from './tokens';
import type { Endpoint } from './tokens';
import type { TokenStore } from './tokenStore';
import type { Logger } from '../core/http/log';

/**
 * Client options from the editor's settings. VS Code patches Node's http/https for proxies, not a
 * bundled undici, so `http.proxy`, `http.proxyStrictSSL` and `http.noProxy` are honoured here.
 * NODE_EXTRA_CA_CERTS is read by the client itself.
 */
export function clientOptionsFromSettings(version: string): Pick<ScimClientOptions, 'timeoutMs' | 'proxy' | 'strictSSL' | 'version'> {
  const http = vscode.workspace.getConfiguration('http');
  const proxyUrl = http.get<string>('proxy', '') || process.env.HTTPS_PROXY || process.env.https_proxy || '';
  const strictSSL = http.get<boolean>('proxyStrictSSL', true);
  const noProxy = http.get<string[]>('noProxy', []);
  const envNoProxy = (process.env.NO_PROXY ?? process.env.no_proxy ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const proxy: ProxyOptions | undefined = proxyUrl ? { url: proxyUrl, strictSSL, noProxy: [...noProxy, ...envNoProxy] } : undefined;
  return {
    version,
    timeoutMs: vscode.workspace.getConfiguration(Settings.section).get<number>(Settings.requestTimeoutMs, 10_000),
    proxy,
    strictSSL,
  };
}

/** Network features need a trusted workspace: a config's base URL comes from the workspace. */
export async function ensureTrusted(action: string): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const pick = await vscode.window.showWarningMessage(
    `${action} is disabled in an untrusted workspace: the base URL comes from this workspace, so nothing is sent over the network until you trust it.`,
    'Manage Workspace Trust',
  );
  if (pick) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}

/**
 * A SCIM client for an endpoint with the editor's network settings, logging and redaction; its
 * failure messages use the wording of the config's target (`app.target`).
 */
export function createClient(version: string, baseUrl: string, token: string, logger: Logger, redactor: Redactor, target?: string): ScimClient {
  return new (network().ScimClient)({ ...clientOptionsFromSettings(version), baseUrl, token, logger, redactor, hints: hintsFor({ target, baseUrl }) });
}

/**
 * The stored token for an endpoint (asked for when there is none; only ever for its origin, see
 * ./tokens.ts) and a client for it; the redactor learns the token first. Undefined when the person
 * gives no token.
 */
export async function tokenAndClient(
  deps: { tokens: TokenStore; log: Logger; redact: Redactor; version: string },
  endpoint: Endpoint,
): Promise<{ token: string; client: ScimClient } | undefined> {
  const token = await tokenFor(deps.tokens, endpoint, deps.log);
  if (!token) return undefined;
  deps.redact.add(token);
  return { token, client: createClient(deps.version, endpoint.baseUrl, token, deps.log, deps.redact, endpoint.target.summary.target) };
}
