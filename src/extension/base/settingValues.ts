// What the raw value of each setting means: defaults, what is ignored, how lists combine. No
// `vscode` import (./settings.ts reads the values), so it is tested with plain mocha.
import type { ValidateOptions } from '../../core/config/types';
import type { ProxyOptions } from '../../core/scim/client';
import { isTargetId } from '../../core/targets/registry';
import { DEFAULT_CONFIG_GLOBS } from './constants';

const SEVERITIES = new Set(['error', 'warning', 'info', 'off']);

/** `scimProvisioning.target` ('auto' or a target id) and `scimProvisioning.severity` (code → severity). */
export function validateOptionsOf(target: unknown, severities: unknown): ValidateOptions {
  const options: ValidateOptions = {};
  if (isTargetId(target)) options.target = target;
  const entries = severities && typeof severities === 'object' ? Object.entries(severities) : [];
  options.severities = Object.fromEntries(entries.filter(([, v]) => typeof v === 'string' && SEVERITIES.has(v)));
  return options;
}

/** The config globs: the defaults, then `scimProvisioning.configGlobs` (a bare name matches in any folder). */
export function configGlobsOf(extra: unknown): string[] {
  const given = Array.isArray(extra) ? extra : [];
  const normalised = given.filter((g): g is string => typeof g === 'string' && !!g.trim()).map((g) => (g.includes('/') ? g : `**/${g}`));
  return [...new Set([...DEFAULT_CONFIG_GLOBS, ...normalised])];
}

/**
 * The proxy from VS Code's `http.proxy`, `http.proxyStrictSSL` and `http.noProxy`, else the
 * environment's HTTPS_PROXY / NO_PROXY (VS Code patches Node's http/https for proxies, not a bundled undici).
 */
export function proxyOf(http: { proxy: string; strictSSL: boolean; noProxy: readonly string[] }, env: NodeJS.ProcessEnv): ProxyOptions | undefined {
  const url = http.proxy || env.HTTPS_PROXY || env.https_proxy || '';
  if (!url) return undefined;
  const envNoProxy = (env.NO_PROXY ?? env.no_proxy ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return { url, strictSSL: http.strictSSL, noProxy: [...http.noProxy, ...envNoProxy] };
}

/** `scimProvisioning.yamlExtensionInterop`: 'auto' leaves the schema's own codes to an active YAML extension. */
export function yamlToolApplies(mode: unknown, yamlExtensionActive: boolean): boolean {
  return mode === 'auto' && yamlExtensionActive;
}

/** A number setting: its value, or the default when it holds something else. */
export function numberOf(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}
