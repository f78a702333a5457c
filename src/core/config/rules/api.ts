// api-endpoint, api-region, api-insecure-url, api-url-path.
import { isScalar } from 'yaml';
import type { Node } from 'yaml';
import { deletePair, replaceInScalar, replaceScalar, setValue } from '../yaml/edits';
import { closest, scalarText } from '../../shared/text';
import type { Fix } from '../types';
import { get, hasNearMiss, isObject, keyRange, loc, valueRange } from './context';
import type { Rule, RuleContext } from './context';
import { quoteForMessage } from '../../shared/secrets';

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
    ctx.report('api-endpoint', 'Both region and baseUrl are set: keep exactly one.',
      keyRange(ctx, ['api', 'baseUrl']), fixes, { detail: `region for a ${ctx.requirements.label}-hosted tenant, baseUrl for a customer-hosted one.` });
    return;
  }
  if (!hasRegion && !hasUrl) {
    if ('region' in api || 'baseUrl' in api) return; // an empty value: api-region / schema-type report it
    if (hasNearMiss(api, 'region', ['tokenRef']) || hasNearMiss(api, 'baseUrl', ['tokenRef'])) return; // schema-unknown-key says "did you mean".
    const regions = ctx.requirements.regions;
    ctx.report('api-endpoint', regions
      ? `The API endpoint is missing: set region (${joinOr(Object.keys(regions.codes))}) or baseUrl.`
      : 'The API endpoint is missing: set baseUrl to the SCIM base URL of the service.', keyRange(ctx, ['api']), [],
    regions ? { detail: `region for a ${ctx.requirements.label}-hosted tenant (${regionList(ctx)}); baseUrl for a customer-hosted one.` } : undefined);
    return;
  }
  if (hasRegion && !ctx.requirements.regions) {
    ctx.claim(['api', 'region']);
    ctx.report('api-endpoint', `The ${ctx.target} target has no regions: set baseUrl instead of region.`,
      keyRange(ctx, ['api', 'region']), [], { detail: 'Regions name Flosum-hosted URLs; any other SCIM service is reached at its own base URL.' });
    return;
  }
  if (hasUrl && typeof api.baseUrl === 'string' && !parseUrl(api.baseUrl)) {
    ctx.report('api-endpoint', `baseUrl '${quoteForMessage(api.baseUrl)}' is not a valid URL: write https://host/path.`, valueRange(ctx, ['api', 'baseUrl']));
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

function joinOr(xs: readonly string[]): string {
  return xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} or ${xs[xs.length - 1]}`;
}

function regionList(ctx: RuleContext): string {
  const codes = ctx.requirements.regions?.codes ?? {};
  return joinOr(Object.entries(codes).map(([c, r]) => `${c} (${r.label})`));
}

/** The target's regions: region is one of them. Owns every problem at api.region (not schema-enum). */
export const apiRegion: Rule = (ctx) => {
  const table = ctx.requirements.regions;
  const region = get(ctx.value, 'api', 'region');
  if (!table || region === undefined || (typeof region === 'string' && Object.hasOwn(table.codes, region))) return;
  ctx.claim(['api', 'region']);
  const label = ctx.requirements.label;
  const detail = `${label} regions: ${Object.entries(table.codes).map(([c, r]) => `${c} (${r.label}, ${r.baseUrl})`).join(', ')}.`;
  const l = loc(ctx, ['api', 'region']);
  const codes = Object.keys(table.codes);
  const raw = typeof region === 'string' ? region.trim().toLowerCase() : undefined;
  let suggestion: string | undefined;
  // A word for an area that holds a region (eu -> de) is a guess: offered first, but not applied by "Fix all".
  let guess = false;
  if (raw !== undefined) {
    suggestion = Object.hasOwn(table.aliases, raw) ? table.aliases[raw] : undefined;
    if (!suggestion && table.areas && Object.hasOwn(table.areas, raw)) { suggestion = table.areas[raw]; guess = true; }
    if (!suggestion && table.urlPattern) suggestion = table.urlPattern.exec(raw)?.[1];
    suggestion ??= closest(raw, codes);
    if (suggestion !== undefined && !Object.hasOwn(table.codes, suggestion)) suggestion = undefined;
  }
  // One fix per region, the suggestion first and (unless it is a guess) preferred: "Fix all" applies it.
  const fixes: Fix[] = [];
  for (const code of suggestion ? [suggestion, ...codes.filter((c) => c !== suggestion)] : codes) {
    const edit = region === null ? setValue(ctx.text, l, code, true) : replaceScalar(l?.node, code);
    if (edit) fixes.push({ title: `Change region to '${code}' (${table.codes[code].label})`, edits: [edit], isPreferred: code === suggestion && !guess });
  }
  const range = valueRange(ctx, ['api', 'region']);
  if (typeof region !== 'string') {
    ctx.report('api-region', region === null ? `Region is empty: set one of ${joinOr(codes)}.`
      : `Region must be one of ${joinOr(codes)}, not ${typeof region === 'object' ? 'a structure' : `'${scalarText(region)}'`}.`, range, fixes, { detail });
    return;
  }
  ctx.report('api-region', `Region '${quoteForMessage(region)}' is not a ${label} region: ${suggestion ? `did you mean '${suggestion}'?` : `use one of ${joinOr(codes)}.`}`,
    range, fixes, { detail });
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
    ctx.report('api-insecure-url', `baseUrl uses plain http to '${url.hostname}': use https.`,
      range, edit ? [{ title: 'Use https', edits: [edit], isPreferred: true }] : [],
      { detail: 'Over plain http the API token would travel unencrypted; http is allowed only to this machine (localhost, 127.0.0.1, ::1).' });
    return;
  }
  ctx.report('api-insecure-url', `baseUrl uses '${url.protocol.replace(/:$/, '')}': use https.`, range, [], { detail: 'The SCIM API must be reached over https.' });
};

/** The target's SCIM path (Flosum: /api/v1/scim); no '_' in the host. */
export const apiUrlPath: Rule = (ctx) => {
  const scimPath = ctx.requirements.scimPath;
  if (!scimPath) return;
  const u = urlScalar(ctx);
  if (!u) return;
  const { url, raw, node } = u;
  const range = valueRange(ctx, ['api', 'baseUrl']);
  if (url.hostname.includes('_')) {
    ctx.report('api-url-path', `The host '${url.hostname}' contains '_': use the host name with '-' that your tenant also answers on.`, range, [],
      { detail: "Identity providers reject base URLs whose host contains '_'." });
  }
  const path = url.pathname;
  if (path === scimPath) return;
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
  if (!fixed.endsWith(scimPath)) fixed += scimPath;
  const edit = isScalar(node) ? replaceInScalar(ctx.text, node, pathStart, pathEnd, fixed) : undefined;
  const what = /\/users\/?$/i.test(rawPath) ? 'ends in /Users' : rawPath.endsWith('/') && rawPath.length > 1 ? 'ends in a slash' : `has the path '${rawPath || '/'}'`;
  ctx.report('api-url-path', `baseUrl ${what}: end it in ${scimPath}.`,
    range, edit && fixed !== rawPath ? [{ title: `Change the path to '${fixed}'`, edits: [edit], isPreferred: true }] : [],
    { detail: `The ${ctx.requirements.label} SCIM base URL ends in ${scimPath}, e.g. https://flosum.example.com${scimPath}; the identity provider appends /Users itself.` });
};
