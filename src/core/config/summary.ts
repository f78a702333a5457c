// What the network side needs from a config file: app name, endpoint, token reference, and where
// the `api:` block is (for a CodeLens). Tolerant: a broken file yields what can be read.
import { isMap, isScalar, parseDocument } from 'yaml';
import { checkEndpointUrl, originOf } from '../http/url';
import { DEFAULT_TARGET, targetFor } from '../targets/registry';
import { closest } from '../shared/text';
import { isKnownRegion, regionsOf, resolveBaseUrl } from '../targets/regions';

export interface ConfigSummary {
  appName: string;
  target: string;
  /** `app.identityProvider` as written (the registry reads it: undefined is Okta). */
  identityProvider?: string;
  region?: string;
  baseUrl?: string;
  tokenRef?: string;
  /** Offsets of the `api` key, when present. */
  apiKey?: { start: number; end: number };
  /** Offsets of the `api.region` / `api.baseUrl` values, when present (where an endpoint problem sits). */
  regionValue?: { start: number; end: number };
  baseUrlValue?: { start: number; end: number };
}

/** Above this size only the `app` and `api` blocks are parsed (CodeLens and status bar run on every change). */
const FULL_PARSE_LIMIT = 50_000;

export function summarizeConfig(text: string): ConfigSummary {
  if (text.length > FULL_PARSE_LIMIT) {
    const blocks = topLevelBlocks(text);
    if (blocks) return summarizeBlocks(blocks.filter((b) => b.key === 'app' || b.key === 'api').map((b) => ({ text: text.slice(b.start, b.end), start: b.start })));
  }
  const summary: ConfigSummary = { appName: DEFAULT_TARGET.label, target: DEFAULT_TARGET.id };
  summarizeInto(summary, text, 0);
  return summary;
}

/** The summary from a config's top-level `app` and `api` blocks alone, each with its offset in the file. */
export function summarizeBlocks(blocks: ReadonlyArray<{ text: string; start: number }>): ConfigSummary {
  const summary: ConfigSummary = { appName: DEFAULT_TARGET.label, target: DEFAULT_TARGET.id };
  for (const b of blocks) summarizeInto(summary, b.text, b.start);
  return summary;
}

/**
 * The top-level blocks (a key at column 0 up to the next line at column 0), in order, or undefined
 * when the text is not a plain block mapping at the top (then the caller parses it all).
 */
export function topLevelBlocks(text: string): Array<{ key: string; start: number; end: number }> | undefined {
  const starts: Array<{ key: string; start: number }> = [];
  let pos = 0;
  while (pos < text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    const c = text[pos];
    if (c !== ' ' && c !== '#' && c !== '\n' && c !== '\r') {
      const m = /^([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]|\r?$)/.exec(text.slice(pos, Math.min(nl, pos + 200)));
      if (!m) return undefined;
      starts.push({ key: m[1] ?? '', start: pos });
    }
    pos = nl + 1;
  }
  return starts.map((b, i) => ({ key: b.key, start: b.start, end: starts[i + 1]?.start ?? text.length }));
}

function summarizeInto(summary: ConfigSummary, text: string, offset: number): void {
  let doc;
  try {
    doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false });
  } catch {
    return;
  }
  const root = doc.contents;
  if (!isMap(root)) return;
  const str = (v: unknown): string | undefined => {
    if (!isScalar(v)) return undefined;
    const value = v.value;
    return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value).trim() || undefined : undefined;
  };
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (key === 'app' && isMap(pair.value)) {
      summary.appName = str(pair.value.get('name', true)) ?? summary.appName;
      summary.target = str(pair.value.get('target', true)) ?? summary.target;
      summary.identityProvider = str(pair.value.get('identityProvider', true));
    } else if (key === 'api') {
      if (isScalar(pair.key) && pair.key.range) summary.apiKey = { start: offset + pair.key.range[0], end: offset + pair.key.range[1] };
      if (isMap(pair.value)) {
        const region = pair.value.get('region', true);
        const baseUrl = pair.value.get('baseUrl', true);
        summary.region = str(region);
        summary.baseUrl = str(baseUrl);
        summary.tokenRef = str(pair.value.get('tokenRef', true));
        const at = (n: unknown): { start: number; end: number } | undefined =>
          isScalar(n) && n.range ? { start: offset + n.range[0], end: offset + n.range[1] } : undefined;
        summary.regionValue = at(region);
        summary.baseUrlValue = at(baseUrl);
      }
    }
  }
}

