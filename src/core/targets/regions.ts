// Where a target's tenant lives: its region table, a region's base URL, and the base URL a config
// points at (its own baseUrl, else its region's).
import type { RegionTable } from './types';
import { targetFor } from './registry';

/** The region table of a config's target (`app.target`, the default target when absent); undefined when the target has none. */
export function regionsOf(target?: string): RegionTable | undefined {
  return targetFor(target).regions;
}

/** True when `region` is one of the target's region codes. */
export function isKnownRegion(region: unknown, target?: string): boolean {
  const codes = regionsOf(target)?.codes;
  return typeof region === 'string' && !!codes && Object.hasOwn(codes, region);
}

/** The base URL of a region of the target (Flosum: https://global-<r>.flosum.app/api/v1/scim). */
export function regionBaseUrl(region: string, target?: string): string | undefined {
  return isKnownRegion(region, target) ? regionsOf(target)?.codes[region]?.baseUrl : undefined;
}

/**
 * The base URL a config points at: `baseUrl` (customer-hosted) when set, else the region's URL.
 * Trailing slashes are dropped. Undefined when neither is usable (the config validator reports why).
 */
export function resolveBaseUrl(config: { region?: string | null; baseUrl?: string | null; target?: string }): string | undefined {
  const base = typeof config.baseUrl === 'string' ? config.baseUrl.trim() : '';
  if (base) return base.replace(/\/+$/, '');
  return typeof config.region === 'string' ? regionBaseUrl(config.region, config.target) : undefined;
}
