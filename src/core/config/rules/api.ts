// api-endpoint, api-region, api-insecure-url, api-url-path.
import { isScalar } from 'yaml';
import type { Node } from 'yaml';
import { FLOSUM_REGIONS, FLOSUM_SCIM_PATH, REGION_ALIASES, isFlosumRegion } from '../../targets/flosum';
import { deletePair, replaceInScalar, replaceScalar } from '../edits';
import { closest, quoteForMessage, scalarText } from '../strings';
import type { Fix } from '../types';
import { get, hasNearMiss, isObject, keyRange, loc, valueRange } from './context';
import type { Rule, RuleContext } from './context';

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Exactly one of region / baseUrl; a baseUrl must be a URL. */
export const apiEndpoint: Rule = (ctx) => {
  const api = ctx.value.api;
  if (!isObject(api)) return;
  const hasRegion = api.region !== undefined && api.region !== null;
  const hasUrl = api.baseUrl !== undefined && api.baseUrl !== null;
  if (hasRegion && hasUrl) {
    const regionPair = loc(ctx, ['api', 'region'])?.pair;
    const urlPair = loc(ctx, ['api', 'baseUrl'])?.pair;
    const fixes: Fix[] = [];
    const delUrl = urlPair && deletePair(ctx, urlPair);
    const delRegion = regionPair && deletePair(ctx, regionPair);
    if (delUrl) fixes.push({ title: 'Keep region (remove baseUrl)', edits: [delUrl] });
    if (delRegion) fixes.push({ title: 'Keep baseUrl (remove region)', edits: [delRegion] });
    ctx.report('api-endpoint', 'Both region and baseUrl are set: use exactly one — region for a Flosum-hosted tenant, baseUrl for a customer-hosted one.',
      keyRange(ctx, ['api', 'baseUrl']), fixes);
    return;
  }
  if (!hasRegion && !hasUrl) {
    if ('region' in api || 'baseUrl' in api) return; // an empty value: api-region / schema-type report it
    if (hasNearMiss(api, 'region', ['tokenRef']) || hasNearMiss(api, 'baseUrl', ['tokenRef'])) return; // schema-unknown-key says "did you mean".
    ctx.report('api-endpoint', ctx.target === 'flosum'
      ? "The API endpoint is missing: set `region` (us, de, jp or au) or, for a customer-hosted tenant, `baseUrl`."
      : 'The API endpoint is missing: set `baseUrl` to the SCIM base URL of the service.', keyRange(ctx, ['api']));
    return;
  }
  if (hasRegion && ctx.target === 'generic-scim') {
    ctx.claim(['api', 'region']);
    ctx.report('api-endpoint', 'A generic SCIM target has no regions (they name Flosum-hosted URLs): set `baseUrl` to the SCIM base URL of the service instead of `region`.',
      keyRange(ctx, ['api', 'region']));
    return;
  }
  if (hasUrl && typeof api.baseUrl === 'string' && !parseUrl(api.baseUrl)) {
    ctx.report('api-endpoint', `baseUrl '${quoteForMessage(api.baseUrl)}' is not a valid URL: expected https://host/path.`, valueRange(ctx, ['api', 'baseUrl']));
  }
};

function parseUrl(s: string): URL | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(s.trim())) return undefined;
  try {
    return new URL(s.trim());
  } catch {
    return undefined;
  }
}

/** Flosum: region is one of the four. Owns every problem at api.region (not schema-enum). */
export const apiRegion: Rule = (ctx) => {
  const region = get(ctx.value, 'api', 'region');
  if (region === undefined || isFlosumRegion(region)) return;
  ctx.claim(['api', 'region']);
  const list = 'us (United States), de (Germany), jp (Japan) or au (Australia)';
  const l = loc(ctx, ['api', 'region']);
  if (typeof region !== 'string') {
    ctx.report('api-region', region === null ? `Region is empty: set one of ${list}.`
      : `Region must be one of ${list}, not ${typeof region === 'object' ? 'a structure' : `'${scalarText(region)}'`}.`, valueRange(ctx, ['api', 'region']));
    return;
  }
  const raw = region.trim().toLowerCase();
  let suggestion: string | undefined = REGION_ALIASES[raw];
  if (!suggestion) {
    const m = /global-(us|de|jp|au)\.flosum\.app/.exec(raw);
    if (m) suggestion = m[1];
  }
  suggestion ??= closest(raw, Object.keys(FLOSUM_REGIONS));
  const fixes: Fix[] = [];
  const edit = suggestion ? replaceScalar(l?.node, suggestion) : undefined;
  // 'eu' or 'apac' name an area, not a region: offer the change but don't apply it in "Fix all".
  const guess = ['eu', 'europe', 'apac'].includes(raw);
  if (suggestion && edit) fixes.push({ title: `Change region to '${suggestion}'`, edits: [edit], isPreferred: !guess });
  ctx.report('api-region', `Unknown region '${quoteForMessage(region)}': Flosum regions are ${list}.${suggestion ? ` Did you mean '${suggestion}'?` : ''}`,
    valueRange(ctx, ['api', 'region']), fixes);
};

