// Every setting the extension reads, typed, in one place (the habit of vscode-eslint
// client/src/settings.ts). What a raw value means is in ./settingValues.ts; here it is only read.
import * as vscode from 'vscode';
import type { ValidateOptions } from '../../core/config/types';
import type { ScimClientOptions } from '../../core/scim/client';
import { Settings } from './constants';
import { configGlobsOf, numberOf, proxyOf, validateOptionsOf, yamlToolApplies } from './settingValues';

const section = (scope?: vscode.ConfigurationScope): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration(Settings.section, scope);

/** The default config globs plus `scimProvisioning.configGlobs`. */
export function configGlobs(): string[] {
  return configGlobsOf(section().get<unknown>(Settings.configGlobs, []));
}

/** `validate.enable` for a document (resource-scoped). */
export function validateEnabled(scope: vscode.ConfigurationScope): boolean {
  return Boolean(section(scope).get<boolean>(Settings.validateEnable, true));
}

/** `validate.delayMs` for a document: how long typing pauses before it is validated. */
export function validateDelayMs(scope: vscode.ConfigurationScope): number {
  return Math.max(0, numberOf(section(scope).get<unknown>(Settings.validateDelayMs, 150), 150));
}

/** The validator's options from `target` and `severity` for a document (or the workspace). */
export function validateOptions(scope?: vscode.ConfigurationScope): ValidateOptions {
  const cfg = section(scope);
  return validateOptionsOf(cfg.get<unknown>(Settings.target, 'auto'), cfg.get<unknown>(Settings.severity, {}));
}

/** The Red Hat YAML extension serves the schema's completion, hover and YAML/schema findings (`yamlExtensionInterop`). */
export function yamlToolActive(): boolean {
  return yamlToolApplies(section().get<unknown>(Settings.yamlExtensionInterop, 'auto'), vscode.extensions.getExtension('redhat.vscode-yaml')?.isActive === true);
}

/** `requestTimeoutMs`: per request, in milliseconds. */
export function requestTimeoutMs(): number {
  return numberOf(section().get<unknown>(Settings.requestTimeoutMs, 10_000), 10_000);
}

/** `users.pageSize`: users per page the SCIM view asks for. */
export function usersPageSize(): number {
  return numberOf(section().get<unknown>(Settings.usersPageSize, 100), 100);
}

/** `users.concurrency`: pages in flight when the whole tenant is read. */
export function usersConcurrency(): number {
  return numberOf(section().get<unknown>(Settings.usersConcurrency, 4), 4);
}

/**
 * A SCIM client's options from the editor's settings: the timeout, and the proxy from `http.proxy`,
 * `http.proxyStrictSSL` and `http.noProxy` (VS Code patches Node's http/https for proxies, not a
 * bundled undici). NODE_EXTRA_CA_CERTS is read by the client itself.
 */
export function clientOptions(version: string): Pick<ScimClientOptions, 'timeoutMs' | 'proxy' | 'strictSSL' | 'version'> {
  const http = vscode.workspace.getConfiguration('http');
  const strictSSL = http.get<boolean>('proxyStrictSSL', true);
  const proxy = proxyOf({ proxy: http.get<string>('proxy', ''), strictSSL, noProxy: http.get<string[]>('noProxy', []) }, process.env);
  return { version, timeoutMs: requestTimeoutMs(), proxy, strictSSL };
}

/** The change touches one of the extension's settings (`key` given: that one). */
export function affectsSettings(e: vscode.ConfigurationChangeEvent, key?: string): boolean {
  return e.affectsConfiguration(key ? `${Settings.section}.${key}` : Settings.section);
}
