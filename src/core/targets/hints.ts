// What failure messages say about a target, as data for src/core/scim/diagnosis.ts. Flosum's wording
// (its token's name, its region table, its /api/v1/scim path) is used only when the config says
// `target: flosum` or the URL is one of Flosum's; any other server gets the generic wording.
import { GENERIC_HINTS } from '../scim/diagnosis';
import type { TargetHints } from '../scim/diagnosis';
import { FLOSUM_REGIONS, FLOSUM_SCIM_PATH } from './flosum';

const regionTable = (): string =>
  Object.values(FLOSUM_REGIONS).map((r) => `${r.label} ${r.baseUrl}`).join('; ');

export const FLOSUM_HINTS: TargetHints = {
  tokenName: 'Global Settings API Token',
  checkBaseUrl: `Check the Base URL against the region table (${regionTable()}) or your customer-hosted URL ending in ${FLOSUM_SCIM_PATH}`,
  baseUrlList: regionTable(),
};

/** Flosum's own hosts (global-<region>.flosum.app and any other *.flosum.app). */
export function isFlosumUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const host = new URL(url).hostname.toLowerCase().replace(/\.$/, '');
    return host === 'flosum.app' || host.endsWith('.flosum.app');
  } catch {
    return false;
  }
}

/**
 * The wording for an endpoint: Flosum's when the config names `target: flosum` or the URL is a
 * Flosum host, else generic. `target` is the config's (undefined with a bare --base-url).
 */
export function hintsFor(endpoint: { target?: string; baseUrl?: string }): TargetHints {
  return endpoint.target === 'flosum' || isFlosumUrl(endpoint.baseUrl) ? FLOSUM_HINTS : GENERIC_HINTS;
}