function urlScalar(ctx: RuleContext): { url: URL; raw: string; node: Node | undefined } | undefined {
  const raw = get(ctx.value, 'api', 'baseUrl');
  if (typeof raw !== 'string') return undefined;
  const url = parseUrl(raw);
  if (!url) return undefined;
  return { url, raw, node: loc(ctx, ['api', 'baseUrl'])?.node };
}

/** baseUrl must be https; plain http only to loopback. */
export const apiInsecureUrl: Rule = (ctx) => {
  const u = urlScalar(ctx);
  if (!u) return;
  const { url, raw, node } = u;
  if (url.protocol === 'https:') return;
  const range = valueRange(ctx, ['api', 'baseUrl']);
  if (url.protocol === 'http:') {
    if (isLoopbackHost(url.hostname)) return;
    const lead = raw.length - raw.trimStart().length;
    const edit = isScalar(node) ? replaceInScalar(ctx.text, node, lead, lead + 4, 'https') : undefined;
    ctx.report('api-insecure-url', `baseUrl uses plain http to '${url.hostname}': the API token would travel unencrypted. Use https (plain http is allowed only to localhost/127.0.0.1/::1).`,
      range, edit ? [{ title: 'Use https', edits: [edit], isPreferred: true }] : []);
    return;
  }
  ctx.report('api-insecure-url', `baseUrl uses '${url.protocol.replace(/:$/, '')}': the SCIM API must be reached over https.`, range);
};

/** Flosum: the path ends in /api/v1/scim; no '_' in the host. */
export const apiUrlPath: Rule = (ctx) => {
  const u = urlScalar(ctx);
  if (!u) return;
  const { url, raw, node } = u;
  const range = valueRange(ctx, ['api', 'baseUrl']);
  if (url.hostname.includes('_')) {
    ctx.report('api-url-path', `The host '${url.hostname}' contains '_': identity providers reject such base URLs. Use the host name with '-' that your tenant also answers on.`, range);
  }
  const path = url.pathname;
  if (path === FLOSUM_SCIM_PATH) return;
  // Where the path sits in the raw string: after scheme://authority, before ?/#.
  const trimmed = raw.trimEnd();
  const afterScheme = trimmed.indexOf('//') + 2;
  let pathStart = trimmed.indexOf('/', afterScheme);
  let pathEnd = trimmed.search(/[?#]/);
  if (pathEnd < 0) pathEnd = trimmed.length;
  if (pathStart < 0 || pathStart > pathEnd) pathStart = pathEnd;
  const rawPath = trimmed.slice(pathStart, pathEnd);
  let fixed = rawPath.replace(/\/+$/, '');
  if (/\/users$/i.test(fixed)) fixed = fixed.slice(0, -'/Users'.length).replace(/\/+$/, '');
  if (!fixed.endsWith(FLOSUM_SCIM_PATH)) fixed += FLOSUM_SCIM_PATH;
  const edit = isScalar(node) ? replaceInScalar(ctx.text, node, pathStart, pathEnd, fixed) : undefined;
  const what = /\/users\/?$/i.test(rawPath) ? 'ends in /Users (the identity provider appends it)' : rawPath.endsWith('/') && rawPath.length > 1 ? 'ends in a slash' : `has the path '${rawPath || '/'}'`;
  ctx.report('api-url-path', `baseUrl ${what}: the Flosum SCIM base URL must end in ${FLOSUM_SCIM_PATH}, e.g. https://flosum.example.com${FLOSUM_SCIM_PATH}.`,
    range, edit && fixed !== rawPath ? [{ title: `Change the path to '${fixed}'`, edits: [edit], isPreferred: true }] : []);
};
