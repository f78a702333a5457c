// What failure messages say about a target, as data for src/core/scim/diagnosis.ts, derived from the
// target's requirements (its token's name, its region table, its SCIM path). A target's wording is used
// only when the config names that target or the URL is one of the target's own hosts; any other server
// gets the generic wording (GENERIC_HINTS).
import { FLOSUM } from './flosum';
import { TARGETS } from './registry';
import type { TargetHints, TargetRequirements } from './types';

/** For any SCIM server: no product's names, paths or regions. */
export const GENERIC_HINTS: TargetHints = {
  checkBaseUrl: 'Check the Base URL: it is the SCIM base the server documents, the part before /Users (often ending in /scim/v2 or /scim)',
};

/** The wording of one target's failure messages; the generic wording when it has nothing of its own. */
export function hintsOf(req: TargetRequirements): TargetHints {
  const regions = req.regions ? Object.values(req.regions.codes) : [];
  if (!regions.length && !req.scimPath && !req.tokenName) return GENERIC_HINTS;
  const table = regions.map((r) => `${r.label} ${r.baseUrl}`).join('; ');
  const where = [table && `the region table (${table})`, req.scimPath && `your customer-hosted URL ending in ${req.scimPath}`].filter(Boolean).join(' or ');
  return {
    ...(req.tokenName ? { tokenName: req.tokenName } : {}),
    checkBaseUrl: where ? `Check the Base URL against ${where}` : GENERIC_HINTS.checkBaseUrl,
    ...(table ? { baseUrlList: table } : {}),
  };
}

export const FLOSUM_HINTS: TargetHints = hintsOf(FLOSUM);

/** True when the URL's host is one of the target's own hosts (or a subdomain of one). */
export function isTargetUrl(req: TargetRequirements, url: string | undefined): boolean {
  if (!url || !req.hosts?.length) return false;
  try {
    const host = new URL(url).hostname.toLowerCase().replace(/\.$/, '');
    return req.hosts.some((h) => host === h || host.endsWith(`.${h}`));
  } catch {
    return false;
  }
}

/**
 * The wording for an endpoint: the named target's when it has wording of its own (`target: flosum`),
 * else that of the target whose host the URL is on, else generic. `target` is the config's (undefined
 * with a bare --base-url).
 */
export function hintsFor(endpoint: { target?: string; baseUrl?: string }): TargetHints {
  const named = Object.values(TARGETS).find((t) => t.id === endpoint.target);
  const hinted = named ? hintsOf(named) : GENERIC_HINTS;
  if (hinted !== GENERIC_HINTS) return hinted;
  const byHost = Object.values(TARGETS).find((t) => isTargetUrl(t, endpoint.baseUrl));
  return byHost ? hintsOf(byHost) : GENERIC_HINTS;
}