/** The SCIM base URL a config points at: `baseUrl` when given, else the Flosum region's URL. */
export function endpointOf(summary: Pick<ConfigSummary, 'region' | 'baseUrl'> & { target?: string }): string | undefined {
  return resolveBaseUrl(summary);
}

export type EndpointStatus =
  | { ok: true; baseUrl: string; origin: string }
  | { ok: false; message: string; /** For a narrow row (a tree, the status bar). */ short: string; detail?: string; at?: { start: number; end: number } };

/** The target's name and region codes, and its region table as one line, for messages. */
function regionWords(target: string): { label: string; list: string[]; table: string } {
  const label = targetFor(target).label;
  const codes = regionsOf(target)?.codes ?? {};
  const list = Object.keys(codes);
  return { label, list, table: list.map((r) => `${r} (${codes[r].label}) ${codes[r].baseUrl}`).join('; ') };
}

/**
 * Whether a config names an endpoint a token can be sent to, and if not, why — in words a person can
 * act on, leading with the fact and the fix: "api.region 'eu' is not a Flosum region: did you mean 'de'?".
 */
export function endpointStatus(summary: ConfigSummary): EndpointStatus {
  if (summary.baseUrl) {
    const check = checkEndpointUrl(summary.baseUrl);
    const origin = originOf(summary.baseUrl);
    if (!check.ok || !origin) {
      return { ok: false, message: `api.baseUrl '${summary.baseUrl}' cannot be used: ${check.ok ? 'it is not a URL' : check.message}`,
        short: check.ok || check.reason === 'invalid' ? 'api.baseUrl is not a URL' : 'api.baseUrl: plain http is refused, use https', at: summary.baseUrlValue };
    }
    return { ok: true, baseUrl: summary.baseUrl.replace(/\/+$/, ''), origin };
  }
  const words = regionWords(summary.target);
  if (summary.region !== undefined) {
    if (!words.list.length) {
      return { ok: false, message: 'api.region is set, but this target has no regions: it needs api.baseUrl instead.', short: 'Set api.baseUrl (this target has no regions)', at: summary.regionValue };
    }
    if (!isKnownRegion(summary.region, summary.target)) {
      const raw = summary.region.trim().toLowerCase();
      const table = regionsOf(summary.target);
      const named = (m: Readonly<Record<string, string>> | undefined): string | undefined => (m && Object.hasOwn(m, raw) ? m[raw] : undefined);
      const guess = named(table?.aliases) ?? named(table?.areas) ?? closest(raw, words.list);
      const use = `use ${words.list.join(', ')}`;
      return {
        ok: false,
        message: `api.region '${summary.region}' is not a ${words.label} region: ${guess ? `did you mean '${guess}'?` : `${use}.`}`,
        short: `Unknown region '${summary.region}': ${guess ? `did you mean '${guess}'?` : use}`,
        detail: `${words.label} regions: ${words.table}. A customer-hosted tenant sets api.baseUrl instead.`,
        at: summary.regionValue,
      };
    }
    const baseUrl = resolveBaseUrl(summary);
    const origin = baseUrl ? originOf(baseUrl) : undefined;
    if (baseUrl && origin) return { ok: true, baseUrl, origin };
  }
  return {
    ok: false,
    message: !words.list.length ? 'The config names no endpoint: set api.baseUrl.' : `The config names no endpoint: set api.region (${words.list.join(', ')}) or api.baseUrl.`,
    short: !words.list.length ? 'No endpoint: set api.baseUrl' : 'No endpoint: set api.region or api.baseUrl',
    detail: !words.list.length ? undefined : `${words.label} regions: ${words.table}. A customer-hosted tenant sets api.baseUrl.`,
    at: summary.apiKey,
  };
}

/** The token reference: `api.tokenRef`, else one derived from the app name. */
export function tokenRefOf(summary: ConfigSummary): string {
  return summary.tokenRef ?? (summary.appName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'scim') + '-default';
}
